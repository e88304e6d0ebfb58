"""Expiry reminders and renewal receipts by SMS, queued in the outbox (sent by its job).

The terms promise an SMS 10 days before a licence expires; DESIGN.md adds one on the day of
expiry. The 10-day reminder counts Tehran calendar days: a licence paid until 2026-12-05 03:00
Tehran time gets it on 2026-11-25 (Tehran), whatever the hour the job runs.

The expiry-day message must arrive while the licence still works, or it tells the owner what
the lock screen already did. So it is not "the licence ends on today's date" (a licence paid
until 00:30 would hear it at 10:00, nine and a half hours after it locked) but: the daily run
(10:00 Tehran) sends it to every licence whose ``paid_until`` falls within the next 24 hours,
``now < paid_until <= now + 24 h``. A licence paid until 00:30 hears it at 10:00 the day
before, one paid until 23:30 at 10:00 the same day; the text names the date and the time.

Each message's idempotency key names the licence and the ``paid_until`` date (Tehran) it is
about, so a job run twice (or twice at once) queues it once, and a renewal (a new
``paid_until``) earns a new reminder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, sessionmaker

from clubdesk.core.dates import jalali
from clubdesk_server.db import transaction
from clubdesk_server.models import Licence, Payment, SmsMessage
from clubdesk_server.settings import Settings
from clubdesk_server.sms.outbox import enqueue

log = logging.getLogger(__name__)

REMINDER_DAYS = 10
REMINDER_HOUR = 10  # the daily run, Tehran time (clubdesk_server.jobs schedules it)
EXPIRY_DAY_WINDOW = timedelta(hours=24)  # the expiry-day message: paid_until this close
NAME_TOKEN_MAX_SPACES = 5  # Kavenegar's token10 takes at most five spaces
NAME_TOKEN_MAX_LEN = 30
DEFAULT_TZ = "Asia/Tehran"


def local_date(moment: datetime, tz: str = DEFAULT_TZ) -> date:
    """The calendar day ``moment`` falls on in ``tz`` (Tehran for every business rule)."""
    return moment.astimezone(ZoneInfo(tz)).date()


def day_start(day: date, tz: str = DEFAULT_TZ) -> datetime:
    """The first instant of ``day`` in ``tz``, as an aware datetime (compare with UTC columns)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz))


def name_token(name: str) -> str:
    """A business name short enough for Kavenegar's token10 (at most five spaces)."""
    words = name.split()
    return " ".join(words[: NAME_TOKEN_MAX_SPACES + 1])[:NAME_TOKEN_MAX_LEN].strip() or "-"


def jalali_token(moment: datetime, tz: str = DEFAULT_TZ) -> str:
    """'1405/09/14': the Tehran day of ``moment`` in the Jalali calendar."""
    return jalali(local_date(moment, tz))


@dataclass
class ReminderReport:
    expiry_reminders: int = 0
    expiry_day: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"expiry_reminders": self.expiry_reminders, "expiry_day": self.expiry_day}


def _licences_ending_on(session: Session, day: date, tz: str) -> list[Licence]:
    return list(
        session.scalars(
            select(Licence)
            .options(joinedload(Licence.business))
            .where(
                Licence.status == "active",
                Licence.paid_until >= day_start(day, tz),
                Licence.paid_until < day_start(day + timedelta(days=1), tz),
            )
            .order_by(Licence.id)
        )
    )


def _licences_ending_within(session: Session, now: datetime, window: timedelta) -> list[Licence]:
    """Active licences still valid at ``now`` whose paid_until is at most ``window`` away."""
    return list(
        session.scalars(
            select(Licence)
            .options(joinedload(Licence.business))
            .where(
                Licence.status == "active",
                Licence.paid_until > now,
                Licence.paid_until <= now + window,
            )
            .order_by(Licence.id)
        )
    )


def clock_token(moment: datetime, tz: str = DEFAULT_TZ) -> str:
    """'00:30': the Tehran time of day of ``moment`` (a Kavenegar token: no spaces)."""
    return moment.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def _reminder_text(name: str, when: str, days: int, at: str = "") -> str:
    if days == 0:
        return (
            f"ClubDesk: اشتراک «{name}» در {when} ساعت {at} به پایان می‌رسد. "
            "برای ادامهٔ کار، از داخل برنامه تمدید کنید."
        )
    return (
        f"ClubDesk: اشتراک «{name}» {days} روز دیگر، در {when}، به پایان می‌رسد. "
        "برای تمدید از داخل برنامه اقدام کنید."
    )


def queue_expiry_reminder(
    session: Session, licence: Licence, now: datetime, *, days: int, tz: str = DEFAULT_TZ
) -> SmsMessage | None:
    """The reminder ``days`` before expiry (0: the expiry-day message, which names the time
    too); None if queued before."""
    business = licence.business
    if not business.mobile:
        return None
    until = local_date(licence.paid_until, tz)
    kind = "expiry_day" if days == 0 else "expiry_reminder"
    when = jalali(until)
    at = clock_token(licence.paid_until, tz)
    name = name_token(business.name)
    tokens = {"token": when, "token10": name} | {"token2": str(days) if days else at}
    return enqueue(
        session,
        key=f"{kind}:{licence.public_id}:{until.isoformat()}",
        kind=kind,
        licence=licence,
        recipient=business.mobile,
        template=kind,
        text=_reminder_text(business.name, when, days, at),
        tokens=tokens,
        now=now,
    )


def queue_expiry_reminders(
    sessions: sessionmaker[Session], settings: Settings, now: datetime
) -> ReminderReport:
    """Queue today's reminders: licences ending in exactly 10 Tehran days, and the
    expiry-day message for those ending within the next 24 hours (see the module's docstring)."""
    tz = settings.timezone
    today = local_date(now, tz)
    report = ReminderReport()
    for days in (REMINDER_DAYS, 0):
        with transaction(sessions) as session:
            if days:
                due = _licences_ending_on(session, today + timedelta(days=days), tz)
            else:
                due = _licences_ending_within(session, now, EXPIRY_DAY_WINDOW)
            for licence in due:
                if queue_expiry_reminder(session, licence, now, days=days, tz=tz) is None:
                    continue
                if days:
                    report.expiry_reminders += 1
                else:
                    report.expiry_day += 1
                log.info("queued %s-day expiry SMS for licence %s", days, licence.public_id)
    return report


def queue_receipt(
    session: Session, licence: Licence, payment: Payment, now: datetime
) -> SmsMessage | None:
    """The renewal receipt: amount in tomans, the new paid-until (Jalali) and the bank's ref.

    Called inside the transaction that applies the renewal, so the receipt exists exactly when
    the renewal does; keyed by the payment, so a repeated verify queues it once.
    """
    business = licence.business
    if not business.mobile:
        return None
    until = payment.paid_until_after or licence.paid_until
    when = jalali_token(until)
    ref = payment.ref_id or "0"
    text = (
        f"ClubDesk: پرداخت {payment.amount:,} تومان دریافت شد. اشتراک «{business.name}» "
        f"تا {when} تمدید شد. کد پیگیری: {ref}"
    )
    return enqueue(
        session,
        key=f"renewal_receipt:{payment.public_id}",
        kind="renewal_receipt",
        licence=licence,
        recipient=business.mobile,
        template="renewal_receipt",
        text=text,
        tokens={"token": str(payment.amount), "token2": when, "token3": ref},
        now=now,
    )
