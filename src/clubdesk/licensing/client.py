"""HTTP calls to clubdesk-server's licence API. Network trouble is "offline", not an error."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests

from clubdesk.core.errors import ClubDeskError, ExitCode
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.protocol import (
    API_PREFIX,
    Activation,
    ActivationRequest,
    LicenceInfo,
    PaymentInfo,
    PaymentStart,
    PlanOffer,
    SignedLease,
    TicketInfo,
    TicketReply,
    TicketStart,
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
    "PLAN_NOT_FOUND": (
        QT_TRANSLATE_NOOP("errors", "This plan is no longer on sale."),
        QT_TRANSLATE_NOOP("errors", "Open the renewal window again and choose another plan."),
    ),
    "PAYMENT_NOT_FOUND": (
        QT_TRANSLATE_NOOP("errors", "The server does not know this payment."),
        QT_TRANSLATE_NOOP("errors", "Open the payments list again, or contact support."),
    ),
    "GATEWAY_UNAVAILABLE": (
        QT_TRANSLATE_NOOP("errors", "The payment gateway is not answering right now."),
        QT_TRANSLATE_NOOP("errors", "No money was taken. Try again in a few minutes."),
    ),
    "GATEWAY_REFUSED": (
        QT_TRANSLATE_NOOP("errors", "The payment gateway refused to start the payment."),
        QT_TRANSLATE_NOOP("errors", "No money was taken. Try again later, or contact support."),
    ),
    "TICKET_NOT_FOUND": (
        QT_TRANSLATE_NOOP("errors", "The server does not know this ticket."),
        QT_TRANSLATE_NOOP("errors", "Open the support window again."),
    ),
}
# Problems the server reports with a 5xx status that are not "the server is down".
GATEWAY_PROBLEMS = frozenset({"GATEWAY_UNAVAILABLE", "GATEWAY_REFUSED"})


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
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            if not isinstance(problem, dict):
                problem = {}
            if response.status_code >= 500 and problem.get("code") not in GATEWAY_PROBLEMS:
                raise ServerUnreachable()
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

    # --- renewal and support (the device token names the licence and its business) ----------

    def plans(self) -> list[PlanOffer]:
        return [PlanOffer.model_validate(item) for item in self._call("GET", "/plans")]

    def start_payment(self, token: str, plan: str) -> PaymentInfo:
        body = PaymentStart(plan=plan).model_dump()
        return PaymentInfo.model_validate(self._call("POST", "/payments", token, json=body))

    def payments(self, token: str) -> list[PaymentInfo]:
        return [PaymentInfo.model_validate(item) for item in self._call("GET", "/payments", token)]

    def payment(self, token: str, payment_id: str) -> PaymentInfo:
        return PaymentInfo.model_validate(
            self._call("GET", f"/payments/{quote(payment_id, safe='')}", token)
        )

    def open_ticket(self, token: str, ticket: TicketStart) -> TicketInfo:
        body = ticket.model_dump(exclude_none=True)
        return TicketInfo.model_validate(self._call("POST", "/tickets", token, json=body))

    def tickets(self, token: str) -> list[TicketInfo]:
        return [TicketInfo.model_validate(item) for item in self._call("GET", "/tickets", token)]

    def ticket(self, token: str, ticket_id: str) -> TicketInfo:
        return TicketInfo.model_validate(
            self._call("GET", f"/tickets/{quote(ticket_id, safe='')}", token)
        )

    def reply(self, token: str, ticket_id: str, text: str) -> TicketInfo:
        body = TicketReply(text=text).model_dump()
        path = f"/tickets/{quote(ticket_id, safe='')}/messages"
        return TicketInfo.model_validate(self._call("POST", path, token, json=body))
