"""Idempotent verification under concurrency, on SQLite and PostgreSQL: however many callbacks,
polls and job runs race for one payment, the licence is extended exactly once.

The sharpest race is forced, not hoped for: a gateway that holds every ``verify`` at a barrier
until all callers have read the payment as pending, then lets them all apply at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from server_api import Api
from sqlalchemy import select

from clubdesk.protocol import Activation, PaymentInfo
from clubdesk_server.models import AuditEntry, Licence, SmsMessage
from clubdesk_server.payments import service
from clubdesk_server.payments.gateway import Started, Verification, VerifyOutcome
from licence_server import RunningServer, new_plan_code

CALLERS = 20
BARRIER_TIMEOUT_S = 60


class BarrierGateway:
    """Every ``verify`` waits until ``parties`` of them have arrived; the first answers 100,
    the rest 101, as Zarinpal does."""

    name = "sandbox"

    def __init__(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=BARRIER_TIMEOUT_S)
        self.lock = threading.Lock()
        self.verified = 0

    def request(self, **kw: Any) -> Started:
        authority = "S" + new_plan_code().replace("-", "")
        return Started(authority=authority, pay_url=f"http://127.0.0.1:9/pay/{authority}")

    def verify(self, *, authority: str, amount_tomans: int) -> Verification:
        self.barrier.wait()
        with self.lock:
            self.verified += 1
            first = self.verified == 1
        if first:
            return Verification(VerifyOutcome.VERIFIED, 100, ref_id="123456", card_pan="6037**12")
        return Verification(
            VerifyOutcome.ALREADY_VERIFIED, 101, ref_id="123456", card_pan="6037**12"
        )


def shop_and_payment(server: RunningServer, api: Api, plan: str) -> tuple[str, str, PaymentInfo]:
    """(licence id, token, a started payment)."""
    record = server.create_licence_full(days=10)
    response = api.activate(record["licence_key"], f"fp-{record['licence_id']}")
    assert response.status_code == 200, response.text
    token = Activation.model_validate(response.json()).token
    started = api.start_payment(token, plan)
    assert started.status_code == 201, started.text
    return record["licence_id"], token, PaymentInfo.model_validate(started.json())


def all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call on its own thread, released together."""
    gate = threading.Barrier(len(calls), timeout=BARRIER_TIMEOUT_S)

    def run(call: Callable[[], Any]) -> Any:
        gate.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def assert_applied_once(
    server: RunningServer, api: Api, licence_id: str, token: str, info: PaymentInfo
) -> PaymentInfo:
    response = api.payment(token, info.payment_id)
    assert response.status_code == 200, response.text
    done = PaymentInfo.model_validate(response.json())
    assert done.state == "applied"
    assert done.paid_until_before is not None
    assert done.paid_until_after == done.paid_until_before + timedelta(days=info.days)
    with server.admin.sessions() as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == licence_id)).one()
        assert licence.paid_until == done.paid_until_after
        audits = [
            a
            for a in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "payment.verify")
            )
            if a.details.get("payment") == info.payment_id
        ]
        receipts = session.scalars(
            select(SmsMessage).where(
                SmsMessage.licence_id == licence.id, SmsMessage.kind == "renewal_receipt"
            )
        ).all()
    assert len(audits) == 1
    assert len(receipts) == 1  # queued in the transaction that applied the renewal
    return done


@pytest.fixture
def plan(server: RunningServer) -> str:
    return str(server.create_plan(days=30, price=490_000)["code"])


def test_the_same_callback_twenty_times_at_once_extends_once(
    server: RunningServer, api: Api, plan: str
) -> None:
    licence_id, token, info = shop_and_payment(server, api, plan)
    redirect = server.pay_in_sandbox(info.pay_url or "", follow=False)
    callback = redirect.headers["location"]

    def hit() -> int:
        with requests.Session() as browser:
            return browser.get(callback, timeout=60).status_code

    assert all_at_once([hit] * CALLERS) == [200] * CALLERS
    assert_applied_once(server, api, licence_id, token, info)


def test_twenty_callbacks_racing_past_the_gateway_apply_once(
    make_server: Callable[..., RunningServer], plan: str
) -> None:
    """All twenty read "pending", all twenty hear "paid" (100 or 101): one extension."""
    other = make_server()
    gateway = BarrierGateway(CALLERS)
    other.app.state.clubdesk.gateway = gateway
    api = Api(other.url)
    licence_id, token, info = shop_and_payment(other, api, plan)
    callback = f"{other.url}/pay/callback?Authority={info.authority}&Status=OK"

    def hit() -> str:
        with requests.Session() as browser:
            page = browser.get(callback, timeout=120)
        assert page.status_code == 200
        return page.text

    pages = all_at_once([hit] * CALLERS)
    assert gateway.verified == CALLERS  # every caller really got past the first check
    assert all("Payment successful" in page for page in pages)
    done = assert_applied_once(other, api, licence_id, token, info)
    assert done.gateway_code in (100, 101)


def test_callbacks_polls_and_the_job_together_apply_once(
    server: RunningServer, api: Api, plan: str
) -> None:
    licence_id, token, info = shop_and_payment(server, api, plan)
    gateway = BarrierGateway(CALLERS)
    now = datetime.now(UTC)
    triggers = [
        service.Trigger.CALLBACK_OK,
        service.Trigger.CALLBACK_NOK,  # a stale NOK racing a paid verify changes nothing
        service.Trigger.POLL,
        service.Trigger.RECONCILE,
    ]
    refs = [info.payment_id, info.authority or ""]

    def caller(i: int) -> Callable[[], str]:
        def call() -> str:
            payment = service.verify_and_apply(
                server.admin.sessions,
                gateway,
                refs[i % 2],
                now,
                trigger=triggers[i % len(triggers)],
            )
            return payment.state

        return call

    states = all_at_once([caller(i) for i in range(CALLERS)])
    assert set(states) == {"applied"}
    assert gateway.verified == CALLERS
    assert_applied_once(server, api, licence_id, token, info)
