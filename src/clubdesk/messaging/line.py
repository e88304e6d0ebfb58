"""What every SMS line does: send a batch, report delivery, tell the credit left.

A line never raises for one message's problem: each message gets an ``Outcome``. Problems of
the whole line (bad key, no credit, offline) stop the batch: the messages not handed over are
``held`` with that problem, so the queue keeps them and the owner is told once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from clubdesk.core.errors import ClubDeskError

OutcomeStatus = Literal["sent", "failed", "unknown", "retry", "held"]

# Kavenegar's delivery codes (sms/status) as the app's message statuses.
DELIVERED_CODES = frozenset({10})
UNDELIVERED_CODES = frozenset({6, 11, 13, 14})
DELIVERY_TEXT = {
    6: "failed at the operator",
    11: "not delivered",
    13: "cancelled",
    14: "blocked by the recipient",
}


@dataclass(frozen=True)
class Outgoing:
    key: str  # the message's public id
    phone: str  # E.164
    text: str


@dataclass(frozen=True)
class Outcome:
    """sent: accepted; failed: refused for good; unknown: may or may not have gone out (a
    timeout after sending); retry: not sent, try later; held: not tried (``problem`` says why)."""

    status: OutcomeStatus
    provider_id: str | None = None
    cost: int = 0  # rials
    error: str = ""
    problem: ClubDeskError | None = None


class SmsLine(Protocol):
    def send(self, batch: Sequence[Outgoing]) -> list[Outcome]:
        """One outcome per message, in order."""
        ...

    def delivery(self, provider_ids: Sequence[str]) -> dict[str, int]:
        """Kavenegar delivery codes by provider id (ids not answered are left out)."""
        ...

    def credit(self) -> int:
        """Rials left on the account."""
        ...


def held(batch: Sequence[Outgoing], problem: ClubDeskError) -> list[Outcome]:
    return [Outcome("held", error=problem.code, problem=problem) for _ in batch]
