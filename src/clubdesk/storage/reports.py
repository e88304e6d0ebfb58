"""The report's sums in SQL: one indexed range query per Jalali month and table.

A query per month (rather than one grouped by a CASE over the boundaries) uses the
``created_at`` covering indexes as plain ranges, lets a long report show progress and stop on
Cancel between months, and measured three times faster: a fiscal year's ledger sums over ten
million rows took 1.7 s per month-query against 4.9 s with the CASE (bench/loyalty.py shop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from clubdesk.core.club import DEFAULT_POINT_VALUE, REWARDS_KEY
from clubdesk.core.points import LedgerKind
from clubdesk.core.reports import (
    TOP_CUSTOMERS,
    Figures,
    LevelShare,
    Liability,
    MonthBucket,
    MonthRow,
    TopCustomer,
)
from clubdesk.storage import settings
from clubdesk.storage.ledger import CREDIT, POINTS
from clubdesk.storage.models import LedgerEntry, Member, Purchase

POINT_VALUE_KEY = "programme.point_value"


def has_purchases(session: Session) -> bool:
    return session.execute(select(Purchase.id).limit(1)).first() is not None


def month_rows(
    session: Session,
    buckets: list[MonthBucket],
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[MonthRow]:
    """Each month's figures; ``progress`` (which may raise Cancelled) runs after each."""
    for done, bucket in enumerate(buckets, start=1):
        yield MonthRow(bucket, figures(session, bucket.start_utc, bucket.end_utc))
        if progress is not None:
            progress(done, len(buckets))


def figures(session: Session, start: datetime, end: datetime) -> Figures:
    """Sums over ``start <= created_at < end`` (UTC)."""
    sales = _sales(session, start, end)
    return Figures(
        new_members=_new_members(session, start, end),
        visits=sales[0],
        sales=sales[1],
        discounts=sales[2],
        **_ledger(session, start, end),
    )


def _new_members(session: Session, start: datetime, end: datetime) -> int:
    query = select(func.count()).where(Member.created_at >= start, Member.created_at < end)
    return int(session.execute(query).scalar_one())


def _sales(session: Session, start: datetime, end: datetime) -> tuple[int, int, int]:
    """Visits (sales minus reversals), tomans invoiced and tomans discounted."""
    visit = case((Purchase.reverses_id.is_(None), 1), else_=-1)
    query = select(
        func.coalesce(func.sum(visit), 0),
        func.coalesce(func.sum(Purchase.amount), 0),
        func.coalesce(func.sum(Purchase.discount), 0),
    ).where(Purchase.created_at >= start, Purchase.created_at < end)
    visits, amount, discount = session.execute(query).one()
    return int(visits), int(amount), int(discount)


def _sum_where(*conditions: Any) -> Any:
    return func.coalesce(func.sum(case((and_(*conditions), LedgerEntry.points), else_=0)), 0)


def _ledger(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """Points and credit moved, by kind, in one pass over the covering index (a GROUP BY
    would sort every row of the month first: three times slower at ten million rows)."""
    points, credit = LedgerEntry.unit == POINTS, LedgerEntry.unit == CREDIT
    kind, plus = LedgerEntry.kind, LedgerEntry.points > 0
    given = kind.in_((LedgerKind.EARN.value, LedgerKind.ADJUST.value))
    taken = kind.in_((LedgerKind.REDEEM.value, LedgerKind.EXPIRE.value))
    columns = {
        "points_issued": _sum_where(points, given, plus),
        "points_redeemed": -_sum_where(points, kind == LedgerKind.REDEEM.value),
        "points_expired": -_sum_where(points, kind == LedgerKind.EXPIRE.value),
        "points_reversed": -_sum_where(points, kind == LedgerKind.REVERSE.value),
        "credit_issued": _sum_where(credit, given, plus),
        "credit_used": -_sum_where(credit, taken, LedgerEntry.points < 0),
    }
    query = select(*columns.values()).where(
        LedgerEntry.created_at >= start, LedgerEntry.created_at < end
    )
    row = session.execute(query).one()
    return {name: int(value) for name, value in zip(columns, row, strict=True)}


def point_value(session: Session) -> int:
    """Tomans a point is worth: the owner's setting, else the rewards catalogue's, else 1,000."""
    value = settings.get(session, POINT_VALUE_KEY)
    if value is None:
        catalogue = settings.get(session, REWARDS_KEY)
        if isinstance(catalogue, dict):
            value = catalogue.get("point_value")
    try:
        return max(0, int(value)) if value is not None else DEFAULT_POINT_VALUE
    except (TypeError, ValueError):
        return DEFAULT_POINT_VALUE


def liability(session: Session) -> Liability:
    query = select(
        func.coalesce(func.sum(Member.points), 0), func.coalesce(func.sum(Member.credit), 0)
    )
    points, credit = session.execute(query).one()
    return Liability(int(points), point_value(session), int(credit))


def top_customers(
    session: Session, start: datetime, end: datetime, limit: int = TOP_CUSTOMERS
) -> list[TopCustomer]:
    """Members who spent most in the range, net of reversals."""
    visit = case((Purchase.reverses_id.is_(None), 1), else_=-1)
    spent = func.sum(Purchase.amount).label("spent")
    ranked = (
        select(
            Purchase.member_id,
            spent,
            func.sum(visit).label("visits"),
            func.sum(Purchase.points_earned).label("points"),
        )
        .where(Purchase.created_at >= start, Purchase.created_at < end)
        .group_by(Purchase.member_id)
        .having(spent > 0)
        .order_by(spent.desc(), Purchase.member_id)
        .limit(limit)
        .subquery()
    )
    query = (
        select(Member, ranked.c.spent, ranked.c.visits, ranked.c.points)
        .join(ranked, ranked.c.member_id == Member.id)
        .order_by(ranked.c.spent.desc(), Member.id)
    )
    return [_top(row) for row in session.execute(query)]


def _top(row: Any) -> TopCustomer:
    member, spent, visits, points = row
    name = f"{member.first_name} {member.last_name}".strip()
    return TopCustomer(member.public_id, name, member.phone, int(spent), int(visits), int(points))


def levels(session: Session) -> list[LevelShare]:
    """Members (not archived) per level, largest first; "" is no level."""
    count = func.count().label("members")
    query = (
        select(Member.level, count)
        .where(Member.archived_at.is_(None))
        .group_by(Member.level)
        .order_by(count.desc(), Member.level)
    )
    return [LevelShare(level or "", int(members)) for level, members in session.execute(query)]
