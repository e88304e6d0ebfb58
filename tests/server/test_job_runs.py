"""Job runs: each scheduled moment claimed by one worker (job_runs, unique job and slot), runs
recorded with their outcome, on SQLite and PostgreSQL. The real three-worker race is in
test_scale_out.py; here workers are threads with their own engines, released together."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from private_db import Db
from sqlalchemy import select

from clubdesk_server import cli, jobs
from clubdesk_server.models.operations import JobRun
from clubdesk_server.settings import Settings

TEHRAN = ZoneInfo("Asia/Tehran")
T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 10:30 in Tehran
SLOT = datetime(2026, 11, 25, 7, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_server_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("CLUBDESK_SERVER_"):
            monkeypatch.delenv(name)


def all_runs(db: Db) -> list[JobRun]:
    with db.sessions() as session:
        return list(session.scalars(select(JobRun).order_by(JobRun.id)))


class CountingJob:
    """Stands in for a job: counts its runs (from any thread)."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.runs = 0
        self.fail = fail
        self._lock = threading.Lock()

    def __call__(self, _ctx: jobs.JobContext, _now: datetime | None = None) -> dict[str, Any]:
        with self._lock:
            self.runs += 1
        if self.fail is not None:
            raise self.fail
        return {"sent": 1, "at": T0}  # a date too: stored as text


def test_the_first_claim_of_a_moment_wins(db: Db) -> None:
    first = jobs.claim(db.sessions, "outbox", SLOT, "host-a:1", now=T0)
    assert first is not None
    assert jobs.claim(db.sessions, "outbox", SLOT, "host-b:2", now=T0) is None
    assert jobs.claim(db.sessions, "outbox", SLOT + timedelta(minutes=1), "host-b:2") is not None
    assert jobs.claim(db.sessions, "reconcile", SLOT, "host-b:2") is not None
    (row,) = [run for run in all_runs(db) if run.id == first]
    assert (row.job, row.slot, row.worker, row.outcome) == ("outbox", SLOT, "host-a:1", "running")
    assert row.started_at == T0
    assert row.finished_at is None


def test_three_workers_racing_for_one_moment_run_the_job_once(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = CountingJob()
    monkeypatch.setitem(jobs.JOBS, "outbox", job)
    start = threading.Barrier(3)
    results: dict[str, Any] = {}

    def worker(name: str) -> None:
        with jobs.JobContext(db.settings) as ctx:  # its own engine, as a worker process has
            start.wait(30)
            results[name] = jobs.run_claimed("outbox", ctx, SLOT, worker=name)

    threads = [threading.Thread(target=worker, args=(f"host:{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert job.runs == 1
    (winner,) = [name for name, result in results.items() if result is not None]
    assert sorted(results) == ["host:0", "host:1", "host:2"]
    (row,) = all_runs(db)
    assert (row.job, row.slot, row.worker, row.outcome) == ("outbox", SLOT, winner, "ok")
    assert row.result == {"sent": 1, "at": str(T0)}
    assert row.finished_at is not None
    assert row.finished_at >= row.started_at


def test_a_failed_run_is_recorded_with_its_error(db: Db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(jobs.JOBS, "reconcile", CountingJob(fail=RuntimeError("gateway down")))
    with jobs.JobContext(db.settings) as ctx, pytest.raises(RuntimeError, match="gateway down"):
        jobs.run_claimed("reconcile", ctx, SLOT)
    (row,) = all_runs(db)
    assert (row.outcome, row.error, row.result) == ("failed", "RuntimeError: gateway down", None)
    assert row.worker == jobs.worker_name()
    assert row.finished_at is not None


def test_jobs_run_records_each_manual_run(
    db: Db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["jobs", "run", "outbox", "--database-url", db.url, "--data-dir", str(tmp_path)]
    with time_machine.travel(T0, tick=False):  # two runs at the very same moment
        outputs = []
        for _ in range(2):
            assert cli.main([*argv, "--json"]) == 0
            outputs.append(json.loads(capsys.readouterr().out)["result"])
    runs = all_runs(db)
    assert [run.slot for run in runs] == [T0, T0 + timedelta(microseconds=1)]
    assert [run.result for run in runs] == outputs
    assert {(run.job, run.outcome, run.started_at) for run in runs} == {("outbox", "ok", T0)}
    assert {run.worker for run in runs} == {jobs.worker_name()}


def test_recent_job_runs_newest_first(db: Db) -> None:
    for minutes, job in ((0, "outbox"), (1, "reconcile"), (2, "outbox"), (3, "deletion")):
        at = T0 + timedelta(minutes=minutes)
        assert jobs.claim(db.sessions, job, at, "host:1", now=at) is not None
    with db.sessions() as session:
        since = T0 + timedelta(minutes=1)
        assert [(r.job, r.started_at) for r in jobs.recent_job_runs(session, since)] == [
            ("deletion", T0 + timedelta(minutes=3)),
            ("outbox", T0 + timedelta(minutes=2)),
            ("reconcile", T0 + timedelta(minutes=1)),
        ]
        outbox = jobs.recent_job_runs(session, T0, job="outbox")
        assert [r.started_at for r in outbox] == [T0 + timedelta(minutes=2), T0]


# -- the moments (no database) ------------------------------------------------------------------


def test_each_schedule_names_the_moment_that_has_just_come() -> None:
    every_minute = jobs.SCHEDULES["outbox"]
    assert every_minute.slot(T0 + timedelta(seconds=59.9), "Asia/Tehran") == T0
    assert every_minute.slot(T0 + timedelta(seconds=60), "Asia/Tehran") == SLOT
    five = jobs.SCHEDULES["reconcile"]
    assert five.slot(T0 + timedelta(minutes=4), "Asia/Tehran") == T0  # 10:30 Tehran
    reminders = jobs.SCHEDULES["reminders"]  # 10:00 Tehran
    assert reminders.slot(T0, "Asia/Tehran") == datetime(2026, 11, 25, 10, tzinfo=TEHRAN)
    before_ten = datetime(2026, 11, 25, 9, 59, tzinfo=TEHRAN)
    assert reminders.slot(before_ten, "Asia/Tehran") == datetime(2026, 11, 24, 10, tzinfo=TEHRAN)
    deletion = jobs.SCHEDULES["deletion"]  # 03:00 Tehran, 23:30 UTC the day before
    assert deletion.slot(T0, "Asia/Tehran") == datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


def test_a_test_interval_replaces_every_schedule(tmp_path: Path) -> None:
    settings = Settings(tmp_path, tmp_path, "sqlite://", jobs_every=timedelta(seconds=2))
    for name in jobs.JOBS:
        schedule = jobs.schedule_of(settings, name)
        assert schedule == jobs.Every(timedelta(seconds=2))
        assert schedule.slot(T0 + timedelta(seconds=3.5), "Asia/Tehran") == T0 + timedelta(
            seconds=2
        )
