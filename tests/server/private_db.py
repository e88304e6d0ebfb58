"""A migrated server database of a test module's own, emptied after every test that uses it.

For tests that call the server's functions directly (jobs, outbox, retention) and count rows:
a database shared with other modules would hold their licences too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from clubdesk_server.db import make_engine, session_factory, upgrade
from clubdesk_server.licensing import hash_key, new_licence_key
from clubdesk_server.models import Base, Business, Licence
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


def licence_row(
    business: Business,
    paid_until: datetime,
    created: datetime,
    key: str | None = None,
    **fields: Any,
) -> Licence:
    """A licence row as the admin would make one (with ``key``, or a new one), for tests that
    build rows directly."""
    key = key or new_licence_key()
    values: dict[str, Any] = {
        "plan": "standard",
        "device_limit": 1,
        "created_at": created,
        "updated_at": created,
    }
    return Licence(
        business=business,
        key_hash=hash_key(key),
        key_prefix=key[:8],
        paid_until=paid_until,
        **(values | fields),
    )
