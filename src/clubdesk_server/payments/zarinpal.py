"""The Zarinpal payment gateway, REST API v4 (docs.zarinpal.com, "paymentGateway").

    POST {base}/pg/v4/payment/request.json  {merchant_id, amount, currency, description,
                                             callback_url, metadata: {mobile, order_id}}
      -> {"data": {"code": 100, "message", "authority", "fee_type", "fee"}, "errors": []}
    the payer goes to {base}/pg/StartPay/{authority}; Zarinpal sends the browser back to
    callback_url?Authority=...&Status=OK|NOK
    POST {base}/pg/v4/payment/verify.json   {merchant_id, amount, authority}
      -> {"data": {"code": 100|101, "message", "ref_id", "card_pan", "card_hash", "fee_type",
                   "fee"}, "errors": []}
    on a refusal "data" is [] and "errors" is {"code": -NN, "message", "validations"}.

Our app counts whole tomans; Zarinpal's wire carries rials with the currency named
(``"IRR"``), so a default that changes on their side cannot multiply a price by ten.

The merchant id is a secret: it travels only in request bodies and never reaches a log line,
an exception text or a ``Verification.message`` (gateway words are scrubbed of it too).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

import requests

from clubdesk_server.payments.gateway import GatewayError, Started, Verification, VerifyOutcome

log = logging.getLogger(__name__)

RIALS_PER_TOMAN = 10
CURRENCY = "IRR"
REQUEST_PATH = "/pg/v4/payment/request.json"
VERIFY_PATH = "/pg/v4/payment/verify.json"
START_PAY_PATH = "/pg/StartPay/"
HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}

# Zarinpal's authorities are "A" + 35 digits; older and sandbox ones differ a little, so the
# check is loose, but a callback cannot push an arbitrary string into our lookups and logs.
AUTHORITY_MAX_LEN = 64
_AUTHORITY_RE = re.compile(r"[A-Za-z0-9]+")
_MOBILE_E164_IR = re.compile(r"\+98(9\d{9})")
_MOBILE_LOCAL = re.compile(r"0(9\d{9})")

_M = VerifyOutcome.MERCHANT_ERROR
_U = VerifyOutcome.UNAVAILABLE

# Every code in Zarinpal's published error list (paymentGateway/errorList), with what it means
# for one of our payments. UNAVAILABLE: ask again later (for ``request``: a retryable error).
ZARINPAL_CODES: dict[int, tuple[VerifyOutcome, str]] = {
    100: (VerifyOutcome.VERIFIED, "success"),
    101: (VerifyOutcome.ALREADY_VERIFIED, "verified before"),
    # public
    -9: (_M, "validation error (merchant id, callback URL, description or amount)"),
    -10: (_M, "terminal not valid: check the merchant id or the server's IP address"),
    -11: (_M, "terminal (merchant id) not active"),
    -12: (_U, "too many attempts in a short time: try again later"),
    -13: (_M, "terminal transaction limit reached"),
    -14: (_M, "callback URL domain does not match the terminal's registered domain"),
    -15: (_M, "terminal suspended"),
    -16: (_M, "merchant level below silver"),
    -17: (_M, "merchant restricted at the blue level"),
    -18: (_M, "referrer address does not match the registered domain"),
    -19: (_M, "terminal transactions are banned"),
    # request: shared settlement (wages) and extra parameters; ClubDesk sends no wages
    -30: (_M, "terminal may not accept floating wages"),
    -31: (_M, "terminal may not accept wages: no default bank account"),
    -32: (_M, "floating wages exceed the amount"),
    -33: (_M, "floating wage percentages not valid"),
    -34: (_M, "fixed wages exceed the amount"),
    -35: (_M, "too many floating wage parts"),
    -36: (_M, "floating wage below the minimum of 10,000 rials"),
    -37: (_M, "a wage IBAN is inactive at the bank"),
    -38: (_M, "wage IBAN not set in Shaparak"),
    -39: (_M, "wages error"),
    -40: (_M, "invalid extra parameters (expire_in)"),
    -41: (_M, "amount above the maximum of 100,000,000 tomans"),
    # verify
    -50: (VerifyOutcome.AMOUNT_MISMATCH, "amount differs from the paid amount"),
    -51: (VerifyOutcome.NOT_PAID, "payment not successful (not paid or cancelled)"),
    -52: (_U, "unexpected error at Zarinpal"),
    -53: (_M, "authority belongs to another merchant id"),
    -54: (VerifyOutcome.INVALID_AUTHORITY, "invalid authority"),
    -55: (VerifyOutcome.INVALID_AUTHORITY, "manual payment request not found"),
    # reverse (not used by ClubDesk; listed so that no published code is unknown)
    -60: (_M, "session cannot be reversed with the bank"),
    -61: (_M, "session not in a success state or already reversed"),
    -62: (_M, "terminal IP limit must be active"),
    -63: (_M, "time allowed for a reverse has passed"),
}


def meaning(code: int | None) -> tuple[VerifyOutcome, str]:
    """What a Zarinpal code means; an unknown one is treated as "ask again later"."""
    if code is None:
        return _U, "no code in the answer"
    return ZARINPAL_CODES.get(code, (_U, f"unknown code {code}"))


def parse_callback(query: Mapping[str, str]) -> tuple[str, bool]:
    """``(authority, status_ok)`` from the browser's return to our callback URL.

    ``Status`` is only a hint: a payment counts as paid after ``verify`` alone. Raises
    ``ValueError`` for a missing, overlong or malformed ``Authority``.
    """
    authority = query.get("Authority")
    if not authority:
        raise ValueError("the callback has no Authority")
    if len(authority) > AUTHORITY_MAX_LEN:
        raise ValueError(f"the callback's Authority is longer than {AUTHORITY_MAX_LEN} characters")
    if not _is_authority(authority):
        raise ValueError("the callback's Authority is not alphanumeric")
    return authority, query.get("Status") == "OK"


def _is_authority(value: str) -> bool:
    return len(value) <= AUTHORITY_MAX_LEN and _AUTHORITY_RE.fullmatch(value) is not None


def wire_mobile(mobile: str | None) -> str | None:
    """Zarinpal wants "09xxxxxxxxx"; our records hold E.164 ("+989xxxxxxxxx").

    The mobile is optional (it only lets Zarinpal offer the payer's saved cards), so a number
    in any other form is left out rather than risk a -9 that would refuse the whole payment.
    """
    if mobile is None:
        return None
    match = _MOBILE_E164_IR.fullmatch(mobile) or _MOBILE_LOCAL.fullmatch(mobile)
    return "0" + match.group(1) if match else None


def to_rials(amount_tomans: int) -> int:
    if isinstance(amount_tomans, bool) or not isinstance(amount_tomans, int) or amount_tomans <= 0:
        raise ValueError(f"an amount is a positive whole number of tomans, not {amount_tomans!r}")
    return amount_tomans * RIALS_PER_TOMAN


class _Unreadable(Exception):
    """The gateway answered nothing we can act on (timeout, 5xx, not the v4 shape)."""


class ZarinpalGateway:
    """The production gateway, shared by the server's threads.

    It keeps no state between calls; requests.Session's connection pool is thread-safe for
    these plain JSON POSTs (no auth or cookie state is relied on).
    """

    name = "zarinpal"

    def __init__(
        self,
        base_url: str,
        merchant_id: str,
        timeout_s: float,
        session: requests.Session | None = None,
    ) -> None:
        if not merchant_id:
            raise ValueError("Zarinpal needs a merchant id (CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID)")
        self.base_url = base_url.rstrip("/")
        self._merchant_id = merchant_id
        self.timeout_s = timeout_s
        self._own_session = session is None
        self._session = session or requests.Session()

    def __repr__(self) -> str:  # the merchant id stays out of reprs (and so of tracebacks)
        return f"ZarinpalGateway(base_url={self.base_url!r})"

    def close(self) -> None:
        if self._own_session:
            self._session.close()

    def pay_url(self, authority: str) -> str:
        return f"{self.base_url}{START_PAY_PATH}{authority}"

    # -- Gateway --

    def request(
        self,
        *,
        amount_tomans: int,
        description: str,
        callback_url: str,
        mobile: str | None,
        order_id: str,
    ) -> Started:
        """Ask for a payment; raises GatewayError (``retryable`` when Zarinpal was down)."""
        metadata: dict[str, str] = {"order_id": order_id}
        wired_mobile = wire_mobile(mobile)
        if wired_mobile:
            metadata["mobile"] = wired_mobile
        payload = {
            "merchant_id": self._merchant_id,
            "amount": to_rials(amount_tomans),
            "currency": CURRENCY,
            "description": description,
            "callback_url": callback_url,
            "metadata": metadata,
        }
        try:
            code, data, gateway_message = self._post(REQUEST_PATH, payload)
        except _Unreadable as exc:
            log.warning("zarinpal request for order %s: gateway unavailable (%s)", order_id, exc)
            raise GatewayError(
                f"Zarinpal is unavailable ({exc}); try again later", retryable=True
            ) from None
        authority = data.get("authority") if code == 100 else None
        if code == 100 and isinstance(authority, str) and _is_authority(authority):
            log.info("zarinpal request for order %s: authority %s", order_id, authority)
            return Started(authority=authority, pay_url=self.pay_url(authority))
        if code == 100:
            log.warning("zarinpal request for order %s: code 100 without an authority", order_id)
            raise GatewayError(
                "Zarinpal accepted the payment but sent no usable authority; try again later",
                code=code,
                retryable=True,
            )
        outcome, text = meaning(code)
        log.warning(
            "zarinpal request for order %s refused: code %s (%s)%s",
            order_id,
            code,
            text,
            f": {gateway_message}" if gateway_message else "",
        )
        detail = f"; {gateway_message}" if gateway_message else ""
        raise GatewayError(
            f"Zarinpal refused the payment request: {code} {text}{detail}",
            code=code,
            retryable=outcome is VerifyOutcome.UNAVAILABLE,
        )

    def verify(self, *, authority: str, amount_tomans: int) -> Verification:
        """Ask Zarinpal whether ``authority`` was paid; gateway trouble is UNAVAILABLE."""
        payload = {
            "merchant_id": self._merchant_id,
            "amount": to_rials(amount_tomans),
            "authority": authority,
        }
        try:
            code, data, gateway_message = self._post(VERIFY_PATH, payload)
        except _Unreadable as exc:
            log.warning("zarinpal verify %s: gateway unavailable (%s)", authority, exc)
            return Verification(outcome=_U, message=f"Zarinpal unavailable: {exc}")
        outcome, text = meaning(code)
        message = f"{code} {text}" + (f"; {gateway_message}" if gateway_message else "")
        if outcome in (VerifyOutcome.VERIFIED, VerifyOutcome.ALREADY_VERIFIED):
            ref_id = _text(data.get("ref_id"))
            card_pan = _text(data.get("card_pan"))
            if ref_id is None:
                log.warning("zarinpal verify %s: code %s without a ref_id", authority, code)
            log.info("zarinpal verify %s: code %s, ref_id %s", authority, code, ref_id)
            return Verification(
                outcome=outcome, code=code, ref_id=ref_id, card_pan=card_pan, message=message
            )
        level = logging.INFO if outcome is VerifyOutcome.NOT_PAID else logging.WARNING
        log.log(level, "zarinpal verify %s: code %s (%s)", authority, code, text)
        return Verification(outcome=outcome, code=code, message=message)

    # -- the wire --

    def _post(self, path: str, payload: dict[str, Any]) -> tuple[int | None, dict[str, Any], str]:
        """POST and read the v4 envelope: ``(code, data, gateway's message)``.

        Raises ``_Unreadable`` for a timeout, a connection failure, a 5xx, a redirect or a body
        that is not the v4 envelope. Its text never holds the merchant id.
        """
        try:
            response = self._session.post(
                self.base_url + path,
                json=payload,
                headers=HEADERS,
                timeout=self.timeout_s,
                allow_redirects=False,
            )
        except requests.Timeout:
            raise _Unreadable(f"no answer within {self.timeout_s:g} s") from None
        except requests.RequestException as exc:
            raise _Unreadable(f"connection failed: {type(exc).__name__}") from None
        with response:
            status = response.status_code
            if status >= 500 or 300 <= status < 400:
                raise _Unreadable(f"HTTP {status}")
            try:
                body = response.json()
            except ValueError:
                raise _Unreadable(f"HTTP {status} with a body that is not JSON") from None
        if not isinstance(body, dict):
            raise _Unreadable(f"HTTP {status} with JSON that is not an object")
        data = body.get("data")
        errors = body.get("errors")
        if isinstance(data, dict) and "code" in data:
            code = _code(data.get("code"))
            return code, data, self._scrub(data.get("message"))
        error = _first_error(errors)
        if error is not None:
            code = _code(error.get("code"))
            words = self._scrub(error.get("message"))
            fields = ", ".join(_validation_fields(error.get("validations")))
            if fields:
                words = f"{words} (fields: {fields})" if words else f"fields: {fields}"
            return code, {}, words
        raise _Unreadable(f"HTTP {status} without a code in data or errors")

    def _scrub(self, value: object) -> str:
        """The gateway's words, short, on one line, without our merchant id."""
        if not isinstance(value, str):
            return ""
        text = " ".join(value.split())[:300]
        return text.replace(self._merchant_id, "***")


def _code(value: object) -> int | None:
    """Zarinpal's ``code`` is an int, but some answers carry it as a string ("100")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,6}", value.strip()):
        return int(value)
    return None


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        text = str(value).strip()
        return text[:64] or None
    return None


def _first_error(errors: object) -> dict[str, Any] | None:
    """``errors`` is an object on a refusal; accept a list of them too."""
    if isinstance(errors, dict) and "code" in errors:
        return errors
    if isinstance(errors, list):
        for item in errors:
            if isinstance(item, dict) and "code" in item:
                return item
    return None


def _validation_fields(validations: object) -> list[str]:
    """The names of the fields Zarinpal found invalid (only names: values may echo secrets)."""
    names: list[str] = []
    items = validations if isinstance(validations, list) else [validations]
    for item in items:
        if isinstance(item, dict):
            names.extend(str(key)[:40] for key in item)
    return sorted(set(names))[:10]
