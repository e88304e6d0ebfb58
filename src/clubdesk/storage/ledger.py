"""Purchases and the points ledger. Rows are only ever added; balances are sums.

The member row's ``points``/``visits``/``total_spent``/``last_visit_at`` are caches, changed
by increments in the same transaction, and ``derived_stats`` recomputes them from the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Select, case, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from clubdesk.core.errors import InsufficientCredit, InsufficientPoints, PurchaseNotFound
from clubdesk.core.ids import new_public_id
from clubdesk.core.members import PurchaseView
from clubdesk.core.points import LedgerKind, Lot, PointsRule, allocate_fifo
from clubdesk.core.programme import Earning, EarningRules, as_rules
from clubdesk.storage.models import LedgerEntry, LotAllocation, Member, Purchase, UTCDateTime

LOT_KINDS = (LedgerKind.EARN.value, LedgerKind.ADJUST.value, LedgerKind.REVERSE.value)
POINTS, CREDIT = "points", "credit"  # ledger.unit


def to_view(row: Purchase, reversed_: bool = False, reverses: str | None = None) -> PurchaseView:
    return PurchaseView(
        id=row.public_id,
        amount=row.amount,
        points_earned=row.points_earned,
        created_at=row.created_at,
        created_by=row.created_by,
        discount=row.discount,
        reverses=reverses,
        reversed=reversed_,
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
    *,
    discount: int = 0,
    level_multiplier: Decimal = Decimal(1),
    expires_at: datetime | None = None,
) -> tuple[PurchaseView, Row[Any], Earning, int]:
    """The purchase, its earning lot and the member's new figures, in Core statements since
    this runs at every sale. Points are earned on the part paid in money (``amount`` less
    ``discount``), under the rules at ``now`` (happy hours are Tehran time) and the member's
    level. Returns the purchase, the member row after the update, the breakdown and the
    purchase's row id (for entries linked to it)."""
    earning = as_rules(rule).points_for(amount - discount, now, level_multiplier)
    points = earning.total
    purchase = PurchaseView(
        id=new_public_id(),
        amount=amount,
        points_earned=points,
        created_at=now,
        created_by=actor,
        discount=discount,
    )
    purchase_id = session.execute(
        insert(Purchase.__table__).values(
            public_id=purchase.id,
            member_id=member_id,
            amount=amount,
            points_earned=points,
            created_at=now,
            created_by=actor,
            discount=discount,
        )
    ).inserted_primary_key[0]
    if points:
        earning_row = _entry(
            member_id,
            LedgerKind.EARN,
            points,
            actor,
            now,
            purchase_id=purchase_id,
            expires_at=expires_at,
        )
        _add_entry(session, earning_row)
    member = _change_member(
        session,
        member_id,
        points=Member.points + points,
        visits=Member.visits + 1,
        total_spent=Member.total_spent + amount,
        last_visit_at=_latest(Member.last_visit_at, now),
        updated_at=now,
    )
    return purchase, member, earning, purchase_id


def purchase_by_public_id(session: Session, public_id: str) -> Purchase:
    found = session.scalars(select(Purchase).where(Purchase.public_id == public_id)).first()
    if found is None:
        raise PurchaseNotFound(entered=public_id)
    return found


def reversal_of(session: Session, purchase_id: int) -> int | None:
    return session.scalar(select(Purchase.id).where(Purchase.reverses_id == purchase_id))


def insert_reversal(
    session: Session, sale: Purchase, actor: str, now: datetime
) -> tuple[PurchaseView, int]:
    """The reversal row (negated figures, linked to the sale) and the member's visit and
    spend taken back. Returns its view and row id."""
    view = PurchaseView(
        id=new_public_id(),
        amount=-sale.amount,
        points_earned=-sale.points_earned,
        created_at=now,
        created_by=actor,
        discount=-sale.discount,
        reverses=sale.public_id,
    )
    row_id = session.execute(
        insert(Purchase.__table__).values(
            public_id=view.id,
            member_id=sale.member_id,
            amount=view.amount,
            points_earned=view.points_earned,
            discount=view.discount,
            reverses_id=sale.id,
            created_at=now,
            created_by=actor,
        )
    ).inserted_primary_key[0]
    _change_member(
        session,
        sale.member_id,
        visits=Member.visits - 1,
        total_spent=Member.total_spent - sale.amount,
        updated_at=now,
    )
    return view, row_id


def add_lot(
    session: Session,
    member_id: int,
    amount: int,
    actor: str,
    now: datetime,
    *,
    unit: str = POINTS,
    kind: LedgerKind = LedgerKind.EARN,
    purchase_id: int | None = None,
    expires_at: datetime | None = None,
    available_at: datetime | None = None,
    note: str = "",
    public_id: str | None = None,
) -> tuple[str, Row[Any]]:
    """Points or credit earned (a lot a later redeem or expiry takes from). Returns the
    entry's public id and the member row after the update."""
    values = _entry(
        member_id,
        kind,
        amount,
        actor,
        now,
        unit=unit,
        purchase_id=purchase_id,
        expires_at=expires_at,
        available_at=available_at,
        note=note,
    )
    if public_id is not None:
        values["public_id"] = public_id
    _add_entry(session, values)
    column = _balance(unit)
    member = _change_member(session, member_id, **{column.key: column + amount}, updated_at=now)
    return values["public_id"], member


def award(
    session: Session,
    member_id: int,
    points: int,
    note: str,
    actor: str,
    now: datetime,
    expires_at: datetime | None = None,
) -> tuple[str, Row[Any]]:
    """Points earned without a purchase (the joining bonus): an earn lot like any other, so a
    redeem can use it and a later expiry treats it the same."""
    return add_lot(session, member_id, points, actor, now, note=note, expires_at=expires_at)


def _balance(unit: str) -> Any:
    return Member.credit if unit == CREDIT else Member.points


def _change_member(session: Session, member_id: int, **values: Any) -> Row[Any]:
    table = Member.__table__
    return session.execute(
        update(table).where(table.c.id == member_id).values(**values).returning(*table.c)
    ).one()


def _latest(column: Any, moment: datetime) -> Any:
    """The later of a stored time and ``moment`` (a PC clock set back must not rewind it)."""
    stamp = literal(moment, UTCDateTime())
    return case((column > stamp, column), else_=stamp)


def _used(lot: Any) -> Any:
    """Points already taken from ``lot`` (a correlated sum: uses the allocation index, never
    groups the whole table)."""
    return (
        select(func.coalesce(func.sum(LotAllocation.points), 0))
        .where(LotAllocation.lot_id == lot.id)
        .scalar_subquery()
    )


def open_lots(
    session: Session, member_id: int, now: datetime | None = None, unit: str = POINTS
) -> list[Lot]:
    """Earnings with something left, oldest first; with ``now``, only lots not yet expired
    (and, for credit, already usable)."""
    remaining = LedgerEntry.points - _used(LedgerEntry)
    stmt = select(LedgerEntry.id, remaining).where(
        LedgerEntry.member_id == member_id,
        LedgerEntry.unit == unit,
        LedgerEntry.kind.in_(LOT_KINDS),
        LedgerEntry.points > 0,
        remaining > 0,
    )
    if now is not None:
        stmt = stmt.where(
            or_(LedgerEntry.expires_at.is_(None), LedgerEntry.expires_at > now),
            or_(LedgerEntry.available_at.is_(None), LedgerEntry.available_at <= now),
        )
    return [
        Lot(entry_id, left) for entry_id, left in session.execute(stmt.order_by(LedgerEntry.id))
    ]


def expiring_points(session: Session, now: datetime, until: datetime) -> Select[Any]:
    """(member_id, points, first_expiry) of members whose unspent points expire in
    (now, until]: the "expiring soon" list, its reminder SMS and the SMS segment."""
    remaining = LedgerEntry.points - _used(LedgerEntry)
    return (
        select(
            LedgerEntry.member_id,
            func.sum(remaining).label("points"),
            func.min(LedgerEntry.expires_at).label("first_expiry"),
        )
        .where(
            LedgerEntry.expires_at > now,
            LedgerEntry.expires_at <= until,
            LedgerEntry.unit == POINTS,
            LedgerEntry.kind.in_(LOT_KINDS),
            LedgerEntry.points > 0,
            remaining > 0,
        )
        .group_by(LedgerEntry.member_id)
    )


def redeem(
    session: Session,
    member_id: int,
    amount: int,
    actor: str,
    now: datetime,
    *,
    unit: str = POINTS,
    purchase_id: int | None = None,
    note: str = "",
    kind: LedgerKind = LedgerKind.REDEEM,
) -> tuple[str, Row[Any]]:
    """Spend points (or credit) from the oldest usable lots; raises ``InsufficientPoints``
    (``InsufficientCredit``) and saves nothing. Returns the entry's public id and the member
    row after the update."""
    try:
        taken = allocate_fifo(open_lots(session, member_id, now, unit), amount)
    except InsufficientPoints as error:
        if unit == CREDIT:
            raise InsufficientCredit(**error.params) from None
        raise
    values = _entry(
        member_id, kind, -amount, actor, now, unit=unit, purchase_id=purchase_id, note=note
    )
    entry_id = _add_entry(session, values)
    _allocate(session, entry_id, taken)
    column = _balance(unit)
    member = _change_member(session, member_id, **{column.key: column - amount}, updated_at=now)
    return values["public_id"], member


def _allocate(session: Session, entry_id: int, taken: list[tuple[int, int]]) -> None:
    if taken:
        session.execute(
            insert(LotAllocation.__table__),
            [{"entry_id": entry_id, "lot_id": lot_id, "points": used} for lot_id, used in taken],
        )


def take_back(
    session: Session,
    member_id: int,
    lot_id: int,
    amount: int,
    actor: str,
    now: datetime,
    *,
    unit: str,
    purchase_id: int,
) -> tuple[str | None, int, Row[Any] | None]:
    """A reversal takes an earning back: first what is left of its own lot, then from the
    member's other usable lots, never below zero. Returns the entry's public id (None when
    nothing could be taken), how much was taken and the member row after the update."""
    lots = open_lots(session, member_id, now, unit)
    lots.sort(key=lambda lot: lot.entry_id != lot_id)  # its own lot first, then oldest
    taking = min(amount, sum(lot.remaining for lot in lots))
    if taking <= 0:
        return None, 0, None
    values = _entry(
        member_id, LedgerKind.REVERSE, -taking, actor, now, unit=unit, purchase_id=purchase_id
    )
    entry_id = _add_entry(session, values)
    _allocate(session, entry_id, allocate_fifo(lots, taking))
    column = _balance(unit)
    member = _change_member(session, member_id, **{column.key: column - taking}, updated_at=now)
    return values["public_id"], taking, member


def purchase_entries(session: Session, purchase_id: int) -> list[LedgerEntry]:
    return list(
        session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.purchase_id == purchase_id)
            .order_by(LedgerEntry.id)
        )
    )


def entry_exists(session: Session, public_id: str) -> bool:
    return (
        session.scalar(select(LedgerEntry.id).where(LedgerEntry.public_id == public_id)) is not None
    )


def usable(session: Session, member_id: int, now: datetime, unit: str) -> int:
    """What the member can spend now (credit not yet usable and expired lots excluded)."""
    return sum(lot.remaining for lot in open_lots(session, member_id, now, unit))


def spend_since(session: Session, member_id: int, since: datetime) -> int:
    """Tomans spent since ``since`` (reversals subtract): the level window's spend."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(Purchase.amount), 0)).where(
                Purchase.member_id == member_id, Purchase.created_at > since
            )
        )
        or 0
    )


def recent_purchases(session: Session, member_id: int, limit: int) -> list[PurchaseView]:
    """The newest sales and reversals, each sale marked when it has been reversed."""
    rows = list(
        session.scalars(
            select(Purchase)
            .where(Purchase.member_id == member_id)
            .order_by(Purchase.created_at.desc(), Purchase.id.desc())
            .limit(limit)
        )
    )
    ids = [row.id for row in rows]
    reversed_ids = set(
        session.scalars(select(Purchase.reverses_id).where(Purchase.reverses_id.in_(ids)))
    )
    originals = dict(
        session.execute(
            select(Purchase.id, Purchase.public_id).where(
                Purchase.id.in_([r.reverses_id for r in rows if r.reverses_id is not None])
            )
        ).all()
    )
    return [
        to_view(row, row.id in reversed_ids, originals.get(row.reverses_id or -1)) for row in rows
    ]


@dataclass(frozen=True)
class Stats:
    points: int
    visits: int
    total_spent: int
    last_visit_at: datetime | None
    credit: int = 0


def derived_stats(session: Session, member_id: int) -> Stats:
    """The member's figures recomputed from the ledger and purchases (the source of truth)."""
    sums = dict(
        session.execute(
            select(LedgerEntry.unit, func.coalesce(func.sum(LedgerEntry.points), 0))
            .where(LedgerEntry.member_id == member_id)
            .group_by(LedgerEntry.unit)
        ).all()
    )
    reversal = Purchase.reverses_id.is_not(None)
    visits, spent, last = session.execute(
        select(
            func.count(Purchase.id) - 2 * func.count(Purchase.reverses_id),
            func.coalesce(func.sum(Purchase.amount), 0),
            func.max(case((reversal, None), else_=Purchase.created_at)),
        ).where(Purchase.member_id == member_id)
    ).one()
    return Stats(int(sums.get(POINTS, 0)), int(visits), int(spent), last, int(sums.get(CREDIT, 0)))
