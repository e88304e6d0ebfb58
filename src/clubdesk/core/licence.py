"""The licence state machine: from a verified lease and what the app remembers, is it open?

Pure rules, no I/O: the licensing package verifies signatures and talks to the server, then
asks ``evaluate`` what to show. Locked always says why, so the lock screen can say what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from clubdesk.core.dates import local
from clubdesk.core.errors import ClubDeskError, ExitCode
from clubdesk.core.i18n import QT_TRANSLATE_NOOP

EXPIRING_DAYS = 10
CLOCK_TOLERANCE = timedelta(minutes=10)


class State(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    OFFLINE_GRACE = "offline_grace"
    LOCKED = "locked"


class LockReason(StrEnum):
    NO_LICENCE = "no_licence"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    SIGNATURE_INVALID = "signature_invalid"
    WRONG_DEVICE = "wrong_device"
    OFFLINE_PAST_GRACE = "offline_past_grace"
    CLOCK_BACK = "clock_back"


REASON_TEXT = {
    LockReason.NO_LICENCE: QT_TRANSLATE_NOOP("licence", "This computer has no licence yet."),
    LockReason.EXPIRED: QT_TRANSLATE_NOOP("licence", "The licence package has expired."),
    LockReason.REVOKED: QT_TRANSLATE_NOOP("licence", "The licence was revoked by the vendor."),
    LockReason.SUSPENDED: QT_TRANSLATE_NOOP("licence", "The licence is suspended by the vendor."),
    LockReason.SIGNATURE_INVALID: QT_TRANSLATE_NOOP(
        "licence", "The licence file on this computer is damaged or was changed."
    ),
    LockReason.WRONG_DEVICE: QT_TRANSLATE_NOOP(
        "licence", "The licence file belongs to another computer."
    ),
    LockReason.OFFLINE_PAST_GRACE: QT_TRANSLATE_NOOP(
        "licence", "The licence could not be checked for too long (no connection)."
    ),
    LockReason.CLOCK_BACK: QT_TRANSLATE_NOOP(
        "licence", "The computer's clock was moved back; the licence must be checked online."
    ),
}


class LicenceLocked(ClubDeskError):
    """Member data is not shown or changed until the licence is valid again."""

    code = "LICENCE_LOCKED"
    exit_code = ExitCode.LICENCE_LOCKED
    default_message = QT_TRANSLATE_NOOP("errors", "The licence is locked: {reason}.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Renew the licence, enter another licence key, or contact support."
    )


class TermsNotAccepted(LicenceLocked):
    """The vendor published new terms of service the business has not accepted: until the
    owner does, only renewal, support and backups work."""

    code = "TERMS_NOT_ACCEPTED"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The new terms of service (version {version}) have not been accepted yet."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors",
        "The owner reads and accepts them in ClubDesk; renewal, support and backups work "
        "meanwhile.",
    )


@dataclass(frozen=True)
class LeaseFacts:
    """The parts of a verified lease the rules need (decoupled from the wire model)."""

    licence_id: str
    business_name: str
    device: str
    plan: str
    status: str  # active / suspended / revoked
    paid_until: datetime
    grace_until: datetime


@dataclass(frozen=True)
class Memory:
    """What the app keeps between runs, beside the lease."""

    latest_seen: datetime | None = None  # the latest clock reading ever seen
    last_checked: datetime | None = None  # last successful online check
    offline_since: datetime | None = None  # first failed check since the last success
    server_verdict: str | None = None  # "revoked"/"suspended" said by the server at refresh


@dataclass(frozen=True)
class Status:
    state: State
    reason: LockReason | None = None
    business_name: str = ""
    paid_until: datetime | None = None
    days_left: int | None = None
    last_checked: datetime | None = None
    offline_since: datetime | None = None

    @property
    def locked(self) -> bool:
        return self.state is State.LOCKED

    def error(self) -> LicenceLocked:
        reason = self.reason or LockReason.NO_LICENCE
        return LicenceLocked(reason=REASON_TEXT[reason].rstrip("."), code_reason=reason.value)


def days_left(paid_until: datetime, now: datetime) -> int:
    """Calendar days in Tehran from today to the paid-until day (0 on the last day)."""
    return (local(paid_until).date() - local(now).date()).days


def evaluate(
    lease: LeaseFacts | None,
    *,
    signature_ok: bool,
    fingerprint: str,
    memory: Memory,
    now: datetime,
) -> Status:
    """The licence state at ``now``. The order matters: the most fundamental reason wins."""
    if lease is None:
        reason = LockReason.SIGNATURE_INVALID if not signature_ok else LockReason.NO_LICENCE
        return Status(State.LOCKED, reason)
    base = {
        "business_name": lease.business_name,
        "paid_until": lease.paid_until,
        "days_left": days_left(lease.paid_until, now),
        "last_checked": memory.last_checked,
        "offline_since": memory.offline_since,
    }

    def locked(reason: LockReason) -> Status:
        return Status(State.LOCKED, reason, **base)

    if not signature_ok:
        return locked(LockReason.SIGNATURE_INVALID)
    if lease.device != fingerprint:
        return locked(LockReason.WRONG_DEVICE)
    if memory.latest_seen is not None and now < memory.latest_seen - CLOCK_TOLERANCE:
        return locked(LockReason.CLOCK_BACK)
    status = memory.server_verdict or lease.status
    if status == "revoked":
        return locked(LockReason.REVOKED)
    if status == "suspended":
        return locked(LockReason.SUSPENDED)
    if now >= lease.paid_until:
        return locked(LockReason.EXPIRED)
    if now >= lease.grace_until:  # not confirmed online for too long, whatever the reason
        return locked(LockReason.OFFLINE_PAST_GRACE)
    if memory.offline_since is not None:
        return Status(State.OFFLINE_GRACE, **base)
    if base["days_left"] <= EXPIRING_DAYS:
        return Status(State.EXPIRING, **base)
    return Status(State.ACTIVE, **base)
