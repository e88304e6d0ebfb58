"""HTTP calls to clubdesk-server's licence API. Network trouble is "offline", not an error."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
import urllib3

from clubdesk.core.errors import ClubDeskError, ExitCode
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import new_public_id
from clubdesk.protocol import (
    API_PREFIX,
    REQUEST_ID_HEADER,
    SYNC_BATCH_LIMIT,
    Activation,
    ActivationRequest,
    CloudBackupInfo,
    CloudBackupStart,
    CloudUpload,
    CloudUsage,
    CurrentTerms,
    LatestRelease,
    LicenceInfo,
    NewsInfo,
    PaymentInfo,
    PaymentStart,
    PlanOffer,
    SignedLease,
    SyncChange,
    SyncPage,
    SyncPush,
    SyncPushResult,
    TermsAcceptance,
    TermsInfo,
    TermsStatus,
    TicketInfo,
    TicketReply,
    TicketStart,
    TrialActivation,
    TrialRequest,
)

TIMEOUT = (5, 15)  # connect, read (seconds)
CHUNK_TIMEOUT = (5, 60)  # a chunk of an off-site backup goes up a slow line
COMPLETE_TIMEOUT = (5, 300)  # the server assembles and hashes the whole archive
CHUNK_HASH_HEADER = "X-Chunk-SHA256"
DOWNLOAD_BLOCK = 64 * 1024


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
    "CLOUD_QUOTA_FULL": (
        QT_TRANSLATE_NOOP("errors", "The off-site backup storage of this licence is full."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Older off-site backups are deleted by themselves as new ones arrive; for more "
            "room, renew with a plan that has more storage, or contact support.",
        ),
    ),
    "CHUNK_HASH_MISMATCH": (
        QT_TRANSLATE_NOOP("errors", "Part of the backup kept arriving damaged at the server."),
        QT_TRANSLATE_NOOP(
            "errors",
            "Check the internet connection and upload again; the parts already received are kept.",
        ),
    ),
    "UPLOAD_INCOMPLETE": (
        QT_TRANSLATE_NOOP("errors", "The server has not received the whole backup yet."),
        QT_TRANSLATE_NOOP("errors", "Upload it again; it continues where it stopped."),
    ),
    "UPLOAD_DAMAGED": (
        QT_TRANSLATE_NOOP(
            "errors", "The uploaded backup did not arrive intact, so the server discarded it."
        ),
        QT_TRANSLATE_NOOP("errors", "Upload it again."),
    ),
    "BACKUP_NOT_FOUND": (
        QT_TRANSLATE_NOOP("errors", "The server has no such off-site backup of this licence."),
        QT_TRANSLATE_NOOP("errors", "Refresh the list of off-site backups and choose again."),
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
    "TERMS_OUTDATED": (
        QT_TRANSLATE_NOOP("errors", "The terms of service changed while you were reading them."),
        QT_TRANSLATE_NOOP("errors", "Read the current terms and accept them again."),
    ),
    "TRIAL_USED": (
        QT_TRANSLATE_NOOP(
            "errors", "This computer or this mobile number has had its free trial already."
        ),
        QT_TRANSLATE_NOOP(
            "errors", "Enter the licence key you bought, or contact the vendor to buy one."
        ),
    ),
    "LICENCE_EXPIRED": (
        QT_TRANSLATE_NOOP("errors", "This licence has expired."),
        QT_TRANSLATE_NOOP("errors", "Renew it from the licence window; your data is kept."),
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


def refusal(response: requests.Response) -> ClubDeskError:
    """The error an answer of 400 or more means: a 5xx is "unreachable" (the server is down
    or failing), unless it is a gateway's problem; anything else is the server's refusal.
    Either carries the request's id, for support to find it in the server's log."""
    try:
        problem = response.json()
    except ValueError:
        problem = {}
    if not isinstance(problem, dict):
        problem = {}
    error: ClubDeskError
    if response.status_code >= 500 and problem.get("code") not in GATEWAY_PROBLEMS:
        error = ServerUnreachable()
    else:
        error = ServerRefused(
            str(problem.get("code", f"HTTP_{response.status_code}")),
            response.status_code,
            str(problem.get("detail") or problem.get("title") or ""),
        )
    sent = response.request.headers.get(REQUEST_ID_HEADER) if response.request else None
    error.request_id = response.headers.get(REQUEST_ID_HEADER) or sent
    return error


def request_headers(token: str | None = None) -> dict[str, str]:
    """A new request id for every call, and the device's bearer token when given."""
    headers = {REQUEST_ID_HEADER: new_public_id()}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _arrived(response: requests.Response) -> bytes:
    """The next bytes of a streamed answer, as many as have arrived (up to a block), so a
    cut connection loses none that came; empty at the end. A cut is ServerUnreachable."""
    try:
        return bytes(response.raw.read1(DOWNLOAD_BLOCK))
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
        raise ServerUnreachable() from exc


class LicenceClient:
    def __init__(self, base_url: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()

    def _call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = request_headers(token)
        try:
            response = self.http.request(
                method, f"{self.base_url}{API_PREFIX}{path}", headers=headers,
                timeout=TIMEOUT, **kwargs,
            )  # fmt: skip
        except requests.RequestException as exc:
            raise ServerUnreachable() from exc
        if response.status_code >= 400:
            raise refusal(response)
        return response.json() if response.content else None

    def activate(
        self,
        licence_key: str,
        fingerprint: str,
        device_name: str,
        terms: TermsAcceptance | None = None,
    ) -> Activation:
        body = ActivationRequest(
            licence_key=licence_key.strip(),
            fingerprint=fingerprint,
            device_name=device_name,
            terms=terms,
        )
        return Activation.model_validate(self._call("POST", "/activations", json=body.model_dump()))

    def start_trial(self, request: TrialRequest) -> TrialActivation:
        body = request.model_dump()
        return TrialActivation.model_validate(self._call("POST", "/trials", json=body))

    def refresh(self, token: str) -> SignedLease:
        return SignedLease.model_validate(self._call("POST", "/lease", token))

    def info(self, token: str) -> LicenceInfo:
        return LicenceInfo.model_validate(self._call("GET", "/licence", token))

    def deactivate(self, token: str) -> None:
        self._call("DELETE", "/activations/current", token)

    # --- terms of service ----------------------------------------------------------------------

    def terms(self) -> TermsInfo | None:
        """The current terms (no token: a new installation shows them before activating)."""
        return CurrentTerms.model_validate(self._call("GET", "/terms")).terms

    def terms_status(self, token: str) -> TermsStatus:
        return TermsStatus.model_validate(self._call("GET", "/terms/status", token))

    def accept_terms(self, token: str, acceptance: TermsAcceptance) -> TermsStatus:
        body = acceptance.model_dump()
        return TermsStatus.model_validate(
            self._call("POST", "/terms/acceptances", token, json=body)
        )

    # --- releases and news (no token: a locked or new app asks too) --------------------------

    def latest_release(self, platform: str) -> LatestRelease:
        params = {"platform": platform}
        return LatestRelease.model_validate(self._call("GET", "/releases/latest", params=params))

    def news(self) -> list[NewsInfo]:
        return [NewsInfo.model_validate(item) for item in self._call("GET", "/news")]

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

    # --- cloud sync (the token names the licence; a locked licence is refused) ----------------

    def sync_push(self, token: str, changes: list[SyncChange]) -> SyncPushResult:
        """One batch (at most SYNC_BATCH_LIMIT changes); sending it again is harmless."""
        body = SyncPush(changes=changes).model_dump(mode="json")
        return SyncPushResult.model_validate(self._call("POST", "/sync/push", token, json=body))

    def sync_pull(self, token: str, after: int, limit: int = SYNC_BATCH_LIMIT) -> SyncPage:
        """The licence's changes after the cursor ``after``, oldest first."""
        params = {"after": after, "limit": limit}
        return SyncPage.model_validate(self._call("GET", "/sync/changes", token, params=params))

    # --- off-site backups (archives encrypted on the device; the server never sees a key) ----

    def _send(
        self,
        method: str,
        path: str,
        token: str,
        *,
        headers: dict[str, str] | None = None,
        accept: frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> requests.Response:
        """Like ``_call`` for bodies that are not JSON (chunks, downloads): the response
        itself; an error status in ``accept`` is returned rather than raised."""
        sent = {**request_headers(token), **(headers or {})}
        kwargs.setdefault("timeout", TIMEOUT)
        try:
            response = self.http.request(
                method, f"{self.base_url}{API_PREFIX}{path}", headers=sent, **kwargs
            )
        except requests.RequestException as exc:
            raise ServerUnreachable() from exc
        if response.status_code >= 400 and response.status_code not in accept:
            try:
                raise refusal(response)
            finally:
                response.close()
        return response

    def start_cloud_backup(self, token: str, start: CloudBackupStart) -> CloudUpload:
        """Announce an upload; the same bytes announced again resume it (``received``)."""
        body = start.model_dump(mode="json")
        return CloudUpload.model_validate(self._call("POST", "/cloud-backups", token, json=body))

    def put_chunk(self, token: str, upload_id: str, index: int, data: bytes) -> None:
        """One chunk with its SHA-256, so the server can tell one damaged on the way."""
        path = f"/cloud-backups/{quote(upload_id, safe='')}/chunks/{index}"
        headers = {
            CHUNK_HASH_HEADER: hashlib.sha256(data).hexdigest(),
            "Content-Type": "application/octet-stream",
        }
        self._send("PUT", path, token, headers=headers, data=data, timeout=CHUNK_TIMEOUT).close()

    def complete_cloud_backup(self, token: str, upload_id: str) -> CloudBackupInfo:
        path = f"/cloud-backups/{quote(upload_id, safe='')}/complete"
        response = self._send("POST", path, token, timeout=COMPLETE_TIMEOUT)
        return CloudBackupInfo.model_validate(response.json())

    def cloud_backups(self, token: str) -> CloudUsage:
        """This licence's off-site backups, newest first, with the storage used and allowed."""
        return CloudUsage.model_validate(self._call("GET", "/cloud-backups", token))

    def download_cloud_backup(
        self,
        token: str,
        backup_id: str,
        dest_file: Path,
        offset: int = 0,
        on_bytes: Callable[[int], None] | None = None,
    ) -> int:
        """Write the backup into ``dest_file`` from ``offset`` on (the ``offset`` bytes already
        there are kept: ``Range`` asks only for the rest) and return the file's length.

        ``on_bytes(length so far)`` follows the download and may raise to stop it. A
        connection cut midway raises ServerUnreachable with what arrived kept in the file, so
        calling again with its length resumes.
        """
        path = f"/cloud-backups/{quote(backup_id, safe='')}/content"
        headers = {"Accept-Encoding": "identity"}  # byte offsets are the file's own
        if offset > 0:
            headers["Range"] = f"bytes={offset}-"
        response = self._send(
            "GET", path, token, headers=headers, stream=True, accept=frozenset({416})
        )
        with response:
            if response.status_code == 416:  # nothing after offset: the file is whole
                return offset
            sent_range = response.headers.get("Content-Range", "")
            if response.status_code != 206 or not sent_range.startswith(f"bytes {offset}-"):
                offset = 0  # the whole file came: start it again
            length = offset
            with dest_file.open("r+b" if offset else "wb") as handle:
                handle.seek(offset)
                handle.truncate()
                while block := _arrived(response):
                    handle.write(block)
                    length += len(block)
                    if on_bytes is not None:
                        on_bytes(length)
        return length
