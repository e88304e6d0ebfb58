"""One interface for sending SMS: Kavenegar in production, a console/file sender for demos.

Kavenegar puts the API key in the URL path, so no URL is ever logged; recipients are masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

# Delivery statuses (Kavenegar's sms/status codes, which the outbox stores as they come).
DELIVERY_STATUSES = {
    1: "queued at the provider",
    2: "scheduled",
    4: "sent to the operator",
    5: "sent to the operator",
    6: "failed",
    10: "delivered",
    11: "undelivered",
    13: "cancelled",
    14: "blocked by the recipient",
    100: "unknown message id",
}
DELIVERED = 10
# No later answer changes these: the outbox stops asking.
FINAL_DELIVERY_STATUSES = frozenset({6, 10, 11, 13, 14, 100})


class SendOutcome(StrEnum):
    SENT = "sent"  # accepted by the provider
    RETRY = "retry"  # timeout, 5xx, rate limit: try again later with backoff
    REJECTED = "rejected"  # this message cannot be sent (bad number, unknown template, ...)
    OUT_OF_CREDIT = "out_of_credit"  # Kavenegar 418: retry later, and tell the admin
    MISCONFIGURED = "misconfigured"  # bad API key, line or permissions: tell the admin


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    status: int | None = None  # the provider's status (Kavenegar's "return.status")
    provider_id: str | None = None  # the provider's message id
    message: str = ""  # for logs: never holds the API key or the full phone number


class SmsSender(Protocol):
    name: str

    def send_template(self, recipient: str, template: str, tokens: dict[str, str]) -> SendResult:
        """A templated message (Kavenegar verify/lookup); ``recipient`` is E.164."""
        ...

    def send_text(self, recipient: str, text: str) -> SendResult:
        """Free text (Kavenegar sms/send)."""
        ...


@dataclass(frozen=True)
class DeliveryLookup:
    """The provider's answer about messages it accepted: their delivery status by provider id
    (ids it does not know answer 100); ``error`` when the question itself failed."""

    statuses: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # for logs: never holds the API key


@runtime_checkable
class DeliveryStatusSource(Protocol):
    """A sender that can say what became of its messages (Kavenegar sms/status)."""

    def delivery_statuses(self, provider_ids: Sequence[str]) -> DeliveryLookup: ...
