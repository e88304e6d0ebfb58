"""Member rows: lookups and searches that each map to an index range, never a table scan."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session

from clubdesk.core.errors import MemberNotFound
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import new_public_id
from clubdesk.core.members import Gender, MemberDraft, MemberView
from clubdesk.core.names import search_keys
from clubdesk.core.phone import COUNTRY_CODE, national_digits
from clubdesk.core.search import QueryKind, SearchQuery
from clubdesk.storage.models import Member

_TOP = "\U0010ffff"  # sorts after every character: prefix P spans [P, P + _TOP)


class SortKey(StrEnum):
    NAME = "name"
    PHONE = "phone"
    POINTS = "points"
    LAST_VISIT = "last_visit"
    CREATED = "created"


_SORT_COLUMNS = {
    SortKey.NAME: Member.name_key,
    SortKey.PHONE: Member.phone,
    SortKey.POINTS: Member.points,
    SortKey.LAST_VISIT: Member.last_visit_at,
    SortKey.CREATED: Member.id,
}


def to_view(row: Member) -> MemberView:
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
    )


def phone_rev(e164: str) -> str:
    return national_digits(e164)[::-1]


def by_phone(session: Session, e164: str) -> Member | None:
    return session.scalars(select(Member).where(Member.phone == e164)).one_or_none()


def by_public_id(session: Session, public_id: str) -> Member:
    row = session.scalars(select(Member).where(Member.public_id == public_id)).one_or_none()
    if row is None:
        raise MemberNotFound(
            QT_TRANSLATE_NOOP("errors", "This member is no longer on this device."),
            QT_TRANSLATE_NOOP("errors", "Search for the member again."),
        )
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


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    return (column >= prefix) & (column < prefix + _TOP)


def conditions(query: SearchQuery) -> list[ColumnElement[bool]]:
    """Index-range conditions for a query, best kind first."""
    if query.exact_phone:
        return [Member.phone == query.exact_phone]
    if query.kind is QueryKind.NAME and query.name_key:
        return [
            _prefix(Member.name_key, query.name_key),
            _prefix(Member.name_key_rev, query.name_key),
        ]
    found: list[ColumnElement[bool]] = []
    if query.national_prefix:
        found.append(_prefix(Member.phone, f"+{COUNTRY_CODE}{query.national_prefix}"))
    if query.suffix:
        found.append(_prefix(Member.phone_rev, query.suffix[::-1]))
    return found


def search(session: Session, query: SearchQuery, limit: int) -> list[Member]:
    """What the counter shows: each condition read in its own index order, merged, best first."""
    results: dict[int, Member] = {}
    for condition in conditions(query):
        if len(results) >= limit:
            break
        rows = session.scalars(select(Member).where(condition).limit(limit))
        for row in rows:
            results.setdefault(row.id, row)
    return list(results.values())[:limit]


def listing(query: SearchQuery, sort: SortKey, descending: bool) -> Select[tuple[Member]]:
    """The members list: all members, or those matching a search, in a stable order."""
    stmt = select(Member)
    if query.kind is not QueryKind.EMPTY:
        found = conditions(query)
        stmt = stmt.where(or_(*found) if found else false())
    column = _SORT_COLUMNS[sort]
    order = [column.desc(), Member.id.desc()] if descending else [column.asc(), Member.id.asc()]
    return stmt.order_by(*order)


def count(session: Session, query: SearchQuery) -> int:
    stmt = listing(query, SortKey.CREATED, False).order_by(None)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
