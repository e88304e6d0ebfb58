"""Prometheus metrics, served at ``/metrics`` (``api.health``) to loopback, the addresses in
``CLUBDESK_SERVER_METRICS_ALLOW`` or a bearer of ``CLUBDESK_SERVER_METRICS_TOKEN``.

Counted as things happen, in the process they happen in (summed over the workers of one
``serve`` through prometheus_client's multiprocess mode, ``metrics_dir``):

| metric                                   | labels                 | counted                   |
| ---------------------------------------- | ---------------------- | ------------------------- |
| clubdesk_http_requests_total             | method, route, status  | each answer (the route's  |
| clubdesk_http_request_duration_seconds   | method, route          | template, not its path)   |
| clubdesk_leases_issued_total             | kind                   | activation, trial, refresh|
| clubdesk_activations_refused_total       | kind, code             | by problem code           |
| clubdesk_sms_total                       | source, outcome        | each SMS handed over      |
| clubdesk_sms_credit_rials                | (gauge)                | Kavenegar's account credit|
|                                          |                        | after an outbox run sent  |

Read from the database at each scrape (so they are exact whichever worker answers, and
whoever changed the rows: a callback in one worker, the reconcile job in another, the CLI):

| metric                                      | labels          |                               |
| ------------------------------------------- | --------------- | ----------------------------- |
| clubdesk_payments                           | state           | payments in each state        |
| clubdesk_job_runs_last_day                  | job, outcome    | runs started in the last 24 h |
| clubdesk_job_last_run_timestamp_seconds     | job             | latest run's start            |
| clubdesk_job_last_success_timestamp_seconds | job             | latest ok run's start         |
| clubdesk_alerts                             | kind            | standing alerts (``alerts``)  |
| clubdesk_database_up                        |                 | 0 when the queries failed     |

Payments are a gauge from the database rather than counters at each transition: a payment
changes state in a callback, a poll, the reconcile job or an admin command, in any process, and
a count of rows is right after restarts and needs no code in each of those paths.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import func, select

from clubdesk_server.clock import clock
from clubdesk_server.metrics_dir import MULTIPROC_ENV

if TYPE_CHECKING:
    from clubdesk_server.api.common import ServerState
    from clubdesk_server.sms.sender import SendResult, SmsSender

log = logging.getLogger(__name__)
disable_created_metrics()  # no *_created series beside each counter: nothing here reads them

CONTENT_TYPE = CONTENT_TYPE_LATEST
UNMATCHED = "unmatched"  # the route label of a request no route took (a 404)
JOB_WINDOW = timedelta(hours=24)
# The routes whose success is a signed lease, and whose refusals are refused activations.
LEASE_ROUTES = {
    ("POST", "/v1/activations"): "activation",
    ("POST", "/v1/trials"): "trial",
    ("POST", "/v1/lease"): "refresh",
}

REQUESTS = Counter(
    "clubdesk_http_requests",
    "HTTP requests answered, by route template and status",
    ("method", "route", "status"),
)
DURATION = Histogram(
    "clubdesk_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template",
    ("method", "route"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
LEASES = Counter(
    "clubdesk_leases_issued", "Signed leases issued: by activation, trial or refresh", ("kind",)
)
ACTIVATIONS_REFUSED = Counter(
    "clubdesk_activations_refused",
    "Activations and trials refused, by problem code (DEVICE_LIMIT, LICENCE_NOT_FOUND, ...)",
    ("kind", "code"),
)
SMS = Counter(
    "clubdesk_sms",
    "SMS handed to the provider: source (outbox, member) and outcome (sent, retry, rejected, "
    "out_of_credit, misconfigured)",
    ("source", "outcome"),
)
SMS_CREDIT = Gauge(  # labelled, so that no value shows until the provider has told one
    "clubdesk_sms_credit_rials",
    "The SMS account's remaining credit in rials, as the provider said after the latest send",
    ("provider",),
    multiprocess_mode="mostrecent",
)


# -- counting -------------------------------------------------------------------------------------


def request_done(method: str, route: str, status: int, seconds: float, code: str | None) -> None:
    """One HTTP answer: the request metrics, and the lease or refusal it stands for."""
    REQUESTS.labels(method, route, str(status)).inc()
    DURATION.labels(method, route).observe(seconds)
    kind = LEASE_ROUTES.get((method, route))
    if kind is None:
        return
    if 200 <= status < 300:
        LEASES.labels(kind).inc()
    elif code is not None and kind != "refresh":
        ACTIVATIONS_REFUSED.labels(kind, code).inc()


def sms_sent(source: str, results: Iterable[SendResult]) -> None:
    """SMS handed to the provider (``SendResult``s), by outcome."""
    for result in results:
        SMS.labels(source, result.outcome.value).inc()


def note_sms_credit(sender: SmsSender, report: dict[str, Any]) -> None:
    """After an outbox run that handed messages over: the account's credit, if the sender can
    tell it (Kavenegar's account/info). A failure to ask keeps the last value."""
    ask = getattr(sender, "account_credit", None)
    if not report.get("claimed") or not callable(ask):
        return
    credit = ask()
    if credit is not None:
        SMS_CREDIT.labels(sender.name).set(credit)


# -- scraping -------------------------------------------------------------------------------------


def multiprocess_mode() -> bool:
    """True when this process writes its metrics to the shared folder (``metrics_dir``)."""
    return bool(os.environ.get(MULTIPROC_ENV)) and values.ValueClass is not values.MutexValue


class _ThisProcess:
    """The process-wide registry (one worker: our metrics and the process's own)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


class DatabaseCollector:
    """The metrics read from the database at each scrape (see the module's table)."""

    def __init__(self, state: ServerState) -> None:
        self.state = state

    def collect(self) -> Iterator[Metric]:
        try:
            found = self._read()
        except Exception as exc:  # the scrape still answers, with what the process counted
            log.warning("metrics: the database could not be read (%s)", type(exc).__name__)
            yield GaugeMetricFamily("clubdesk_database_up", "1 if the database answered", 0)
            return
        yield GaugeMetricFamily("clubdesk_database_up", "1 if the database answered", 1)
        yield from found

    def _read(self) -> list[Metric]:
        from clubdesk_server import alerts
        from clubdesk_server.jobs import SCHEDULES
        from clubdesk_server.models import JOB_OUTCOMES, PAYMENT_STATES, JobRun, Payment

        now = clock()
        payments = GaugeMetricFamily("clubdesk_payments", "Payments by state", labels=["state"])
        runs = GaugeMetricFamily(
            "clubdesk_job_runs_last_day",
            "Scheduled job runs started in the last 24 hours, by outcome",
            labels=["job", "outcome"],
        )
        last_run = GaugeMetricFamily(
            "clubdesk_job_last_run_timestamp_seconds",
            "When the job's latest run started (Unix time)",
            labels=["job"],
        )
        last_ok = GaugeMetricFamily(
            "clubdesk_job_last_success_timestamp_seconds",
            "When the job's latest successful run started (Unix time)",
            labels=["job"],
        )
        standing = GaugeMetricFamily(
            "clubdesk_alerts", "Alerts standing (clubdesk-server admin alerts)", labels=["kind"]
        )
        with self.state.sessions() as session:
            by_state = dict(
                session.execute(select(Payment.state, func.count()).group_by(Payment.state)).all()
            )
            for state in PAYMENT_STATES:
                payments.add_metric([state], int(by_state.get(state, 0)))
            for job in SCHEDULES:
                counts = dict(
                    session.execute(
                        select(JobRun.outcome, func.count())
                        .where(JobRun.job == job, JobRun.started_at >= now - JOB_WINDOW)
                        .group_by(JobRun.outcome)
                    ).all()
                )
                for outcome in JOB_OUTCOMES:
                    runs.add_metric([job, outcome], int(counts.get(outcome, 0)))
                latest = select(func.max(JobRun.started_at)).where(JobRun.job == job)
                started = session.scalar(latest)
                if started is not None:
                    last_run.add_metric([job], started.timestamp())
                succeeded = session.scalar(latest.where(JobRun.outcome == "ok"))
                if succeeded is not None:
                    last_ok.add_metric([job], succeeded.timestamp())
            kinds = [a.kind for a in alerts.current(session, self.state.settings, now)]
            for kind in alerts.KINDS:
                standing.add_metric([kind], kinds.count(kind))
        return [payments, runs, last_run, last_ok, standing]


def render(state: ServerState) -> bytes:
    """The text exposition of every metric: the workers' (summed) and the database's."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())  # type: ignore[arg-type]
    registry.register(DatabaseCollector(state))  # type: ignore[arg-type]
    return generate_latest(registry)
