"""The server's scheduled jobs (APScheduler 3.x, Tehran time), started by ``clubdesk-server serve``.

| job       | when            | what                                                         |
| --------- | --------------- | ------------------------------------------------------------ |
| reminders | daily 10:00     | queue 10-day and last-24-hours SMS, and deletion warnings    |
| deletion  | daily 03:00     | delete data of licences unrenewed for 30 days; stale uploads |
| outbox    | every minute    | send the SMS that are due; their delivery status             |
| reconcile | every 5 minutes | verify payments whose callback never came                    |

Every job is idempotent and safe to run in several server processes at once (idempotency keys,
row locks, ``SKIP LOCKED``), so a restart, a double start or an operator's
``clubdesk-server jobs run NAME`` never sends or deletes twice. Each job is a module-level
function of a ``JobContext`` (APScheduler job stores want importable functions); ``coalesce``
folds missed runs into one and ``max_instances=1`` keeps a slow run from overlapping itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from clubdesk_server.clock import clock
from clubdesk_server.db import HEAD, current_revision, make_engine, session_factory
from clubdesk_server.errors import SchemaNotReady, UnknownJob
from clubdesk_server.reminders import REMINDER_HOUR
from clubdesk_server.settings import Settings
from clubdesk_server.sms.sender import SmsSender

log = logging.getLogger(__name__)

DAILY_GRACE_S = 6 * 3600  # a daily job missed by a restart still runs within six hours
FREQUENT_GRACE_S = 120


class JobContext:
    """What the jobs share: settings, one engine, and the SMS sender and gateway (made on
    first use, so a job that needs neither works without them configured)."""

    def __init__(
        self,
        settings: Settings,
        *,
        engine: Engine | None = None,
        sender: SmsSender | None = None,
        gateway: Any = None,
    ) -> None:
        self.settings = settings
        self._own_engine = engine is None
        self.engine = engine if engine is not None else make_engine(settings.database_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self._sender = sender
        self._gateway = gateway

    @property
    def sender(self) -> SmsSender:
        if self._sender is None:
            from clubdesk_server.sms.senders import make_sender

            self._sender = make_sender(self.settings)
        return self._sender

    @property
    def gateway(self) -> Any:
        if self._gateway is None:
            from clubdesk_server.payments.gateways import make_gateway

            self._gateway = make_gateway(self.settings, self.sessions)
        return self._gateway

    def check_schema(self) -> None:
        found = current_revision(self.engine)
        if found != HEAD:
            raise SchemaNotReady(found=found or "none (empty database)", head=HEAD)

    def close(self) -> None:
        close = getattr(self._sender, "close", None)
        if callable(close):
            close()
        if self._own_engine:
            self.engine.dispose()

    def __enter__(self) -> JobContext:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


# -- the jobs -----------------------------------------------------------------------------------


def reminders_job(ctx: JobContext, now: datetime | None = None) -> dict[str, Any]:
    """Queue the day's expiry reminders and deletion warnings (sent by the outbox job)."""
    from clubdesk_server.reminders import queue_expiry_reminders
    from clubdesk_server.retention import queue_deletion_warnings

    now = now or clock()
    report = queue_expiry_reminders(ctx.sessions, ctx.settings, now).to_json()
    report["deletion_warnings"] = queue_deletion_warnings(ctx.sessions, ctx.settings, now)
    log.info("reminders job: %s", report)
    return report


def deletion_job(ctx: JobContext, now: datetime | None = None) -> dict[str, Any]:
    """Delete the data of licences unrenewed for 30 days (not held), and off-site uploads
    abandoned for a week. Importing cloud_backups and sync registers their deleters with
    retention (a job run from the CLI imports no API module)."""
    import clubdesk_server.sync  # noqa: F401
    from clubdesk_server.cloud_backups import remove_stale_uploads
    from clubdesk_server.retention import delete_expired_data

    now = now or clock()
    report = delete_expired_data(ctx.sessions, ctx.settings, now).to_json()
    report["stale_uploads"] = remove_stale_uploads(ctx.sessions, ctx.settings, now)
    log.info("deletion job: %s licence(s)", len(report["deleted"]))
    return report


def outbox_job(
    ctx: JobContext, now: datetime | None = None, *, retry_failed: bool = False
) -> dict[str, Any]:
    """Send the SMS that are due (``retry_failed``: failed ones too, without their backoff),
    then ask the provider what became of the ones sent in the last 24 hours."""
    from clubdesk_server.sms.outbox import check_delivery, retry_failed_now, send_due, templates

    now = now or clock()
    made_due = retry_failed_now(ctx.sessions, now) if retry_failed else 0
    report = send_due(
        ctx.sessions, ctx.sender, now, template_names=templates(ctx.settings)
    ).to_json()
    if retry_failed:
        report["made_due"] = made_due
    report["delivery"] = check_delivery(ctx.sessions, ctx.sender, now).to_json()
    if report["claimed"] or report["delivery"]["updated"]:
        log.info("outbox job: %s", report)
    return report


def reconcile_job(ctx: JobContext, now: datetime | None = None) -> dict[str, Any]:
    """Verify pending payments whose callback never came (``payments.service.reconcile``)."""
    from clubdesk_server.payments.service import reconcile

    report = dict(reconcile(ctx.sessions, ctx.gateway, ctx.settings, now or clock()))
    if report.get("checked"):
        log.info("reconcile job: %s", report)
    return report


JOBS: dict[str, Callable[..., dict[str, Any]]] = {
    "reminders": reminders_job,
    "deletion": deletion_job,
    "outbox": outbox_job,
    "reconcile": reconcile_job,
}


def run_job(
    name: str, ctx: JobContext, now: datetime | None = None, **options: Any
) -> dict[str, Any]:
    """One job, once, now (``clubdesk-server jobs run NAME``, tests)."""
    job = JOBS.get(name)
    if job is None:
        raise UnknownJob(name=name, choices=", ".join(JOBS))
    return job(ctx, now, **options)


# -- the scheduler ------------------------------------------------------------------------------


def build_scheduler(ctx: JobContext) -> BackgroundScheduler:
    """The four jobs on a background scheduler in the settings' timezone; not started."""
    tz = ctx.settings.timezone
    scheduler = BackgroundScheduler(
        timezone=tz, job_defaults={"coalesce": True, "max_instances": 1}
    )
    daily = {"misfire_grace_time": DAILY_GRACE_S}
    frequent = {"misfire_grace_time": FREQUENT_GRACE_S}
    scheduler.add_job(
        reminders_job, CronTrigger(hour=REMINDER_HOUR, minute=0, timezone=tz), args=[ctx],
        id="reminders", name="SMS reminders and deletion warnings", **daily,
    )  # fmt: skip
    scheduler.add_job(
        deletion_job, CronTrigger(hour=3, minute=0, timezone=tz), args=[ctx],
        id="deletion", name="after-expiry data deletion", **daily,
    )  # fmt: skip
    scheduler.add_job(
        outbox_job, IntervalTrigger(minutes=1, timezone=tz), args=[ctx],
        id="outbox", name="SMS outbox", **frequent,
    )  # fmt: skip
    scheduler.add_job(
        reconcile_job, IntervalTrigger(minutes=5, timezone=tz), args=[ctx],
        id="reconcile", name="payment reconciliation", **frequent,
    )  # fmt: skip
    return scheduler


class JobRunner:
    """The running scheduler of ``serve``: ``stop`` waits for a running job, then closes."""

    def __init__(self, settings: Settings, **context: Any) -> None:
        self.ctx = JobContext(settings, **context)
        self.scheduler = build_scheduler(self.ctx)
        self._stopped = False

    def start(self) -> JobRunner:
        # The executor logs every run of the every-minute job at INFO: its errors are enough.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self.scheduler.start()
        log.info(
            "jobs scheduled (%s): %s",
            self.ctx.settings.timezone,
            ", ".join(f"{job.id} next {job.next_run_time}" for job in self.scheduler.get_jobs()),
        )
        return self

    def stop(self) -> None:
        """Idempotent: ``serve`` calls it at shutdown and again on its way out."""
        if self._stopped:
            return
        self._stopped = True
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        self.ctx.close()
        log.info("jobs stopped")

    def __enter__(self) -> JobRunner:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
