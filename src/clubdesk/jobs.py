"""Background jobs (APScheduler 3): licence refresh now and every few hours, a look for
support's new replies now and every quarter of an hour, updates and news from the vendor.

A job never touches a widget: it reports through a callback the UI connects to a Qt signal
of one bridge object living on the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler

from clubdesk.core.ids import utcnow
from clubdesk.licensing.client import ServerRefused, ServerUnreachable
from clubdesk.licensing.manager import NotActivated

if TYPE_CHECKING:
    from clubdesk.core.licence import Status
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.renewal import RenewalService

log = logging.getLogger(__name__)
LICENCE_REFRESH_HOURS = 4
SUPPORT_CHECK_MINUTES = 15


def refresh_licence(licence: LicenceManager, report: Callable[[Status], Any]) -> None:
    """One refresh; failures are logged and the state (offline, locked…) is reported."""
    try:
        status = licence.refresh()
    except Exception:
        log.exception("licence refresh failed")
        status = licence.status()
    report(status)


def unread_replies(support: RenewalService) -> int | None:
    """Support's replies the shop has not read, or None when nobody could be asked.

    No licence on this computer, no connection or a refusal are not the owner's business here:
    the licence indicator already says offline or locked, so they are logged at debug only.
    """
    try:
        return support.unread_replies()
    except NotActivated:
        log.debug("support check skipped: no licence on this computer")
    except ServerUnreachable:
        log.debug("support check skipped: the server cannot be reached")
    except ServerRefused as refusal:
        log.debug("support check skipped: the server refused (%s)", refusal.server_code)
    except Exception:
        log.warning("support check failed", exc_info=True)
    return None


def check_support(support: RenewalService, report: Callable[[int, float], Any]) -> None:
    """Report ``(unread, asked_at)``; ``asked_at`` (``time.monotonic``) lets the window drop
    an answer that arrives after a newer one (a slow check overtaken by reading the ticket)."""
    asked_at = time.monotonic()
    unread = unread_replies(support)
    if unread is None:
        return
    try:
        report(unread, asked_at)
    except RuntimeError:  # the window closed while the server was answering
        log.debug("support check dropped: its window is gone")


BACKUP_CHECK_MINUTES = 1


def automatic_backup(
    backups: Callable[[], Any], report: Callable[[Any], Any], now: datetime | None = None
) -> None:
    """One look at ``backups()`` (a BackupService): when due, an automatic backup, then the
    retention rule, then a copy in the mirror folder if the owner chose one. Reports the new
    BackupInfo, or the error; a busy lock waits a minute.
    Runs while the licence is locked too: backups protect the shop's data."""
    from clubdesk.core.errors import BackupBusy

    try:
        service = backups()
        if not service.due(now or utcnow()):
            return
        info = service.create("automatic")
    except BackupBusy:
        log.debug("automatic backup postponed: another backup is running")
        return
    except Exception as error:
        log.warning("automatic backup failed", exc_info=True)
        report(error)
        return
    try:
        service.prune()
    except Exception:
        log.warning("pruning old backups failed", exc_info=True)
    try:
        service.mirror(info)
    except Exception as error:  # the backup itself is safe; the copy is what failed
        log.warning("copying the backup to the mirror folder failed", exc_info=True)
        report(error)
        return
    report(info)


def add_backup_job(
    scheduler: BackgroundScheduler, backups: Callable[[], Any], report: Callable[[Any], Any]
) -> None:
    """Every minute, ``automatic_backup`` (off the GUI thread; on ``start_scheduler``'s
    scheduler, whose defaults keep it to one run at a time)."""
    scheduler.add_job(
        automatic_backup,
        "interval",
        minutes=BACKUP_CHECK_MINUTES,
        args=(backups, report),
        id="automatic-backup",
    )


OFFSITE_CHECK_MINUTES = 15
# Refusals the licence indicator already shows: not the off-site job's news.
QUIET_REFUSALS = frozenset(
    {"LICENCE_EXPIRED", "LICENCE_REVOKED", "LICENCE_SUSPENDED", "TOKEN_INVALID"}
)


def offsite_upload(
    offsite: Callable[[], Any], report: Callable[[Any], Any], now: datetime | None = None
) -> None:
    """After automatic backups: when the owner turned off-site backups on, the newest one goes
    to the server (``OffsiteBackups.auto_upload`` decides whether one is due). Reports the
    uploaded CloudBackupInfo or an error; offline, no licence here, or a locked licence are
    not news (the licence indicator says so) and are only logged."""
    try:
        uploaded = offsite().auto_upload(now or utcnow())
    except (NotActivated, ServerUnreachable) as error:
        log.debug("off-site upload skipped: %s", error)
        return
    except ServerRefused as refusal:
        if refusal.server_code in QUIET_REFUSALS:
            log.debug("off-site upload skipped: %s", refusal.server_code)
            return
        log.warning("off-site upload refused: %s", refusal.server_code)
        report(refusal)
        return
    except Exception as error:
        log.warning("off-site upload failed", exc_info=True)
        report(error)
        return
    if uploaded is not None:
        report(uploaded)


def club_offsite(club: Any) -> Any:
    """The open shop's OffsiteBackups, imported when the job first runs (start-up stays
    quick); NotActivated on a computer without a licence."""
    from clubdesk.backup.offsite import for_club

    return for_club(club)


def add_offsite_job(
    scheduler: BackgroundScheduler, offsite: Callable[[], Any], report: Callable[[Any], Any]
) -> None:
    """Every quarter of an hour, ``offsite_upload``: it follows the automatic backups, and an
    upload that failed offline is tried again without waiting for the next backup."""
    scheduler.add_job(
        offsite_upload,
        "interval",
        minutes=OFFSITE_CHECK_MINUTES,
        args=(offsite, report),
        id="offsite-upload",
    )


SYNC_MINUTES = 1


def _deliver(report: Callable[[Any], Any], result: Any, what: str) -> None:
    """Hand a job's result to the window's signal; a window closed meanwhile is no error."""
    try:
        report(result)
    except RuntimeError:
        log.debug("%s report dropped: its window is gone", what)


def run_sync(sync: Callable[[], Any], report: Callable[[Any], Any]) -> None:
    """One push and pull (``sync()`` is ClubServices.sync_now). Reports the SyncReport, or the
    error: offline and refusals are expected states, shown in the status bar, not dialogs."""
    from clubdesk.core.licence import LicenceLocked

    try:
        result = sync()
    except (ServerUnreachable, ServerRefused, NotActivated, LicenceLocked) as error:
        log.debug("sync skipped: %s", error)
        result = error
    except Exception as error:
        log.warning("sync failed", exc_info=True)
        result = error
    _deliver(report, result, "sync")


def add_sync_job(
    scheduler: BackgroundScheduler, sync: Callable[[], Any], report: Callable[[Any], Any]
) -> None:
    """Every minute (and at once), ``run_sync``; ``sync_soon`` adds a run after a change."""
    scheduler.add_job(
        run_sync,
        "interval",
        minutes=SYNC_MINUTES,
        args=(sync, report),
        id="sync",
        next_run_time=utcnow(),
    )


def sync_soon(scheduler: BackgroundScheduler, delay_s: float = 5.0) -> None:
    """Bring the next sync forward to a few seconds from now (after a sale, when the counter
    is idle); repeated calls keep pushing it back, so a busy till is not interrupted."""
    from datetime import timedelta

    job = scheduler.get_job("sync")
    if job is not None:
        job.modify(next_run_time=utcnow() + timedelta(seconds=delay_s))


PROGRAMME_MINUTES = 60


def run_programme(club: Any) -> dict[str, int] | None:
    """The programme's housekeeping (``club`` is a ClubServices): expire due points and
    credit, move members down a level when their spend left the window, give birthday,
    anniversary gifts. Each step in short transactions; a locked licence skips it."""
    from clubdesk.core.licence import LicenceLocked

    try:
        return {
            "expired": club.expire_now(),
            "levels": club.refresh_levels(),
            "gifts": club.give_occasion_gifts(),
        }
    except LicenceLocked:
        log.debug("programme job skipped: the licence is locked")
    except Exception:
        log.warning("programme job failed", exc_info=True)
    return None


def add_programme_job(scheduler: BackgroundScheduler, club: Any) -> None:
    """Hourly, first a couple of minutes after start (the counter comes first)."""
    from datetime import timedelta

    scheduler.add_job(
        run_programme,
        "interval",
        minutes=PROGRAMME_MINUTES,
        args=(club,),
        id="programme",
        next_run_time=utcnow() + timedelta(minutes=2),
    )


SMS_MINUTES = 1


def run_sms(club: Any, report: Callable[[Any], Any] | None = None) -> None:
    """Send the SMS queue and refresh delivery reports (``club`` is a ClubServices). The
    SmsService's SendReport, or the error, goes to ``report``; nothing set up is no error."""
    try:
        result: Any = club.sms().run_job()
    except Exception as error:
        log.warning("SMS job failed", exc_info=True)
        result = error
    if report is not None:
        _deliver(report, result, "SMS")


def add_sms_job(
    scheduler: BackgroundScheduler, club: Any, report: Callable[[Any], Any] | None = None
) -> None:
    """Every minute: queued SMS go out once the line is reachable (see messaging.service)."""
    scheduler.add_job(
        run_sms,
        "interval",
        minutes=SMS_MINUTES,
        args=(club, report),
        id="sms",
        next_run_time=utcnow(),
    )


UPDATE_CHECK_HOURS = 24
VENDOR_START_DELAY_S = 20
NEWS_CHECK_HOURS = 6


def run_vendor_check(check: Callable[[], Any], report: Callable[[Any], Any], what: str) -> None:
    """One look at the vendor's server (``check`` is UpdateService.check or
    NewsService.refresh). The answer goes to ``report``; no connection is no news (the next
    look comes), so it is only logged."""
    try:
        result = check()
    except ServerUnreachable:
        log.debug("%s check skipped: the server cannot be reached", what)
        return
    except Exception:
        log.warning("%s check failed", what, exc_info=True)
        return
    _deliver(report, result, what)


def add_vendor_jobs(
    scheduler: BackgroundScheduler,
    *,
    updates: Callable[[], Any],
    report_update: Callable[[Any], Any],
    news: Callable[[], Any],
    report_news: Callable[[Any], Any],
) -> None:
    """Updates at start and daily; the vendor's news at start and every few hours. "At
    start" is a few seconds after it: the counter and the shop's database come first."""
    from datetime import timedelta

    start = utcnow() + timedelta(seconds=VENDOR_START_DELAY_S)
    scheduler.add_job(
        run_vendor_check,
        "interval",
        hours=UPDATE_CHECK_HOURS,
        args=(updates, report_update, "update"),
        id="update-check",
        next_run_time=start,
    )
    scheduler.add_job(
        run_vendor_check,
        "interval",
        hours=NEWS_CHECK_HOURS,
        args=(news, report_news, "news"),
        id="news-check",
        next_run_time=start,
    )


def start_scheduler(
    licence: LicenceManager,
    report: Callable[[Status], Any],
    *,
    support: RenewalService | None = None,
    report_support: Callable[[int, float], Any] | None = None,
    now: datetime | None = None,
) -> BackgroundScheduler:
    """Start the jobs: the licence refresh, and the support check when ``support`` and
    ``report_support`` are given. Both run at once, then on their intervals."""
    start = now or utcnow()
    # Every job: a missed run is made up once, and never two runs of one job at a time.
    scheduler = BackgroundScheduler(
        daemon=True, timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1}
    )
    scheduler.add_job(
        refresh_licence,
        "interval",
        hours=LICENCE_REFRESH_HOURS,
        args=(licence, report),
        id="licence-refresh",
        next_run_time=start,  # at start, then every few hours
    )
    if support is not None and report_support is not None:
        scheduler.add_job(
            check_support,
            "interval",
            minutes=SUPPORT_CHECK_MINUTES,
            args=(support, report_support),
            id="support-check",
            next_run_time=start,
        )
    scheduler.start()
    return scheduler
