"""Scale-out: `clubdesk-server serve --workers 3` on a fresh PostgreSQL database with Redis.

One real server (three worker processes, each running the scheduler with every job every
2 seconds through the test-only ``--jobs-every``) serves the module's tests: requests answered
by different processes, the activation burst shared through Redis, and each job run once per
scheduled moment with no SMS sent twice. Waits are polls of a condition with a deadline.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis
import requests
from sqlalchemy import select

from clubdesk_server import cli, keys
from clubdesk_server.admin import Admin
from clubdesk_server.db import HEAD, engine_for, session_factory
from clubdesk_server.models.operations import JobRun
from clubdesk_server.ratelimit import DEFAULT_PREFIX
from clubdesk_server.settings import Settings
from clubdesk_server.sms.console import read_outbox
from clubdesk_server.workers import WORKER_HEADER
from licence_server import PostgresUnavailable, postgres_database, serve_process

pytestmark = pytest.mark.postgres

REDIS_URL = os.environ.get("CLUBDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKERS = 3
JOBS_EVERY_S = 2
DEADLINE_S = 40.0
BURST = Settings.activation_limit.burst  # the default: 20 activations at once per address
T = TypeVar("T")


def poll(condition: Callable[[], T | None], what: str, deadline_s: float = DEADLINE_S) -> T:
    """``condition()`` until it returns something truthy, or fail after ``deadline_s``."""
    deadline = time.monotonic() + deadline_s
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"not within {deadline_s:.0f} s: {what}")
        time.sleep(0.05)  # between two looks at the condition


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    ready: dict[str, Any]
    worker_pids: set[int]
    log_path: Path
    settings: Settings  # the same database and folders, for this process's admin and queries

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")}
    return env | {"CLUBDESK_SERVER_GATEWAY": "sandbox"} | extra


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    manager = postgres_database()
    try:
        url = manager.__enter__()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield url
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture(scope="module")
def served(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("workers")
    settings = Settings(folder / "data", folder / "keys", database, gateway="sandbox")
    keys.ensure(settings.keys_dir)
    log_path = folder / "serve.log"
    args = [
        "--workers", str(WORKERS), "--port", "0", "--jobs-every", str(JOBS_EVERY_S),
        "--database-url", database, "--data-dir", str(settings.data_dir),
        "--keys-dir", str(settings.keys_dir),
    ]  # fmt: skip
    env = server_env(CLUBDESK_SERVER_REDIS_URL=REDIS_URL)
    with serve_process(args, env, log_path) as (process, ready):
        text = log_path.read_text(encoding="utf-8")
        # Printed only once every worker has started: each has said so by then.
        started = {int(pid) for pid in re.findall(r"Started server process \[(\d+)\]", text)}
        assert len(started) == WORKERS, text
        assert text.count("Application startup complete") == WORKERS, text
        assert text.count(f"database at revision {HEAD}") == 1  # the parent migrated, once
        yield Served(ready["url"], process, ready, started, log_path, settings)


@pytest.fixture
def admin(served: Served) -> Iterator[Admin]:
    with Admin(served.settings, actor="admin:tests") as opened:
        yield opened


@pytest.fixture
def client_ip() -> Iterator[str]:
    """A source address of this test alone (a documentation address, only ever a header),
    its buckets removed from Redis afterwards."""
    ip = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"
    yield ip
    with redis.Redis.from_url(REDIS_URL) as client:
        client.delete(*(f"{DEFAULT_PREFIX}:{name}:{ip}" for name in ("activation", "failed-key")))


def fresh_mobile() -> str:
    return f"0912{secrets.randbelow(10**7):07d}"


def worker_of(response: requests.Response) -> int:
    return int(response.headers[WORKER_HEADER])


def test_requests_are_answered_by_each_of_the_three_workers(served: Served) -> None:
    assert served.ready["url"].startswith("http://127.0.0.1:")
    seen: set[int] = set()

    def batch() -> bool:
        # Six at once, each on a new connection, so idle workers take some of them.
        with ThreadPoolExecutor(6) as pool:
            answers = list(
                pool.map(lambda _: requests.get(f"{served.url}/v1/plans", timeout=30), range(6))
            )
        assert all(a.status_code == 200 for a in answers)
        seen.update(worker_of(a) for a in answers)
        return seen == served.worker_pids

    poll(batch, f"answers from every worker {served.worker_pids} (seen {seen})")


def test_the_activation_burst_is_shared_by_the_workers(
    served: Served, admin: Admin, client_ip: str
) -> None:
    key = admin.create_licence(
        business_name="Shared limits", mobile=fresh_mobile(), days=30, devices=BURST + 10
    )["licence_key"]
    outcomes: list[tuple[int, int]] = []  # (status, worker)

    def activate(_: int) -> tuple[int, int]:
        body = {
            "licence_key": key,
            "fingerprint": "fp-" + secrets.token_hex(16),
            "device_name": "Till",
        }
        answer = requests.post(
            f"{served.url}/v1/activations",
            json=body,
            headers={"X-Forwarded-For": client_ip, "Connection": "close"},
            timeout=30,
        )
        return answer.status_code, worker_of(answer)

    def refused_by_every_worker() -> bool:
        with ThreadPoolExecutor(4) as pool:
            outcomes.extend(pool.map(activate, range(8)))
        refusing = {worker for status, worker in outcomes if status == 429}
        return refusing == served.worker_pids

    # Go on until every worker has refused one: with its own bucket each would have let
    # another BURST through.
    poll(refused_by_every_worker, "a 429 from each worker")
    statuses = Counter(status for status, _ in outcomes)
    assert statuses[200] == BURST, outcomes
    assert set(statuses) == {200, 429}, outcomes


def test_each_job_runs_once_per_scheduled_moment_across_three_schedulers(
    served: Served, admin: Admin
) -> None:
    mobile = fresh_mobile()
    licence = admin.create_licence(
        business_name="One reminder", mobile=mobile, days=0, minutes=120
    )  # ends within 24 hours: the reminders job queues the expiry-day SMS, the outbox sends it
    since = datetime.now(UTC)
    engine = engine_for(served.settings)
    sessions = session_factory(engine)
    e164 = "+98" + mobile[1:]

    def runs() -> list[JobRun]:
        with sessions() as session:
            return list(session.scalars(select(JobRun).where(JobRun.started_at >= since)))

    def sent() -> list[dict[str, Any]]:
        return [m for m in read_outbox(served.settings.data_dir) if m["to"] == e164]

    def enough() -> list[JobRun] | None:
        found = runs()
        slots = defaultdict(set)
        for run in found:
            slots[run.job].add(run.slot)
        every_job_thrice = len(slots) == 4 and all(len(s) >= 3 for s in slots.values())
        by_every_worker = {int(run.worker.rsplit(":", 1)[1]) for run in found}
        if every_job_thrice and by_every_worker == served.worker_pids and sent():
            return found
        return None

    try:
        found = poll(enough, "three moments of each job, runs by every worker, the SMS sent")
    finally:
        engine.dispose()
    per_slot = Counter((run.job, run.slot) for run in found)
    assert set(per_slot.values()) == {1}  # one run per job and moment, never two
    for run in found:
        # The three schedulers name the same moments: whole multiples of the interval.
        assert run.slot.timestamp() % JOBS_EVERY_S == 0, run.slot
        assert run.outcome in ("ok", "running"), (run.job, run.error)
        assert run.worker.endswith(tuple(f":{pid}" for pid in served.worker_pids))
    finished = [run for run in found if run.outcome == "ok"]
    assert all(run.finished_at is not None and run.result is not None for run in finished)
    # The SMS went out once, however many schedulers queued and sent.
    (message,) = sent()
    assert message["template"] == "clubdesk-expiry-day"
    assert licence["licence_id"]
    assert "Traceback" not in served.log()


# -- refusing to start --------------------------------------------------------------------------


def test_several_workers_without_redis_refuse_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith("CLUBDESK_SERVER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CLUBDESK_SERVER_GATEWAY", "sandbox")
    code = cli.main(["serve", "--workers", "2", "--port", "0", "--data-dir", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "2 workers need Redis" in err
    assert "CLUBDESK_SERVER_REDIS_URL" in err
    assert not (tmp_path / "clubdesk-server.sqlite3").exists()  # stopped before migrating

    # Named but not answering (nothing listens on port 1): refused too, with what it said.
    monkeypatch.setenv("CLUBDESK_SERVER_REDIS_URL", "redis://127.0.0.1:1/0")
    code = cli.main(["serve", "--workers", "2", "--port", "0", "--data-dir", str(tmp_path)])
    assert code == 2
    assert "Redis at CLUBDESK_SERVER_REDIS_URL did not answer" in capsys.readouterr().err


# -- database pools -----------------------------------------------------------------------------


def test_each_workers_pool_is_bounded_by_the_settings(
    tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLUBDESK_SERVER_DB_POOL_SIZE", "3")
    monkeypatch.setenv("CLUBDESK_SERVER_DB_MAX_OVERFLOW", "2")
    monkeypatch.setenv("CLUBDESK_SERVER_DB_POOL_TIMEOUT", "1.5")
    settings = Settings.from_env(data_dir=tmp_path, database_url=database)
    assert (settings.db_pool_size, settings.db_max_overflow) == (3, 2)
    assert settings.db_pool_timeout_s == 1.5
    engine = engine_for(settings)
    try:
        held = [engine.connect() for _ in range(5)]  # size + overflow
        assert engine.pool.checkedout() == 5
        with pytest.raises(Exception, match="QueuePool limit of size 3 overflow 2"):
            engine.connect()  # the sixth waits pool_timeout, then fails
        for conn in held:
            conn.close()
    finally:
        engine.dispose()
    monkeypatch.setenv("CLUBDESK_SERVER_DB_POOL_SIZE", "many")
    with pytest.raises(ValueError, match="CLUBDESK_SERVER_DB_POOL_SIZE='many' is not a number"):
        Settings.from_env(data_dir=tmp_path)
