"""One interface for payment gateways: Zarinpal (v4 protocol) in production, a sandbox for demos.

Amounts cross this interface in whole tomans; an adapter converts to what its wire needs
(Zarinpal: rials, with the currency sent explicitly). ``verify`` always gets the amount from our
own payment record, never from a callback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class VerifyOutcome(StrEnum):
    VERIFIED = "verified"  # paid now (Zarinpal 100)
    ALREADY_VERIFIED = "already_verified"  # paid, verified before (Zarinpal 101)
    NOT_PAID = "not_paid"  # the payer did not pay or cancelled (Zarinpal -51)
    AMOUNT_MISMATCH = "amount_mismatch"  # the gateway holds another amount (Zarinpal -50)
    INVALID_AUTHORITY = "invalid_authority"  # unknown or expired authority (Zarinpal -54, ...)
    MERCHANT_ERROR = "merchant_error"  # our configuration is wrong (Zarinpal -9..-15, ...)
    UNAVAILABLE = "unavailable"  # timeout, 5xx, unreadable answer: try again later


@dataclass(frozen=True)
class Started:
    """The gateway accepted a payment request: send the payer to ``pay_url``."""

    authority: str
    pay_url: str


@dataclass(frozen=True)
class Verification:
    outcome: VerifyOutcome
    code: int | None = None  # the gateway's own code, for the record and for support
    ref_id: str | None = None
    card_pan: str | None = None  # masked by the gateway
    message: str = ""  # the gateway's words, for logs (never holds the merchant id)

    @property
    def paid(self) -> bool:
        return self.outcome in (VerifyOutcome.VERIFIED, VerifyOutcome.ALREADY_VERIFIED)


class GatewayError(Exception):
    """The gateway would not start a payment. ``retryable``: it was down, not a refusal."""

    def __init__(self, message: str, *, code: int | None = None, retryable: bool) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class Gateway(Protocol):
    name: str  # stored with each payment: "zarinpal", "sandbox"

    def request(
        self,
        *,
        amount_tomans: int,
        description: str,
        callback_url: str,
        mobile: str | None,
        order_id: str,
    ) -> Started:
        """Ask the gateway for a payment; raises GatewayError."""
        ...

    def verify(self, *, authority: str, amount_tomans: int) -> Verification:
        """Was ``authority`` paid ``amount_tomans``? Gateway trouble is an outcome, not raised."""
        ...
