"""Members in and data out in bulk: the SQL side of import and export.

Import writes through the driver connection in batches (as ``bulk`` does for demo data) inside
the caller's one transaction; export reads rows lazily in id order, so a million purchases are
never held at once. Exports carry public ids and phones, never integer row ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from clubdesk.core.dates import TEHRAN, jalali
from clubdesk.core.members import MemberDraft
from clubdesk.storage import bulk

EXPORT_KINDS = ("members", "purchases", "ledger")

_MEMBERS_SQL = (
    "SELECT public_id, phone, first_name, last_name, birthday, gender, note, sms_consent, "
    "points, visits, total_spent, last_visit_at, created_at, archived_at, level, credit, "
    "anniversary, referred_by FROM members ORDER BY id"
)
_PURCHASES_SQL = (
    "SELECT p.public_id, m.public_id, m.phone, p.amount, p.points_earned, p.created_at, "
    "p.created_by, p.discount, r.public_id FROM purchases AS p "
    "JOIN members AS m ON m.id = p.member_id LEFT JOIN purchases AS r ON r.id = p.reverses_id "
    "ORDER BY p.id"
)
_LEDGER_SQL = (
    "SELECT l.public_id, m.public_id, m.phone, l.kind, l.points, p.public_id, l.expires_at, "
    "l.note, l.created_at, l.created_by, l.unit, l.available_at FROM ledger AS l "
    "JOIN members AS m ON m.id = l.member_id "
    "LEFT JOIN purchases AS p ON p.id = l.purchase_id ORDER BY l.id"
)

HEADERS: dict[str, list[str]] = {
    "members": [
        "id", "phone", "first_name", "last_name", "birthday_jalali", "birthday", "gender",
        "note", "sms_consent", "points", "visits", "total_spent", "last_visit_jalali",
        "last_visit_at", "created_jalali", "created_at", "archived", "level", "credit_tomans",
        "anniversary_jalali", "anniversary", "referred_by",
    ],
    "purchases": [
        "id", "member_id", "phone", "amount_tomans", "points_earned", "date_jalali",
        "created_at", "created_by", "discount_tomans", "reverses",
    ],
    "ledger": [
        "id", "member_id", "phone", "kind", "points", "purchase_id", "expires_jalali",
        "expires_at", "note", "date_jalali", "created_at", "created_by", "unit",
        "usable_from",
    ],
}  # fmt: skip


# ----------------------------------------------------------------------------------- import


def existing_phones(session: Session, phones: list[str]) -> set[str]:
    """Which of these E.164 phones are members already (through the unique phone index)."""
    found: set[str] = set()
    conn = session.connection()
    for start in range(0, len(phones), 900):  # below SQLite's bound-parameter limit
        chunk = phones[start : start + 900]
        marks = ",".join("?" * len(chunk))
        rows = conn.exec_driver_sql(
            f"SELECT phone FROM members WHERE phone IN ({marks})", tuple(chunk)
        )
        found.update(phone for (phone,) in rows)
    return found


class MemberWriter:
    """Inserts validated drafts in the caller's transaction; large imports into a small
    table rebuild the secondary indexes once at the end instead of row by row."""

    def __init__(self, session: Session, actor: str, now: datetime, expected: int) -> None:
        self.conn = session.connection()
        self.raw = self.conn.connection.driver_connection
        self.stamp = bulk.sql_time(now)
        self.actor = actor
        self.keys = bulk.cached_keys()
        self.start_id = self._scalar("SELECT coalesce(max(id), 0) FROM members")
        existing = self._scalar("SELECT count(*) FROM members")
        big = expected >= bulk.REBUILD_INDEXES_ABOVE and expected >= existing
        self.indexes = bulk.drop_member_indexes(self.conn) if big else []

    def _scalar(self, sql: str) -> int:
        return int(self.conn.exec_driver_sql(sql).scalar() or 0)

    def add(self, drafts: list[MemberDraft]) -> int:
        rows = [
            bulk.member_row(
                self.keys, d.phone, d.first_name, d.last_name, d.birthday, str(d.gender),
                d.note, d.sms_consent, self.stamp, self.actor,
            )
            for d in drafts
        ]  # fmt: skip
        return bulk.insert_member_rows(self.raw, rows)

    def finish(self) -> list[int]:
        """Rebuild what was dropped; returns the new members' row ids (for the sync log)."""
        bulk.restore_indexes(self.conn, self.indexes)
        rows = self.conn.exec_driver_sql(
            "SELECT id FROM members WHERE id > ? ORDER BY id", (self.start_id,)
        )
        return [row_id for (row_id,) in rows]


# ----------------------------------------------------------------------------------- export


def count(session: Session, kind: str) -> int:
    table = {"members": "members", "purchases": "purchases", "ledger": "ledger"}[kind]
    return int(session.connection().exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)


def _when(text: str | None) -> datetime | None:
    """A stored time (naive UTC text) in Tehran time."""
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(TEHRAN)


@lru_cache(maxsize=4096)
def _jalali_of(iso_day: str) -> str:
    return jalali(datetime.fromisoformat(iso_day).date())


def _times(text: str | None) -> tuple[str, str]:
    """(Jalali day in Tehran, ISO time with the Tehran offset) of a stored time."""
    moment = _when(text)
    if moment is None:
        return "", ""
    return _jalali_of(moment.date().isoformat()), moment.isoformat(timespec="seconds")


def rows(session: Session, kind: str) -> Iterator[list[Any]]:
    """The export's rows, read lazily from one snapshot (the caller's read transaction)."""
    conn = session.connection()
    if kind == "members":
        for r in conn.exec_driver_sql(_MEMBERS_SQL):
            birthday = r[4] or ""
            last_j, last_iso = _times(r[11])
            created_j, created_iso = _times(r[12])
            yield [
                r[0], r[1], r[2], r[3], _jalali_of(birthday) if birthday else "", birthday,
                r[5], r[6], int(bool(r[7])), r[8], r[9], r[10], last_j, last_iso, created_j,
                created_iso, int(r[13] is not None), r[14], r[15],
                _jalali_of(r[16]) if r[16] else "", r[16] or "", r[17] or "",
            ]  # fmt: skip
    elif kind == "purchases":
        for r in conn.exec_driver_sql(_PURCHASES_SQL):
            day, iso = _times(r[5])
            yield [r[0], r[1], r[2], r[3], r[4], day, iso, r[6], r[7], r[8] or ""]
    else:
        for r in conn.exec_driver_sql(_LEDGER_SQL):
            exp_day, exp_iso = _times(r[6])
            day, iso = _times(r[8])
            usable = _times(r[11])[1]
            yield [
                r[0], r[1], r[2], r[3], r[4], r[5] or "", exp_day, exp_iso, r[7], day, iso, r[9],
                r[10], usable,
            ]  # fmt: skip
