"""The real licence server for tests: uvicorn on 127.0.0.1, a free port, on a thread of this
process.

Shared by the server tests (tests/server) and the desktop client's end-to-end tests
(``from licence_server import running_server``; tests/ is on sys.path through tests/conftest.py).

The server runs on a background thread of the test process, so ``time_machine.travel`` in a test
moves the server's clock too. It is always stopped (``should_exit`` + join) when the ``with``
block ends, also when the test fails.

    with running_server(tmp_path) as server:            # SQLite file in tmp_path
        key = server.create_licence(days=30, devices=2)
        requests.post(f"{server.url}/v1/activations", json={...})
        server.admin.revoke(key)
        plan = server.create_plan(days=30)             # a plan on sale, with a unique code
        server.pay_in_sandbox(pay_url)                  # a browser pressing Pay at the sandbox

PostgreSQL: ``with postgres_database() as url: with running_server(tmp_path, url) as server``.

``serve_process([...])`` runs the real ``clubdesk-server serve`` in a process of its own (with
its workers), until its ready line: for tests and benchmarks of several worker processes.
"""

from __future__ import annotations

import html
import json
import os
import queue
import re
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from fastapi import FastAPI
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from clubdesk.protocol import PUBLIC_KEYS_FILE
from clubdesk_server import keys
from clubdesk_server.admin import Admin
from clubdesk_server.app import create_app
from clubdesk_server.db import make_engine, upgrade
from clubdesk_server.serving import NotifyingServer, bind_socket, serve_in_thread, url_of
from clubdesk_server.settings import RateLimit, Settings, sqlite_url

POSTGRES_URL_ENV = "CLUBDESK_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

# Tests activate many devices from 127.0.0.1: limits high enough not to get in the way.
# A test of the limits themselves passes its own (activation_limit=RateLimit(...)).
GENEROUS = RateLimit(burst=100_000, per_hour=1_000_000)

LICENCE_DEFAULTS: dict[str, Any] = {
    "business_name": "Test shop",
    "mobile": "09121234567",
    "days": 30,
    "devices": 2,
}


@dataclass
class RunningServer:
    url: str  # "http://127.0.0.1:PORT", no trailing slash
    keys_dir: Path
    public_keys: dict[str, str]  # key_id -> base64 of the raw Ed25519 public key
    key_id: str  # the key signing leases now
    database_url: str
    settings: Settings
    admin: Admin  # the admin operations (extend, suspend, revoke, release_device, ...)
    app: FastAPI
    server: NotifyingServer

    def create_licence(self, **kw: Any) -> str:
        """A new licence (defaults: 30 days, 2 devices); returns its key."""
        return str(self.admin.create_licence(**(LICENCE_DEFAULTS | kw))["licence_key"])

    def create_licence_full(self, **kw: Any) -> dict[str, Any]:
        """Like ``create_licence``, with the whole record (``licence_id``, ``paid_until``, ...)."""
        return self.admin.create_licence(**(LICENCE_DEFAULTS | kw))

    def export_public_keys(self, dest_dir: Path) -> Path:
        """Writes ``dest_dir/public-keys.json`` as the app ships it in resources/keys/."""
        return keys.export(self.keys_dir, dest_dir)

    @property
    def public_keys_file(self) -> Path:
        return self.keys_dir / PUBLIC_KEYS_FILE

    def create_plan(self, **kw: Any) -> dict[str, Any]:
        """A plan on sale (defaults: a unique code, 30 days, 490,000 tomans, 1 device)."""
        return self.admin.create_plan(**(PLAN_DEFAULTS | {"code": new_plan_code()} | kw))

    def pay_in_sandbox(
        self, pay_url: str, *, pay: bool = True, follow: bool = True
    ) -> requests.Response:
        """Like a browser at the sandbox gateway: see ``sandbox_pay``."""
        return sandbox_pay(pay_url, pay=pay, follow=follow)


PLAN_DEFAULTS: dict[str, Any] = {
    "name_fa": "ماهانه",
    "name_en": "Monthly",
    "days": 30,
    "price": 490_000,
    "device_limit": 1,
}


def new_plan_code() -> str:
    """Plans are global to a database that many tests share: each test makes its own."""
    return f"plan-{secrets.token_hex(5)}"


def sandbox_pay(pay_url: str, *, pay: bool = True, follow: bool = True) -> requests.Response:
    """Open the sandbox pay page, press Pay (or Cancel) and, if ``follow``, go where the
    gateway redirects (``/pay/callback``, whose page is returned); else return the 303."""
    with requests.Session() as browser:
        page = browser.get(pay_url, timeout=30)
        page.raise_for_status()
        form = re.search(r'<form method="post" action="([^"]+)"', page.text)
        assert form, page.text
        action = urljoin(pay_url, html.unescape(form.group(1)))
        return browser.post(
            action,
            data={"choice": "pay" if pay else "cancel"},
            allow_redirects=follow,
            timeout=60,
        )


@contextmanager
def running_server(
    tmp_path: Path,
    database_url: str | None = None,
    *,
    keys_dir: Path | None = None,
    **settings: Any,
) -> Iterator[RunningServer]:
    """Migrate, make keys (unless ``keys_dir`` has one), serve; stop and join on exit.

    ``database_url`` defaults to a SQLite file in ``tmp_path``; ``settings`` override
    ``Settings`` fields (``lease_refresh``, ``lease_grace``, ``activation_limit``, ...).
    """
    tmp_path.mkdir(parents=True, exist_ok=True)
    keys_dir = keys_dir or tmp_path / "server-keys"
    url = database_url or sqlite_url(tmp_path / "licence-server.sqlite3")
    config = Settings(
        data_dir=tmp_path,
        keys_dir=keys_dir,
        database_url=url,
        # The sandbox gateway, explicitly: the default is the real one (Zarinpal).
        **(
            {"activation_limit": GENEROUS, "failed_key_limit": GENEROUS, "gateway": "sandbox"}
            | settings
        ),
    )
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    keys.ensure(keys_dir)
    app = create_app(config)
    admin = Admin(config, actor="admin:tests")
    try:
        sock = bind_socket("127.0.0.1", 0)
        with serve_in_thread(app, sock) as server:
            yield RunningServer(
                url=url_of(sock),
                keys_dir=keys_dir,
                public_keys=keys.public_keys(keys_dir),
                key_id=app.state.clubdesk.signer.key_id,
                database_url=url,
                settings=config,
                admin=admin,
                app=app,
                server=server,
            )
    finally:
        admin.close()


def postgres_base_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)


class PostgresUnavailable(RuntimeError):
    pass


@contextmanager
def postgres_database(base_url: str | None = None) -> Iterator[str]:
    """A new, uniquely named database next to ``base_url``'s, dropped at the end.

    Raises ``PostgresUnavailable`` with a clear message if the server cannot be reached: the
    caller fails the test run with it (never skips).
    """
    base = make_url(base_url or postgres_base_url())
    name = f"clubdesk_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin_engine = create_engine(
        base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        try:
            with admin_engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except OperationalError as exc:
            detail = " ".join(str(exc.orig).split())
            raise PostgresUnavailable(
                f"PostgreSQL at {base.render_as_string(hide_password=True)} is unreachable "
                f"({detail}). The server tests run against it (DESIGN.md, Testing): start it, "
                f"or point ${POSTGRES_URL_ENV} at one."
            ) from exc
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin_engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin_engine.dispose()


SERVER_SCRIPT = Path(sys.executable).with_name("clubdesk-server")


def _first_line(stream: Any, timeout_s: float) -> str | None:
    """The first line ``stream`` gives within ``timeout_s`` (read on a thread), or None."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout_s)
    except queue.Empty:
        return None


@contextmanager
def serve_process(
    args: list[str], env: dict[str, str], log_path: Path, *, startup_s: float = 120
) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any]]]:
    """``clubdesk-server serve ARGS`` with exactly ``env``, its log (stderr) in ``log_path``,
    until it prints its ready line: yields the process and that line's document. Stopped with
    SIGTERM at the end; its whole process group (the workers) killed if it does not stop."""
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [str(SERVER_SCRIPT), "serve", *args],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
            start_new_session=True,
        )
    try:
        assert process.stdout is not None
        line = _first_line(process.stdout, startup_s)
        if not line:
            raise RuntimeError(
                "clubdesk-server serve printed no ready line:\n"
                + log_path.read_text(encoding="utf-8", errors="replace")[-5000:]
            )
        yield process, json.loads(line)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
