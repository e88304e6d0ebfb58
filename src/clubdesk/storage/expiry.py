"""Lots that expire: the part of a lot still unspent at its expiry moment is taken by an
expire entry dated at that moment, allocated to the lot (so it never takes points a redeem
already used).

Expire entries are derived data, not events: every till computes them from the lots and the
redeems it has, with an id derived from the lot's id, and they are never sent by sync. When a
redeem made on another till before the expiry arrives later, ``refresh`` recomputes the
lot's expiry, so every till ends with the same balance.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from clubdesk.core.ids import derived_id
from clubdesk.core.points import LedgerKind
from clubdesk.storage.ledger import CREDIT, LOT_KINDS, _used
from clubdesk.storage.models import LedgerEntry, LotAllocation, Member

EXPIRE = LedgerKind.EXPIRE.value
BATCH = 2_000
SYSTEM_ACTOR = "clubdesk"


def _due_lots(now: datetime) -> Any:
    remaining = LedgerEntry.points - _used(LedgerEntry)
    return select(
        LedgerEntry.id,
        LedgerEntry.public_id,
        LedgerEntry.member_id,
        LedgerEntry.unit,
        LedgerEntry.expires_at,
        remaining.label("remaining"),
    ).where(
        LedgerEntry.expires_at.is_not(None),
        LedgerEntry.expires_at <= now,
        LedgerEntry.kind.in_(LOT_KINDS),
        LedgerEntry.points > 0,
        remaining > 0,
    )


def _expire(session: Session, lots: Iterable[Any]) -> int:
    """An expire entry per lot for its remainder; the members' caches follow."""
    lots = list(lots)
    entries, changes = [], {}
    for lot in lots:
        entries.append(
            {
                "public_id": derived_id(lot.public_id, EXPIRE),
                "member_id": lot.member_id,
                "kind": EXPIRE,
                "points": -lot.remaining,
                "unit": lot.unit,
                "note": "",
                "created_at": lot.expires_at,
                "created_by": SYSTEM_ACTOR,
            }
        )
        key = (lot.member_id, lot.unit)
        changes[key] = changes.get(key, 0) + lot.remaining
    if not entries:
        return 0
    lot_ids = {e["public_id"]: lot.id for e, lot in zip(entries, lots, strict=True)}
    session.execute(insert(LedgerEntry.__table__), entries)
    ids = dict(
        session.execute(
            select(LedgerEntry.public_id, LedgerEntry.id).where(
                LedgerEntry.public_id.in_(list(lot_ids))
            )
        ).all()
    )
    session.execute(
        insert(LotAllocation.__table__),
        [
            {
                "entry_id": ids[e["public_id"]],
                "lot_id": lot_ids[e["public_id"]],
                "points": -e["points"],
            }
            for e in entries
        ],
    )
    for (member_id, unit), amount in changes.items():
        column = Member.credit if unit == CREDIT else Member.points
        session.execute(
            update(Member).where(Member.id == member_id).values({column: column - amount})
        )
    return len(entries)


def expire_member(session: Session, member_id: int, now: datetime) -> int:
    """Expire this member's due lots (before a sale or redeem reads the balance)."""
    lots = list(session.execute(_due_lots(now).where(LedgerEntry.member_id == member_id)))
    return _expire(session, lots)


def due_lot_ids(session: Session, now: datetime, since: datetime | None) -> list[int]:
    """Ids of the lots due in (since, now] with something left (the expiry index finds
    them). Lots synced in later with an older expiry are caught per member."""
    stmt = select(_due_lots(now).subquery().c.id)
    if since is not None:
        stmt = select(_due_lots(now).where(LedgerEntry.expires_at > since).subquery().c.id)
    return list(session.scalars(stmt))


def expire_lots(session: Session, now: datetime, lot_ids: list[int]) -> int:
    """Expire these lots with what is left of them now (re-read in this write transaction:
    a redeem since the ids were read is respected)."""
    return _expire(
        session, list(session.execute(_due_lots(now).where(LedgerEntry.id.in_(lot_ids))))
    )


def refresh(session: Session, lot_ids: Iterable[int]) -> set[int]:
    """Recompute the expiry of these lots after an allocation arrived from another till:
    the expire entry takes exactly what no redeem took. Returns the members changed."""
    changed: set[int] = set()
    for lot_id in set(lot_ids):
        lot = session.execute(
            select(LedgerEntry.public_id, LedgerEntry.member_id, LedgerEntry.unit).where(
                LedgerEntry.id == lot_id, LedgerEntry.expires_at.is_not(None)
            )
        ).one_or_none()
        if lot is None:
            continue
        expiry_id = session.scalar(
            select(LedgerEntry.id).where(LedgerEntry.public_id == derived_id(lot.public_id, EXPIRE))
        )
        if expiry_id is None:
            continue
        taken = -session.scalar(select(LedgerEntry.points).where(LedgerEntry.id == expiry_id))
        used_by_others = session.scalar(
            select(func.coalesce(func.sum(LotAllocation.points), 0)).where(
                LotAllocation.lot_id == lot_id, LotAllocation.entry_id != expiry_id
            )
        )
        lot_points = session.scalar(select(LedgerEntry.points).where(LedgerEntry.id == lot_id))
        should = max(0, lot_points - used_by_others)
        if should == taken:
            continue
        column = Member.credit if lot.unit == CREDIT else Member.points
        session.execute(
            update(Member)
            .where(Member.id == lot.member_id)
            .values({column: column + taken - should})
        )
        if should == 0:
            session.execute(delete(LotAllocation).where(LotAllocation.entry_id == expiry_id))
            session.execute(delete(LedgerEntry).where(LedgerEntry.id == expiry_id))
        else:
            session.execute(
                update(LedgerEntry).where(LedgerEntry.id == expiry_id).values(points=-should)
            )
            session.execute(
                update(LotAllocation)
                .where(LotAllocation.entry_id == expiry_id)
                .values(points=should)
            )
        changed.add(lot.member_id)
    return changed
