"""Background jobs (APScheduler 3): licence refresh now and every few hours.

A job never touches a widget: it reports through a callback the UI connects to a Qt signal
of one bridge object living on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler

from clubdesk.core.ids import utcnow

if TYPE_CHECKING:
    from clubdesk.core.licence import Status
    from clubdesk.licensing.manager import LicenceManager

log = logging.getLogger(__name__)
LICENCE_REFRESH_HOURS = 4


def refresh_licence(licence: LicenceManager, report: Callable[[Status], Any]) -> None:
    """One refresh; failures are logged and the state (offline, locked…) is reported."""
    try:
        status = licence.refresh()
    except Exception:
        log.exception("licence refresh failed")
        status = licence.status()
    report(status)


def start_scheduler(
    licence: LicenceManager, report: Callable[[Status], Any], *, now: datetime | None = None
) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(daemon=True, timezone="UTC")
    scheduler.add_job(
        refresh_licence,
        "interval",
        hours=LICENCE_REFRESH_HOURS,
        args=(licence, report),
        id="licence-refresh",
        next_run_time=now or utcnow(),  # at start, then every few hours
        coalesce=True,
        max_instances=1,
    )
    scheduler.start()
    return scheduler
