"""Opening the shop's SQLite file: WAL, foreign keys, and never touching a stranger's file."""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from clubdesk.core.errors import (
    DatabaseCorrupt,
    DatabaseError,
    DatabaseNotSqlite,
    DatabaseTooNew,
    DatabaseUnavailable,
)
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage import schema
from clubdesk.storage.database import BUSY_TIMEOUT_MS, DB_FILENAME, open_database
from clubdesk.storage.models import Member, Purchase

PAGE = 4096


def make_text_file(folder: Path) -> Path:
    path = folder / DB_FILENAME
    path.write_text("phone,name\n09123456789,Ali\n", encoding="utf-8")
    return path


def make_random_bytes(folder: Path) -> Path:
    path = folder / DB_FILENAME
    path.write_bytes(random.Random(1405).randbytes(3 * PAGE))
    return path


def make_sqlite_header_then_garbage(folder: Path) -> Path:
    path = folder / DB_FILENAME
    path.write_bytes(b"SQLite format 3\x00" + random.Random(7).randbytes(2 * PAGE))
    return path


def make_other_programs_sqlite(folder: Path) -> Path:
    path = folder / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foo (x INTEGER, label TEXT)")
    conn.executemany("INSERT INTO foo VALUES (?, ?)", [(i, f"row {i}") for i in range(100)])
    conn.commit()
    conn.close()
    return path


def make_clubdesk_db(folder: Path, members: int = 0) -> Path:
    club = ClubServices.open(folder, actor="tester")
    club.register(MemberDraft(phone="09123456789", first_name="علی", last_name="رضایی"))
    if members:
        club.add_demo_members(members)
    club.close()
    return folder / DB_FILENAME


def make_newer_clubdesk_db(folder: Path) -> Path:
    path = make_clubdesk_db(folder)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.commit()
    conn.close()
    return path


def make_damaged_clubdesk_db(folder: Path) -> Path:
    path = make_clubdesk_db(folder, members=500)
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + PAGE] = b"\xa5" * PAGE
    path.write_bytes(bytes(data))
    return path


def sqlite_finds_damage(path: Path, scratch: Path) -> bool:
    copy = scratch / "copy.sqlite3"
    shutil.copyfile(path, copy)
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


REFUSED: list[tuple[Callable[[Path], Path], type[DatabaseError]]] = [
    (make_text_file, DatabaseNotSqlite),
    (make_random_bytes, DatabaseNotSqlite),
    (make_sqlite_header_then_garbage, DatabaseCorrupt),
    (make_other_programs_sqlite, DatabaseNotSqlite),
    (make_newer_clubdesk_db, DatabaseTooNew),
]
REFUSED_IDS = ["text-file", "random-bytes", "header-then-garbage", "foo-table", "newer-zzzz"]


@pytest.mark.parametrize(("make", "error"), REFUSED, ids=REFUSED_IDS)
def test_refuses_with_the_right_error(
    make: Callable[[Path], Path], error: type[DatabaseError], data_dir: Path
) -> None:
    path = make(data_dir)
    with pytest.raises(error) as info:
        open_database(path)
    assert str(path) in info.value.render()
    assert "Nothing was changed" in info.value.render()


@pytest.mark.parametrize(
    "make",
    [
        make_text_file,
        make_random_bytes,
        make_sqlite_header_then_garbage,
        make_other_programs_sqlite,
        make_newer_clubdesk_db,
    ],
    ids=REFUSED_IDS,
)
def test_refused_file_is_left_byte_for_byte(make: Callable[[Path], Path], data_dir: Path) -> None:
    path = make(data_dir)
    before = snapshot(data_dir)
    with pytest.raises(DatabaseError):
        open_database(path)
    assert snapshot(data_dir) == before  # same bytes, and no -wal/-shm/journal files left


def test_refusing_a_foreign_sqlite_file_keeps_its_data(data_dir: Path) -> None:
    path = make_other_programs_sqlite(data_dir)
    with pytest.raises(DatabaseNotSqlite):
        open_database(path)
    conn = sqlite3.connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert tables == {"foo"}
        assert conn.execute("SELECT count(*) FROM foo").fetchone() == (100,)
    finally:
        conn.close()


def test_refused_too_new_database_keeps_its_revision(data_dir: Path) -> None:
    path = make_newer_clubdesk_db(data_dir)
    with pytest.raises(DatabaseTooNew):
        open_database(path, before_migrate=lambda _p: pytest.fail("must not back up or migrate"))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("zzzz",)]
    finally:
        conn.close()


def test_damaged_fixture_is_really_damaged(data_dir: Path, tmp_path: Path) -> None:
    path = make_damaged_clubdesk_db(data_dir)
    assert sqlite_finds_damage(path, tmp_path)


def test_damaged_pages_are_found_and_then_nothing_is_touched(data_dir: Path) -> None:
    """Opening stays fast (no full read); the integrity check finds the damage, and from then
    on every use of member data refuses with the same error, leaving the file as it was."""
    path = make_damaged_clubdesk_db(data_dir)
    before = snapshot(data_dir)
    try:
        club = ClubServices.open(data_dir)
    except DatabaseCorrupt:  # the damage may already show in the schema pages
        assert snapshot(data_dir) == before
        return
    try:
        with pytest.raises(DatabaseCorrupt):
            club.check_integrity()
        with pytest.raises(DatabaseCorrupt):
            club.search("0912")
        with pytest.raises(DatabaseCorrupt):
            club.register(MemberDraft(phone="09121234567", first_name="Ali"))
    finally:
        club.close()
    assert path.read_bytes() == before[path.name]


def test_a_folder_that_is_a_file_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable):
        open_database(blocker / DB_FILENAME)
    assert blocker.read_text() == "x"


def test_a_database_path_that_is_a_folder_is_unavailable(tmp_path: Path) -> None:
    folder = tmp_path / DB_FILENAME
    folder.mkdir()
    with pytest.raises(DatabaseUnavailable):
        open_database(folder)


def test_an_empty_file_becomes_a_new_database(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    path.touch()
    db = open_database(path)
    try:
        with db.read() as session:
            assert session.scalar(text("SELECT count(*) FROM members")) == 0
    finally:
        db.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_connection_settings(data_dir: Path) -> None:
    db = open_database(data_dir / DB_FILENAME)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
            assert BUSY_TIMEOUT_MS >= 1000
        with db.read() as session:
            assert session.scalar(text("PRAGMA foreign_keys")) == 1
        with db.write() as session:
            assert session.scalar(text("PRAGMA busy_timeout")) == BUSY_TIMEOUT_MS
    finally:
        db.close()


def test_wal_mode_is_stored_in_the_file(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    open_database(path).close()
    header = path.read_bytes()[:100]
    assert header[18] == 2
    assert header[19] == 2  # file format 2: write-ahead log
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()


def test_foreign_keys_are_enforced(data_dir: Path) -> None:
    db = open_database(data_dir / DB_FILENAME)
    try:
        orphan = Purchase(
            public_id="p-1",
            member_id=999,
            amount=1000,
            points_earned=0,
            created_at=datetime(2025, 1, 1, tzinfo=UTC),
            created_by="t",
        )
        with pytest.raises(IntegrityError), db.write() as session:  # noqa: PT012
            session.add(orphan)
            session.flush()
        with db.read() as session:
            assert session.scalar(text("SELECT count(*) FROM purchases")) == 0
    finally:
        db.close()


def test_a_failed_write_saves_nothing(data_dir: Path) -> None:
    make_clubdesk_db(data_dir)
    db = open_database(data_dir / DB_FILENAME)
    try:
        with pytest.raises(RuntimeError), db.write() as session:  # noqa: PT012
            session.execute(text("UPDATE members SET first_name = 'changed'"))
            raise RuntimeError("stop half-way")
        with db.read() as session:
            assert session.scalar(text("SELECT first_name FROM members")) == "علی"
    finally:
        db.close()


def test_writes_take_the_write_lock_at_once(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    db = open_database(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with db.write() as session:
            session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE runs here
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
    finally:
        other.close()
        db.close()


def test_reads_do_not_block_a_writer(data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    db = open_database(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with db.read() as session:
            session.execute(text("SELECT count(*) FROM members")).all()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
        db.close()


def test_reopening_keeps_the_data_and_does_not_migrate(data_dir: Path) -> None:
    path = make_clubdesk_db(data_dir)
    backups: list[Path] = []
    for _ in range(2):
        db = open_database(path, before_migrate=backups.append)
        try:
            with db.read() as session:
                phones = session.scalars(Member.__table__.select().with_only_columns(Member.phone))
                assert list(phones) == ["+989123456789"]
                assert session.scalar(text("SELECT version_num FROM alembic_version")) == (
                    schema.HEAD
                )
        finally:
            db.close()
    assert backups == []


def test_a_new_database_is_not_backed_up_before_migrating(data_dir: Path) -> None:
    backups: list[Path] = []
    open_database(data_dir / DB_FILENAME, before_migrate=backups.append).close()
    assert backups == []


def test_closing_leaves_a_single_self_contained_file(data_dir: Path, tmp_path: Path) -> None:
    path = make_clubdesk_db(data_dir, members=50)
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_FILENAME]
    copy = tmp_path / "copy" / DB_FILENAME
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    club = ClubServices.open(copy.parent, actor="tester")
    try:
        assert club.count_members() == 51
    finally:
        club.close()
