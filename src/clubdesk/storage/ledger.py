"""Purchases and the points ledger. Rows are only ever added; balances are sums.

The member row's ``points``/``visits``/``total_spent``/``last_visit_at`` are caches, changed
by increments in the same transaction, and ``derived_stats`` recomputes them from the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, case, func, insert, literal, select, update
from sqlalchemy.orm import Session

from clubdesk.core.ids import new_public_id
from clubdesk.core.members import PurchaseView
from clubdesk.core.points import LedgerKind, Lot, PointsRule, allocate_fifo
from clubdesk.core.programme import EarningRules, as_rules
from clubdesk.storage.models import LedgerEntry, LotAllocation, Member, Purchase, UTCDateTime

LOT_KINDS = (LedgerKind.EARN.value, LedgerKind.ADJUST.value)


def to_view(row: Purchase) -> PurchaseView:
    return PurchaseView(
        id=row.public_id,
        amount=row.amount,
        points_earned=row.points_earned,
        created_at=row.created_at,
        created_by=row.created_by,
    )


def _entry(
    member_id: int, kind: LedgerKind, points: int, actor: str, now: datetime, **extra: object
) -> dict[str, Any]:
    return {
        "public_id": new_public_id(),
        "member_id": member_id,
        "kind": kind.value,
        "points": points,
        "created_at": now,
        "created_by": actor,
        "note": "",
        **extra,
    }


def _add_entry(session: Session, values: dict[str, Any]) -> int:
    return session.execute(insert(LedgerEntry.__table__).values(values)).inserted_primary_key[0]


def record_purchase(
    session: Session,
    member_id: int,
    amount: int,
    rule: EarningRules | PointsRule,
    actor: str,
    now: datetime,
) -> tuple[PurchaseView, Row[Any]]:
    """The purchase, its earning and the member's new figures: four statements in Core, since
    this runs at every sale. Returns the purchase and the member row after the update.
    The earning rules apply at ``now`` (happy hours are Tehran time)."""
    points = as_rules(rule).points_for(amount, now).total
    purchase = PurchaseView(
        id=new_public_id(), amount=amount, points_earned=points, created_at=now, created_by=actor
    )
    purchase_id = session.execute(
        insert(Purchase.__table__).values(
            public_id=purchase.id,
            member_id=member_id,
            amount=amount,
            points_earned=points,
            created_at=now,
            created_by=actor,
        )
    ).inserted_primary_key[0]
    if points:
        earning = _entry(member_id, LedgerKind.EARN, points, actor, now, purchase_id=purchase_id)
        _add_entry(session, earning)
    member = _change_member(
        session,
        member_id,
        points=Member.points + points,
        visits=Member.visits + 1,
        total_spent=Member.total_spent + amount,
        last_visit_at=_latest(Member.last_visit_at, now),
        updated_at=now,
    )
    return purchase, member


def award(
    session: Session, member_id: int, points: int, note: str, actor: str, now: datetime
) -> tuple[str, Row[Any]]:
    """Points earned without a purchase (the joining bonus): an earn lot like any other, so a
    redeem can use it and a later expiry treats it the same. Returns the entry's public id and
    the member row after the update."""
    values = _entry(member_id, LedgerKind.EARN, points, actor, now, note=note)
    _add_entry(session, values)
    member = _change_member(session, member_id, points=Member.points + points, updated_at=now)
    return values["public_id"], member


def _change_member(session: Session, member_id: int, **values: Any) -> Row[Any]:
    table = Member.__table__
    return session.execute(
        update(table).where(table.c.id == member_id).values(**values).returning(*table.c)
    ).one()


def _latest(column: Any, moment: datetime) -> Any:
    """The later of a stored time and ``moment`` (a PC clock set back must not rewind it)."""
    stamp = literal(moment, UTCDateTime())
    return case((column > stamp, column), else_=stamp)


def open_lots(session: Session, member_id: int) -> list[Lot]:
    """Earnings with points left, oldest first."""
    used = (
        select(LotAllocation.lot_id, func.sum(LotAllocation.points).label("used"))
        .group_by(LotAllocation.lot_id)
        .subquery()
    )
    remaining = LedgerEntry.points - func.coalesce(used.c.used, 0)
    rows = session.execute(
        select(LedgerEntry.id, remaining)
        .outerjoin(used, used.c.lot_id == LedgerEntry.id)
        .where(
            LedgerEntry.member_id == member_id,
            LedgerEntry.kind.in_(LOT_KINDS),
            LedgerEntry.points > 0,
            remaining > 0,
        )
        .order_by(LedgerEntry.id)
    )
    return [Lot(entry_id, left) for entry_id, left in rows]


def redeem(
    session: Session, member_id: int, points: int, actor: str, now: datetime
) -> tuple[str, Row[Any]]:
    """Spend points from the oldest lots; raises ``InsufficientPoints`` and saves nothing.
    Returns the entry's public id and the member row after the update."""
    taken = allocate_fifo(open_lots(session, member_id), points)
    values = _entry(member_id, LedgerKind.REDEEM, -points, actor, now)
    entry_id = _add_entry(session, values)
    session.execute(
        insert(LotAllocation.__table__),
        [{"entry_id": entry_id, "lot_id": lot_id, "points": used} for lot_id, used in taken],
    )
    member = _change_member(session, member_id, points=Member.points - points, updated_at=now)
    return values["public_id"], member


def recent_purchases(session: Session, member_id: int, limit: int) -> list[Purchase]:
    return list(
        session.scalars(
            select(Purchase)
            .where(Purchase.member_id == member_id)
            .order_by(Purchase.created_at.desc(), Purchase.id.desc())
            .limit(limit)
        )
    )


@dataclass(frozen=True)
class Stats:
    points: int
    visits: int
    total_spent: int
    last_visit_at: datetime | None


def derived_stats(session: Session, member_id: int) -> Stats:
    """The member's figures recomputed from the ledger and purchases (the source of truth)."""
    points = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(
            LedgerEntry.member_id == member_id
        )
    )
    visits, spent, last = session.execute(
        select(
            func.count(Purchase.id),
            func.coalesce(func.sum(Purchase.amount), 0),
            func.max(Purchase.created_at),
        ).where(Purchase.member_id == member_id)
    ).one()
    return Stats(int(points or 0), int(visits), int(spent), last)
