"""The renewal and support use cases (clubdesk.renewal) against the real server and its sandbox
gateway, without Qt: the same calls the Renew and Support screens make on their workers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import time_machine

from clubdesk.core.licence import LockReason, State
from clubdesk.core.renewal import Outcome
from clubdesk.licensing.client import ServerRefused, ServerUnreachable
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager, NotActivated
from clubdesk.renewal import RenewalService
from licence_server import running_server
from renewal_shop import activated, pay_in_browser


def test_an_expired_licence_is_renewed_once_however_often_the_browser_comes_back(
    tmp_path: Path, data_dir: Path
) -> None:
    with running_server(tmp_path / "server") as server:
        _key, licence = activated(server, data_dir, days=1)
        with time_machine.travel(datetime.now(UTC) + timedelta(days=3), tick=True):
            assert licence.refresh().reason is LockReason.EXPIRED
            renewal = RenewalService(licence)
            plans = renewal.plans()
            assert [c.offer.code for c in plans.choices] == ["monthly", "quarterly", "yearly"]
            yearly = plans.choices[2]
            now = datetime.now(UTC)
            # Expired: the new period starts today, not at the old paid-until.
            assert abs(yearly.paid_until - (now + timedelta(days=365))) < timedelta(minutes=1)

            payment = renewal.start_payment("yearly")
            assert payment.state == "pending"
            assert payment.pay_url
            assert payment.authority
            assert renewal.payment(payment.payment_id).state == "pending"
            callback = pay_in_browser(payment.pay_url, "pay")
            done = renewal.payment(payment.payment_id)
            assert done.state == "applied"
            assert done.ref_id
            assert renewal.advice(done).outcome is Outcome.RENEWED

            renewed = renewal.apply(done)
            assert renewed.status.state is State.ACTIVE
            assert renewed.status.paid_until == done.paid_until_after
            requests.get(callback.url, timeout=10)  # the browser reloads the callback page
            assert licence.refresh().paid_until == done.paid_until_after  # extended once
            assert [p.payment_id for p in renewal.payments()] == [payment.payment_id]


def test_a_cancelled_payment_goes_to_support_with_its_details_after_72_hours(
    tmp_path: Path, data_dir: Path
) -> None:
    with running_server(tmp_path / "server") as server:
        _key, licence = activated(server, data_dir, days=20)
        renewal = RenewalService(licence)
        with time_machine.travel(datetime.now(UTC), tick=True) as traveller:
            first = renewal.start_payment("monthly")
            pay_in_browser(first.pay_url, "cancel")
            cancelled = renewal.payment(first.payment_id)
            assert cancelled.state == "cancelled"
            assert licence.refresh().state is State.ACTIVE  # not extended
            advice = renewal.advice(cancelled)
            assert advice.outcome is Outcome.PROBLEM
            assert not advice.send_to_support
            assert advice.refund_due == cancelled.created_at + timedelta(hours=72)

            traveller.shift(timedelta(hours=72, minutes=1))
            assert renewal.advice(cancelled).send_to_support
            ticket = renewal.open_ticket(
                "Payment not applied", "Money was taken.", "payment", cancelled.payment_id
            )
            assert ticket.kind == "payment"
            assert ticket.payment is not None
            assert ticket.payment["authority"] == cancelled.authority
            assert ticket.payment["amount_tomans"] == cancelled.amount_tomans

            server.admin.reply(ticket.ticket_id, "We are checking with the bank.")
            listed = {t.ticket_id: t for t in renewal.tickets()}
            assert listed[ticket.ticket_id].unread == 1
            read = renewal.ticket(ticket.ticket_id)
            assert [m.author for m in read.messages] == ["shop", "support"]
            assert {t.ticket_id: t for t in renewal.tickets()}[ticket.ticket_id].unread == 0
            answered = renewal.reply(ticket.ticket_id, "Thank you.")
            assert len(answered.messages) == 3


def test_refusals_and_a_missing_server_are_the_licence_clients_errors(
    tmp_path: Path, data_dir: Path
) -> None:
    with running_server(tmp_path / "server") as server:
        key, licence = activated(server, data_dir, days=20)
        renewal = RenewalService(licence)
        with pytest.raises(ServerRefused) as unknown:
            renewal.start_payment("no-such-plan")
        assert unknown.value.server_code == "PLAN_NOT_FOUND"
        assert "no longer on sale" in str(unknown.value)
        server.admin.revoke(key)
        with pytest.raises(ServerRefused) as revoked:
            renewal.start_payment("monthly")
        assert revoked.value.server_code == "LICENCE_REVOKED"
    with pytest.raises(ServerUnreachable):  # the server is gone now
        renewal.payments()

    fresh = LicenceManager(tmp_path / "other-shop", keys=load_keys(server.public_keys))
    with pytest.raises(NotActivated):
        RenewalService(fresh).plans()
