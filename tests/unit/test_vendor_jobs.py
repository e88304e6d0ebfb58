"""The update and news checks on the scheduler: at start, then daily / every few hours; no
connection is not news, and a result reaches the window only through its report callback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from clubdesk.jobs import (
    NEWS_CHECK_HOURS,
    UPDATE_CHECK_HOURS,
    add_vendor_jobs,
    run_vendor_check,
)
from clubdesk.licensing.client import ServerUnreachable


def test_a_check_reports_its_answer_and_stays_quiet_offline(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reports: list[object] = []
    run_vendor_check(lambda: "answer", reports.append, "update")
    assert reports == ["answer"]

    def offline() -> object:
        raise ServerUnreachable()

    def broken() -> object:
        raise ValueError("bad answer")

    run_vendor_check(offline, reports.append, "update")
    run_vendor_check(broken, reports.append, "news")
    assert reports == ["answer"]
    assert "news check failed" in caplog.text

    def gone(_result: object) -> None:
        raise RuntimeError("Internal C++ object already deleted")

    run_vendor_check(lambda: "late", gone, "news")  # the window closed meanwhile: no error


def test_updates_are_checked_at_start_and_daily_news_every_few_hours() -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    add_vendor_jobs(
        scheduler,
        updates=lambda: None,
        report_update=lambda _r: None,
        news=lambda: None,
        report_news=lambda _r: None,
    )
    update, news = scheduler.get_job("update-check"), scheduler.get_job("news-check")
    assert update.trigger.interval == timedelta(hours=UPDATE_CHECK_HOURS) == timedelta(days=1)
    assert news.trigger.interval == timedelta(hours=NEWS_CHECK_HOURS)
    assert update.next_run_time is not None  # at start, not a day later
