"""A migrated server database of a test module's own, emptied after every test that uses it.

For tests that call the server's functions directly (jobs, outbox, retention) and count rows:
a database shared with other modules would hold their licences too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from clubdesk_server.db import make_engine, session_factory, upgrade
from clubdesk_server.models import Base
from clubdesk_server.settings import Settings, sqlite_url
from licence_server import postgres_database


@dataclass
class Db:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    settings: Settings


@contextmanager
def private_database(backend: str, folder: Path) -> Iterator[Db]:
    with ExitStack() as stack:
        if backend == "sqlite":
            url = sqlite_url(folder / "server.sqlite3")
        else:
            url = stack.enter_context(postgres_database())
        engine = make_engine(url)
        stack.callback(engine.dispose)
        upgrade(engine)
        settings = Settings(folder, folder / "keys", url, gateway="sandbox")
        yield Db(url, engine, session_factory(engine), settings)


def empty_tables(engine: Engine) -> None:
    present = set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in present:
                conn.execute(table.delete())
