"""After expiry: a warning SMS, then the deletion of what the vendor holds about a business.

The terms: "If the package is not renewed for one month, the customer club system has the
right to completely delete the user's information." A licence whose ``paid_until`` lies
``DELETE_AFTER_DAYS`` Tehran calendar days back, not renewed and not on hold (``admin hold``),
has its data deleted; ``WARN_DAYS_BEFORE`` days earlier its owner gets an SMS.

Deleted: device activations with their lease records (references to them in the audit log,
payments and tickets are cleared), the outbox's recipients and texts (the rows stay, for
counts), and, once no licence of the business is left with data, its tickets, ticket messages,
communications log and owner contact (name, mobile, email). Kept, because accounting needs them:
the licence row, the business's legal name and national id, and every payment. Cloud data
(sync, backups; issue 6) is deleted by the functions in ``CLOUD_DATA_DELETERS``.

Idempotent: ``data_deleted_at`` records the deletion, and a licence renewed after it (a new
``paid_until`` later than the deletion) is deleted again only after its new expiry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, joinedload, sessionmaker

from clubdesk.core.dates import jalali
from clubdesk_server import licensing
from clubdesk_server.db import transaction
from clubdesk_server.models import (
    AuditEntry,
    Business,
    Communication,
    Device,
    LeaseRecord,
    Licence,
    Payment,
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


def register_cloud_deleter(deleter: CloudDeleter) -> CloudDeleter:
    """Adds a deleter for cloud data (usable as a decorator); registering twice is harmless."""
    if deleter not in CLOUD_DATA_DELETERS:
        CLOUD_DATA_DELETERS.append(deleter)
    return deleter


def delete_cloud_data(session: Session, licence: Licence, now: datetime) -> int:
    """The hook issue 6 fills: runs every registered cloud deleter for ``licence``."""
    return sum(deleter(session, licence, now) for deleter in CLOUD_DATA_DELETERS)


def deletion_date(licence: Licence, tz: str) -> date:
    """The Tehran day on which an unrenewed licence's data is deleted."""
    return local_date(licence.paid_until, tz) + timedelta(days=DELETE_AFTER_DAYS)


def _has_undeleted_period(licence: Licence) -> bool:
    """Data not yet deleted, or renewed since it was (a new period's data to delete)."""
    return licence.data_deleted_at is None or licence.data_deleted_at < licence.paid_until


def due_for_deletion(licence: Licence, today: date, tz: str) -> bool:
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


# -- the warning ------------------------------------------------------------------------------


def queue_deletion_warnings(
    sessions: sessionmaker[Session], settings: Settings, now: datetime
) -> int:
    """Queue the SMS for licences whose data will be deleted in exactly 7 Tehran days."""
    tz = settings.timezone
    today = local_date(now, tz)
    queued = 0
    with transaction(sessions) as session:
        ids = _candidates(session, now, DELETE_AFTER_DAYS - WARN_DAYS_BEFORE)
        licences = session.scalars(
            select(Licence).options(joinedload(Licence.business)).where(Licence.id.in_(ids))
        ).all()
        for licence in licences:
            when = deletion_date(licence, tz)
            if (when - today).days != WARN_DAYS_BEFORE or not licence.business.mobile:
                continue
            if licence.data_hold or not _has_undeleted_period(licence):
                continue
            if licence.status == "revoked":  # no "renew to keep it" for a revoked licence
                continue
            until = local_date(licence.paid_until, tz)
            name = licence.business.name
            text = (
                f"ClubDesk: اشتراک «{name}» تمدید نشده است. اطلاعات آن در سرور در {jalali(when)} "
                f"({WARN_DAYS_BEFORE} روز دیگر) حذف می‌شود. برای نگه داشتن آن، تمدید کنید."
            )
            row = enqueue(
                session,
                key=f"deletion_warning:{licence.public_id}:{until.isoformat()}",
                kind="deletion_warning",
                licence=licence,
                recipient=licence.business.mobile,
                template="deletion_warning",
                text=text,
                tokens={
                    "token": jalali(when),
                    "token2": str(WARN_DAYS_BEFORE),
                    "token10": name_token(name),
                },
                now=now,
            )
            if row is not None:
                queued += 1
                log.info("queued deletion warning for licence %s", licence.public_id)
    return queued


# -- the deletion -----------------------------------------------------------------------------


@dataclass
class Deleted:
    """What one licence's deletion removed, for the audit entry and the job's report."""

    licence: str  # public id
    devices: int = 0
    leases: int = 0
    sms_scrubbed: int = 0
    tickets: int = 0
    ticket_messages: int = 0
    communications: int = 0
    contact_blanked: bool = False
    cloud_items: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DeletionReport:
    deleted: list[Deleted] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"deleted": [d.to_json() for d in self.deleted]}


def _count(result: Any) -> int:
    return int(result.rowcount or 0)


def _delete_licence_rows(session: Session, licence: Licence, out: Deleted) -> None:
    device_ids = select(Device.id).where(Device.licence_id == licence.id).scalar_subquery()
    session.execute(
        update(AuditEntry).where(AuditEntry.device_id.in_(device_ids)).values(device_id=None)
    )
    session.execute(update(Payment).where(Payment.device_id.in_(device_ids)).values(device_id=None))
    session.execute(update(Ticket).where(Ticket.device_id.in_(device_ids)).values(device_id=None))
    out.leases = _count(
        session.execute(delete(LeaseRecord).where(LeaseRecord.licence_id == licence.id))
    )
    out.devices = _count(session.execute(delete(Device).where(Device.licence_id == licence.id)))
    out.sms_scrubbed = _count(
        session.execute(
            update(SmsMessage)
            .where(SmsMessage.licence_id == licence.id)
            .values(recipient=None, text=None, tokens={})
        )
    )


def _delete_business_rows(session: Session, business: Business, out: Deleted) -> None:
    ticket_ids = select(Ticket.id).where(Ticket.business_id == business.id).scalar_subquery()
    out.communications = _count(
        session.execute(delete(Communication).where(Communication.business_id == business.id))
    )
    session.execute(
        update(Communication).where(Communication.ticket_id.in_(ticket_ids)).values(ticket_id=None)
    )
    out.ticket_messages = _count(
        session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ticket_ids)))
    )
    out.tickets = _count(session.execute(delete(Ticket).where(Ticket.business_id == business.id)))
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
    """Delete the data of every licence due today; each licence in its own transaction."""
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
            paid_until = licence.paid_until
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
