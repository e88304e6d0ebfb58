"""The shop's own Kavenegar account (https://kavenegar.com/rest.html), from the desktop.

``{base}/v1/{API-KEY}/sms/send.json`` (POST form: receptor, sender, message) sends free text,
``sms/sendarray.json`` (receptor, sender, message as JSON arrays of one length) a batch;
``sms/status.json`` (messageid, comma separated) answers delivery codes; ``account/info.json``
answers ``remaincredit`` (rials). Every answer is ``{"return": {"status", "message"},
"entries": ...}``. The key is in the URL path: no URL or ``requests`` exception text is ever
logged or shown, and urllib3's debug lines are redacted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import requests
import urllib3

from clubdesk.core.errors import ClubDeskError
from clubdesk.core.phone import mask_phone, national_digits
from clubdesk.core.redact import url_redactor
from clubdesk.core.sms import (
    SmsKeyInvalid,
    SmsNotSetUp,
    SmsOutOfCredit,
    SmsRefused,
    SmsSenderInvalid,
    SmsUnreachable,
)
from clubdesk.messaging.line import Outcome, Outgoing, held

log = logging.getLogger(__name__)

KAVENEGAR_URL = "https://api.kavenegar.com"
TIMEOUT = (5, 20)  # connect, read (seconds)
STATUS_BATCH = 100
ARRAY_LIMIT = 100  # messages per sms/sendarray call
OK = 200
KEY_PROBLEMS = frozenset({401, 403, 407, 416})  # disabled account, bad key, IP not allowed
BUSY = frozenset({409, 429, 451})
# This one message cannot be sent as it is.
MESSAGE_PROBLEMS = {
    400: "incomplete parameters",
    402: "operation failed",
    406: "required parameter empty",
    411: "invalid mobile number",
    413: "message empty or too long",
    414: "request too large",
    419: "array lengths differ",
    420: "links not allowed in the text",
    422: "invalid characters in the text",
}


_REDACT = url_redactor()


def receptor(e164: str) -> str:
    """'+989121234567' -> '09121234567', the form Kavenegar takes."""
    return "0" + national_digits(e164)


def line_problem(status: int, message: str) -> ClubDeskError:
    """A ``return.status`` that concerns the whole account or line, as the owner's error."""
    if status in KEY_PROBLEMS:
        return SmsKeyInvalid()
    if status == 418:
        return SmsOutOfCredit()
    if status == 412:
        return SmsSenderInvalid()
    if status in BUSY or status >= 500:
        return SmsUnreachable()
    return SmsRefused(detail=f"{status} {message}".strip())


def _never_connected(exc: requests.RequestException) -> bool:
    """True when the request surely did not reach Kavenegar (so a retry cannot duplicate)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason: Any = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    return isinstance(reason, urllib3.exceptions.NewConnectionError | ConnectionRefusedError)


def _sent(entry: Any) -> Outcome:
    """An accepted message from its ``entries`` item (messageid, cost in rials); an answer
    with no item for it is "unknown": it may have gone out."""
    if not isinstance(entry, dict) or not entry.get("messageid"):
        return Outcome("unknown", error="accepted without a message id")
    try:
        cost = int(entry.get("cost") or 0)
    except (TypeError, ValueError):
        cost = 0
    return Outcome("sent", provider_id=str(entry["messageid"]), cost=cost)


class KavenegarLine:
    """``SmsLine`` over the owner's Kavenegar account."""

    def __init__(
        self,
        api_key: str,
        sender: str = "",
        base_url: str = KAVENEGAR_URL,
        http: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        if not api_key or "/" in api_key or not api_key.isascii():
            raise SmsNotSetUp()
        self._key = api_key
        self._base = base_url.rstrip("/")
        self.sender = sender
        self._http = http or requests.Session()
        self.timeout = timeout
        _REDACT.add(api_key)

    def __repr__(self) -> str:  # never the key
        return f"KavenegarLine(base={self._base!r}, sender={self.sender!r})"

    def _post(self, method: str, data: dict[str, str]) -> tuple[int, str, Any]:
        """(return.status, return.message, entries); raises requests errors as they come."""
        response = self._http.post(
            f"{self._base}/v1/{self._key}/{method}.json",
            data=data, timeout=self.timeout, headers={"Accept": "application/json"},
        )  # fmt: skip
        try:
            body: Any = response.json()
            status = int(body["return"]["status"])
            message = str(body["return"].get("message") or "")[:150]
        except (ValueError, KeyError, TypeError):
            http = response.status_code
            return (503 if http >= 500 or http == 429 else http or 400), f"HTTP {http}", None
        return status, message, body.get("entries")

    # ------------------------------------------------------------------------------- send

    def send(self, batch: Sequence[Outgoing]) -> list[Outcome]:
        """Batches through sms/sendarray (one request per ARRAY_LIMIT messages) when a sender
        line is set; a batch Kavenegar refuses for one bad message is sent one by one, so only
        that message fails. A line problem or a network error holds the rest."""
        outcomes: list[Outcome] = []
        size = ARRAY_LIMIT if self.sender and len(batch) > 1 else 1
        for start in range(0, len(batch), size):
            chunk = batch[start : start + size]
            done = self._send_array(chunk) if size > 1 else None
            if done is None:
                done = self._send_each(chunk)
            outcomes.extend(done)
            stop = next((o for o in done if o.problem is not None or o.status == "unknown"), None)
            if stop is not None or len(done) < len(chunk):
                problem = (stop.problem if stop else None) or SmsUnreachable()
                outcomes.extend(held(batch[len(outcomes) :], problem))
                break
        return outcomes

    def _send_each(self, chunk: Sequence[Outgoing]) -> list[Outcome]:
        """sms/send per message, stopping at the first that says the line cannot go on."""
        outcomes: list[Outcome] = []
        for item in chunk:
            outcome = self._send_one(item)
            outcomes.append(outcome)
            if outcome.problem is not None or outcome.status in ("retry", "unknown"):
                break
        return outcomes

    def _send_array(self, chunk: Sequence[Outgoing]) -> list[Outcome] | None:
        """One sms/sendarray call (receptor, sender and message as JSON arrays); None when
        Kavenegar refused it for a message's sake (the caller then isolates that message)."""
        data = {
            "receptor": json.dumps([receptor(item.phone) for item in chunk]),
            "sender": json.dumps([self.sender] * len(chunk)),
            "message": json.dumps([item.text for item in chunk], ensure_ascii=False),
        }
        try:
            status, message, entries = self._post("sms/sendarray", data)
        except requests.RequestException as exc:  # str(exc) would name the key
            name = type(exc).__name__
            log.warning("kavenegar sms/sendarray of %d: %s", len(chunk), name)
            if _never_connected(exc):
                retry = Outcome("retry", error=f"network error ({name})", problem=SmsUnreachable())
                return [retry for _ in chunk]
            unknown = Outcome("unknown", error=f"no answer ({name}): may have been sent")
            return [unknown for _ in chunk]
        if status == OK:
            log.info("kavenegar sms/sendarray of %d: sent", len(chunk))
            found = entries if isinstance(entries, list) else []
            return [_sent(found[i] if i < len(found) else None) for i in range(len(chunk))]
        log.warning("kavenegar sms/sendarray of %d: status %s", len(chunk), status)
        if status in MESSAGE_PROBLEMS:
            return None
        problem = line_problem(status, message)
        if isinstance(problem, SmsUnreachable):
            return [Outcome("retry", error=f"{status}: busy", problem=problem) for _ in chunk]
        return [Outcome("held", error=f"{status}", problem=problem) for _ in chunk]

    def _send_one(self, item: Outgoing) -> Outcome:
        data = {"receptor": receptor(item.phone), "message": item.text}
        if self.sender:
            data["sender"] = self.sender
        who = mask_phone(item.phone)
        try:
            status, message, entries = self._post("sms/send", data)
        except requests.RequestException as exc:  # str(exc) would name the key
            name = type(exc).__name__
            log.warning("kavenegar sms/send to %s: %s", who, name)
            if _never_connected(exc):
                return Outcome("retry", error=f"network error ({name})", problem=SmsUnreachable())
            return Outcome("unknown", error=f"no answer ({name}): may have been sent")
        if status == OK:
            outcome = _sent(entries[0] if isinstance(entries, list) and entries else None)
            log.info("kavenegar sms/send to %s: sent id=%s", who, outcome.provider_id)
            return outcome
        log.warning("kavenegar sms/send to %s: status %s", who, status)
        if status in MESSAGE_PROBLEMS:
            return Outcome("failed", error=f"{status}: {MESSAGE_PROBLEMS[status]}")
        problem = line_problem(status, message)
        if isinstance(problem, SmsUnreachable):
            return Outcome("retry", error=f"{status}: busy", problem=problem)
        return Outcome("held", error=f"{status}", problem=problem)

    # --------------------------------------------------------------------- delivery, credit

    def delivery(self, provider_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        ours = [pid for pid in provider_ids if pid.isdigit()]
        for start in range(0, len(ours), STATUS_BATCH):
            ids = ",".join(ours[start : start + STATUS_BATCH])
            entries = self._checked("sms/status", {"messageid": ids})[2]
            for entry in entries or []:
                try:
                    found[str(int(entry["messageid"]))] = int(entry["status"])
                except (KeyError, TypeError, ValueError):
                    continue  # unreadable: asked again next time
        return found

    def credit(self) -> int:
        _status, _message, entries = self._checked("account/info", {})
        entry = entries[0] if isinstance(entries, list) and entries else entries
        try:
            return int(entry["remaincredit"])
        except (KeyError, TypeError, ValueError) as exc:
            raise SmsRefused(detail="no credit in Kavenegar's answer") from exc

    def _checked(self, method: str, data: dict[str, str]) -> tuple[int, str, Any]:
        """A call whose every problem is the owner's error (no per-message outcome)."""
        try:
            status, message, entries = self._post(method, data)
        except requests.RequestException as exc:
            log.warning("kavenegar %s: %s", method, type(exc).__name__)
            raise SmsUnreachable() from None
        if status != OK:
            raise line_problem(status, message)
        return status, message, entries
