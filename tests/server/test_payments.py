"""Paying for a plan against the real server (sandbox and fake Zarinpal), SQLite and PostgreSQL.

The browser is played with ``requests``: open the sandbox pay page, press Pay or Cancel, follow
the 303 to ``/pay/callback``. Time moves with time-machine (the server runs in this process).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import time_machine
from server_api import Api, problem_of
from sqlalchemy import func, select, update

from clubdesk.core.dates import local
from clubdesk.protocol import Activation, PaymentInfo, ProblemCode, SignedLease
from clubdesk_server.errors import GatewayNotConfigured
from clubdesk_server.models import AuditEntry, Licence, Payment, SandboxPayment, SmsMessage
from clubdesk_server.payments import service
from clubdesk_server.payments.gateway import GatewayError, Started, Verification, VerifyOutcome
from clubdesk_server.payments.gateways import make_gateway
from clubdesk_server.payments.sandbox import SandboxGateway
from fakes.zarinpal import FakeZarinpal
from licence_server import RunningServer, new_plan_code


@dataclass
class Shop:
    """A licence with one activated device."""

    licence_id: str
    key: str
    token: str
    paid_until: datetime


def open_shop(server: RunningServer, api: Api, **licence: Any) -> Shop:
    record = server.create_licence_full(**licence)
    response = api.activate(record["licence_key"], f"fp-{record['licence_id']}")
    assert response.status_code == 200, response.text
    return Shop(
        licence_id=record["licence_id"],
        key=record["licence_key"],
        token=Activation.model_validate(response.json()).token,
        paid_until=datetime.fromisoformat(record["paid_until"]),
    )


def start(api: Api, shop: Shop, plan: str) -> PaymentInfo:
    response = api.start_payment(shop.token, plan)
    assert response.status_code == 201, response.text
    info = PaymentInfo.model_validate(response.json())
    assert info.state == "pending"
    assert info.pay_url
    assert info.authority
    return info


def payment(api: Api, shop: Shop, payment_id: str) -> PaymentInfo:
    response = api.payment(shop.token, payment_id)
    assert response.status_code == 200, response.text
    return PaymentInfo.model_validate(response.json())


def lease(api: Api, shop: Shop) -> SignedLease:
    response = api.refresh(shop.token)
    assert response.status_code == 200, response.text
    return SignedLease.model_validate(response.json())


def licence_row(server: RunningServer, licence_id: str) -> Licence:
    with server.admin.sessions() as session:
        return session.scalars(select(Licence).where(Licence.public_id == licence_id)).one()


def verify_audits(server: RunningServer, payment_id: str) -> list[AuditEntry]:
    with server.admin.sessions() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "payment.verify"))
        return [row for row in rows if row.details.get("payment") == payment_id]


@pytest.fixture
def plan(server: RunningServer) -> dict[str, Any]:
    return server.create_plan(days=30, price=490_000, device_limit=3)


# -- paying -------------------------------------------------------------------------------------


def test_paying_extends_a_valid_licence_from_its_paid_until(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api, days=20, devices=1)
    info = start(api, shop, plan["code"])
    assert info.amount_tomans == 490_000
    assert info.days == 30
    assert info.plan == plan["code"]
    assert info.gateway == "sandbox"
    assert info.pay_url == f"{server.url}/sandbox/pay/{info.authority}"

    page = server.pay_in_sandbox(info.pay_url)
    assert page.status_code == 200
    assert page.url.startswith(f"{server.url}/pay/callback?")
    assert "پرداخت موفق بود" in page.text
    assert "Payment successful" in page.text
    assert shop.key not in page.text

    done = payment(api, shop, info.payment_id)
    assert done.state == "applied"
    assert done.pay_url is None
    assert done.paid_until_before == shop.paid_until
    assert done.paid_until_after == shop.paid_until + timedelta(days=30)
    assert done.ref_id
    assert done.card_pan
    assert done.gateway_code == 100
    assert done.verified_at is not None
    assert local(done.paid_until_after).date().isoformat() in page.text  # in Tehran time

    refreshed = lease(api, shop).lease
    assert refreshed.paid_until == shop.paid_until + timedelta(days=30)
    assert refreshed.plan == plan["code"]
    assert licence_row(server, shop.licence_id).device_limit == 3  # the plan's, larger


def test_paying_restarts_an_expired_licence_from_now(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api, days=1, devices=5)
    with time_machine.travel(datetime.now(UTC) + timedelta(days=10), tick=True):
        info = start(api, shop, plan["code"])
        server.pay_in_sandbox(info.pay_url or "")
        done = payment(api, shop, info.payment_id)
        assert done.state == "applied"
        assert done.paid_until_before == shop.paid_until
        assert done.verified_at is not None
        assert done.paid_until_after == done.verified_at + timedelta(days=30)
        assert done.verified_at > shop.paid_until + timedelta(days=9)
        assert lease(api, shop).lease.paid_until == done.paid_until_after
    assert licence_row(server, shop.licence_id).device_limit == 5  # kept: larger than the plan's


def test_cancelling_leaves_the_licence_alone(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    page = server.pay_in_sandbox(info.pay_url or "", pay=False)
    assert page.status_code == 200
    assert "Status=NOK" in page.url
    assert "Payment cancelled" in page.text
    assert "72 hours" in page.text
    assert "۷۲ ساعت" in page.text
    done = payment(api, shop, info.payment_id)
    assert done.state == "cancelled"
    assert done.gateway_code == -51
    assert done.paid_until_after is None
    assert lease(api, shop).lease.paid_until == shop.paid_until


def test_a_repeated_callback_and_101_never_extend_twice(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    redirect = server.pay_in_sandbox(info.pay_url or "", follow=False)
    assert redirect.status_code == 303
    callback = redirect.headers["location"]
    # Someone verified at the gateway first: our verify will get 101, "verified before".
    gateway = server.app.state.clubdesk.gateway
    first = gateway.verify(authority=info.authority, amount_tomans=info.amount_tomans)
    assert first.outcome is VerifyOutcome.VERIFIED

    for _ in range(3):
        assert requests.get(callback, timeout=30).status_code == 200
    done = payment(api, shop, info.payment_id)
    assert done.state == "applied"
    assert done.gateway_code == 101
    assert done.paid_until_after == shop.paid_until + timedelta(days=30)
    assert len(verify_audits(server, info.payment_id)) == 1

    # Any later verify (the job, a poll, a gateway that answers 101 forever) changes nothing.
    service.verify_and_apply(
        server.admin.sessions, AlwaysVerified(), info.payment_id, datetime.now(UTC)
    )
    service.verify_and_apply(
        server.admin.sessions, gateway, info.authority or "", datetime.now(UTC)
    )
    assert lease(api, shop).lease.paid_until == shop.paid_until + timedelta(days=30)
    assert payment(api, shop, info.payment_id) == done


def test_the_receipt_sms_is_queued_once(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    callback = server.pay_in_sandbox(info.pay_url or "", follow=False).headers["location"]
    for _ in range(2):
        requests.get(callback, timeout=30)
    with server.admin.sessions() as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == shop.licence_id)).one()
        kinds = session.scalars(
            select(SmsMessage.kind).where(SmsMessage.licence_id == licence.id)
        ).all()
    assert kinds.count("renewal_receipt") == 1


def test_an_amount_mismatch_is_not_applied(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    with server.admin.sessions.begin() as session:  # the gateway holds another amount
        session.execute(
            update(SandboxPayment)
            .where(SandboxPayment.authority == info.authority)
            .values(amount_rials=1_000)
        )
    page = server.pay_in_sandbox(info.pay_url or "")
    assert "needs checking" in page.text
    done = payment(api, shop, info.payment_id)
    assert done.state == "amount_mismatch"
    assert done.gateway_code == -50
    assert lease(api, shop).lease.paid_until == shop.paid_until


def test_polling_verifies_a_payment_whose_browser_never_came_back(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    assert server.pay_in_sandbox(info.pay_url or "", follow=False).status_code == 303
    assert payment(api, shop, info.payment_id).state == "pending"  # too soon to ask the gateway
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=10), tick=True):
        done = payment(api, shop, info.payment_id)
        assert done.state == "applied"
        assert done.paid_until_after == shop.paid_until + timedelta(days=30)


def test_polling_an_unpaid_payment_keeps_it_pending(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=10), tick=True):
        polled = payment(api, shop, info.payment_id)
    assert polled.state == "pending"  # the payer may still be at the bank's page
    assert polled.gateway_code == -51
    assert polled.pay_url == info.pay_url


# -- reconciliation -----------------------------------------------------------------------------


def test_reconcile_applies_a_paid_payment_whose_callback_never_came(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    server.pay_in_sandbox(info.pay_url or "", follow=False)
    gateway = server.app.state.clubdesk.gateway
    now = datetime.now(UTC)

    early = service.reconcile(server.admin.sessions, gateway, server.settings, now)
    assert payment(api, shop, info.payment_id).state == "pending"  # its callback may still come
    assert early["checked"] >= 0

    later = now + timedelta(minutes=3)
    summary = service.reconcile(server.admin.sessions, gateway, server.settings, later)
    assert summary["checked"] >= 1
    assert summary.get("applied", 0) >= 1
    done = payment(api, shop, info.payment_id)
    assert done.state == "applied"
    assert done.paid_until_after == shop.paid_until + timedelta(days=30)

    service.reconcile(server.admin.sessions, gateway, server.settings, later)
    assert lease(api, shop).lease.paid_until == shop.paid_until + timedelta(days=30)


def test_reconcile_gives_up_on_an_unpaid_payment_after_the_window(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    gateway = server.app.state.clubdesk.gateway
    now = datetime.now(UTC)
    service.reconcile(server.admin.sessions, gateway, server.settings, now + timedelta(minutes=3))
    assert payment(api, shop, info.payment_id).state == "pending"  # still inside the window

    past = now + server.settings.payment_window + timedelta(minutes=1)
    summary = service.reconcile(server.admin.sessions, gateway, server.settings, past)
    assert summary.get("expired_unverified", 0) >= 1
    done = payment(api, shop, info.payment_id)
    assert done.state == "expired_unverified"
    assert done.pay_url is None
    assert lease(api, shop).lease.paid_until == shop.paid_until
    # Paying at the gateway afterwards changes nothing here (the gateway refunds it).
    page = server.pay_in_sandbox(info.pay_url or "")
    assert "72 hours" in page.text
    assert payment(api, shop, info.payment_id).state == "expired_unverified"


# -- who may see what, and refusals ------------------------------------------------------------


def test_a_payment_belongs_to_its_licence(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    other = open_shop(server, api)
    first = start(api, shop, plan["code"])
    second = start(api, shop, plan["code"])

    problem_of(api.payment(other.token, first.payment_id), 404, ProblemCode.PAYMENT_NOT_FOUND)
    problem_of(api.payment(other.token, first.authority or ""), 404, "PAYMENT_NOT_FOUND")
    problem_of(api.payment(shop.token, "x" * 200), 404, ProblemCode.PAYMENT_NOT_FOUND)
    assert api.payments(other.token).json() == []

    listed = [PaymentInfo.model_validate(p) for p in api.payments(shop.token).json()]
    assert [p.payment_id for p in listed] == [second.payment_id, first.payment_id]
    problem_of(api.payments("not-a-token"), 401, ProblemCode.TOKEN_INVALID)
    problem_of(api.payment("not-a-token", first.payment_id), 401, ProblemCode.TOKEN_INVALID)


def test_starting_is_refused_for_unknown_or_retired_plans_and_locked_licences(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    problem_of(api.start_payment(shop.token, "no-such-plan"), 404, ProblemCode.PLAN_NOT_FOUND)
    retired = server.create_plan()
    server.admin.retire_plan(retired["code"])
    problem_of(api.start_payment(shop.token, retired["code"]), 404, ProblemCode.PLAN_NOT_FOUND)
    problem_of(api.start_payment("not-a-token", plan["code"]), 401, ProblemCode.TOKEN_INVALID)
    response = api.http.post(
        f"{server.url}/v1/payments",
        json={"plan": plan["code"], "amount": 1},
        headers={"Authorization": f"Bearer {shop.token}"},
        timeout=30,
    )
    problem_of(response, 422, ProblemCode.INVALID_INPUT)

    server.admin.suspend(shop.key)
    problem_of(api.start_payment(shop.token, plan["code"]), 403, ProblemCode.LICENCE_SUSPENDED)
    server.admin.revoke(shop.key)
    problem_of(api.start_payment(shop.token, plan["code"]), 403, ProblemCode.LICENCE_REVOKED)
    assert api.payments(shop.token).json() == []


def test_a_price_change_does_not_touch_a_started_payment(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    server.admin.set_plan_price(plan["code"], 990_000)
    server.admin.retire_plan(plan["code"])
    server.pay_in_sandbox(info.pay_url or "")
    done = payment(api, shop, info.payment_id)
    assert (done.state, done.amount_tomans) == ("applied", 490_000)


# -- the pages ----------------------------------------------------------------------------------


def test_the_sandbox_page_shows_the_amount_in_persian_digits(
    server: RunningServer, api: Api, plan: dict[str, Any]
) -> None:
    shop = open_shop(server, api)
    info = start(api, shop, plan["code"])
    page = requests.get(info.pay_url or "", timeout=30)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "۴۹۰٬۰۰۰ تومان" in page.text
    assert "490,000 tomans" in page.text
    assert 'name="choice" value="pay"' in page.text
    assert 'name="choice" value="cancel"' in page.text
    assert requests.get(f"{server.url}/sandbox/pay/Sunknown", timeout=30).status_code == 404


def test_callbacks_for_unknown_payments_get_a_page_not_an_error(server: RunningServer) -> None:
    for query in ("Authority=Snothing&Status=OK", "Authority=bad%20one&Status=OK", ""):
        page = requests.get(f"{server.url}/pay/callback?{query}", timeout=30)
        assert page.status_code == 404
        assert "Payment not found" in page.text


# -- gateway trouble ----------------------------------------------------------------------------


@dataclass
class ScriptedGateway:
    """A gateway whose answers a test chooses (trouble the sandbox cannot show)."""

    name: str = "sandbox"
    request_error: GatewayError | None = None
    verification: Verification = field(
        default_factory=lambda: Verification(VerifyOutcome.UNAVAILABLE, message="timeout")
    )
    base: str = ""

    def request(self, **kw: Any) -> Started:
        if self.request_error is not None:
            raise self.request_error
        authority = "S" + new_plan_code().replace("-", "")
        return Started(authority=authority, pay_url=f"{self.base}/nowhere/{authority}")

    def verify(self, *, authority: str, amount_tomans: int) -> Verification:
        return self.verification


class AlwaysVerified:
    name = "sandbox"

    def request(self, **kw: Any) -> Started:
        raise AssertionError("not used")

    def verify(self, *, authority: str, amount_tomans: int) -> Verification:
        return Verification(VerifyOutcome.ALREADY_VERIFIED, 101, ref_id="1", card_pan="x")


@pytest.fixture
def scripted(
    make_server: Callable[..., RunningServer],
) -> tuple[RunningServer, Api, ScriptedGateway]:
    other = make_server()
    gateway = ScriptedGateway(base=other.url)
    other.app.state.clubdesk.gateway = gateway
    return other, Api(other.url), gateway


def test_a_gateway_that_is_down_or_refuses_gives_503_or_502(
    scripted: tuple[RunningServer, Api, ScriptedGateway], plan: dict[str, Any]
) -> None:
    other, api, gateway = scripted
    shop = open_shop(other, api)
    gateway.request_error = GatewayError("timed out", retryable=True)
    response = api.start_payment(shop.token, plan["code"])
    problem_of(response, 503, ProblemCode.GATEWAY_UNAVAILABLE)
    assert int(response.headers["retry-after"]) > 0
    gateway.request_error = GatewayError("refused", code=-9, retryable=False)
    problem_of(api.start_payment(shop.token, plan["code"]), 502, ProblemCode.GATEWAY_REFUSED)
    listed = [PaymentInfo.model_validate(p) for p in api.payments(shop.token).json()]
    assert [(p.state, p.gateway_code, p.pay_url) for p in listed] == [
        ("failed", -9, None),
        ("failed", None, None),
    ]


@pytest.mark.parametrize("outcome", [VerifyOutcome.UNAVAILABLE, VerifyOutcome.MERCHANT_ERROR])
def test_gateway_trouble_while_verifying_keeps_the_payment_pending(
    scripted: tuple[RunningServer, Api, ScriptedGateway],
    plan: dict[str, Any],
    outcome: VerifyOutcome,
    caplog: pytest.LogCaptureFixture,
) -> None:
    other, api, gateway = scripted
    gateway.verification = Verification(outcome, -10 if outcome == "merchant_error" else None)
    shop = open_shop(other, api)
    info = start(api, shop, plan["code"])
    with caplog.at_level(logging.WARNING, logger="clubdesk_server.payments.service"):
        page = requests.get(
            f"{other.url}/pay/callback?Authority={info.authority}&Status=OK", timeout=30
        )
    assert page.status_code == 200
    assert "Checking the payment" in page.text
    assert payment(api, shop, info.payment_id).state == "pending"
    levels = {r.levelno for r in caplog.records if info.payment_id in r.getMessage()}
    assert (logging.ERROR in levels) == (outcome is VerifyOutcome.MERCHANT_ERROR)

    gateway.verification = Verification(VerifyOutcome.VERIFIED, 100, ref_id="77", card_pan="6*1")
    requests.get(f"{other.url}/pay/callback?Authority={info.authority}&Status=OK", timeout=30)
    assert payment(api, shop, info.payment_id).state == "applied"


def test_an_unknown_authority_at_the_gateway_fails_the_payment(
    scripted: tuple[RunningServer, Api, ScriptedGateway], plan: dict[str, Any]
) -> None:
    other, api, gateway = scripted
    gateway.verification = Verification(VerifyOutcome.INVALID_AUTHORITY, -54)
    shop = open_shop(other, api)
    info = start(api, shop, plan["code"])
    page = requests.get(
        f"{other.url}/pay/callback?Authority={info.authority}&Status=OK", timeout=30
    )
    assert "Payment not completed" in page.text
    assert payment(api, shop, info.payment_id).state == "failed"


def test_the_sandbox_answers_verify_as_zarinpal_does(server: RunningServer) -> None:
    sandbox = SandboxGateway(server.admin.sessions, "http://shop.example")
    callback = "http://shop.example/pay/callback"
    kw = {"description": "d", "callback_url": callback, "mobile": None, "order_id": "o"}
    paid = sandbox.request(amount_tomans=1_000, **kw)
    assert paid.pay_url == f"http://shop.example/sandbox/pay/{paid.authority}"
    assert sandbox.verify(authority=paid.authority, amount_tomans=1_000).code == -51  # waiting
    to = sandbox.choose(paid.authority, pay=True)
    assert to == f"{callback}?Authority={paid.authority}&Status=OK"
    assert sandbox.choose(paid.authority, pay=False) == to  # the first choice stands
    assert sandbox.verify(authority=paid.authority, amount_tomans=999).code == -50
    first = sandbox.verify(authority=paid.authority, amount_tomans=1_000)
    assert (first.outcome, first.code) == (VerifyOutcome.VERIFIED, 100)
    assert first.ref_id
    assert first.card_pan
    again = sandbox.verify(authority=paid.authority, amount_tomans=1_000)
    assert (again.outcome, again.code, again.ref_id) == (
        VerifyOutcome.ALREADY_VERIFIED,
        101,
        first.ref_id,
    )
    cancelled = sandbox.request(amount_tomans=1_000, **kw)
    assert sandbox.choose(cancelled.authority, pay=False) == (
        f"{callback}?Authority={cancelled.authority}&Status=NOK"
    )
    assert sandbox.verify(authority=cancelled.authority, amount_tomans=1_000).code == -51
    unknown = sandbox.verify(authority="Sunknown", amount_tomans=1_000)
    assert (unknown.outcome, unknown.code) == (VerifyOutcome.INVALID_AUTHORITY, -54)
    assert sandbox.choose("Sunknown", pay=True) is None
    with pytest.raises(GatewayError):
        sandbox.request(amount_tomans=0, **kw)


def test_make_gateway_needs_a_merchant_id_for_zarinpal(server: RunningServer) -> None:
    sessions = server.admin.sessions
    assert isinstance(make_gateway(server.settings, sessions), SandboxGateway)
    with pytest.raises(GatewayNotConfigured, match="merchant id"):
        make_gateway(server.settings.with_(gateway="zarinpal"), sessions)
    with pytest.raises(GatewayNotConfigured, match="unknown"):
        make_gateway(server.settings.with_(gateway="paypal"), sessions)
    zarinpal = make_gateway(
        server.settings.with_(gateway="zarinpal", zarinpal_merchant_id="m" * 36), sessions
    )
    assert zarinpal.name == "zarinpal"
    assert "m" * 36 not in repr(zarinpal)


# -- Zarinpal, through its fake -----------------------------------------------------------------


def test_paying_through_zarinpal_end_to_end(
    make_server: Callable[..., RunningServer], plan: dict[str, Any]
) -> None:
    with FakeZarinpal() as zarinpal:
        other = make_server(
            gateway="zarinpal",
            zarinpal_url=zarinpal.url,
            zarinpal_merchant_id=zarinpal.merchant_id,
            gateway_timeout_s=10.0,
        )
        api = Api(other.url)
        shop = open_shop(other, api, mobile="09121234567")
        info = start(api, shop, plan["code"])
        assert info.gateway == "zarinpal"
        assert info.pay_url == zarinpal.pay_url(info.authority or "")
        requested = zarinpal.calls("request.json")[-1].body
        assert (requested["amount"], requested["currency"]) == (4_900_000, "IRR")
        assert requested["callback_url"] == f"{other.url}/pay/callback"
        assert requested["metadata"]["mobile"] == "09121234567"
        sandbox_page = requests.get(f"{other.url}/sandbox/pay/{info.authority}", timeout=30)
        assert sandbox_page.status_code == 404

        callback = zarinpal.pay(info.authority or "")
        assert parse_qs(urlsplit(callback).query)["Status"] == ["OK"]
        for _ in range(2):
            page = requests.get(callback, timeout=30)
            assert "Payment successful" in page.text
        done = payment(api, shop, info.payment_id)
        assert done.state == "applied"
        assert done.gateway_code == 100  # the second callback found it applied: no 101 asked
        assert done.paid_until_after == shop.paid_until + timedelta(days=30)
        assert len(zarinpal.calls("verify.json")) == 1
        assert lease(api, shop).lease.paid_until == done.paid_until_after

        cancelled = start(api, shop, plan["code"])
        page = requests.get(zarinpal.cancel(cancelled.authority or ""), timeout=30)
        assert "Payment cancelled" in page.text
        assert payment(api, shop, cancelled.payment_id).state == "cancelled"

        # Zarinpal down when the browser comes back: pending; the job applies it later.
        late = start(api, shop, plan["code"])
        callback = zarinpal.pay(late.authority or "")
        zarinpal.fail_next(503)
        page = requests.get(callback, timeout=30)
        assert "Checking the payment" in page.text
        assert payment(api, shop, late.payment_id).state == "pending"
        gateway = other.app.state.clubdesk.gateway
        later = datetime.now(UTC) + timedelta(minutes=3)
        service.reconcile(other.admin.sessions, gateway, other.settings, later)
        done = payment(api, shop, late.payment_id)
        assert done.state == "applied"
        assert done.paid_until_before == shop.paid_until + timedelta(days=30)
        assert done.paid_until_after == shop.paid_until + timedelta(days=60)


def test_the_payments_table_keeps_one_row_per_authority(server: RunningServer) -> None:
    with server.admin.sessions() as session:
        duplicates = session.execute(
            select(Payment.authority, func.count())
            .where(Payment.authority.is_not(None))
            .group_by(Payment.authority)
            .having(func.count() > 1)
        ).all()
    assert duplicates == []
