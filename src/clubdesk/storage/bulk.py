"""Loading many members at once (demo data, benchmarks), fast and in one transaction.

Secondary indexes are dropped and rebuilt around a large load (twice as fast as maintaining
them row by row); their definitions are read back from SQLite, so the schema stays Alembic's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache
from itertools import islice
from typing import Any

from clubdesk.core.demo import DemoMember
from clubdesk.core.ids import new_public_id
from clubdesk.core.names import search_keys
from clubdesk.core.phone import national_digits
from clubdesk.storage.database import Database

BATCH = 20_000
REBUILD_INDEXES_ABOVE = 50_000

_INSERT_MEMBER = (
    "INSERT OR IGNORE INTO members (public_id, phone, phone_rev, first_name, last_name, "
    "name_key, name_key_rev, birthday, gender, note, sms_consent, sms_consent_at, archived_at, "
    "created_at, created_by, updated_at, points, visits, total_spent, last_visit_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0, 0, 0, NULL)"
)


def member_row(
    keys: Callable[[str, str], tuple[str, str]],
    phone: str,
    first_name: str,
    last_name: str,
    birthday: date | None,
    gender: str,
    note: str,
    sms_consent: bool,
    stamp: str,
    actor: str,
) -> tuple[Any, ...]:
    """The values of ``_INSERT_MEMBER`` for one new member of validated fields (E.164 phone,
    clean names), with its search keys and a new public id. ``keys`` is ``search_keys``,
    usually cached: a list repeats names."""
    name_key, name_key_rev = keys(first_name, last_name)
    return (
        new_public_id(), phone, national_digits(phone)[::-1], first_name, last_name,
        name_key, name_key_rev, None if birthday is None else birthday.isoformat(), gender,
        note, sms_consent, stamp if sms_consent else None, stamp, actor, stamp,
    )  # fmt: skip


def insert_member_rows(raw: Any, rows: list[tuple[Any, ...]]) -> int:
    """Insert rows made by ``member_row`` through the driver connection (executemany is what
    makes 100,000 members a matter of seconds); a phone already present is skipped."""
    return raw.executemany(_INSERT_MEMBER, rows).rowcount


def sql_time(moment: datetime) -> str:
    return _sql_time(moment)


def cached_keys() -> Callable[[str, str], tuple[str, str]]:
    return cache(search_keys)


def drop_member_indexes(conn: Any) -> list[str]:
    """Drop the members' secondary indexes for a large load; returns their definitions for
    ``restore_indexes``. Unique constraints (phone, public id) stay and keep checking."""
    return _drop_indexes(conn)


def restore_indexes(conn: Any, definitions: list[str]) -> None:
    for sql in definitions:
        conn.exec_driver_sql(sql)
    if definitions:
        conn.exec_driver_sql("ANALYZE")


def _sql_time(moment: datetime) -> str:
    """The text form SQLAlchemy's DateTime uses on SQLite (naive UTC)."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def load_members(
    db: Database,
    people: Iterable[DemoMember],
    total: int,
    *,
    actor: str,
    now: datetime,
    purchase_every: int = 5,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Insert members (skipping phones already present); every ``purchase_every``-th new one
    gets a first purchase with its points. Returns how many members were added."""
    stamp = _sql_time(now)
    keys = cache(search_keys)
    with db.write() as session:
        conn = session.connection()
        raw = conn.connection.driver_connection
        raw.create_function("uuid7", 0, new_public_id)
        start_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM members").scalar() or 0
        indexes = _drop_indexes(conn) if total >= REBUILD_INDEXES_ABOVE else []
        added, done = 0, 0
        people = iter(people)
        while batch := list(islice(people, BATCH)):
            rows = [
                member_row(
                    keys, p.phone, p.first_name, p.last_name, None, str(p.gender), "",
                    p.sms_consent, stamp, actor,
                )
                for p in batch
            ]  # fmt: skip
            added += insert_member_rows(raw, rows)
            done += len(batch)
            if progress:
                progress(done, total)
        _first_purchases(conn, start_id, purchase_every, stamp, actor)
        for sql in indexes:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("ANALYZE")
    return added


def _drop_indexes(conn: object) -> list[str]:
    rows = conn.exec_driver_sql(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'members' "
        "AND sql IS NOT NULL"
    ).all()
    for name, _sql in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')  # type: ignore[attr-defined]
    return [sql for _name, sql in rows]


def _first_purchases(conn: object, start_id: int, every: int, stamp: str, actor: str) -> None:
    """One purchase of 50,000..540,000 tomans for every ``every``-th new member. The amount is
    a function of the id: random() would be evaluated again for the points column."""
    if every <= 0:
        return
    run = conn.exec_driver_sql  # type: ignore[attr-defined]
    rule = run("SELECT value FROM settings WHERE key = 'points.tomans_per_point'").scalar()
    per_point = int(rule) if rule else 10_000
    params = (stamp, actor, per_point, start_id, every)
    run(
        "INSERT INTO purchases (public_id, member_id, amount, points_earned, created_at, "
        "created_by) SELECT uuid7(), id, amount, amount / ?3, ?1, ?2 FROM "
        "(SELECT id, ((id * 7919) % 50) * 10000 + 50000 AS amount FROM members "
        "WHERE id > ?4 AND id % ?5 = 0)",
        params,
    )
    run(
        "INSERT INTO ledger (public_id, member_id, kind, points, purchase_id, expires_at, note, "
        "created_at, created_by) SELECT uuid7(), member_id, 'earn', points_earned, id, NULL, '', "
        "created_at, created_by FROM purchases WHERE member_id > ? AND points_earned > 0",
        (start_id,),
    )
    run(
        "UPDATE members SET points = p.points_earned, visits = 1, total_spent = p.amount, "
        "last_visit_at = p.created_at FROM purchases AS p WHERE p.member_id = members.id "
        "AND members.id > ?",
        (start_id,),
    )
