"""Monitoring (issue 9): /healthz and /readyz, /metrics after an end-to-end flow, JSON logs with
the request id the client sent, phone numbers masked and no secret in the log, and
`clubdesk-server admin alerts` for each kind, each condition made for real (a fake Kavenegar
answering 418, a fake Zarinpal answering -11, a job that fails, a burst of DEVICE_LIMIT).
SQLite and PostgreSQL; the multi-worker and `serve` tests run the real command."""

from __future__ import annotations

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import time_machine
from private_db import Db
from prometheus_client.parser import text_string_to_metric_families
from server_api import Api, problem_of
from sqlalchemy import create_engine, select, text

from clubdesk.protocol import Activation, PaymentInfo, Problem
from clubdesk_server import cli, jobs
from clubdesk_server.admin import Admin
from clubdesk_server.app import create_app
from clubdesk_server.db import HEAD
from clubdesk_server.errors import BadAdminInput, SmsNotConfigured
from clubdesk_server.jobs import JobContext
from clubdesk_server.logs import JsonFormatter, Redactor, RequestFields, redact, request_id_from
from clubdesk_server.models import JobRun, Payment
from fakes.kavenegar import FakeKavenegar
from fakes.zarinpal import FakeZarinpal
from licence_server import RunningServer, running_server

REDIS_URL = os.environ.get("CLUBDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SCRIPT = Path(sys.executable).with_name("clubdesk-server")
T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 10:30 in Tehran
MOBILE = "+989121234567"
ADMIN_TOKEN = "admin-" + secrets.token_urlsafe(24)
METRICS_TOKEN = "metrics-" + secrets.token_urlsafe(24)


@pytest.fixture(autouse=True)
def _no_server_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("CLUBDESK_SERVER_") or name == "PROMETHEUS_MULTIPROC_DIR":
            monkeypatch.delenv(name)


# -- helpers -------------------------------------------------------------------------------------


class JsonLog:
    """The process's log records as ``serve --log-format json`` writes them."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(JsonFormatter())
        self.handler.addFilter(RequestFields())
        self.handler.addFilter(Redactor())

    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text().splitlines()]

    def access(self, request_id: str) -> dict[str, Any]:
        [line] = [
            entry
            for entry in self.lines()
            if entry["logger"] == "clubdesk_server.access" and entry["request_id"] == request_id
        ]
        return line


@pytest.fixture
def json_log() -> Iterator[JsonLog]:
    captured = JsonLog()
    root = logging.getLogger()
    level = root.level
    root.addHandler(captured.handler)
    root.setLevel(logging.INFO)
    try:
        yield captured
    finally:
        root.removeHandler(captured.handler)
        root.setLevel(level)


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(url: str, **headers: str) -> Samples:
    response = requests.get(f"{url}/metrics", headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def activate(api: Api, key: str, fingerprint: str, **headers: str) -> requests.Response:
    return api.activate(key, fingerprint.ljust(16, "0"), **headers)


def token_of(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    return Activation.model_validate(response.json()).token


def alerts(db: Db, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert cli.main(["admin", "alerts", "--database-url", db.url, "--json"]) == 0
    return list(json.loads(capsys.readouterr().out))


def kinds(found: list[dict[str, Any]]) -> list[str]:
    return [a["kind"] for a in found]


def pay_in_sandbox(server: RunningServer, api: Api, token: str, plan: str) -> PaymentInfo:
    started = api.start_payment(token, plan)
    assert started.status_code == 201, started.text
    info = PaymentInfo.model_validate(started.json())
    assert info.pay_url
    assert server.pay_in_sandbox(info.pay_url).status_code == 200
    done = api.payment(token, info.payment_id)
    assert done.status_code == 200, done.text
    return PaymentInfo.model_validate(done.json())


# -- /healthz and /readyz ------------------------------------------------------------------------


def test_healthz_asks_nothing_and_readyz_names_an_unreachable_database(
    make_server: Any,
) -> None:
    other = make_server()
    assert requests.get(f"{other.url}/readyz", timeout=30).json() == {
        "status": "ready",
        "checks": {"database": "ok", "schema": "ok"},
    }
    state = other.app.state.clubdesk
    working = state.engine
    state.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # refused
    try:
        health = requests.get(f"{other.url}/healthz", timeout=30)
        assert health.status_code == 200
        assert health.json() == {
            "status": "ok",
            "version": health.json()["version"],
            "key_id": other.key_id,
        }
        ready = requests.get(f"{other.url}/readyz", timeout=30)
    finally:
        state.engine.dispose()
        state.engine = working
    problem = problem_of(ready, 503, "NOT_READY")
    body = ready.json()
    assert body["checks"] == {"database": "unreachable (OperationalError)", "schema": "unknown"}
    assert "database unreachable" in problem.detail
    assert body["request_id"] == ready.headers["X-Request-ID"]


def test_readyz_is_not_ready_while_the_schema_is_behind(db: Db, tmp_path: Path) -> None:
    with running_server(tmp_path, db.url) as server:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0006'"))
        try:
            behind = requests.get(f"{server.url}/readyz", timeout=30)
        finally:
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": HEAD})
        problem_of(behind, 503, "NOT_READY")
        assert behind.json()["checks"] == {
            "database": "ok",
            "schema": f"at 0006, expected {HEAD}: run clubdesk-server db upgrade",
        }
        assert requests.get(f"{server.url}/readyz", timeout=30).status_code == 200


def test_readyz_asks_redis_when_one_is_configured(make_server: Any) -> None:
    up = make_server(redis_url=REDIS_URL)
    ready = requests.get(f"{up.url}/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"]["redis"] == "ok"

    down = make_server(redis_url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    not_ready = requests.get(f"{down.url}/readyz", timeout=30)
    problem_of(not_ready, 503, "NOT_READY")
    assert not_ready.json()["checks"] == {"database": "ok", "schema": "ok", "redis": "unreachable"}


# -- /metrics ------------------------------------------------------------------------------------


def test_metrics_count_an_end_to_end_flow(db: Db, tmp_path: Path, kavenegar: FakeKavenegar) -> None:
    sms = {
        "sms_sender": "kavenegar",
        "kavenegar_url": kavenegar.url,
        "kavenegar_api_key": kavenegar.api_key,
    }
    with running_server(tmp_path, db.url, **sms) as server:
        api = Api(server.url)
        before = scrape(server.url)
        plan = server.create_plan(device_limit=1)
        key = server.create_licence(devices=1, mobile="09121234567")
        token = token_of(activate(api, key, "fp-metrics-a"))
        assert api.refresh(token).status_code == 200
        problem_of(activate(api, key, "fp-metrics-b"), 409, "DEVICE_LIMIT")
        paid = pay_in_sandbox(server, api, token, plan["code"])
        assert paid.state == "applied"
        with JobContext(server.settings) as ctx:  # the receipt SMS, through the fake Kavenegar
            assert jobs.run_manual("outbox", ctx)["sent"] == 1
        after = scrape(server.url)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests_total = "clubdesk_http_requests_total"
    assert grew(requests_total, method="POST", route="/v1/activations", status="200") == 1
    assert grew(requests_total, method="POST", route="/v1/activations", status="409") == 1
    assert grew(requests_total, method="POST", route="/v1/lease", status="200") == 1
    # The route's template, never its path (which holds the payment's id).
    polled = {"method": "GET", "route": "/v1/payments/{payment_id}", "status": "200"}
    assert grew(requests_total, **polled) == 1
    assert not [labels for _name, labels in after if ("route", f"/v1/payments/{paid.payment_id}")
                in labels]  # fmt: skip
    duration = "clubdesk_http_request_duration_seconds_count"
    assert grew(duration, method="POST", route="/v1/lease") == 1
    assert grew("clubdesk_leases_issued_total", kind="activation") == 1
    assert grew("clubdesk_leases_issued_total", kind="refresh") == 1
    refused = {"kind": "activation", "code": "DEVICE_LIMIT"}
    assert grew("clubdesk_activations_refused_total", **refused) == 1
    # From the database (this test's own): exact.
    assert value(after, "clubdesk_payments", state="applied") == 1
    assert value(after, "clubdesk_payments", state="pending") == 0
    assert grew("clubdesk_sms_total", source="outbox", outcome="sent") == 1
    remaining = value(after, "clubdesk_sms_credit_rials", provider="kavenegar")
    assert remaining == kavenegar.remaining
    assert value(after, "clubdesk_job_runs_last_day", job="outbox", outcome="ok") == 1
    assert value(after, "clubdesk_job_runs_last_day", job="outbox", outcome="failed") == 0
    assert value(after, "clubdesk_job_last_success_timestamp_seconds", job="outbox") > 0
    assert value(after, "clubdesk_database_up") == 1
    assert {value(after, "clubdesk_alerts", kind=k) for k in ("sms", "job_failed")} == {0}


def test_metrics_are_for_the_monitoring_host_only(make_server: Any) -> None:
    other = make_server(metrics_token=METRICS_TOKEN)
    scrape(other.url)  # loopback: the default CLUBDESK_SERVER_METRICS_ALLOW
    # What nginx passes on for a client on the internet (X-Forwarded-For from 127.0.0.1).
    outside = {"X-Forwarded-For": "203.0.113.9"}
    refused = requests.get(f"{other.url}/metrics", headers=outside, timeout=30)
    problem = problem_of(refused, 403, "FORBIDDEN")
    assert "CLUBDESK_SERVER_METRICS_ALLOW" in problem.detail
    assert refused.json()["request_id"] == refused.headers["X-Request-ID"]
    scrape(other.url, **outside, Authorization=f"Bearer {METRICS_TOKEN}")
    wrong = requests.get(
        f"{other.url}/metrics", headers=outside | {"Authorization": "Bearer nope"}, timeout=30
    )
    problem_of(wrong, 403, "FORBIDDEN")

    office_only = make_server(metrics_allow="10.0.0.0/8, 192.0.2.7")
    problem_of(requests.get(f"{office_only.url}/metrics", timeout=30), 403, "FORBIDDEN")
    scrape(office_only.url, **{"X-Forwarded-For": "10.1.2.3"})
    with pytest.raises(BadAdminInput, match="CLUBDESK_SERVER_METRICS_ALLOW"):
        create_app(other.settings.with_(metrics_allow="10.0.0.0/8, the office"))


# -- request ids and the log ---------------------------------------------------------------------


def test_the_request_id_travels_into_the_log_and_the_problem(
    server: RunningServer, api: Api, json_log: JsonLog
) -> None:
    record = server.create_licence_full(devices=1)
    key = record["licence_key"]
    token_of(activate(api, key, "fp-rid-a"))
    sent = "shop-01936f2c-req-0042"
    refused = activate(api, key, "fp-rid-b", **{"X-Request-ID": sent})
    problem_of(refused, 409, "DEVICE_LIMIT")
    assert refused.headers["X-Request-ID"] == sent
    assert refused.json()["request_id"] == sent

    line = json_log.access(sent)
    assert line["level"] == "INFO"
    assert line["message"].startswith("POST /v1/activations 409")
    assert line["timestamp"].endswith("Z")
    assert datetime.fromisoformat(line["timestamp"]) <= datetime.now(UTC)
    assert (line["route"], line["status"], line["code"]) == ("/v1/activations", 409, "DEVICE_LIMIT")
    assert line["ip"] == "127.0.0.1"
    assert line["licence"] == record["licence_id"]
    assert isinstance(line["duration_ms"], float)
    assert key not in json_log.text()

    # Not a sane token (spaces, too long, or none): the server makes one, a UUIDv7.
    for header in ({"X-Request-ID": "two words"}, {"X-Request-ID": "x" * 65}, {}):
        answer = (
            api.licence("no-such-token")
            if not header
            else requests.get(f"{server.url}/v1/licence", headers=header, timeout=30)
        )
        made = answer.headers["X-Request-ID"]
        assert made != header.get("X-Request-ID")
        assert len(made) == 36
        assert made[14] == "7"
        assert answer.json()["request_id"] == made
        assert json_log.access(made)["code"] == "TOKEN_INVALID"


def test_an_unexpected_error_is_a_500_problem_with_the_request_id(
    make_server: Any, json_log: JsonLog
) -> None:
    other = make_server()

    def broken() -> None:
        raise RuntimeError(f"a bug, with {MOBILE} in its message")

    other.app.add_api_route("/test-only/broken", broken)
    answer = requests.get(
        f"{other.url}/test-only/broken", headers={"X-Request-ID": "support-case-7781"}, timeout=30
    )
    problem_of(answer, 500, "UNEXPECTED")
    assert answer.json()["request_id"] == answer.headers["X-Request-ID"] == "support-case-7781"
    [error] = [e for e in json_log.lines() if e["message"] == "unexpected error"]
    assert error["level"] == "ERROR"
    assert error["request_id"] == "support-case-7781"
    assert error["route"] == "/test-only/broken"
    assert "RuntimeError: a bug, with +98912***4567 in its message" in error["exception"]
    assert json_log.access("support-case-7781")["status"] == 500


def test_phone_numbers_and_secrets_never_reach_the_log(
    db: Db, tmp_path: Path, kavenegar: FakeKavenegar, json_log: JsonLog
) -> None:
    """A whole flow (activation, refresh, a refusal, a payment through the fake Zarinpal, the
    receipt through the fake Kavenegar, the support pages, a scrape) with every logger at DEBUG,
    the real adapters' included: the log holds none of the secrets, keys, tokens or numbers."""
    for name in ("urllib3", "clubdesk_server"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        with FakeZarinpal() as zarinpal:
            settings = {
                "gateway": "zarinpal",
                "zarinpal_url": zarinpal.url,
                "zarinpal_merchant_id": zarinpal.merchant_id,
                "sms_sender": "kavenegar",
                "kavenegar_url": kavenegar.url,
                "kavenegar_api_key": kavenegar.api_key,
                "admin_token": ADMIN_TOKEN,
                "metrics_token": METRICS_TOKEN,
            }
            with running_server(tmp_path, db.url, **settings) as server:
                api = Api(server.url)
                plan = server.create_plan()
                key = server.create_licence(devices=1, mobile="09121234567")
                token = token_of(activate(api, key, "fp-secrets-a"))
                assert api.refresh(token).status_code == 200
                problem_of(activate(api, key, "fp-secrets-b"), 409, "DEVICE_LIMIT")
                started = PaymentInfo.model_validate(api.start_payment(token, plan["code"]).json())
                callback = zarinpal.pay(started.authority or "")
                assert "Payment successful" in requests.get(callback, timeout=30).text
                with JobContext(server.settings) as ctx:
                    assert jobs.run_manual("outbox", ctx)["sent"] == 1
                with requests.Session() as browser:
                    signed_in = browser.post(
                        f"{server.url}/admin/login",
                        data={"name": "Sara", "token": ADMIN_TOKEN},
                        timeout=30,
                    )
                    assert signed_in.status_code == 200
                scrape(server.url, Authorization=f"Bearer {METRICS_TOKEN}")
                # Code that slips: a message and a traceback naming what they must not.
                slip = logging.getLogger("clubdesk_server.slip")
                slip.warning("owner %s, key %s, Authorization: Bearer %s", MOBILE, key, token)
                try:
                    raise ValueError(f"receptor 09121234567 of {zarinpal.merchant_id}")
                except ValueError:
                    slip.exception("failed")
    finally:
        for name in ("urllib3", "clubdesk_server"):
            logging.getLogger(name).setLevel(logging.NOTSET)
    log = json_log.text()
    assert "POST /v1/payments 201" in log
    assert "kavenegar verify/lookup" in log
    for secret in (
        key,
        token,
        zarinpal.merchant_id,
        kavenegar.api_key,
        ADMIN_TOKEN,
        METRICS_TOKEN,
        MOBILE,
        "09121234567",
    ):
        assert secret not in log
    slipped = [e for e in json_log.lines() if e["logger"] == "clubdesk_server.slip"]
    assert slipped[0]["message"] == (
        f"owner +98912***4567, key {key[:8]}-…, Authorization: Bearer ***"
    )
    assert "receptor +98912***4567 of ***" in slipped[1]["exception"]


def test_redaction_rules() -> None:
    assert redact("to +989121234567, 00989121234567 and 09121234567.") == (
        "to +98912***4567, +98912***4567 and +98912***4567."
    )
    # Inside an id or a longer number: not a phone number.
    kept = "id 0193a9121234567b, 1209121234567, A00000000000000000000000000009121234567"
    assert redact(kept) == kept
    assert redact("CD-7KQ2M-ABCDE-FGHJK-MNPQR-STVWX") == "CD-7KQ2M-…"
    assert redact("authorization: bearer abc.DEF_123-x") == "authorization: bearer ***"
    assert request_id_from("01936f2c-1a2b-7c3d-8e4f-567890abcdef").startswith("01936f2c")
    assert request_id_from("shop:till-1.req_9") == "shop:till-1.req_9"
    for bad in (None, "", "short", "with space", "x" * 65, "-leading-dash", "ünïcode-id"):
        assert request_id_from(bad) != bad


# -- alerts --------------------------------------------------------------------------------------


def test_a_quiet_server_has_no_alerts(db: Db, capsys: pytest.CaptureFixture[str]) -> None:
    assert alerts(db, capsys) == []
    capsys.readouterr()
    assert cli.main(["admin", "alerts", "--database-url", db.url]) == 0
    assert capsys.readouterr().out.strip() == "no alerts"


def test_sms_out_of_credit_is_an_alert(
    db: Db, kavenegar: FakeKavenegar, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = db.settings.with_(
        sms_sender="kavenegar", kavenegar_url=kavenegar.url, kavenegar_api_key=kavenegar.api_key
    )
    with time_machine.travel(T0, tick=False):
        with Admin(settings) as admin:
            admin.create_licence(business_name="Negin Shop", mobile=MOBILE, days=10)
        kavenegar.out_of_credit()  # Kavenegar answers 418 from now on
        with JobContext(settings) as ctx:
            assert jobs.run_manual("reminders", ctx)["expiry_reminders"] == 1
            assert jobs.run_manual("outbox", ctx)["out_of_credit"] is True
        [alert] = alerts(db, capsys)
    assert alert["kind"] == "sms"
    assert alert["since"] == T0.isoformat()
    assert alert["count"] == 1
    assert "out of credit (status 418)" in alert["detail"]
    assert "--retry-failed" in alert["action"]


def test_zarinpal_refusing_the_merchant_is_an_alert_on_the_cli_and_the_admin_pages(
    db: Db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeZarinpal() as zarinpal:
        gateway = {
            "gateway": "zarinpal",
            "zarinpal_url": zarinpal.url,
            "zarinpal_merchant_id": zarinpal.merchant_id,
            "admin_token": ADMIN_TOKEN,
        }
        with running_server(tmp_path, db.url, **gateway) as server, requests.Session() as browser:
            api = Api(server.url)
            plan = server.create_plan()
            token = token_of(activate(api, server.create_licence(), "fp-merchant"))
            zarinpal.refuse_next(-11)  # "Terminal is not active"
            refused = api.start_payment(token, plan["code"])
            problem_of(refused, 502, "GATEWAY_REFUSED")
            [alert] = alerts(db, capsys)
            assert browser.post(
                f"{server.url}/admin/login", data={"name": "Sara", "token": ADMIN_TOKEN}, timeout=30
            ).ok
            page = browser.get(f"{server.url}/admin/tickets", timeout=30).text
    with db.sessions() as session:
        [payment] = session.scalars(select(Payment)).all()
    assert (payment.state, payment.gateway_code) == ("failed", -11)
    assert (alert["kind"], alert["subject"], alert["count"]) == ("gateway", "-11", 1)
    assert alert["since"] == payment.updated_at.isoformat()
    assert "code -11 (terminal (merchant id) not active)" in alert["detail"]
    assert "CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID" in alert["action"]
    assert page.index("Payment gateway:") < page.index("No tickets here.")
    assert "code -11 (terminal (merchant id) not active)" in page


def test_a_failed_job_is_an_alert_and_a_metric(
    db: Db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = db.settings.with_(sms_sender="kavenegar", kavenegar_api_key=None)  # no API key
    with JobContext(broken) as ctx, pytest.raises(SmsNotConfigured):
        jobs.run_manual("outbox", ctx)
    with db.sessions() as session:
        [run] = session.scalars(select(JobRun)).all()
    assert (run.job, run.outcome) == ("outbox", "failed")
    [alert] = alerts(db, capsys)
    assert (alert["kind"], alert["subject"], alert["count"]) == ("job_failed", "outbox", 1)
    assert alert["since"] == run.started_at.isoformat()
    assert "the outbox job failed: SMS_NOT_CONFIGURED" in alert["detail"]
    assert "clubdesk-server jobs run outbox" in alert["action"]
    with running_server(tmp_path, db.url) as server:
        samples = scrape(server.url)
    assert value(samples, "clubdesk_job_runs_last_day", job="outbox", outcome="failed") == 1
    assert value(samples, "clubdesk_alerts", kind="job_failed") == 1


def test_a_job_that_stopped_running_is_stale(db: Db, capsys: pytest.CaptureFixture[str]) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        with JobContext(db.settings) as ctx:
            jobs.run_manual("outbox", ctx)  # every minute
            jobs.run_manual("reconcile", ctx)  # every 5 minutes
        traveller.move_to(T0 + timedelta(minutes=3))
        assert alerts(db, capsys) == []  # three periods of the outbox: not yet
        traveller.move_to(T0 + timedelta(minutes=16))
        found = alerts(db, capsys)
    assert [(a["kind"], a["subject"], a["count"]) for a in found] == [
        ("job_stale", "outbox", 16),
        ("job_stale", "reconcile", 3),
    ]  # reminders and deletion run daily: three days, not minutes
    assert found[0]["since"] == (T0 + timedelta(minutes=1)).isoformat()
    assert "has not run for 16 of its periods" in found[0]["detail"]


def test_refused_activations_from_several_addresses_are_possible_key_sharing(
    db: Db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_server(tmp_path, db.url) as server:
        api = Api(server.url)
        shared = server.create_licence_full(devices=1, business_name="Shared Shop")
        token_of(activate(api, shared["licence_key"], "fp-sharing-0"))
        busy = server.create_licence(devices=1)  # many refusals, one address: a busy shop
        token_of(activate(api, busy, "fp-busy-0"))
        for n in range(10):
            shop = {"X-Forwarded-For": f"203.0.113.{n % 3 + 1}"}
            problem_of(activate(api, shared["licence_key"], f"fp-sharing-{n + 1}", **shop), 409,
                       "DEVICE_LIMIT")  # fmt: skip
            office = {"X-Forwarded-For": "198.51.100.5"}
            problem_of(activate(api, busy, f"fp-busy-{n + 1}", **office), 409, "DEVICE_LIMIT")
        [alert] = alerts(db, capsys)
    assert (alert["kind"], alert["subject"], alert["count"]) == (
        "key_sharing",
        shared["licence_id"],
        10,
    )
    assert "Shared Shop" in alert["detail"]
    assert "from 3 addresses (DEVICE_LIMIT 10): the key may be shared" in alert["detail"]
    assert f"clubdesk-server admin devices {shared['licence_id']}" in alert["action"]
    capsys.readouterr()
    assert cli.main(["admin", "alerts", "--database-url", db.url]) == 0
    human = capsys.readouterr().out
    assert human.startswith("key_sharing  since ")
    assert "what to do: See its devices" in human


# -- serve: JSON logs, several workers -----------------------------------------------------------


def _serve(tmp_path: Path, *extra: str, **env: str) -> tuple[subprocess.Popen[str], str, Path]:
    data = tmp_path / "data"
    assert cli.main(["keys", "generate", "--data-dir", str(data)]) == 0
    log_path = tmp_path / "serve.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")}
    environment |= {"CLUBDESK_SERVER_GATEWAY": "sandbox"} | env
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(SCRIPT), "serve", "--port", "0", "--data-dir", str(data), "--no-jobs", *extra],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=environment,
        )
    assert process.stdout is not None
    line = process.stdout.readline()  # once it takes requests (or has died)
    assert line, log_path.read_text()
    return process, json.loads(line)["url"], log_path


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    out, _ = process.communicate(timeout=60)
    return out


def test_serve_logs_one_json_object_a_line_with_the_request_id(tmp_path: Path) -> None:
    process, url, log_path = _serve(tmp_path)  # not --demo: JSON is the default
    try:
        answer = requests.get(
            f"{url}/v1/licence", headers={"X-Request-ID": "till-2-req-000042"}, timeout=30
        )
        requests.get(f"{url}/healthz", timeout=30)
    finally:
        rest_of_stdout = _stop(process)
    assert rest_of_stdout == ""  # the ready line is all serve writes to stdout
    problem = Problem.model_validate(answer.json())
    assert problem.code == "TOKEN_INVALID"
    entries = [json.loads(line) for line in log_path.read_text().splitlines()]  # all JSON
    assert {"timestamp", "level", "logger", "message"} <= set(entries[0])
    warnings = [e["message"] for e in entries if e["level"] == "WARNING"]
    assert any("PAYMENTS ARE NOT REAL" in w for w in warnings)
    [access] = [e for e in entries if e.get("request_id") == "till-2-req-000042"]
    assert access["logger"] == "clubdesk_server.access"
    assert (access["route"], access["status"], access["code"]) == ("/v1/licence", 401,
                                                                  "TOKEN_INVALID")  # fmt: skip
    assert not [e for e in entries if e["logger"] == "uvicorn.access"]
    assert not [e for e in entries if e.get("route") == "/healthz"]  # probes: not logged


@pytest.mark.postgres  # several workers: PostgreSQL, as in production, and Redis
def test_several_workers_add_up_their_metrics(tmp_path: Path, postgres_url: str) -> None:
    """Requests answered by two worker processes: one scrape (answered by either) counts them
    all. The folder is the operator's PROMETHEUS_MULTIPROC_DIR, emptied of an earlier run's."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"an earlier run's file")
    process, url, _log = _serve(
        tmp_path,
        "--workers", "2", "--database-url", postgres_url,
        CLUBDESK_SERVER_REDIS_URL=REDIS_URL, PROMETHEUS_MULTIPROC_DIR=str(folder),
    )  # fmt: skip
    try:
        seen: set[str] = set()
        asked = 0
        while len(seen) < 2 and asked < 1000:  # new connections: the kernel spreads them
            answer = requests.get(f"{url}/healthz", headers={"Connection": "close"}, timeout=30)
            assert answer.status_code == 200
            seen.add(answer.headers["X-ClubDesk-Worker"])
            asked += 1
        assert len(seen) == 2, "one worker answered every request"
        samples = scrape(url)
    finally:
        _stop(process)
    healthz = {"method": "GET", "route": "/healthz", "status": "200"}
    assert value(samples, "clubdesk_http_requests_total", **healthz) == asked
    assert not (folder / "counter_999999.db").exists()
