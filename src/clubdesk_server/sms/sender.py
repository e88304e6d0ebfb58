"""One interface for sending SMS: Kavenegar in production, a console/file sender for demos.

Kavenegar puts the API key in the URL path, so no URL is ever logged; recipients are masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


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
