"""Member rows: lookups and searches that each map to an index range, never a table scan."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, false, func, or_, select, update
from sqlalchemy.orm import Session

from clubdesk.core.errors import MemberNotFound
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import new_public_id
from clubdesk.core.members import Gender, MemberDraft, MemberHit, MemberView, SortKey
from clubdesk.core.names import search_keys
from clubdesk.core.phone import COUNTRY_CODE, national_digits
from clubdesk.core.search import QueryKind, SearchQuery
from clubdesk.storage.models import Member, MemberAlias

_TOP = "\U0010ffff"  # sorts after every character: prefix P spans [P, P + _TOP)


_SORT_COLUMNS = {
    SortKey.NAME: Member.name_key,
    SortKey.PHONE: Member.phone,
    SortKey.POINTS: Member.points,
    SortKey.LAST_VISIT: Member.last_visit_at,
    SortKey.CREATED: Member.id,
}


def to_view(row: Member | Row[Any]) -> MemberView:
    """From an ORM object or a Core row of the members table (same attribute names)."""
    return MemberView(
        id=row.public_id,
        phone=row.phone,
        first_name=row.first_name,
        last_name=row.last_name,
        points=row.points,
        visits=row.visits,
        total_spent=row.total_spent,
        last_visit_at=row.last_visit_at,
        archived=row.archived_at is not None,
        birthday=row.birthday,
        gender=Gender(row.gender),
        note=row.note,
        sms_consent=row.sms_consent,
        sms_consent_at=row.sms_consent_at,
        created_at=row.created_at,
        created_by=row.created_by,
        level=row.level,
        credit=row.credit,
        anniversary=row.anniversary,
        referred_by=row.referred_by,
    )


def phone_rev(e164: str) -> str:
    return national_digits(e164)[::-1]


def by_phone(session: Session, e164: str) -> Member | None:
    return session.scalars(select(Member).where(Member.phone == e164)).one_or_none()


def current_id(session: Session, public_id: str) -> str:
    """The id a member is known by now: a sync merge may have made ``public_id`` an alias."""
    seen = {public_id}
    while True:
        into = session.scalar(select(MemberAlias.into).where(MemberAlias.alias == public_id))
        if into is None or into in seen:
            return public_id
        seen.add(into)
        public_id = into


def locate(session: Session, public_id: str) -> Row[Any]:
    """(id, archived_at, public_id, level, referred_by, visits) of a member, for writes that
    need no ORM object (the sale path). An id merged into another by sync finds the member it
    became."""
    stmt = select(
        Member.id,
        Member.archived_at,
        Member.public_id,
        Member.level,
        Member.referred_by,
        Member.visits,
    )
    row = session.execute(stmt.where(Member.public_id == public_id)).one_or_none()
    if row is None:
        merged = current_id(session, public_id)
        if merged != public_id:
            row = session.execute(stmt.where(Member.public_id == merged)).one_or_none()
    if row is None:
        raise _not_found()
    return row


def _not_found() -> MemberNotFound:
    return MemberNotFound(
        QT_TRANSLATE_NOOP("errors", "This member is no longer on this device."),
        QT_TRANSLATE_NOOP("errors", "Search for the member again."),
    )


def by_public_id(session: Session, public_id: str) -> Member:
    row = session.scalars(select(Member).where(Member.public_id == public_id)).one_or_none()
    if row is None:
        merged = current_id(session, public_id)
        if merged != public_id:
            row = session.scalars(select(Member).where(Member.public_id == merged)).one_or_none()
    if row is None:
        raise _not_found()
    return row


def row_values(
    draft: MemberDraft, now: datetime, previous_consent_at: datetime | None = None
) -> dict[str, Any]:
    """Column values for a validated draft, with the derived search keys."""
    name_key, name_key_rev = search_keys(draft.first_name, draft.last_name)
    consent_at = (previous_consent_at or now) if draft.sms_consent else None
    return {
        "phone": draft.phone,
        "phone_rev": phone_rev(draft.phone),
        "first_name": draft.first_name,
        "last_name": draft.last_name,
        "name_key": name_key,
        "name_key_rev": name_key_rev,
        "birthday": draft.birthday,
        "gender": str(draft.gender),
        "note": draft.note,
        "sms_consent": draft.sms_consent,
        "sms_consent_at": consent_at,
        "anniversary": draft.anniversary,
        "updated_at": now,
    }


def insert(session: Session, draft: MemberDraft, actor: str, now: datetime) -> Member:
    row = Member(
        public_id=new_public_id(),
        created_at=now,
        created_by=actor,
        points=0,
        visits=0,
        total_spent=0,
        **row_values(draft, now),
    )
    session.add(row)
    session.flush()
    return row


def ranges(query: SearchQuery) -> list[tuple[str, str, str]]:
    """Index ranges for a query as (column, low, high), best kind first; ``low == high`` is an
    exact match. Plain data, so the hot path can bind it into prepared statements."""
    if query.exact_phone:
        return [("phone", query.exact_phone, query.exact_phone)]
    if query.card_id:
        return [("public_id", query.card_id, query.card_id)]
    if query.kind is QueryKind.NAME and query.name_key:
        key = query.name_key
        return [("name_key", key, key + _TOP), ("name_key_rev", key, key + _TOP)]
    found: list[tuple[str, str, str]] = []
    if query.national_prefix:
        start = f"+{COUNTRY_CODE}{query.national_prefix}"
        found.append(("phone", start, start + _TOP))
    if query.suffix:
        rev = query.suffix[::-1]
        found.append(("phone_rev", rev, rev + _TOP))
    if query.suffix_first:
        found.reverse()
    return found


def conditions(query: SearchQuery) -> list[ColumnElement[bool]]:
    table = Member.__table__
    return [
        table.c[name] == low if low == high else (table.c[name] >= low) & (table.c[name] < high)
        for name, low, high in ranges(query)
    ]


_HIT_COLUMNS = ("id", "public_id", "phone", "first_name", "last_name", "points", "archived_at")


@cache
def _range_statement(column: str, exact: bool) -> Select[Any]:
    """One prepared statement per indexed column: built once, bound at every keystroke."""
    table = Member.__table__
    col = table.c[column]
    where = (
        col == bindparam("low") if exact else (col >= bindparam("low")) & (col < bindparam("high"))
    )
    return select(*(table.c[name] for name in _HIT_COLUMNS)).where(where).limit(bindparam("limit"))


def to_hit(row: Row[Any]) -> MemberHit:
    return MemberHit(
        id=row.public_id,
        phone=row.phone,
        first_name=row.first_name,
        last_name=row.last_name,
        points=row.points,
        archived=row.archived_at is not None,
    )


def search(session: Session, query: SearchQuery, limit: int) -> list[Row[Any]]:
    """What the counter shows: each range read in its own index order, merged, best first.
    Plain rows of the hit columns, not ORM objects: this runs at every keystroke."""
    results: dict[int, Row[Any]] = {}
    for column, low, high in ranges(query):
        if len(results) >= limit:
            break
        stmt = _range_statement(column, low == high)
        for row in session.execute(stmt, {"low": low, "high": high, "limit": limit}):
            results.setdefault(row.id, row)
    return list(results.values())[:limit]


def listing(query: SearchQuery, sort: SortKey, descending: bool) -> Select[Any]:
    """The members list: all members, or those matching a search, in a stable order."""
    stmt = select(Member.__table__)
    if query.kind is not QueryKind.EMPTY:
        found = conditions(query)
        stmt = stmt.where(or_(*found) if found else false())
    column = _SORT_COLUMNS[sort]
    order = [column.desc(), Member.id.desc()] if descending else [column.asc(), Member.id.asc()]
    return stmt.order_by(*order)


def count(session: Session, query: SearchQuery) -> int:
    stmt = listing(query, SortKey.CREATED, False).order_by(None)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def hit_columns() -> list[Any]:
    """The members columns a search hit needs (``to_hit``), for joins in other queries."""
    table = Member.__table__
    return [table.c[name] for name in _HIT_COLUMNS]


def public_id_of(session: Session, member_id: int) -> str:
    return session.scalars(select(Member.public_id).where(Member.id == member_id)).one()


def level_of(session: Session, member_id: int) -> str:
    return session.scalars(select(Member.level).where(Member.id == member_id)).one()


def set_level(session: Session, member_id: int, level: str) -> None:
    session.execute(update(Member).where(Member.id == member_id).values(level=level))


def levelled(session: Session) -> list[Row[Any]]:
    """(id, public_id, level) of members above the lowest level: the only ones a demotion can
    touch (the lowest is stored as "")."""
    return list(
        session.execute(select(Member.id, Member.public_id, Member.level).where(Member.level != ""))
    )


def find_current(session: Session, public_id: str | None) -> Member | None:
    """The member with this id or the one it was merged into; None when not here."""
    if not public_id:
        return None
    return session.scalars(
        select(Member).where(Member.public_id == current_id(session, public_id))
    ).one_or_none()


def born_on(session: Session, column: str, days: list[date]) -> list[Row[Any]]:
    """(id, public_id) of members whose birthday (or anniversary) is one of ``days``; not
    archived ones."""
    field = Member.birthday if column == "birthday" else Member.anniversary
    return list(
        session.execute(
            select(Member.id, Member.public_id).where(field.in_(days), Member.archived_at.is_(None))
        )
    )
