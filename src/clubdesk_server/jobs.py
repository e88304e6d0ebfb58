"""The server's scheduled jobs (APScheduler 3.x, Tehran time), started by ``clubdesk-server serve``.

| job       | when            | what                                                         |
| --------- | --------------- | ------------------------------------------------------------ |
| reminders | daily 10:00     | queue 10-day and last-24-hours SMS, and deletion warnings    |
| deletion  | daily 03:00     | delete data of licences unrenewed for 30 days; stale uploads |
| outbox    | every minute    | send the SMS that are due; their delivery status             |
| reconcile | every 5 minutes | verify payments whose callback never came                    |

(Off-site backups are thinned when each one completes, not by a job; the deletion job also
removes uploads abandoned for a week.)

**Exactly once per schedule, however many workers.** Every worker of ``serve`` runs this
scheduler; the moments are the same in all of them (a daily time in Tehran, or whole multiples
of the interval counted from a fixed epoch). When a moment comes each worker tries to insert the
``job_runs`` row (job, slot = that moment): the unique (job, slot) lets one insert through, that
worker runs the job and records its outcome (ok or failed, with the error) and result; the
others find the row there and skip (``run_claimed``). ``clubdesk-server jobs run NAME`` records
its run the same way, its slot the moment it started (``run_manual``). A worker that dies
mid-run leaves its row ``running``; that moment is not run again, the next one catches up.

Besides, every job is idempotent and safe to run in several processes at once (idempotency keys,
row locks, ``SKIP LOCKED``), so a manual run next to a scheduled one never sends or deletes
twice. Each job is a module-level function of a ``JobContext`` (APScheduler job stores want
importable functions); ``coalesce`` folds missed runs into one and ``max_instances=1`` keeps a
slow run from overlapping itself.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from clubdesk_server.clock import clock
from clubdesk_server.db import HEAD, current_revision, engine_for, session_factory, transaction
from clubdesk_server.errors import SchemaNotReady, ServerError, UnknownJob
from clubdesk_server.models.operations import JobRun
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
        self.engine = engine if engine is not None else engine_for(settings)
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
    from clubdesk_server.metrics import note_sms_credit

    note_sms_credit(ctx.sender, report)  # the provider's credit, for /metrics
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
    """One job, once, now, unrecorded (tests; ``run_manual`` records it)."""
    job = JOBS.get(name)
    if job is None:
        raise UnknownJob(name=name, choices=", ".join(JOBS))
    return job(ctx, now, **options)


# -- when they run ------------------------------------------------------------------------------

# Intervals count from here, so every worker's scheduler names the same moments.
EPOCH = datetime(2000, 1, 3, tzinfo=UTC)


@dataclass(frozen=True)
class Every:
    """Every ``period``, at whole multiples of it from ``EPOCH``."""

    period: timedelta

    def trigger(self, tz: str) -> IntervalTrigger:
        return IntervalTrigger(seconds=self.period.total_seconds(), start_date=EPOCH, timezone=tz)

    def slot(self, now: datetime, _tz: str) -> datetime:
        """The latest moment of the schedule at or before ``now``."""
        return EPOCH + ((now - EPOCH) // self.period) * self.period


@dataclass(frozen=True)
class DailyAt:
    """Every day at ``hour``:``minute`` in the settings' timezone (Tehran)."""

    hour: int
    minute: int = 0

    def trigger(self, tz: str) -> CronTrigger:
        return CronTrigger(hour=self.hour, minute=self.minute, timezone=tz)

    def slot(self, now: datetime, tz: str) -> datetime:
        zone = ZoneInfo(tz)
        local = now.astimezone(zone)
        at = datetime.combine(local.date(), time(self.hour, self.minute), zone)
        if at > local:
            at = datetime.combine(local.date() - timedelta(days=1), at.timetz())
        return at.astimezone(UTC)


Schedule = Every | DailyAt

SCHEDULES: dict[str, Schedule] = {
    "reminders": DailyAt(REMINDER_HOUR),
    "deletion": DailyAt(3),
    "outbox": Every(timedelta(minutes=1)),
    "reconcile": Every(timedelta(minutes=5)),
}
TITLES = {
    "reminders": "SMS reminders and deletion warnings",
    "deletion": "after-expiry data deletion",
    "outbox": "SMS outbox",
    "reconcile": "payment reconciliation",
}


def schedule_of(settings: Settings, name: str) -> Schedule:
    if settings.jobs_every is not None:  # tests: everything, often
        return Every(settings.jobs_every)
    return SCHEDULES[name]


# -- runs: claimed once, recorded ---------------------------------------------------------------


def worker_name() -> str:
    """``host:pid``: which worker ran a job (``job_runs.worker``)."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def claim(
    sessions: sessionmaker[Session],
    job: str,
    slot: datetime,
    worker: str,
    now: datetime | None = None,
) -> int | None:
    """Insert the ``running`` row of ``job`` at ``slot``: its id, or None when that row exists
    (another worker claimed the slot first). One statement, ``ON CONFLICT DO NOTHING``, on
    SQLite and PostgreSQL alike: the loser waits for the winner's commit and inserts nothing."""
    values = {
        "job": job,
        "slot": slot,
        "worker": worker,
        "started_at": now or clock(),
        "outcome": "running",
        "error": "",
    }
    with transaction(sessions) as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        statement = (
            (postgresql.insert if postgres else sqlite.insert)(JobRun)
            .values(values)
            .on_conflict_do_nothing(index_elements=["job", "slot"])
            .returning(JobRun.id)
        )
        return session.scalar(statement)


def _finish(
    sessions: sessionmaker[Session],
    run_id: int,
    outcome: str,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
) -> None:
    # Through JSON and back: a result must be storable as it is shown (dates as text).
    stored = None if result is None else json.loads(json.dumps(result, default=str))
    with transaction(sessions) as session:
        session.execute(
            update(JobRun)
            .where(JobRun.id == run_id)
            .values(finished_at=clock(), outcome=outcome, error=error[:2000], result=stored)
        )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ServerError):
        return f"{exc.code}: {exc.render()}"
    return f"{type(exc).__name__}: {exc}"


def run_claimed(
    name: str, ctx: JobContext, slot: datetime, *, worker: str | None = None, **options: Any
) -> dict[str, Any] | None:
    """Run ``name`` for ``slot`` if this worker claims it, recording the outcome; None (and
    nothing run) when another worker has. A job that raises is recorded ``failed`` with its
    error, and the exception goes on (APScheduler logs it; the CLI shows it)."""
    if name not in JOBS:
        raise UnknownJob(name=name, choices=", ".join(JOBS))
    run_id = claim(ctx.sessions, name, slot, worker or worker_name())
    if run_id is None:
        log.debug("%s at %s: claimed by another worker", name, slot.isoformat())
        return None
    return _run_recorded(name, ctx, run_id, options)


def _run_recorded(
    name: str, ctx: JobContext, run_id: int, options: dict[str, Any]
) -> dict[str, Any]:
    """The claimed run ``run_id``: the job, then its row finished ok or failed."""
    try:
        result = run_job(name, ctx, **options)
    except BaseException as exc:
        _finish(ctx.sessions, run_id, "failed", error=_describe(exc))
        raise
    _finish(ctx.sessions, run_id, "ok", result=result)
    return result


def scheduled_job(ctx: JobContext, name: str) -> dict[str, Any] | None:
    """What the scheduler calls: the job for the schedule's moment that has just come."""
    slot = schedule_of(ctx.settings, name).slot(clock(), ctx.settings.timezone)
    return run_claimed(name, ctx, slot)


def run_manual(name: str, ctx: JobContext, **options: Any) -> dict[str, Any]:
    """``clubdesk-server jobs run NAME``: now, recorded with the moment it started as its slot
    (a microsecond later for each manual run of that job already holding that moment)."""
    if name not in JOBS:
        raise UnknownJob(name=name, choices=", ".join(JOBS))
    started = clock()
    for step in range(1000):
        slot = started + timedelta(microseconds=step)
        run_id = claim(ctx.sessions, name, slot, worker_name(), now=started)
        if run_id is not None:
            break
    else:  # only a frozen clock gets here
        raise RuntimeError(f"no free moment to record {name} at {started.isoformat()}")
    return _run_recorded(name, ctx, run_id, options)


def recent_job_runs(session: Session, since: datetime, job: str | None = None) -> list[JobRun]:
    """The runs started at or after ``since`` (of ``job``, or of every job), newest first, for
    metrics and alerts: ``outcome`` is running, ok or failed (``error`` says why), ``worker``
    is host:pid. A run still ``running`` long after ``started_at`` lost its worker mid-run."""
    query = select(JobRun).where(JobRun.started_at >= since)
    if job is not None:
        query = query.where(JobRun.job == job)
    return list(session.scalars(query.order_by(JobRun.started_at.desc(), JobRun.id.desc())))


# -- the scheduler ------------------------------------------------------------------------------


def build_scheduler(ctx: JobContext) -> BackgroundScheduler:
    """The four jobs on a background scheduler in the settings' timezone, each run claimed
    (``scheduled_job``); not started."""
    tz = ctx.settings.timezone
    scheduler = BackgroundScheduler(
        timezone=tz, job_defaults={"coalesce": True, "max_instances": 1}
    )
    for name in JOBS:
        schedule = schedule_of(ctx.settings, name)
        grace = DAILY_GRACE_S if isinstance(schedule, DailyAt) else FREQUENT_GRACE_S
        scheduler.add_job(
            scheduled_job,
            schedule.trigger(tz),
            args=[ctx, name],
            id=name,
            name=TITLES[name],
            misfire_grace_time=grace,
        )
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
