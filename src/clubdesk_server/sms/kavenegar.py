"""Kavenegar's REST API (https://kavenegar.com/rest.html): templated and free-text SMS.

``{base}/v1/{API-KEY}/verify/lookup.json`` sends an approved template (receptor, template,
token, token2, token3, token10, token20); ``{base}/v1/{API-KEY}/sms/send.json`` sends free text
(receptor, sender, message); ``{base}/v1/{API-KEY}/sms/status.json`` (messageid, comma
separated) tells what became of sent messages (``entries``: messageid, status, statustext; the
codes are ``sender.DELIVERY_STATUSES``); ``{base}/v1/{API-KEY}/account/info.json`` the
account's remaining credit in rials (``remaincredit``, for the metrics). Every answer is
``{"return": {"status", "message"}, "entries": [...]}`` and the HTTP status mirrors
``return.status``.

The API key is part of the URL path, so a URL is never logged or put in a message or exception:
``requests`` exceptions are reduced to their class name, and a filter on urllib3's logger
redacts the key from its debug lines. Phone numbers in logs are masked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import requests

from clubdesk.core.phone import mask_phone, national_digits
from clubdesk.core.redact import url_redactor
from clubdesk_server.sms.sender import DeliveryLookup, SendOutcome, SendResult

log = logging.getLogger(__name__)

# Kavenegar's documented ``return.status`` values, by what the outbox should do about them.
OK = 200
OUT_OF_CREDIT = 418  # the account's credit is not enough
# The vendor's set-up is wrong: retrying the same message changes nothing until an admin acts.
MISCONFIGURED_STATUSES = {
    401: "account disabled",
    403: "invalid API key",
    404: "unknown method",
    405: "wrong HTTP method",
    407: "access denied (IP not allowed)",
    412: "invalid sender line",
    416: "server IP does not match the account's",
    424: "template not found or not approved",
    426: "method needs Kavenegar's advanced service",
    427: "line not usable for this message",
    432: "template has no %token parameter",
    501: "test account: only the account owner's number can receive",
}
# Kavenegar is busy or limiting us: try the same message again later.
RETRY_STATUSES = {
    409: "server unable to respond, try later",
    429: "too many requests",
    451: "too many calls from this IP",
}
# This message cannot be sent as it is (bad number, empty or too long text, bad token, ...).
REJECTED_STATUSES = {
    400: "incomplete parameters",
    402: "operation failed",
    406: "required parameter empty",
    411: "invalid receptor",
    413: "message empty or too long",
    414: "request too large",
    415: "start index beyond the total",
    417: "invalid send date",
    419: "array lengths differ",
    420: "links not allowed in the text",
    422: "invalid characters in the data",
    428: "voice call needs a numeric token",
    431: "token has a space, newline, underscore or separator",
}
TOKEN_FIELDS = ("token", "token2", "token3", "token10", "token20")
STATUS_BATCH = 100  # message ids per sms/status call (Kavenegar takes up to 500)
UNKNOWN_MESSAGE = 100  # sms/status for an id Kavenegar never gave out


_REDACT = url_redactor()


def receptor(e164: str) -> str:
    """Kavenegar's receptor form of an Iranian mobile: '+989121234567' -> '09121234567'."""
    return "0" + national_digits(e164)


def classify(status: int, message: str = "") -> SendResult:
    """A ``return.status`` other than 200 as an outcome for the outbox."""
    text = message or ""
    if status == OUT_OF_CREDIT:
        return SendResult(SendOutcome.OUT_OF_CREDIT, status, message=text or "credit not enough")
    if status in MISCONFIGURED_STATUSES:
        return SendResult(
            SendOutcome.MISCONFIGURED, status, message=text or MISCONFIGURED_STATUSES[status]
        )
    if status in RETRY_STATUSES or status >= 500:
        return SendResult(SendOutcome.RETRY, status, message=text or RETRY_STATUSES.get(status, ""))
    return SendResult(
        SendOutcome.REJECTED, status, message=text or REJECTED_STATUSES.get(status, "refused")
    )


class KavenegarSender:
    """The ``SmsSender`` for production; one ``requests.Session`` per sender."""

    name = "kavenegar"

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        line: str | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        if not api_key or "/" in api_key:
            raise ValueError("a Kavenegar API key is required (and has no '/')")
        self._base = base_url.rstrip("/")
        self._api_key = api_key
        self.line = line
        self.timeout_s = timeout_s
        self._http = requests.Session()
        _REDACT.add(api_key)

    def __repr__(self) -> str:  # never the key
        return f"KavenegarSender(base={self._base!r}, line={self.line!r})"

    def close(self) -> None:
        self._http.close()

    def send_template(self, recipient: str, template: str, tokens: dict[str, str]) -> SendResult:
        params = {"receptor": receptor(recipient), "template": template}
        params |= {name: str(tokens[name]) for name in TOKEN_FIELDS if tokens.get(name)}
        return self._call("verify/lookup", params, recipient, f"template {template}")

    def send_text(self, recipient: str, text: str) -> SendResult:
        params = {"receptor": receptor(recipient), "message": text}
        if self.line:
            params["sender"] = self.line
        return self._call("sms/send", params, recipient, "text")

    def delivery_statuses(self, provider_ids: Sequence[str]) -> DeliveryLookup:
        """sms/status for ``provider_ids``, in batches; an id that is not Kavenegar's (not
        digits: a console sender's, from before the switch) answers 100 without asking."""
        statuses = {pid: UNKNOWN_MESSAGE for pid in provider_ids if not pid.isdigit()}
        ours = [pid for pid in provider_ids if pid.isdigit()]
        url = f"{self._base}/v1/{self._api_key}/sms/status.json"
        for start in range(0, len(ours), STATUS_BATCH):
            batch = ours[start : start + STATUS_BATCH]
            try:
                response = self._http.post(
                    url,
                    data={"messageid": ",".join(batch)},
                    timeout=self.timeout_s,
                    headers={"Accept": "application/json"},
                )
            except requests.Timeout:
                return self._lookup_failed(statuses, "timeout")
            except requests.RequestException as exc:  # str(exc) would name the key
                return self._lookup_failed(statuses, f"network error ({type(exc).__name__})")
            try:
                body: Any = response.json()
                status = int(body["return"]["status"])
                message = str(body["return"].get("message") or "")[:150]
                entries = body.get("entries") or []
            except (ValueError, KeyError, TypeError):
                http = response.status_code
                return self._lookup_failed(statuses, f"HTTP {http}, no Kavenegar answer")
            if status != OK:
                problem = classify(status, message)
                return self._lookup_failed(
                    statuses, f"{problem.outcome.value} {status}: {problem.message}"
                )
            for entry in entries:
                try:
                    statuses[str(int(entry["messageid"]))] = int(entry["status"])
                except (KeyError, TypeError, ValueError):
                    continue  # an entry we cannot read: asked again next run
        return DeliveryLookup(statuses)

    def account_credit(self) -> int | None:
        """The account's remaining credit in rials (account/info ``remaincredit``), or None
        when Kavenegar did not say (logged; never the key)."""
        url = f"{self._base}/v1/{self._api_key}/account/info.json"
        try:
            response = self._http.post(
                url, timeout=self.timeout_s, headers={"Accept": "application/json"}
            )
            body: Any = response.json()
            status = int(body["return"]["status"])
            entries = body.get("entries")
            entry = entries[0] if isinstance(entries, list) and entries else entries
            credit = int(entry["remaincredit"]) if status == OK else None
        except requests.RequestException as exc:  # str(exc) would name the key
            log.warning("kavenegar account/info: %s", type(exc).__name__)
            return None
        except (ValueError, KeyError, TypeError, IndexError):
            log.warning(
                "kavenegar account/info: HTTP %s, no Kavenegar answer", response.status_code
            )
            return None
        if credit is None:
            log.warning("kavenegar account/info: status %s", status)
        return credit

    @staticmethod
    def _lookup_failed(statuses: dict[str, int], error: str) -> DeliveryLookup:
        log.warning("kavenegar sms/status: %s", error)
        return DeliveryLookup(statuses, error=error)

    def _call(self, method: str, params: dict[str, str], recipient: str, what: str) -> SendResult:
        url = f"{self._base}/v1/{self._api_key}/{method}.json"
        who = mask_phone(recipient)
        try:
            response = self._http.post(
                url, data=params, timeout=self.timeout_s, headers={"Accept": "application/json"}
            )
        except requests.Timeout:
            log.warning("kavenegar %s to %s: timed out", method, who)
            return SendResult(SendOutcome.RETRY, message="timeout")
        except requests.RequestException as exc:
            # str(exc) names the URL, and with it the key: only the class name is kept.
            log.warning("kavenegar %s to %s: %s", method, who, type(exc).__name__)
            return SendResult(SendOutcome.RETRY, message=f"network error ({type(exc).__name__})")
        result = self._result(response)
        level = logging.INFO if result.outcome is SendOutcome.SENT else logging.WARNING
        log.log(
            level,
            "kavenegar %s (%s) to %s: %s status=%s id=%s",
            method, what, who, result.outcome, result.status, result.provider_id,
        )  # fmt: skip
        return result

    @staticmethod
    def _result(response: requests.Response) -> SendResult:
        try:
            body: Any = response.json()
            status = int(body["return"]["status"])
            message = str(body["return"].get("message") or "")[:150]
        except (ValueError, KeyError, TypeError):
            # No Kavenegar envelope: a proxy's error page, or a broken answer.
            http = response.status_code
            if http >= 500 or http == 429:
                return SendResult(SendOutcome.RETRY, message=f"HTTP {http}")
            return SendResult(SendOutcome.REJECTED, message=f"HTTP {http}, no Kavenegar answer")
        if status != OK:
            return classify(status, message)
        entries = body.get("entries") or []
        entry = entries[0] if entries and isinstance(entries[0], dict) else {}
        messageid = entry.get("messageid")
        provider_id = str(messageid) if messageid is not None else None
        return SendResult(SendOutcome.SENT, status, provider_id=provider_id, message=message)
