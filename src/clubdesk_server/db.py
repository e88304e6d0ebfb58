"""Engines, sessions and migrations, for SQLite (demo, tests) and PostgreSQL (production).

On SQLite every transaction begins IMMEDIATE: each request writes (at least its audit row), so
writers queue on the busy timeout rather than failing half-way. On PostgreSQL the licence row
is locked (SELECT ... FOR UPDATE) where a device slot is counted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from clubdesk_server.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0007"  # the newest revision in migrations/versions; a test keeps them equal
BUSY_TIMEOUT_MS = 15_000


def _configure_sqlite(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # _begin_sqlite opens transactions itself
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _begin_sqlite(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, pool_timeout_s: float = 10.0
) -> Engine:
    """The pool (PostgreSQL) holds ``pool_size`` connections, opens up to ``max_overflow`` more
    under load and closes those when idle; a caller waits ``pool_timeout_s`` for one, then fails.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    # psycopg prepares a statement after a few runs, and PostgreSQL may then switch to a generic
    # plan: for a sync push's "change_id IN (500 ids)" that plan scans the whole log, so each
    # push got slower as the log grew (23 ms -> 190 ms per batch at 10,000 changes, measured).
    # Planning each statement for its own parameters costs far less than that.
    options = {"options": "-c plan_cache_mode=force_custom_plan"}
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout_s,
        connect_args=options,
    )


def engine_for(settings: Settings) -> Engine:
    """The engine of a server process, its pool bounded by the settings (one per worker)."""
    return make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout_s=settings.db_pool_timeout_s,
    )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: everything inside commits together or not at all."""
    with factory() as session, session.begin():
        yield session


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> str:
    """Bring the schema to HEAD (idempotent); returns the revision now current."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return current_revision(engine) or ""


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
