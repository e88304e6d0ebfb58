"""This device's changes, written to the outbox in the same transaction as the change itself.

Member edits are stamped when they happen (per-field last writer wins needs the time of the
edit, not of the sync). Purchases and ledger events use their own public id as the change id,
so recording one twice, or a seeding that meets one already recorded, is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session, aliased

from clubdesk.core.hlc import Clock
from clubdesk.core.ids import new_public_id
from clubdesk.core.points import LedgerKind
from clubdesk.storage.ledger import POINTS
from clubdesk.storage.models import (
    LedgerEntry,
    LotAllocation,
    Member,
    MemberClock,
    Purchase,
    SyncOutbox,
)
from clubdesk.sync import state

# Member columns that travel; the search keys and cached figures are derived on each device.
FIELDS = (
    "phone",
    "first_name",
    "last_name",
    "birthday",
    "gender",
    "note",
    "sms_consent",
    "sms_consent_at",
    "archived_at",
    "anniversary",
    "referred_by",
)
DATE_FIELDS = frozenset({"birthday", "anniversary"})
TIME_FIELDS = frozenset({"sms_consent_at", "archived_at"})
SEED_BATCH = 5000


def to_wire(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def from_wire(name: str, value: Any) -> Any:
    """A field's column value from its JSON form (ValueError for a damaged one)."""
    if value is None:
        return None
    if name in DATE_FIELDS:
        return date.fromisoformat(value)
    if name in TIME_FIELDS:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(f"{name}: a time without its zone")
        return moment
    return value


def fields_of(row: Member | Row[Any]) -> dict[str, Any]:
    """The synced fields of a member row, in wire form."""
    return {name: to_wire(getattr(row, name)) for name in FIELDS}


def _add(
    session: Session, change_id: str, stamp: str, kind: str, member: str, data: dict[str, Any]
) -> None:
    session.execute(
        insert(SyncOutbox)
        .values(
            change_id=change_id,
            device=state.device(session),
            hlc=stamp,
            kind=kind,
            member=member,
            data=data,
        )
        .on_conflict_do_nothing(index_elements=["change_id"])
    )


def set_clocks(session: Session, member_id: int, clocks: dict[str, str]) -> None:
    stmt = insert(MemberClock).values(member_id=member_id, clocks=clocks)
    session.execute(
        stmt.on_conflict_do_update(index_elements=["member_id"], set_={"clocks": clocks})
    )


def clocks_of(session: Session, member_id: int) -> dict[str, str]:
    found = session.scalar(select(MemberClock.clocks).where(MemberClock.member_id == member_id))
    return dict(found or {})


def _tick(session: Session) -> str:
    clock = state.clock(session)
    stamp = clock.tick().encode()
    state.save_clock(session, clock)
    return stamp


def member(
    session: Session, row: Member, before: dict[str, Any] | None, actor: str, now: datetime
) -> None:
    """Record the fields of ``row`` that differ from ``before`` (None: a registration)."""
    if not state.enabled(session):
        return
    after = fields_of(row)
    fields = after if before is None else {k: v for k, v in after.items() if before.get(k) != v}
    if not fields:
        return
    stamp = _tick(session)
    data: dict[str, Any] = {"fields": fields, "by": actor, "at": now.isoformat()}
    if before is None:
        data["created"] = {"at": row.created_at.isoformat(), "by": row.created_by}
    _add(session, new_public_id(), stamp, "member", row.public_id, data)
    clocks = clocks_of(session, row.id)
    clocks.update(dict.fromkeys(fields, stamp))
    set_clocks(session, row.id, clocks)


def merge(session: Session, alias: str, into: str, actor: str, now: datetime) -> None:
    """A merge this device decided, so that every device makes the same one."""
    if not state.enabled(session):
        return
    data = {"into": into, "by": actor, "at": now.isoformat()}
    _add(session, new_public_id(), _tick(session), "merge", alias, data)


def purchase_data(
    row: Purchase | Row[Any], earn: LedgerEntry | Row[Any] | None, reverses: str | None = None
) -> dict[str, Any]:
    return {
        "amount": row.amount,
        "points": row.points_earned,
        "discount": row.discount,
        "reverses": reverses,
        "at": row.created_at.isoformat(),
        "by": row.created_by,
        "earn": None
        if earn is None
        else {
            "id": earn.public_id,
            "points": earn.points,
            "expires_at": to_wire(earn.expires_at),
        },
    }


def ledger_data(
    entry: LedgerEntry | Row[Any], purchase: str | None, lots: list[list[Any]]
) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "points": entry.points,
        "unit": entry.unit,
        "available_at": to_wire(entry.available_at),
        "at": entry.created_at.isoformat(),
        "by": entry.created_by,
        "note": entry.note,
        "expires_at": to_wire(entry.expires_at),
        "purchase": purchase,
        "lots": lots,
    }


def purchase(session: Session, purchase_id: str, member_public_id: str) -> None:
    """Record the purchase with this public id (and its earning) as one change."""
    if not state.enabled(session):
        return
    row = session.scalars(select(Purchase).where(Purchase.public_id == purchase_id)).one()
    earn = session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.purchase_id == row.id,
            LedgerEntry.kind == LedgerKind.EARN.value,
            LedgerEntry.unit == POINTS,
        )
    ).first()
    reverses = _purchase_public_id(session, row.reverses_id)
    data = purchase_data(row, earn, reverses)
    _add(session, purchase_id, _tick(session), "purchase", member_public_id, data)


def ledger(session: Session, entry_id: str, member_public_id: str) -> None:
    """Record a ledger event that is not a purchase's earning (redeem, adjust, expire, ...)."""
    if not state.enabled(session):
        return
    entry = session.scalars(select(LedgerEntry).where(LedgerEntry.public_id == entry_id)).one()
    _add(
        session,
        entry_id,
        _tick(session),
        "ledger",
        member_public_id,
        ledger_data(
            entry,
            _purchase_public_id(session, entry.purchase_id),
            _lots(session, [entry.id]).get(entry.id, []),
        ),
    )


def _purchase_public_id(session: Session, purchase_id: int | None) -> str | None:
    if purchase_id is None:
        return None
    return session.scalar(select(Purchase.public_id).where(Purchase.id == purchase_id))


def _lots(session: Session, entry_ids: Iterable[int]) -> dict[int, list[list[Any]]]:
    """{entry id: [[lot public id, points], ...]} for the given entries."""
    lot = aliased(LedgerEntry)
    rows = session.execute(
        select(LotAllocation.entry_id, lot.public_id, LotAllocation.points)
        .join(lot, lot.id == LotAllocation.lot_id)
        .where(LotAllocation.entry_id.in_(list(entry_ids)))
        .order_by(LotAllocation.id)
    )
    found: dict[int, list[list[Any]]] = {}
    for entry_id, lot_id, points in rows:
        found.setdefault(entry_id, []).append([lot_id, points])
    return found


def registered(session: Session, member_ids: list[int]) -> int:
    """Queue registrations of members written in bulk (an import), when sync is on; one
    clock tick each, in id order. Returns how many were queued."""
    if not member_ids or not state.enabled(session):
        return 0
    clock = state.clock(session)
    device = state.device(session)
    queued = 0
    for start in range(0, len(member_ids), SEED_BATCH):
        chunk = member_ids[start : start + SEED_BATCH]
        rows = session.execute(
            select(Member.__table__).where(Member.id.in_(chunk)).order_by(Member.id)
        ).all()
        outbox, clocks = [], []
        for row in rows:
            change, stamps = _registration(row, clock.tick().encode(), device, None)
            outbox.append(change)
            clocks.append({"member_id": row.id, "clocks": stamps})
        session.execute(insert(MemberClock.__table__), clocks)
        queued += _queue(session, outbox)
    state.save_clock(session, clock)
    return queued


def _registration(
    row: Row[Any], stamp: str, device: str, clocks: dict[str, str] | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """A member's registration as an outbox row, and the fields' clocks: its own ``clocks``
    when it has them (sent along, so a resend never outvotes a newer edit), else ``stamp``."""
    fields = fields_of(row)
    data: dict[str, Any] = {
        "fields": fields,
        "by": row.created_by,
        "at": row.updated_at.isoformat(),
        "created": {"at": row.created_at.isoformat(), "by": row.created_by},
    }
    if clocks:
        data["clocks"] = clocks
    change = _outbox_row(new_public_id(), device, stamp, "member", row.public_id, data)
    return change, clocks or dict.fromkeys(fields, stamp)


# ----------------------------------------------------------------------------------- seeding


def _batches(session: Session, stmt: Any) -> Iterator[list[Row[Any]]]:
    rows = session.execute(stmt.execution_options(yield_per=SEED_BATCH))
    while batch := rows.fetchmany(SEED_BATCH):
        yield list(batch)


def seed(
    session: Session,
    clock: Clock,
    device: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Put everything this database holds into the outbox: every member (those logged before
    keep their fields' clocks, sent along, so a resend never outvotes a newer edit elsewhere),
    then every purchase and ledger event (the server keeps each once). Returns how many changes
    were queued."""
    queued = 0
    after = 0
    total = session.scalar(select(func.count()).select_from(Member)) or 0
    while True:  # pages by id: member_clocks is written while these are read
        batch = session.execute(
            select(Member.__table__, MemberClock.clocks)
            .outerjoin(MemberClock, MemberClock.member_id == Member.id)
            .where(Member.id > after)
            .order_by(Member.id)
            .limit(SEED_BATCH)
        ).all()
        if not batch:
            break
        after = batch[-1].id
        outbox, clocks = [], []
        for row in batch:
            change, stamps = _registration(row, clock.tick().encode(), device, row.clocks)
            outbox.append(change)
            if not row.clocks:
                clocks.append({"member_id": row.id, "clocks": stamps})
        if clocks:
            session.execute(insert(MemberClock.__table__), clocks)
        queued += _queue(session, outbox)
        if progress is not None:  # may raise Cancelled: the caller's transaction rolls back
            progress(queued, total)
    queued += _seed_purchases(session, clock, device)
    queued += _seed_ledger(session, clock, device)
    return queued


def _outbox_row(
    change_id: str, device: str, stamp: str, kind: str, member: str, data: dict[str, Any]
) -> dict[str, Any]:
    return {
        "change_id": change_id,
        "device": device,
        "hlc": stamp,
        "kind": kind,
        "member": member,
        "data": data,
    }


def _queue(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    session.execute(
        insert(SyncOutbox.__table__).on_conflict_do_nothing(index_elements=["change_id"]), rows
    )
    return len(rows)


def _seed_purchases(session: Session, clock: Clock, device: str) -> int:
    earn = aliased(LedgerEntry)
    sale = aliased(Purchase)
    stmt = (
        select(Purchase, Member.public_id.label("member"), earn, sale.public_id)
        .join(Member, Member.id == Purchase.member_id)
        .outerjoin(
            earn,
            (earn.purchase_id == Purchase.id)
            & (earn.kind == LedgerKind.EARN.value)
            & (earn.unit == POINTS),
        )
        .outerjoin(sale, sale.id == Purchase.reverses_id)
        .order_by(Purchase.id)
    )
    queued = 0
    for batch in _batches(session, stmt):
        rows = [
            _outbox_row(
                p.public_id, device, clock.tick().encode(), "purchase", m, purchase_data(p, e, r)
            )
            for p, m, e, r in batch
        ]
        queued += _queue(session, rows)
    return queued


def _seed_ledger(session: Session, clock: Clock, device: str) -> int:
    """Every ledger event except purchases' point earnings (those travel with their purchase)
    and expiries (every till derives those itself)."""
    bought = aliased(Purchase)
    stmt = (
        select(LedgerEntry, Member.public_id.label("member"), bought.public_id.label("purchase"))
        .join(Member, Member.id == LedgerEntry.member_id)
        .outerjoin(bought, bought.id == LedgerEntry.purchase_id)
        .where(
            (LedgerEntry.kind != LedgerKind.EARN.value)
            | LedgerEntry.purchase_id.is_(None)
            | (LedgerEntry.unit != POINTS),
            LedgerEntry.kind != LedgerKind.EXPIRE.value,
        )
        .order_by(LedgerEntry.id)
    )
    queued = 0
    for batch in _batches(session, stmt):
        lots = _lots(session, [entry.id for entry, _m, _p in batch])
        rows = [
            _outbox_row(
                entry.public_id,
                device,
                clock.tick().encode(),
                "ledger",
                m,
                ledger_data(entry, p, lots.get(entry.id, [])),
            )
            for entry, m, p in batch
        ]
        queued += _queue(session, rows)
    return queued
