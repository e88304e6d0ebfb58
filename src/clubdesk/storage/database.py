"""Opening the shop's SQLite file safely: WAL, foreign keys, and never overwriting a stranger.

A file that is not SQLite, is damaged, or was written by a newer app is refused with a clear
error and left exactly as it was. Reads begin DEFERRED (many at once); writes begin IMMEDIATE,
so two writers queue on the busy timeout instead of failing half-way through a transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from clubdesk.core.errors import (
    DatabaseCorrupt,
    DatabaseNotSqlite,
    DatabaseUnavailable,
)
from clubdesk.paths import DB_FILENAME as DB_FILENAME  # where its callers have it from
from clubdesk.storage import schema

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def _configure_connection(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # The driver must not open transactions itself; _begin() does it with the right mode.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # a committed purchase survives a power cut
    cursor.close()


def _begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnavailable(path=str(path)) from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseNotSqlite(path=str(path))


@dataclass
class Database:
    """One shop database file and the sessions that use it (one per unit of work)."""

    path: Path
    engine: Engine
    _reader: sessionmaker[Session] = field(init=False, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)
        writer_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._writer = sessionmaker(bind=writer_engine, expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all."""
        with self._writer() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin)
    return engine


def open_database(path: Path, *, before_migrate: Callable[[Path], None] | None = None) -> Database:
    """Open (creating if absent) and bring the schema up to date, or refuse with a reason.

    The file is inspected read-only first, so a file we refuse is not changed by a byte.
    ``before_migrate`` runs before an existing database's schema is changed (a backup).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(path=str(path.parent)) from exc
    revision = None
    if path.exists():
        _check_header(path)
        revision = _inspect(path)
    if revision != schema.HEAD:
        schema.check_known(revision, path)
    engine = make_engine(path)
    try:
        if revision != schema.HEAD:
            if revision is not None and before_migrate is not None:
                before_migrate(path)
            schema.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Database(path=path, engine=engine)


def _inspect(path: Path) -> str | None:
    """Current schema revision, read without writing; raises if the file is not ours."""
    # Without a -wal file the main file holds everything: read it as immutable, so SQLite
    # creates no -shm/-wal beside a file we may refuse. With one, read through it.
    wal = path.with_name(path.name + "-wal").exists()
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if wal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(path=str(path)) from exc
    try:
        listed = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in listed}
        if not tables:
            return None
        if "alembic_version" not in tables or "members" not in tables:
            raise DatabaseNotSqlite(path=str(path))
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "unable to open" in str(exc).lower():
            raise DatabaseUnavailable(path=str(path)) from exc
        raise DatabaseCorrupt(path=str(path)) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(path=str(path)) from exc
    finally:
        conn.close()


def check_integrity(db: Database) -> None:
    """SQLite's quick_check over the whole file (about 1.5 s per million members, so callers
    run it in the background); raises ``DatabaseCorrupt`` and changes nothing."""
    try:
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA quick_check(1)").all()
    except DBAPIError as exc:
        raise DatabaseCorrupt(path=str(db.path)) from exc
    if [tuple(row) for row in rows] != [("ok",)]:
        raise DatabaseCorrupt(path=str(db.path))
