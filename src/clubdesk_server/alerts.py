"""What the vendor must act on, read from the record: ``clubdesk-server admin alerts``, the top of
the support pages, and ``clubdesk_alerts`` in ``/metrics``.

| kind          | stands while                                                               |
| ------------- | -------------------------------------------------------------------------- |
| `sms`         | the SMS provider's latest answer to a send was out of credit (Kavenegar     |
|               | 418) or a refusal of the account (``sms.health.sms_alert``)                |
| `gateway`     | Zarinpal refused our merchant set-up (-10, -11, -15 and its other merchant  |
|               | codes) for a payment in the last 24 hours, and none was applied since      |
| `job_failed`  | a scheduled job's run failed in the last 24 hours (``JobRun``)              |
| `job_stale`   | a scheduled job has not run for three of its periods                        |
| `key_sharing` | one licence had ``alert_sharing_refusals`` refused activations (device      |
|               | limit, revoked, ...) within the hour from ``alert_sharing_ips`` addresses   |

Nothing here is kept as state: each alert is a question to the database (audit log, payments,
job runs), so every worker, the CLI and the admin pages see the same list, and an alert ends by
itself once the record no longer shows the trouble.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from clubdesk_server.models import AuditEntry, JobRun, Licence, Payment
from clubdesk_server.payments import zarinpal
from clubdesk_server.payments.gateway import VerifyOutcome
from clubdesk_server.settings import Settings
from clubdesk_server.sms.health import ALERTS as SMS_ALERTS
from clubdesk_server.sms.health import sms_alert
from clubdesk_server.support import jalali_time

KINDS = ("sms", "gateway", "job_failed", "job_stale", "key_sharing")
NOT_SMS = KINDS[1:]  # the support pages show the SMS alert in its own words
GATEWAY_WINDOW = timedelta(hours=24)
JOB_FAILURE_WINDOW = timedelta(hours=24)
STALE_AFTER_PERIODS = 3
SHARING_WINDOW = timedelta(hours=1)
# Zarinpal's codes that mean our merchant set-up is refused (-10 terminal not valid, -11 not
# active, -15 suspended, ...): no payment can succeed until the vendor acts.
MERCHANT_CODES = tuple(
    sorted(
        code
        for code, (outcome, _text) in zarinpal.ZARINPAL_CODES.items()
        if outcome is VerifyOutcome.MERCHANT_ERROR
    )
)


def job_period(settings: Settings, job: str) -> timedelta:
    """How often ``job`` runs (``jobs.SCHEDULES``): its interval, or a day."""
    from clubdesk_server.jobs import Every, schedule_of

    schedule = schedule_of(settings, job)
    return schedule.period if isinstance(schedule, Every) else timedelta(days=1)


@dataclass(frozen=True)
class Alert:
    kind: str  # one of KINDS
    since: datetime  # when the trouble began (as far as the record shows)
    count: int  # how many times the record shows it since then
    detail: str  # what happened, for a person
    action: str  # what to do about it
    subject: str | None = None  # the job, the licence (public id) or the gateway code

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "since": self.since.isoformat(),
            "count": self.count,
            "detail": self.detail,
            "action": self.action,
            "subject": self.subject,
        }


def current(
    session: Session, settings: Settings, now: datetime, *, kinds: Iterable[str] = KINDS
) -> list[Alert]:
    """Every alert of ``kinds`` standing at ``now``, in the order of ``KINDS``, oldest first
    within one kind."""
    questions: dict[str, Callable[[], list[Alert]]] = {
        "sms": lambda: _sms(session),
        "gateway": lambda: _gateway(session, now),
        "job_failed": lambda: _failed_jobs(session, now),
        "job_stale": lambda: _stale_jobs(session, settings, now),
        "key_sharing": lambda: _key_sharing(session, settings, now),
    }
    found = [alert for kind in kinds for alert in questions[kind]()]
    return sorted(found, key=lambda a: (KINDS.index(a.kind), a.since))


def _sms(session: Session) -> list[Alert]:
    alert = sms_alert(session)
    if alert is None:
        return []
    action_name = f"sms.{alert.problem}"
    count = session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == action_name, AuditEntry.at >= alert.since)
    )
    status = f" (status {alert.status})" if alert.status is not None else ""
    words = f": {alert.message}" if alert.message else ""
    return [
        Alert(
            kind="sms",
            since=alert.since,
            count=int(count or 1),
            detail=(
                f"SMS {SMS_ALERTS[action_name][0]}{status}{words}; no reminder, receipt or "
                "deletion warning reaches the owners"
            ),
            action=alert.action,
            subject=alert.problem,
        )
    ]


def _gateway(session: Session, now: datetime) -> list[Alert]:
    """Payments Zarinpal refused for our merchant set-up (their ``gateway_code``, kept on the
    payment whether the request or the verification was refused), newer than the last payment
    applied: one alert per code."""
    start = now - GATEWAY_WINDOW
    last_applied = session.scalar(select(func.max(Payment.applied_at)))
    if last_applied is not None and last_applied > start:
        start = last_applied
    rows = session.execute(
        select(Payment.gateway_code, func.count(), func.min(Payment.updated_at))
        .where(
            Payment.gateway == zarinpal.ZarinpalGateway.name,
            Payment.gateway_code.in_(MERCHANT_CODES),
            Payment.updated_at > start,
        )
        .group_by(Payment.gateway_code)
    ).all()
    return [
        Alert(
            kind="gateway",
            since=since,
            count=int(count),
            detail=(
                f"Zarinpal refused our merchant set-up: code {code} "
                f"({zarinpal.meaning(code)[1]}); no renewal can be paid"
            ),
            action=(
                "Check CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID and the terminal in Zarinpal's panel "
                "(active, domain and server IP registered), or call Zarinpal; pending payments are "
                "verified again by the reconcile job once it is fixed."
            ),
            subject=str(code),
        )
        for code, count, since in rows
    ]


def _failed_jobs(session: Session, now: datetime) -> list[Alert]:
    rows = session.execute(
        select(JobRun.job, func.count(), func.min(JobRun.started_at), func.max(JobRun.id))
        .where(JobRun.outcome == "failed", JobRun.started_at >= now - JOB_FAILURE_WINDOW)
        .group_by(JobRun.job)
    ).all()
    alerts = []
    for job, count, since, latest_id in rows:
        latest = session.get(JobRun, latest_id)
        error = (latest.error if latest is not None else "") or "no error recorded"
        alerts.append(
            Alert(
                kind="job_failed",
                since=since,
                count=int(count),
                detail=f"the {job} job failed: {error.strip().splitlines()[-1][:300]}",
                action=(
                    "Read the error in the log (journalctl -u clubdesk-server), fix its cause, "
                    f"then run it by hand: clubdesk-server jobs run {job}."
                ),
                subject=job,
            )
        )
    return alerts


def _stale_jobs(session: Session, settings: Settings, now: datetime) -> list[Alert]:
    """A job whose latest run started more than three periods ago. One that never ran is stale
    only once the job runs on record go back that far (jobs are running somewhere, not it)."""
    first_run = session.scalar(select(func.min(JobRun.started_at)))
    if first_run is None:
        return []  # no scheduler has ever run here (a new server, or jobs not yet deployed)
    from clubdesk_server.jobs import SCHEDULES

    alerts = []
    for job in SCHEDULES:
        period = job_period(settings, job)
        last = session.scalar(select(func.max(JobRun.started_at)).where(JobRun.job == job))
        base = last or first_run
        if now - base <= period * STALE_AFTER_PERIODS:
            continue
        missed = int((now - base) / period)
        last_words = f"last ran {jalali_time(last)}" if last is not None else "never ran"
        alerts.append(
            Alert(
                kind="job_stale",
                since=base + period,
                count=missed,
                detail=f"the {job} job has not run for {missed} of its periods ({last_words})",
                action=(
                    "Check that a clubdesk-server serve with jobs (not --no-jobs) is running and "
                    f"its log for scheduler errors; clubdesk-server jobs run {job} runs it now."
                ),
                subject=job,
            )
        )
    return alerts


def _key_sharing(session: Session, settings: Settings, now: datetime) -> list[Alert]:
    """Licences whose activations were refused many times within the hour from several
    addresses: a key handed around (or a shop fighting its device limit)."""
    window = (
        AuditEntry.action == "activate",
        AuditEntry.outcome != "ok",
        AuditEntry.licence_id.is_not(None),
        AuditEntry.at >= now - SHARING_WINDOW,
    )
    ips = func.count(distinct(AuditEntry.source_ip))
    rows = session.execute(
        select(AuditEntry.licence_id, func.count(), ips, func.min(AuditEntry.at))
        .where(*window)
        .group_by(AuditEntry.licence_id)
        .having(func.count() >= settings.alert_sharing_refusals, ips >= settings.alert_sharing_ips)
    ).all()
    alerts = []
    for licence_id, count, addresses, since in rows:
        licence = session.get(Licence, licence_id)
        if licence is None:
            continue
        reasons = session.execute(
            select(AuditEntry.outcome, func.count())
            .where(*window, AuditEntry.licence_id == licence_id)
            .group_by(AuditEntry.outcome)
            .order_by(func.count().desc(), AuditEntry.outcome)
        ).all()
        why = ", ".join(f"{code} {n}" for code, n in reasons)
        alerts.append(
            Alert(
                kind="key_sharing",
                since=since,
                count=int(count),
                detail=(
                    f"licence {licence.key_prefix}… ({licence.business.name}, {licence.public_id}) "
                    f"had {count} activations refused within the hour from {addresses} addresses "
                    f"({why}): the key may be shared"
                ),
                action=(
                    f"See its devices (clubdesk-server admin devices {licence.public_id}) and the "
                    "owner: release devices that are not the shop's, or revoke the licence and "
                    "issue the owner a new key."
                ),
                subject=licence.public_id,
            )
        )
    return alerts
