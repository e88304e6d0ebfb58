"""SMS queue and segments in SQL.

Statuses of ``sms_messages``: ``queued`` (waiting; ``next_try_at`` after a network error) ->
``sending`` (claimed by a sender, ``next_try_at`` = end of the claim) -> ``sent`` (the provider
accepted it) -> ``delivered`` / ``undelivered`` (the provider's delivery report); ``failed``
(refused for good, e.g. a bad number, or given up after MAX_ATTEMPTS).

A crash between claiming and recording leaves a row ``sending``. Whether the provider got it is
unknowable (Kavenegar has no idempotency key), so once its claim has run out it becomes
``unknown``: shown to the owner in the member's messages, never sent again. A message is sent
at most once; "unknown" is the honest answer for the rare one in doubt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import jdatetime
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from clubdesk.core import sms
from clubdesk.core.dates import TEHRAN, jalali, local
from clubdesk.core.errors import InvalidInput
from clubdesk.core.ids import new_public_id
from clubdesk.storage import ledger, settings
from clubdesk.storage.models import Member, SmsCampaign, SmsMessage

log = logging.getLogger(__name__)

LINE_KEY = "sms.line"
SERVICE_KEY = "sms.service"
QUEUED, SENDING, SENT = "queued", "sending", "sent"
DELIVERED, UNDELIVERED, FAILED, UNKNOWN = "delivered", "undelivered", "failed", "unknown"
STATUSES = (QUEUED, SENDING, SENT, DELIVERED, UNDELIVERED, FAILED, UNKNOWN)
BATCH = 2_000  # recipients read and queued per round
CLAIM = timedelta(minutes=10)  # a claimed row is its sender's for this long
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
DELIVERY_WINDOW = timedelta(hours=48)  # delivery reports are asked for this long
_CACHE = "clubdesk.sms.service"


# ------------------------------------------------------------------------------- segments


def _days_ago(now: datetime, days: int) -> datetime:
    """Tehran midnight ``days`` calendar days before today (business days count in Tehran)."""
    start = datetime.combine(local(now).date() - timedelta(days=days), datetime.min.time())
    return start.replace(tzinfo=TEHRAN)


def _jalali_month(value: Any) -> int | None:
    if value is None:
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return int(jdatetime.date.fromgregorian(date=day).month)
    except ValueError:
        return None


def _register_functions(session: Session) -> None:
    """SQLite has no Jalali calendar: the segment's birthday month is a Python function."""
    raw = session.connection().connection.dbapi_connection
    create = getattr(raw, "create_function", None)
    if create is not None:
        create("jalali_month", 1, _jalali_month, deterministic=True)


def segment_filter(session: Session, segment: sms.Segment, now: datetime) -> list[Any]:
    """WHERE clauses over ``members`` for a marketing segment: consent and not archived always."""
    clauses: list[Any] = [Member.archived_at.is_(None), Member.sms_consent.is_(True)]
    if segment.levels:
        clauses.append(Member.level.in_(segment.levels))
    if segment.visited_within_days is not None:
        clauses.append(Member.last_visit_at >= _days_ago(now, segment.visited_within_days))
    if segment.not_visited_for_days is not None:
        cutoff = _days_ago(now, segment.not_visited_for_days)
        clauses.append(or_(Member.last_visit_at.is_(None), Member.last_visit_at < cutoff))
    if segment.spent_at_least is not None:
        clauses.append(Member.total_spent >= segment.spent_at_least)
    if segment.spent_at_most is not None:
        clauses.append(Member.total_spent <= segment.spent_at_most)
    if segment.birthday_month is not None:
        _register_functions(session)
        clauses.append(func.jalali_month(Member.birthday) == segment.birthday_month)
    if segment.points_expiring_within_days is not None:
        until = now + timedelta(days=segment.points_expiring_within_days)
        expiring = ledger.expiring_points(session, now, until).subquery()
        clauses.append(Member.id.in_(select(expiring.c.member_id)))
    return clauses


@dataclass(frozen=True)
class SegmentSize:
    """What a campaign would cost, counted before anything is queued."""

    recipients: int
    parts_each: int  # of the longest message the segment can produce
    sample: str  # the message as the first recipient would get it

    def parts(self) -> int:
        return self.recipients * self.parts_each


def measure(
    session: Session, template: str, segment: sms.Segment, now: datetime, shop: str
) -> SegmentSize:
    """Count and size a campaign in two aggregate queries (no member list in memory).
    Parts are those of the longest name and figures in the segment: an upper estimate."""
    clauses = segment_filter(session, segment, now)
    name_length = func.length(Member.first_name) + func.length(Member.last_name) + 1
    row = session.execute(
        select(
            func.count(Member.id),
            func.max(name_length),
            func.max(Member.points),
            func.max(Member.credit),
            func.max(func.length(Member.level)),
        ).where(*clauses)
    ).one()
    count, longest_name, points, credit, level_length = row
    if not count:
        return SegmentSize(0, 0, "")
    longest = {
        "name": "م" * int(longest_name or 0),
        "points": points or 0,
        "balance": points or 0,
        "credit": credit or 0,
        "level": "م" * int(level_length or 0),
        "shop": shop,
    }
    first = session.execute(
        select(Member).where(*clauses).order_by(Member.id).limit(1)
    ).scalar_one()
    sample = sms.render(template, member_values(first, shop))
    widest = sms.render(template, longest)
    return SegmentSize(int(count), max(sms.parts(widest), sms.parts(sample)), sample)


def member_values(member: Any, shop: str) -> dict[str, object]:
    """The template variables of one member (campaigns use the member's own figures)."""
    name = f"{member.first_name} {member.last_name}".strip()
    return {
        "name": name,
        "points": member.points,
        "balance": member.points,
        "credit": member.credit,
        "level": member.level,
        "shop": shop,
    }


def recipients(
    session: Session, segment: sms.Segment, now: datetime, batch: int = BATCH
) -> Iterator[list[Any]]:
    """The segment's members in id order, a batch at a time (keyset paging: memory stays flat
    at a million members and the SQLite cursor is never held across inserts)."""
    clauses = segment_filter(session, segment, now)
    columns = (
        Member.id, Member.phone, Member.first_name, Member.last_name, Member.points,
        Member.credit, Member.level,
    )  # fmt: skip
    last = 0
    while True:
        query = select(*columns).where(Member.id > last, *clauses).order_by(Member.id)
        rows = session.execute(query.limit(batch)).all()
        if not rows:
            return
        yield list(rows)
        last = rows[-1].id


# --------------------------------------------------------------------------------- queueing


def create_campaign(
    session: Session,
    name: str,
    template: str,
    segment: sms.Segment,
    shop: str,
    price: int,
    actor: str,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
    public_id: str | None = None,
) -> SmsCampaign:
    """The campaign row and one marketing message per recipient, inside the caller's
    transaction: all of it is queued, or (crash, Cancel) none of it."""
    campaign = SmsCampaign(
        public_id=public_id or new_public_id(), name=name, template=template,
        segment=segment.to_json(), recipients=0, cost=0, created_at=now, created_by=actor,
    )  # fmt: skip
    session.add(campaign)
    session.flush()
    done = parts_total = 0
    fill = sms.compile_template(template)
    created = _bound(session, SmsMessage.__table__.c.created_at, now)
    for rows in recipients(session, segment, now):
        batch = []
        for member in rows:
            text = fill(member_values(member, shop))
            parts_total += sms.parts(text)
            batch.append((new_public_id(), member.id, campaign.id, member.phone, text, created))
        # The driver's executemany: SQLAlchemy's per-row type processing would double the time
        # at a million recipients (created_at is processed once above).
        session.connection().exec_driver_sql(_INSERT_MARKETING, batch)
        done += len(rows)
        if progress is not None:
            progress(done, max(total, done))
    campaign.recipients = done
    campaign.cost = sms.cost(parts_total, price)
    return campaign


_INSERT_MARKETING = (
    "INSERT INTO sms_messages (public_id, member_id, campaign_id, phone, kind, text, status,"
    f" cost, attempts, error, created_at) VALUES (?, ?, ?, ?, '{sms.MARKETING}', ?,"
    f" '{QUEUED}', 0, 0, '', ?)"
)


def _bound(session: Session, column: Any, value: Any) -> Any:
    """``value`` as the database driver takes it for ``column`` (its type's bind processing)."""
    processor = column.type.bind_processor(session.get_bind().dialect)
    return processor(value) if processor is not None else value


def _message(
    member: Any, text: str, kind: str, now: datetime, campaign_id: int | None = None
) -> dict[str, Any]:
    return {
        "public_id": new_public_id(), "member_id": member.id, "campaign_id": campaign_id,
        "phone": member.phone, "kind": kind, "text": text, "status": QUEUED,
        "provider_id": None, "cost": 0, "attempts": 0, "error": "", "next_try_at": None,
        "created_at": now, "sent_at": None,
    }  # fmt: skip


def prime(session: Session, found: Mapping[str, Any]) -> None:
    """Hand over the "sms.service" value a caller read with its other settings (the sale
    reads every rule in one query), so ``queue_service`` reads nothing more."""
    session.info[_CACHE] = found.get(SERVICE_KEY)


def _service_setting(session: Session) -> Any:
    """The stored "sms.service" value, read once per session (a session is one use case or
    one job run, so a change saved meanwhile applies from the next one)."""
    if _CACHE not in session.info:
        session.info[_CACHE] = settings.get(session, SERVICE_KEY)
    return session.info[_CACHE]


def queue_service(
    session: Session, member: Any, event: str, values: Mapping[str, object], now: datetime
) -> None:
    """Queue the service SMS for ``event`` ("purchase", "expiry") in the caller's transaction,
    when the owner switched that event on and the member has a phone. ``member`` is the
    member's row (any object with ``id``; the full row saves a read). Service messages do not
    need marketing consent. With SMS off this is one settings read per session."""
    found = sms.service_template(_service_setting(session), event)
    if found is None:
        return
    if not hasattr(member, "phone"):  # a short row (e.g. members.locate's): read the member
        table = Member.__table__
        member = session.execute(select(table).where(table.c.id == member.id)).one_or_none()
    if member is None or not member.phone or member.archived_at is not None:
        return
    template, shop = found
    merged: dict[str, object] = member_values(member, shop)
    merged.update(values)
    if "points_earned" in values and event == "purchase":
        merged["points"] = values["points_earned"]
    try:
        text = sms.render(template, merged)
    except InvalidInput:  # a template saved before a check existed: never block a sale
        log.warning("service SMS template for %s is not valid; nothing queued", event)
        return
    session.execute(SmsMessage.__table__.insert(), [_message(member, text, sms.SERVICE, now)])


EXPIRY_DAY_KEY = "sms.expiry_reminded_on"  # the Tehran day reminders were last queued


def expiry_reminders_due(session: Session, now: datetime) -> bool:
    """Switched on, and not yet queued this Tehran day (one settings query)."""
    found = settings.get_many(session, (SERVICE_KEY, EXPIRY_DAY_KEY))
    if sms.service_template(found.get(SERVICE_KEY), "expiry") is None:
        return False
    return bool(found.get(EXPIRY_DAY_KEY) != local(now).date().isoformat())


def queue_expiry_reminders(session: Session, now: datetime, notice_days: int) -> int:
    """Once per Tehran day: one "expiry" service SMS to each member whose points expire on
    the day ``notice_days`` ahead (so each expiry is announced once, that many days before).
    A day the job did not run is not made up. Returns how many were queued."""
    if not expiry_reminders_due(session, now):
        return 0
    today = local(now).date().isoformat()
    settings.put(session, EXPIRY_DAY_KEY, today, "sms", now)
    day_end = _days_ago(now, -notice_days - 1)
    expiring = ledger.expiring_points(session, day_end - timedelta(days=1), day_end).subquery()
    rows = session.execute(
        select(Member, expiring.c.points, expiring.c.first_expiry).join(
            expiring, expiring.c.member_id == Member.id
        )
    ).all()
    for member, points, first_expiry in rows:
        expires_on = jalali(local(first_expiry).date())
        queue_service(
            session, member, "expiry", {"points": int(points), "expires_on": expires_on}, now
        )
    return len(rows)


# ---------------------------------------------------------------------------------- sending


def give_up_stale_claims(session: Session, now: datetime) -> int:
    """Rows left ``sending`` past their claim (a crash mid-send) become ``unknown``."""
    result = session.execute(
        update(SmsMessage)
        .where(SmsMessage.status == SENDING, SmsMessage.next_try_at < now)
        .values(status=UNKNOWN, error="interrupted while sending: not sent again")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Claimed:
    id: int
    public_id: str
    phone: str
    text: str
    attempts: int


def claim(session: Session, now: datetime, limit: int) -> list[Claimed]:
    """Due queued rows, marked ``sending`` for CLAIM (run in its own short write transaction)."""
    due = or_(SmsMessage.next_try_at.is_(None), SmsMessage.next_try_at <= now)
    rows = session.execute(
        select(
            SmsMessage.id, SmsMessage.public_id, SmsMessage.phone, SmsMessage.text,
            SmsMessage.attempts,
        )
        .where(SmsMessage.status == QUEUED, due)
        .order_by(SmsMessage.id)
        .limit(limit)
    ).all()  # fmt: skip
    if not rows:
        return []
    ids = [row.id for row in rows]
    session.execute(
        update(SmsMessage)
        .where(SmsMessage.id.in_(ids), SmsMessage.status == QUEUED)
        .values(status=SENDING, next_try_at=now + CLAIM, attempts=SmsMessage.attempts + 1)
    )
    return [Claimed(r.id, r.public_id, r.phone, r.text, r.attempts + 1) for r in rows]


def mark_sent(
    session: Session, message_id: int, provider_id: str, cost: int, now: datetime
) -> None:
    session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == message_id)
        .values(status=SENT, provider_id=provider_id, cost=cost, sent_at=now, error="",
                next_try_at=None)
    )  # fmt: skip


def mark_failed(session: Session, message_id: int, error: str) -> None:
    session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == message_id)
        .values(status=FAILED, error=error[:300], next_try_at=None)
    )


def mark_unknown(session: Session, message_id: int, error: str) -> None:
    session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == message_id)
        .values(status=UNKNOWN, error=error[:300], next_try_at=None)
    )


def retry_later(session: Session, claimed: Claimed, error: str, now: datetime) -> None:
    """A network error: back off; after MAX_ATTEMPTS the message is given up as failed."""
    if claimed.attempts >= MAX_ATTEMPTS:
        mark_failed(session, claimed.id, f"given up after {claimed.attempts} tries: {error}")
        return
    session.execute(
        update(SmsMessage)
        .where(SmsMessage.id == claimed.id)
        .values(status=QUEUED, error=error[:300],
                next_try_at=now + BACKOFF[min(claimed.attempts, len(BACKOFF)) - 1])
    )  # fmt: skip


def release(session: Session, claimed: Sequence[Claimed], error: str) -> None:
    """Claimed rows never handed to the provider (the batch stopped): queued again, due now,
    and the try is not counted."""
    if not claimed:
        return
    session.execute(
        update(SmsMessage)
        .where(SmsMessage.id.in_([c.id for c in claimed]), SmsMessage.status == SENDING)
        .values(status=QUEUED, next_try_at=None, error=error[:300],
                attempts=SmsMessage.attempts - 1)
    )  # fmt: skip


def awaiting_delivery(session: Session, now: datetime, limit: int = 500) -> list[tuple[int, str]]:
    """(id, provider id) of sent messages whose delivery report may still change."""
    rows = session.execute(
        select(SmsMessage.id, SmsMessage.provider_id)
        .where(
            SmsMessage.status == SENT,
            SmsMessage.provider_id.is_not(None),
            SmsMessage.sent_at >= now - DELIVERY_WINDOW,
        )
        .order_by(SmsMessage.id)
        .limit(limit)
    ).all()
    return [(row.id, str(row.provider_id)) for row in rows]


def set_delivery(session: Session, message_id: int, status: str, error: str = "") -> None:
    session.execute(
        update(SmsMessage).where(SmsMessage.id == message_id).values(status=status, error=error)
    )


# ------------------------------------------------------------------------------------ reads


def messages_for(session: Session, member_id: int, limit: int = 100) -> list[SmsMessage]:
    return list(
        session.execute(
            select(SmsMessage)
            .where(SmsMessage.member_id == member_id)
            .order_by(SmsMessage.id.desc())
            .limit(limit)
        ).scalars()
    )


def campaign_counts(session: Session, limit: int = 200) -> list[tuple[SmsCampaign, dict[str, int]]]:
    """Past campaigns, newest first, with their messages counted per status."""
    campaigns = list(
        session.execute(select(SmsCampaign).order_by(SmsCampaign.id.desc()).limit(limit)).scalars()
    )
    if not campaigns:
        return []
    counts: dict[int, dict[str, int]] = {c.id: {} for c in campaigns}
    rows = session.execute(
        select(SmsMessage.campaign_id, SmsMessage.status, func.count())
        .where(SmsMessage.campaign_id.in_(list(counts)))
        .group_by(SmsMessage.campaign_id, SmsMessage.status)
    )
    for campaign_id, status, count in rows:
        counts[campaign_id][status] = int(count)
    return [(c, counts[c.id]) for c in campaigns]


def count_status(session: Session, status: str) -> int:
    """Messages in one status (a range of the (status, next_try_at) index, not a scan)."""
    return int(
        session.scalar(select(func.count()).select_from(SmsMessage).where(
            SmsMessage.status == status
        )) or 0
    )  # fmt: skip


def has_work(session: Session) -> bool:
    """Anything queued or left sending? The minute job's first question (two index probes)."""
    for status in (QUEUED, SENDING):
        if session.scalar(select(SmsMessage.id).where(SmsMessage.status == status).limit(1)):
            return True
    return False


def queue_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(SmsMessage.status, func.count()).group_by(SmsMessage.status))
    return {status: int(count) for status, count in rows}
