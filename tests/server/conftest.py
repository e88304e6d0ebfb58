"""Server fixtures: every server test runs on SQLite and on PostgreSQL.

PostgreSQL (127.0.0.1:5432, database ``test``, user ``postgres``; or $CLUBDESK_TEST_POSTGRES_URL)
gets one new database per test session, dropped at the end. If it cannot be reached the
PostgreSQL half of the run fails with a message saying so; it is never skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from private_db import Db, empty_tables, private_database
from server_api import Api

from clubdesk_server.settings import sqlite_url
from clubdesk_server.sms.kavenegar import KavenegarSender
from fakes.kavenegar import FakeKavenegar
from licence_server import PostgresUnavailable, RunningServer, postgres_database, running_server

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    database = postgres_database()
    try:
        url = database.__enter__()
    except PostgresUnavailable as exc:
        message = str(exc)
    else:
        try:
            yield url
        finally:
            database.__exit__(None, None, None)
        return
    pytest.fail(message, pytrace=False)  # outside the except: one clear line, no chain


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    if backend == "sqlite":
        return sqlite_url(tmp_path_factory.mktemp("sqlite") / "licence-server.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One server per database for the session; each test makes its own licences."""
    with running_server(tmp_path_factory.mktemp("server"), database_url) as running:
        yield running


@pytest.fixture
def make_server(database_url: str, tmp_path: Path) -> Iterator[Callable[..., RunningServer]]:
    """Another server on the same database, with its own settings (rate limits, ...)."""
    stack: list[Any] = []

    def start(**settings: Any) -> RunningServer:
        manager = running_server(tmp_path / f"s{len(stack)}", database_url, **settings)
        stack.append(manager)
        return manager.__enter__()

    yield start
    while stack:
        stack.pop().__exit__(None, None, None)


@pytest.fixture
def api(server: RunningServer) -> Iterator[Api]:
    client = Api(server.url)
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def module_db(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Db]:
    with private_database(backend, tmp_path_factory.mktemp("db")) as db:
        yield db


@pytest.fixture(scope="module")
def vendor(module_db: Db, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A server on this module's own database, for what is global to a server (releases,
    news, terms of service): use it with ``db``, which empties the tables after each test."""
    with running_server(tmp_path_factory.mktemp("vendor"), module_db.url) as server:
        yield server


@pytest.fixture
def db(module_db: Db) -> Iterator[Db]:
    """This module's own database, emptied after the test."""
    yield module_db
    empty_tables(module_db.engine)


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    """A fake Kavenegar on 127.0.0.1 that follows the published protocol."""
    with FakeKavenegar() as fake:
        yield fake


@pytest.fixture
def sender(kavenegar: FakeKavenegar) -> Iterator[KavenegarSender]:
    """The real Kavenegar adapter, talking to the fake over HTTP."""
    made = KavenegarSender(kavenegar.url, kavenegar.api_key, line=kavenegar.line, timeout_s=30)
    yield made
    made.close()
