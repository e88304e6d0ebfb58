"""SMS trouble the admin sees without reading logs: `clubdesk-server admin sms-status`, the alert
on the admin pages, and the outbox job's delivery step; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import time_machine
from private_db import Db
from sqlalchemy import select

from clubdesk_server import cli
from clubdesk_server.db import transaction
from clubdesk_server.licensing import hash_key, new_licence_key
from clubdesk_server.models import Business, Licence, SmsMessage
from clubdesk_server.sms.health import sms_alert
from clubdesk_server.sms.kavenegar import KavenegarSender
from clubdesk_server.sms.outbox import enqueue, send_due
from fakes.kavenegar import FakeKavenegar
from licence_server import running_server

T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 10:30 in Tehran, 1405/09/04
MOBILE = "+989121234567"
TOKEN = "admin-" + secrets.token_urlsafe(24)


@pytest.fixture(autouse=True)
def _no_server_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("CLUBDESK_SERVER_"):
            monkeypatch.delenv(name)


@pytest.fixture
def sender(kavenegar: FakeKavenegar) -> Iterator[KavenegarSender]:
    made = KavenegarSender(kavenegar.url, kavenegar.api_key, timeout_s=30)
    yield made
    made.close()


def queue(db: Db, count: int = 1) -> None:
    with transaction(db.sessions) as session:
        business = Business(name="Negin Shop", mobile=MOBILE, created_at=T0)
        key = new_licence_key()
        licence = Licence(
            business=business, key_hash=hash_key(key), key_prefix=key[:8], plan="standard",
            paid_until=T0 + timedelta(days=10), device_limit=1, created_at=T0, updated_at=T0,
        )  # fmt: skip
        session.add_all([business, licence])
        session.flush()
        for _ in range(count):
            enqueue(
                session, key=f"t:{secrets.token_hex(8)}", kind="expiry_reminder",
                licence=licence, recipient=MOBILE, template="expiry_reminder",
                tokens={"token": "1405/09/14"}, now=T0,
            )  # fmt: skip


def sms_status(db: Db, capsys: pytest.CaptureFixture[str], *, json_out: bool = True) -> Any:
    capsys.readouterr()
    argv = ["admin", "sms-status", "--database-url", db.url, *(["--json"] if json_out else [])]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    return json.loads(out) if json_out else out


def test_a_quiet_outbox_has_no_alert(db: Db, capsys: pytest.CaptureFixture[str]) -> None:
    status = sms_status(db, capsys)
    assert status["sender"] == "console"
    assert status["counts"] == {"queued": 0, "sent": 0, "failed": 0, "given_up": 0}
    assert status["delivery_24h"] == {"sent": 0, "delivered": 0, "not_delivered": 0, "waiting": 0}
    assert (status["last_errors"], status["alert"]) == ([], None)


def test_out_of_credit_is_an_alert_until_a_message_goes_out(
    db: Db,
    kavenegar: FakeKavenegar,
    sender: KavenegarSender,
    capsys: pytest.CaptureFixture[str],
) -> None:
    queue(db)
    assert send_due(db.sessions, sender, T0).sent == 1
    queue(db, count=2)
    kavenegar.out_of_credit()
    first_418 = T0 + timedelta(hours=1)
    assert send_due(db.sessions, sender, first_418).out_of_credit
    assert send_due(db.sessions, sender, first_418 + timedelta(hours=2)).out_of_credit

    with time_machine.travel(first_418 + timedelta(hours=2), tick=False):
        status = sms_status(db, capsys)
    assert status["counts"] == {"queued": 1, "sent": 1, "failed": 1, "given_up": 0}
    alert = status["alert"]
    assert alert["problem"] == "out_of_credit"
    assert alert["since"] == first_418.isoformat()  # when the trouble began, not the latest
    assert alert["latest"] == (first_418 + timedelta(hours=2)).isoformat()
    assert alert["status"] == 418
    assert "out of credit since 1405/09/04 11:30 (status 418)" in alert["headline"]
    assert "--retry-failed" in alert["headline"]
    [error] = status["last_errors"]
    assert error["state"] == "failed"
    assert error["error"].startswith("out_of_credit 418")
    assert error["recipient"] == "+98912***4567"
    assert status["delivery_24h"]["sent"] == 1

    with time_machine.travel(first_418 + timedelta(hours=2), tick=False):
        text = sms_status(db, capsys, json_out=False)
    assert text.startswith("ALERT: SMS out of credit since 1405/09/04 11:30")
    assert "failed 1" in text
    assert MOBILE not in text

    kavenegar.out_of_credit(False)  # topped up: the next message that goes out ends the alert
    assert send_due(db.sessions, sender, T0 + timedelta(days=1)).sent == 2
    with db.sessions() as session:
        assert sms_alert(session) is None


def test_the_outbox_job_stores_delivery_status(
    db: Db, kavenegar: FakeKavenegar, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    queue(db, count=2)
    env = {
        "CLUBDESK_SERVER_SMS_SENDER": "kavenegar",
        "CLUBDESK_SERVER_KAVENEGAR_URL": kavenegar.url,
        "CLUBDESK_SERVER_KAVENEGAR_API_KEY": kavenegar.api_key,
    }

    def outbox_job() -> dict[str, Any]:
        capsys.readouterr()
        args = ["jobs", "run", "outbox", "--database-url", db.url, "--data-dir", str(tmp_path)]
        assert cli.main([*args, "--json"]) == 0
        return dict(json.loads(capsys.readouterr().out)["result"])

    with pytest.MonkeyPatch.context() as patch, time_machine.travel(T0, tick=False) as clock:
        for name, value in env.items():
            patch.setenv(name, value)
        first = outbox_job()
        assert first["sent"] == 2
        assert first["delivery"]["updated"] == 2  # both "sent to the operator" (5) at once
        delivered, undelivered = (m.messageid for m in kavenegar.messages)
        kavenegar.set_delivery(delivered, 10)
        kavenegar.set_delivery(undelivered, 11)
        clock.move_to(T0 + timedelta(minutes=1))
        later = outbox_job()
        assert later["delivery"] == {
            "asked": 2, "updated": 2, "delivered": 1, "not_delivered": 1, "error": None,
        }  # fmt: skip
        status = sms_status(db, capsys)
    assert status["delivery_24h"] == {"sent": 2, "delivered": 1, "not_delivered": 1, "waiting": 0}
    with db.sessions() as session:
        rows = session.scalars(select(SmsMessage).order_by(SmsMessage.id)).all()
    assert [(m.delivery_status, m.delivered_at) for m in rows] == [
        (10, T0 + timedelta(minutes=1)),
        (11, None),
    ]


def test_the_admin_pages_show_the_alert_above_the_tickets(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender, tmp_path: Path
) -> None:
    with (
        running_server(tmp_path / "server", db.url, admin_token=TOKEN) as server,
        requests.Session() as browser,
    ):
        signed_in = browser.post(
            f"{server.url}/admin/login", data={"name": "Sara", "token": TOKEN}, timeout=30
        )
        assert signed_in.status_code == 200, signed_in.text
        assert "SMS alert" not in signed_in.text

        queue(db)
        kavenegar.out_of_credit()
        send_due(db.sessions, sender, T0)
        page = browser.get(f"{server.url}/admin/tickets", timeout=30)
    assert page.status_code == 200
    banner = page.text.index('class="alert"')
    assert banner < page.text.index("No tickets here.")
    assert "SMS alert:" in page.text
    assert "out of credit since 1405/09/04 10:30 (status 418)" in page.text
