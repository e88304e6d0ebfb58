"""The sync job on a real APScheduler: a sale brings the next sync forward, and a failing sync
is reported, never raised into the scheduler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from clubdesk.jobs import add_sync_job, run_sync, sync_soon
from clubdesk.licensing.client import ServerUnreachable


def test_a_sale_brings_the_next_sync_forward() -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    try:
        add_sync_job(scheduler, lambda: None, lambda _result: None)
        job = scheduler.get_job("sync")
        job.modify(next_run_time=datetime.now(UTC) + timedelta(minutes=1))
        sync_soon(scheduler, delay_s=5)
        due = scheduler.get_job("sync").next_run_time
        assert timedelta(0) < due - datetime.now(UTC) <= timedelta(seconds=5)
    finally:
        scheduler.shutdown(wait=False)


def test_without_the_job_sync_soon_does_nothing() -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start(paused=True)
    try:
        sync_soon(scheduler)
        assert scheduler.get_jobs() == []
    finally:
        scheduler.shutdown(wait=False)


def test_a_failed_sync_is_reported_not_raised() -> None:
    reports: list[object] = []

    def offline() -> None:
        raise ServerUnreachable()

    def broken() -> None:
        raise RuntimeError("a bug")

    run_sync(offline, reports.append)
    run_sync(broken, reports.append)
    assert isinstance(reports[0], ServerUnreachable)
    assert isinstance(reports[1], RuntimeError)


def test_a_report_to_a_closed_window_is_dropped() -> None:
    def gone(_result: object) -> None:
        raise RuntimeError("Internal C++ object already deleted.")

    run_sync(lambda: "report", gone)  # must not raise


def test_the_status_bar_says_why_a_sync_did_not_happen(qapp) -> None:
    from clubdesk.core.licence import LicenceLocked
    from clubdesk.licensing.client import ServerRefused
    from clubdesk.sync.service import SyncStatus
    from clubdesk.ui import i18n
    from clubdesk.ui.sync_view import _tr, status_text

    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    status = SyncStatus(enabled=True, pending=2, last_sync=now, flags=0, device="d")
    assert _tr("offline") in status_text(status, ServerUnreachable())
    refused = ServerRefused("LICENCE_EXPIRED", 403, "expired")
    assert _tr("paused: licence") in status_text(status, refused)
    locked = LicenceLocked(reason="x", code_reason="x")
    assert _tr("paused: licence") in status_text(status, locked)
    assert _tr("failed (see the log)") in status_text(status, RuntimeError())
    assert i18n.moment(now) in status_text(status)
    assert _tr("{count} waiting").format(count=i18n.number(2)) in status_text(status)
    off = SyncStatus(enabled=False, pending=0, last_sync=None, flags=0, device="d")
    assert status_text(off) == ""
