"""HTTP calls to clubdesk-server's licence API. Network trouble is "offline", not an error."""

from __future__ import annotations

from typing import Any

import requests

from clubdesk.core.errors import ClubDeskError, ExitCode
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.protocol import (
    API_PREFIX,
    Activation,
    ActivationRequest,
    LicenceInfo,
    SignedLease,
)

TIMEOUT = (5, 15)  # connect, read (seconds)


class ServerUnreachable(ClubDeskError):
    code = "SERVER_UNREACHABLE"
    default_message = QT_TRANSLATE_NOOP("errors", "The licence server cannot be reached.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check the internet connection; the app keeps working during the grace period."
    )


# What the owner reads for each of the server's problem codes (translated in the UI).
REFUSALS = {
    "DEVICE_LIMIT": (
        QT_TRANSLATE_NOOP(
            "errors", "This licence is already in use on all the computers it allows."
        ),
        QT_TRANSLATE_NOOP(
            "errors", "Deactivate it on a computer you no longer use, or contact support."
        ),
    ),
    "LICENCE_NOT_FOUND": (
        QT_TRANSLATE_NOOP("errors", "No licence has this key."),
        QT_TRANSLATE_NOOP("errors", "Check the key as printed on your invoice and try again."),
    ),
    "LICENCE_REVOKED": (
        QT_TRANSLATE_NOOP("errors", "This licence has been revoked."),
        QT_TRANSLATE_NOOP("errors", "Contact support."),
    ),
    "LICENCE_SUSPENDED": (
        QT_TRANSLATE_NOOP("errors", "This licence is suspended."),
        QT_TRANSLATE_NOOP("errors", "Contact support to have it reactivated."),
    ),
    "TOKEN_INVALID": (
        QT_TRANSLATE_NOOP("errors", "This computer's activation is no longer valid."),
        QT_TRANSLATE_NOOP("errors", "Enter the licence key again."),
    ),
    "RATE_LIMITED": (
        QT_TRANSLATE_NOOP("errors", "Too many attempts in a short time."),
        QT_TRANSLATE_NOOP("errors", "Wait a few minutes and try again."),
    ),
    "INVALID_INPUT": (
        QT_TRANSLATE_NOOP("errors", "The licence key or device name is not valid."),
        QT_TRANSLATE_NOOP("errors", "Type the key exactly as it was given to you."),
    ),
}


class ServerRefused(ClubDeskError):
    """The server answered with a problem; ``server_code`` is its stable code."""

    code = "SERVER_REFUSED"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The licence server refused: {detail}")
    default_hint = QT_TRANSLATE_NOOP("errors", "Check the licence key or contact support.")

    def __init__(self, server_code: str, status: int, detail: str) -> None:
        self.server_code = server_code
        self.status = status
        message, hint = REFUSALS.get(server_code, (None, None))
        super().__init__(message, hint, detail=detail or server_code, server_code=server_code)


class LicenceClient:
    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()

    def _call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self.http.request(
                method, f"{self.base_url}{API_PREFIX}{path}", headers=headers,
                timeout=TIMEOUT, **kwargs,
            )  # fmt: skip
        except requests.RequestException as exc:
            raise ServerUnreachable() from exc
        if response.status_code >= 500:
            raise ServerUnreachable()
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            raise ServerRefused(
                str(problem.get("code", f"HTTP_{response.status_code}")),
                response.status_code,
                str(problem.get("detail") or problem.get("title") or ""),
            )
        return response.json() if response.content else None

    def activate(self, licence_key: str, fingerprint: str, device_name: str) -> Activation:
        body = ActivationRequest(
            licence_key=licence_key.strip(), fingerprint=fingerprint, device_name=device_name
        )
        return Activation.model_validate(self._call("POST", "/activations", json=body.model_dump()))

    def refresh(self, token: str) -> SignedLease:
        return SignedLease.model_validate(self._call("POST", "/lease", token))

    def info(self, token: str) -> LicenceInfo:
        return LicenceInfo.model_validate(self._call("GET", "/licence", token))

    def deactivate(self, token: str) -> None:
        self._call("DELETE", "/activations/current", token)
