"""Renewal rules the app shows before and after a payment: plain Python, no Qt, no HTTP.

The vendor's terms say money taken by a failed payment is returned by the bank within 72 hours,
and only after that should the shop send the payment's details to support. ``advice`` turns a
payment's state and start time into what the owner reads and may do; ``new_paid_until`` says
what a plan would give, the same way the server extends (from the later of now and the current
paid-until), so the date shown before paying is the date the receipt shows after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from clubdesk.core.dates import local
from clubdesk.core.i18n import QT_TRANSLATE_NOOP

REFUND_WINDOW = timedelta(hours=72)  # the bank returns money taken by a failed payment by then
POLL_SECONDS = 2  # how often the app asks about a payment the owner is paying in the browser

PROBLEM_STATES = frozenset({"failed", "cancelled", "amount_mismatch", "expired_unverified"})
WAITING_STATES = frozenset({"pending", "paid"})

STATE_TEXT = {
    "pending": QT_TRANSLATE_NOOP("renewal", "Waiting for the bank"),
    "paid": QT_TRANSLATE_NOOP("renewal", "Paid, being applied"),
    "applied": QT_TRANSLATE_NOOP("renewal", "Paid, licence renewed"),
    "failed": QT_TRANSLATE_NOOP("renewal", "Not paid"),
    "cancelled": QT_TRANSLATE_NOOP("renewal", "Cancelled"),
    "amount_mismatch": QT_TRANSLATE_NOOP("renewal", "Amount did not match"),
    "expired_unverified": QT_TRANSLATE_NOOP("renewal", "Not confirmed in time"),
}

# What happened, in the owner's words, for each state that ends without a renewal.
PROBLEM_TEXT = {
    "failed": QT_TRANSLATE_NOOP(
        "renewal",
        "The bank reported that the payment was not completed. The licence was not renewed.",
    ),
    "cancelled": QT_TRANSLATE_NOOP(
        "renewal", "The payment was cancelled at the bank's page. The licence was not renewed."
    ),
    "amount_mismatch": QT_TRANSLATE_NOOP(
        "renewal",
        "The bank reported a different amount than the plan's price, so the licence "
        "was not renewed. Support will check this payment.",
    ),
    "expired_unverified": QT_TRANSLATE_NOOP(
        "renewal", "The bank did not confirm the payment in time. The licence was not renewed."
    ),
}

REFUND_WAIT_TEXT = QT_TRANSLATE_NOOP(
    "renewal",
    "If money was taken from your account, the bank returns it within 72 hours "
    "(by %1). If it has not come back by then, send the payment's details to support.",
)
REFUND_OVER_TEXT = QT_TRANSLATE_NOOP(
    "renewal",
    "72 hours have passed since this payment. If money was taken from your account "
    "and has not come back, send the payment's details to support.",
)


class Outcome(StrEnum):
    WAITING = "waiting"  # still at the bank, or verified and being applied
    RENEWED = "renewed"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Advice:
    """What to tell the owner about one payment at a given moment."""

    outcome: Outcome
    refund_due: datetime | None = None  # when the bank must have returned money it took
    send_to_support: bool = False  # 72 hours have passed: offer a ticket with the details

    @property
    def waiting_for_refund(self) -> bool:
        return self.outcome is Outcome.PROBLEM and not self.send_to_support


def outcome(state: str) -> Outcome:
    if state == "applied":
        return Outcome.RENEWED
    if state in PROBLEM_STATES:
        return Outcome.PROBLEM
    return Outcome.WAITING


def advice(state: str, started: datetime, now: datetime) -> Advice:
    """The 72-hour rule: before the mark, wait for the bank; from the mark on, support."""
    result = outcome(state)
    if result is not Outcome.PROBLEM:
        return Advice(result)
    due = started + REFUND_WINDOW
    return Advice(result, refund_due=due, send_to_support=now >= due)


def new_paid_until(current: datetime | None, now: datetime, days: int) -> datetime:
    """Paid-until after buying ``days``: an expired licence restarts today, a valid one is
    extended from its end (the server's rule; nothing already paid for is lost)."""
    start = now if current is None else max(now, current)
    return start + timedelta(days=days)


def tehran_day(moment: datetime) -> date:
    """The calendar day in Tehran of a UTC moment (what a Jalali date on screen shows)."""
    return local(moment).date()
