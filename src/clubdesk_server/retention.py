"""After expiry: a warning SMS, then the deletion of what the vendor holds about a business.

The terms: "If the package is not renewed for one month, the customer club system has the
right to completely delete the user's information." A licence whose ``paid_until`` lies
``DELETE_AFTER_DAYS`` Tehran calendar days back, not renewed and not on hold (``admin hold``),
has its data deleted, never without warning:

- The warning: every daily run queues it for each licence whose deletion date is
  ``WARN_DAYS_BEFORE`` days away *or less* and that has not been warned about its current
  ``paid_until``, so a run missed, a server down for a week or a hold released late still
  warns. A licence with nobody to warn (no mobile, or revoked) still gets its warning row,
  given up with the reason, so its 7 days count too.
- The deletion: only once the deletion date has come *and* the warning about this
  ``paid_until`` was queued ``WARN_DAYS_BEFORE`` Tehran days earlier or more. A late warning
  delays the deletion; it is never skipped.

Deleted: the lease history, the outbox's recipients and texts (the rows stay, for counts and
for the warning's date), and, once no licence of the business is left with data, the
business's tickets other than payment tickets with their messages, and the owner's contact
(name, mobile, email). Kept: the device activations (the app's device token keeps working, so
the owner can still renew and open tickets from the lock screen after day 30); what accounting
and disputes need (the licence row, the business's legal name and national id, every payment,
payment tickets with their messages); and the communications log (the vendor's record of what
was said). Cloud data (sync, backups; issue 6) is deleted by the functions in
``CLOUD_DATA_DELETERS``.

Idempotent: ``data_deleted_at`` records the deletion, and a licence renewed after it (a new
``paid_until`` later than the deletion) is warned and deleted again only after its new expiry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, sessionmaker

from clubdesk.core.dates import jalali
from clubdesk_server import licensing
from clubdesk_server.db import transaction
from clubdesk_server.models import (
    Business,
    Communication,
    LeaseRecord,
    Licence,
    SmsMessage,
    Ticket,
    TicketMessage,
)
from clubdesk_server.reminders import local_date, name_token
from clubdesk_server.settings import Settings
from clubdesk_server.sms.outbox import enqueue

log = logging.getLogger(__name__)

DELETE_AFTER_DAYS = 30
WARN_DAYS_BEFORE = 7
SYSTEM = licensing.Caller("system:retention")

# Deleters of a licence's data kept outside these tables (cloud sync, cloud backups: issue 6).
# Each is called inside the deletion's transaction and returns how many items it removed.
CloudDeleter = Callable[[Session, Licence, datetime], int]
CLOUD_DATA_DELETERS: list[CloudDeleter] = []
# A deleter that also removes files finds the server's Settings (data_dir) here in
# ``session.info``; ``delete_expired_data`` puts them there.
SETTINGS_INFO = "clubdesk_server.settings"


def register_cloud_deleter(deleter: CloudDeleter) -> CloudDeleter:
    """Adds a deleter for cloud data (usable as a decorator); registering twice is harmless."""
    if deleter not in CLOUD_DATA_DELETERS:
        CLOUD_DATA_DELETERS.append(deleter)
    return deleter


def delete_cloud_data(session: Session, licence: Licence, now: datetime) -> int:
    """The hook issue 6 fills: runs every registered cloud deleter for ``licence``."""
    return sum(deleter(session, licence, now) for deleter in CLOUD_DATA_DELETERS)


def deletion_date(licence: Licence, tz: str) -> date:
    """The Tehran day from which an unrenewed licence's data may be deleted (later if its
    warning came late: see ``delete_expired_data``)."""
    return local_date(licence.paid_until, tz) + timedelta(days=DELETE_AFTER_DAYS)


def _has_undeleted_period(licence: Licence) -> bool:
    """Data not yet deleted, or renewed since it was (a new period's data to delete)."""
    return licence.data_deleted_at is None or licence.data_deleted_at < licence.paid_until


def due_for_deletion(licence: Licence, today: date, tz: str) -> bool:
    """Due by date, not held, data left to delete (the warning is checked separately)."""
    return (
        not licence.data_hold
        and _has_undeleted_period(licence)
        and deletion_date(licence, tz) <= today
    )


def _candidates(session: Session, now: datetime, days: int) -> list[int]:
    """Licences whose paid_until is at least ``days`` - 1 days back (the exact day is checked
    in Tehran time by the caller)."""
    return list(
        session.scalars(
            select(Licence.id)
            .where(
                Licence.data_hold.is_(False),
                Licence.paid_until < now - timedelta(days=days - 1),
                or_(
                    Licence.data_deleted_at.is_(None),
                    Licence.data_deleted_at < Licence.paid_until,
                ),
            )
            .order_by(Licence.id)
        )
    )


def warning_key(licence: Licence, tz: str) -> str:
    """The outbox key of the deletion warning about ``licence``'s current paid_until."""
    return f"deletion_warning:{licence.public_id}:{local_date(licence.paid_until, tz).isoformat()}"


def warned_on(session: Session, licence: Licence, tz: str) -> date | None:
    """The Tehran day the warning about the current paid_until was queued, if it was."""
    queued = session.scalar(
        select(SmsMessage.created_at).where(SmsMessage.idempotency_key == warning_key(licence, tz))
    )
    return local_date(queued, tz) if queued is not None else None


# -- the warning ------------------------------------------------------------------------------


def _unsendable(licence: Licence) -> str | None:
    """Why the warning cannot go out (it is recorded all the same), or None."""
    if licence.status == "revoked":  # no "renew to keep it" for a revoked licence
        return "licence revoked: no renewal to offer"
    if not licence.business.mobile:
        return "no mobile number to warn"
    return None


def queue_deletion_warnings(
    sessions: sessionmaker[Session], settings: Settings, now: datetime
) -> int:
    """Queue the warning for every licence whose deletion is 7 Tehran days away or less and
    not yet warned about for its paid_until; returns how many were recorded (sendable or not).

    The text names the day the data really goes: the deletion date, or 7 days from today for
    a warning that comes late (the deletion waits for it; see ``delete_expired_data``).
    """
    tz = settings.timezone
    today = local_date(now, tz)
    queued = 0
    with transaction(sessions) as session:
        ids = _candidates(session, now, DELETE_AFTER_DAYS - WARN_DAYS_BEFORE)
        licences = session.scalars(
            select(Licence).options(joinedload(Licence.business)).where(Licence.id.in_(ids))
        ).all()
        for licence in licences:
            if (deletion_date(licence, tz) - today).days > WARN_DAYS_BEFORE:
                continue
            if licence.data_hold or not _has_undeleted_period(licence):
                continue
            when = max(deletion_date(licence, tz), today + timedelta(days=WARN_DAYS_BEFORE))
            name = licence.business.name
            text = (
                f"ClubDesk: اشتراک «{name}» تمدید نشده است. اطلاعات آن در سرور در {jalali(when)} "
                f"({WARN_DAYS_BEFORE} روز دیگر) حذف می‌شود. برای نگه داشتن آن، تمدید کنید."
            )
            reason = _unsendable(licence)
            row = enqueue(
                session,
                key=warning_key(licence, tz),
                kind="deletion_warning",
                licence=licence,
                recipient=licence.business.mobile or None,
                template="deletion_warning",
                text=text,
                tokens={
                    "token": jalali(when),
                    "token2": str(WARN_DAYS_BEFORE),
                    "token10": name_token(name),
                },
                now=now,
                unsendable=reason,
            )
            if row is not None:
                queued += 1
                log.info(
                    "deletion warning for licence %s (deletion on %s)%s",
                    licence.public_id, when.isoformat(), f": {reason}" if reason else "",
                )  # fmt: skip
    return queued


# -- the deletion -----------------------------------------------------------------------------


@dataclass
class Deleted:
    """What one licence's deletion removed (and kept), for the audit entry and the report."""

    licence: str  # public id
    leases: int = 0
    sms_scrubbed: int = 0
    tickets: int = 0
    ticket_messages: int = 0
    payment_tickets_kept: int = 0
    contact_blanked: bool = False
    cloud_items: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DeletionReport:
    deleted: list[Deleted] = field(default_factory=list)
    # Due by date, but waiting for their warning's 7 days (public ids).
    waiting_for_warning: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "deleted": [d.to_json() for d in self.deleted],
            "waiting_for_warning": list(self.waiting_for_warning),
        }


def _count(result: Any) -> int:
    return int(result.rowcount or 0)


def _delete_licence_rows(session: Session, licence: Licence, out: Deleted) -> None:
    """The lease history and the SMS contents; the device activations stay (their tokens
    are how a locked app renews and reaches support)."""
    out.leases = _count(
        session.execute(delete(LeaseRecord).where(LeaseRecord.licence_id == licence.id))
    )
    out.sms_scrubbed = _count(
        session.execute(
            update(SmsMessage)
            .where(SmsMessage.licence_id == licence.id)
            .values(recipient=None, text=None, tokens={})
        )
    )


def _delete_business_rows(session: Session, business: Business, out: Deleted) -> None:
    """Tickets other than payment tickets, with their messages, and the owner's contact."""
    gone = and_(Ticket.business_id == business.id, Ticket.kind != "payment")
    ticket_ids = select(Ticket.id).where(gone).scalar_subquery()
    session.execute(
        update(Communication).where(Communication.ticket_id.in_(ticket_ids)).values(ticket_id=None)
    )
    out.ticket_messages = _count(
        session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ticket_ids)))
    )
    out.tickets = _count(session.execute(delete(Ticket).where(gone)))
    out.payment_tickets_kept = int(
        session.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.business_id == business.id, Ticket.kind == "payment")
        )
        or 0
    )
    business.owner_name = ""
    business.mobile = ""
    business.email = None
    business.listed_publicly = False
    out.contact_blanked = True


def delete_licence_data(session: Session, licence: Licence, now: datetime) -> Deleted:
    """Delete ``licence``'s vendor-held data now (the caller decided it is due, and holds the
    licence row locked); the business's own data goes once none of its licences keep any."""
    out = Deleted(licence=licence.public_id)
    _delete_licence_rows(session, licence, out)
    out.cloud_items = delete_cloud_data(session, licence, now)
    licence.data_deleted_at = now
    licence.updated_at = now
    session.flush()
    others_keep_data = session.scalar(
        select(Licence.id)
        .where(
            Licence.business_id == licence.business_id,
            Licence.id != licence.id,
            or_(Licence.data_deleted_at.is_(None), Licence.data_deleted_at < Licence.paid_until),
        )
        .limit(1)
    )
    if others_keep_data is None:
        _delete_business_rows(session, licence.business, out)
    session.flush()
    session.expire_all()  # bulk deletes bypassed the identity map
    return out


def delete_expired_data(
    sessions: sessionmaker[Session], settings: Settings, now: datetime
) -> DeletionReport:
    """Delete the data of every licence due today whose warning was queued at least 7 Tehran
    days ago; each licence in its own transaction. A licence due by date but warned late (or
    not yet) waits: it is listed in ``waiting_for_warning``, and the warning job catches up."""
    tz = settings.timezone
    today = local_date(now, tz)
    report = DeletionReport()
    with transaction(sessions) as session:
        ids = _candidates(session, now, DELETE_AFTER_DAYS)
    for licence_id in ids:
        with transaction(sessions) as session:
            licence = session.scalars(
                select(Licence).where(Licence.id == licence_id).with_for_update()
            ).one()
            if not due_for_deletion(licence, today, tz):  # renewed or held meanwhile
                continue
            warned = warned_on(session, licence, tz)
            if warned is None or (today - warned).days < WARN_DAYS_BEFORE:
                report.waiting_for_warning.append(licence.public_id)
                # Expected after a late warning; a warning never queued means the reminders
                # job has not run since the licence became due: the operator should know.
                log.log(
                    logging.INFO if warned else logging.WARNING,
                    "licence %s is due for deletion but its warning %s: the deletion waits",
                    licence.public_id,
                    f"was queued only on {warned.isoformat()}" if warned else "is not queued yet",
                )
                continue
            paid_until = licence.paid_until
            session.info[SETTINGS_INFO] = settings
            deleted = delete_licence_data(session, licence, now)
            licensing.audit(
                session,
                SYSTEM,
                "retention.delete",
                now,
                licence_id=licence_id,
                paid_until=paid_until.isoformat(),
                **deleted.to_json(),
            )
        report.deleted.append(deleted)
        log.info(
            "deleted the data of licence %s (expired %s): %s",
            deleted.licence, paid_until.date().isoformat(), deleted.to_json(),
        )  # fmt: skip
    return report
