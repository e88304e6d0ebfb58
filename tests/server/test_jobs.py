"""The scheduled jobs: `clubdesk-server jobs run NAME` through a licence's life, the scheduler's
set-up, and `serve` running it. Time is moved with time-machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from private_db import Db

from clubdesk_server import cli, jobs
from clubdesk_server.errors import UnknownJob
from clubdesk_server.settings import Settings, sqlite_url
from clubdesk_server.sms.console import read_outbox
from fakes.kavenegar import FakeKavenegar

TEHRAN = ZoneInfo("Asia/Tehran")
T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 10:30 in Tehran
SCRIPT = Path(sys.executable).with_name("clubdesk-server")


@pytest.fixture(autouse=True)
def _no_server_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("CLUBDESK_SERVER_"):
            monkeypatch.delenv(name)


class Cli:
    """``clubdesk-server`` in this process, so that time-machine moves its clock."""

    def __init__(self, db: Db, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.data_dir = data_dir
        self.capsys = capsys

    def run(self, *args: str) -> tuple[int, Any]:
        self.capsys.readouterr()
        argv = [*args, "--database-url", self.db.url, "--data-dir", str(self.data_dir), "--json"]
        code = cli.main(argv)
        out = self.capsys.readouterr().out
        return code, json.loads(out) if code == 0 else out

    def job(self, name: str) -> dict[str, Any]:
        code, doc = self.run("jobs", "run", name)
        assert code == 0, doc
        assert doc["job"] == name
        return dict(doc["result"])

    def sent(self) -> list[dict[str, Any]]:
        return read_outbox(self.data_dir)


@pytest.fixture
def run(db: Db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db, tmp_path / "data", capsys)


def test_a_licence_life_through_the_jobs(run: Cli) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        code, licence = run.run(
            "admin", "create-licence", "--business-name", "Negin Shop",
            "--mobile", "09121234567", "--days", "10",
        )  # fmt: skip
        assert code == 0
        paid_until = datetime.fromisoformat(licence["paid_until"])

        # Day -10: the reminder, sent once however often the jobs run.
        assert run.job("reminders") == {
            "expiry_reminders": 1, "expiry_day": 0, "deletion_warnings": 0,
        }  # fmt: skip
        assert run.job("outbox")["sent"] == 1
        assert run.job("reminders")["expiry_reminders"] == 0
        assert run.job("outbox")["claimed"] == 0
        [reminder] = run.sent()
        assert reminder["to"] == "+989121234567"
        assert reminder["template"] == "clubdesk-expiry-reminder"
        assert reminder["tokens"]["token2"] == "10"

        # Within 24 hours of expiry (the run the day before, as it expires at 10:30).
        traveller.move_to(T0 + timedelta(days=9, minutes=30))
        assert run.job("reminders")["expiry_day"] == 1
        assert run.job("outbox")["sent"] == 1
        assert run.sent()[-1]["template"] == "clubdesk-expiry-day"

        # Day 23 after expiry: the deletion warning; day 30 at 03:00 Tehran: the deletion.
        expiry_day = paid_until.astimezone(TEHRAN).date()
        day23 = datetime.combine(expiry_day + timedelta(days=23), datetime.min.time(), TEHRAN)
        traveller.move_to(day23 + timedelta(hours=10))
        assert run.job("deletion")["deleted"] == []
        assert run.job("reminders")["deletion_warnings"] == 1
        assert run.job("outbox")["sent"] == 1
        assert run.sent()[-1]["template"] == "clubdesk-deletion-warning"

        traveller.move_to(day23 + timedelta(days=6, hours=23))
        assert run.job("deletion")["deleted"] == []
        traveller.move_to(day23 + timedelta(days=7, hours=3))
        [deleted] = run.job("deletion")["deleted"]
        assert deleted["licence"] == licence["licence_id"]
        assert run.job("deletion")["deleted"] == []
        code, shown = run.run("admin", "show", licence["licence_id"])
        assert shown["business"]["mobile"] == ""
        assert shown["data_deleted_at"] is not None
        assert len(run.sent()) == 3


def test_reconcile_runs_the_payment_reconciliation(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The default gateway is Zarinpal: with no merchant id the job refuses, clearly.
    code, _out = run.run("jobs", "run", "reconcile")
    assert code == 2
    monkeypatch.setenv("CLUBDESK_SERVER_GATEWAY", "sandbox")
    result = run.job("reconcile")
    assert result["checked"] == 0


def test_jobs_run_refuses_unknown_names_and_an_unmigrated_database(
    run: Cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        cli.main(["jobs", "run", "nope"])
    assert usage.value.code == 2
    empty = sqlite_url(tmp_path / "empty.sqlite3")
    capsys.readouterr()
    assert cli.main(["jobs", "run", "outbox", "--database-url", empty]) == 2
    assert "db upgrade" in capsys.readouterr().err
    with (
        jobs.JobContext(Settings(tmp_path, tmp_path, empty)) as ctx,
        pytest.raises(UnknownJob),
    ):
        jobs.run_job("nope", ctx)


def test_the_scheduler_runs_the_four_jobs_in_tehran_time(tmp_path: Path, db: Db) -> None:
    settings = Settings(tmp_path, tmp_path / "keys", db.url)
    with time_machine.travel(T0, tick=False), jobs.JobContext(settings) as ctx:
        scheduler = jobs.build_scheduler(ctx)
        scheduler.start(paused=True)
        try:
            found = {job.id: job for job in scheduler.get_jobs()}
        finally:
            scheduler.shutdown(wait=False)
    assert set(found) == {"reminders", "deletion", "outbox", "reconcile"}
    for name, job in found.items():
        assert (job.coalesce, job.max_instances) == (True, 1)
        # Importable, not a lambda; it claims the run (job_runs) before running the job.
        assert job.func is jobs.scheduled_job
        assert job.args == (ctx, name)
    tehran = {name: job.next_run_time.astimezone(TEHRAN) for name, job in found.items()}
    assert tehran["reminders"] == datetime(2026, 11, 26, 10, 0, tzinfo=TEHRAN)
    assert tehran["deletion"] == datetime(2026, 11, 26, 3, 0, tzinfo=TEHRAN)
    assert found["outbox"].trigger.interval == timedelta(minutes=1)
    assert found["reconcile"].trigger.interval == timedelta(minutes=5)
    # Whole minutes and whole five minutes (10:30 is both): the same moments in every
    # worker's scheduler, whenever it started.
    assert tehran["outbox"] == tehran["reconcile"] == datetime(2026, 11, 25, 10, 30, tzinfo=TEHRAN)


def test_the_running_scheduler_sends_the_outbox(run: Cli, db: Db) -> None:
    code, _licence = run.run(
        "admin", "create-licence", "--business-name", "Shop", "--mobile", "09121234567",
        "--days", "10",
    )  # fmt: skip
    assert code == 0
    run.job("reminders")
    settings = Settings(run.data_dir, run.data_dir / "keys", db.url)
    done = threading.Event()
    events: list[JobExecutionEvent] = []

    def finished(event: JobExecutionEvent) -> None:
        if event.job_id == "outbox":
            events.append(event)
            done.set()

    with jobs.JobRunner(settings) as runner:
        runner.scheduler.add_listener(finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        runner.scheduler.get_job("outbox").modify(next_run_time=datetime.now(UTC))
        assert done.wait(60)
    assert not runner.scheduler.running
    assert events[0].exception is None
    assert events[0].retval["sent"] == 1
    assert len(run.sent()) == 1


def test_serve_starts_and_stops_the_jobs(tmp_path: Path) -> None:
    log_path = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")}
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [str(SCRIPT), "serve", "--demo", "--port", "0", "--data-dir", str(tmp_path / "d")],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline(), log_path.read_text()
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            assert proc.stdout is not None
            proc.stdout.close()
    text = log_path.read_text()
    assert "jobs scheduled" in text
    assert "jobs stopped" in text  # before uvicorn re-raises the SIGTERM that ends it
    assert "Traceback" not in text


def test_after_a_top_up_the_operator_sends_the_failed_sms_at_once(
    run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeKavenegar() as kavenegar:
        monkeypatch.setenv("CLUBDESK_SERVER_SMS_SENDER", "kavenegar")
        monkeypatch.setenv("CLUBDESK_SERVER_KAVENEGAR_URL", kavenegar.url)
        monkeypatch.setenv("CLUBDESK_SERVER_KAVENEGAR_API_KEY", kavenegar.api_key)
        code, _licence = run.run(
            "admin", "create-licence", "--business-name", "Shop", "--mobile", "09121234567",
            "--days", "10",
        )  # fmt: skip
        assert code == 0
        run.job("reminders")
        kavenegar.out_of_credit()
        assert run.job("outbox")["out_of_credit"] is True
        kavenegar.out_of_credit(False)
        assert run.job("outbox")["claimed"] == 0  # waiting for its backoff
        code, _usage = run.run("jobs", "run", "reminders", "--retry-failed")
        assert code == 2
        code, doc = run.run("jobs", "run", "outbox", "--retry-failed")
        assert code == 0
        assert (doc["result"]["made_due"], doc["result"]["sent"]) == (1, 1)
        [received] = kavenegar.messages
    assert received.template == "clubdesk-expiry-reminder"
