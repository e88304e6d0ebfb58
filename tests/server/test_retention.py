"""After expiry: the warning at day 23 (or late, then the deletion waits) and the deletion at day
30, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from private_db import Db, licence_row
from server_api import Api
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clubdesk.protocol import Activation, PaymentInfo, SignedLease
from clubdesk_server import cli, retention
from clubdesk_server.db import transaction
from clubdesk_server.licensing import new_licence_key
from clubdesk_server.models import (
    AuditEntry,
    Business,
    Communication,
    Device,
    LeaseRecord,
    Licence,
    Payment,
    Plan,
    SmsMessage,
    Ticket,
    TicketMessage,
)
from clubdesk_server.retention import (
    delete_expired_data,
    queue_deletion_warnings,
    register_cloud_deleter,
)
from clubdesk_server.sms.kavenegar import KavenegarSender
from clubdesk_server.sms.outbox import send_due
from fakes.kavenegar import FakeKavenegar
from licence_server import running_server

# Paid until 2026-10-26 14:00 Tehran: the deletion day is 2026-11-25 (Tehran), day 30; the
# warning goes on 2026-11-18, day 23.
PAID_UNTIL = datetime(2026, 10, 26, 10, 30, tzinfo=UTC)
DAY_23 = datetime(2026, 11, 18, 6, 30, tzinfo=UTC)  # 10:00 Tehran
DAY_30 = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 03:00 Tehran on 2026-11-25
MOBILE = "+989121234567"
OTHER_MOBILE = "+989351112233"


@dataclass
class Shop:
    key: str
    licence_id: int
    public_id: str
    business_id: int


def make_shop(
    db: Db,
    *,
    paid_until: datetime = PAID_UNTIL,
    mobile: str = MOBILE,
    business_id: int | None = None,
    hold: bool = False,
) -> Shop:
    """A licence with everything the vendor holds about it: devices, leases, audit, a payment,
    a ticket with messages, the communications log and an SMS."""
    t = paid_until - timedelta(days=300)
    with transaction(db.sessions) as session:
        if business_id is None:
            business = Business(
                name="Negin Shop",
                national_id="0499370899",
                owner_name="Negin Ahmadi",
                mobile=mobile,
                email="owner@example.ir",
                listed_publicly=True,
                created_at=t,
            )
        else:
            business = session.get_one(Business, business_id)
        key = new_licence_key()
        licence = licence_row(business, paid_until, t, key, device_limit=2, data_hold=hold)
        session.add(licence)
        devices = [
            Device(
                licence=licence,
                fingerprint_hash=f"{i}" * 64,
                name=f"PC {i}",
                first_seen=t,
                last_seen=t,
                token_hash=new_licence_key(),
            )
            for i in range(2)
        ]
        session.add_all(devices)
        session.flush()
        for device in devices:
            session.add(
                LeaseRecord(
                    lease_id=new_licence_key(),
                    licence_id=licence.id,
                    device_id=device.id,
                    issued_at=t,
                    refresh_by=t,
                    grace_until=t,
                    paid_until=paid_until,
                    status="active",
                    key_id="k1",
                )
            )
            session.add(
                AuditEntry(
                    at=t,
                    actor=f"device:{device.public_id}",
                    action="refresh",
                    outcome="ok",
                    licence_id=licence.id,
                    device_id=device.id,
                    details={},
                )
            )
        plan = session.scalar(select(Plan).where(Plan.code == "yearly")) or Plan(
            code="yearly",
            name_fa="سالانه",
            name_en="Yearly",
            days=365,
            price=1_500_000,
            device_limit=2,
            created_at=t,
            updated_at=t,
        )
        payment = Payment(
            licence_id=licence.id,
            device_id=devices[0].id,
            plan=plan,
            plan_code="yearly",
            days=365,
            amount=1_500_000,
            gateway="sandbox",
            authority=new_licence_key(),
            state="applied",
            ref_id="123456",
            created_at=t,
            updated_at=t,
        )
        session.add(payment)
        session.flush()
        ticket = Ticket(
            business_id=business.id,
            licence_id=licence.id,
            device_id=devices[0].id,
            subject="Payment",
            kind="payment",
            payment_id=payment.id,
            created_at=t,
            updated_at=t,
        )
        ticket.messages.append(TicketMessage(author="shop", body="I paid twice", at=t))
        question = Ticket(
            business_id=business.id,
            licence_id=licence.id,
            device_id=devices[1].id,
            subject="Printing",
            kind="general",
            created_at=t,
            updated_at=t,
        )
        question.messages.append(TicketMessage(author="shop", body="How do I print?", at=t))
        session.add_all([ticket, question])
        session.flush()
        for about, summary in ((ticket, "paid twice"), (question, "asked about printing")):
            session.add(
                Communication(
                    business_id=business.id,
                    at=t,
                    channel="ticket",
                    direction="in",
                    summary=summary,
                    ticket_id=about.id,
                )
            )
        session.add(
            SmsMessage(
                idempotency_key=f"text:{licence.public_id}",
                licence_id=licence.id,
                kind="text",
                recipient=business.mobile,
                text="hello",
                tokens={"token": "x"},
                state="sent",
                next_attempt_at=t,
                created_at=t,
            )
        )
    return Shop(key, licence.id, licence.public_id, business.id)


def counts(db: Db, shop: Shop) -> dict[str, int]:
    def n(session: Session, model: Any, *where: Any) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    with db.sessions() as session:
        device_ids = select(Device.id).where(Device.licence_id == shop.licence_id)
        return {
            "devices": n(session, Device, Device.licence_id == shop.licence_id),
            "leases": n(session, LeaseRecord, LeaseRecord.licence_id == shop.licence_id),
            "payments": n(session, Payment, Payment.licence_id == shop.licence_id),
            "tickets": n(session, Ticket, Ticket.business_id == shop.business_id),
            "ticket_messages": n(
                session,
                TicketMessage,
                TicketMessage.ticket_id.in_(
                    select(Ticket.id).where(Ticket.business_id == shop.business_id)
                ),
            ),
            "communications": n(
                session, Communication, Communication.business_id == shop.business_id
            ),
            "sms_with_recipient": n(
                session,
                SmsMessage,
                SmsMessage.licence_id == shop.licence_id,
                SmsMessage.recipient.is_not(None),
            ),
            "audit_with_device": n(session, AuditEntry, AuditEntry.device_id.in_(device_ids)),
        }


FULL = {
    "devices": 2,
    "leases": 2,
    "payments": 1,
    "tickets": 2,
    "ticket_messages": 2,
    "communications": 2,
    "sms_with_recipient": 1,
    "audit_with_device": 2,
}
WARNED = FULL | {"sms_with_recipient": 2}  # and the deletion warning
# What the deletion leaves: the activations (their tokens still renew), the payment and its
# ticket (accounting, disputes), the communications log; the rest goes.
AFTER_DELETION = {
    "devices": 2,
    "leases": 0,
    "payments": 1,
    "tickets": 1,
    "ticket_messages": 1,
    "communications": 2,
    "sms_with_recipient": 0,
    "audit_with_device": 2,
}


def warn(db: Db, when: datetime = DAY_23) -> int:
    """The reminders job's deletion warnings, as run at ``when``."""
    return queue_deletion_warnings(db.sessions, db.settings, when)


def warnings_for(db: Db, shop: Shop) -> list[SmsMessage]:
    with db.sessions() as session:
        return list(
            session.scalars(
                select(SmsMessage).where(
                    SmsMessage.licence_id == shop.licence_id, SmsMessage.kind == "deletion_warning"
                )
            )
        )


def test_the_warning_goes_seven_days_before_the_deletion(db: Db) -> None:
    shop = make_shop(db)
    held = make_shop(db, mobile=OTHER_MOBILE, hold=True)
    assert warn(db, DAY_23 - timedelta(days=1)) == 0
    assert warn(db, DAY_23) == 1
    assert warn(db, DAY_23 + timedelta(hours=5)) == 0
    [warning] = warnings_for(db, shop)
    assert warning.idempotency_key == f"deletion_warning:{shop.public_id}:2026-10-26"
    assert (warning.recipient, warning.state) == (MOBILE, "queued")
    assert warning.template == "deletion_warning"
    # 2026-11-25 is 1405/09/04 in the Jalali calendar.
    assert warning.tokens == {"token": "1405/09/04", "token2": "7", "token10": "Negin Shop"}
    assert warnings_for(db, held) == []
    assert warn(db, DAY_23 + timedelta(days=1)) == 0


def test_a_licence_nobody_can_be_warned_about_gets_its_warning_recorded(db: Db) -> None:
    """No mobile, or revoked (no renewal to offer): nothing is sent, but the warning's row
    exists, given up with the reason, and the deletion's 7 days count from it."""
    no_mobile = make_shop(db, mobile="")
    revoked = make_shop(db, mobile=OTHER_MOBILE)
    with transaction(db.sessions) as session:
        session.get_one(Licence, revoked.licence_id).status = "revoked"
    assert warn(db) == 2
    [silent] = warnings_for(db, no_mobile)
    assert (silent.state, silent.recipient) == ("given_up", None)
    assert silent.last_error == "not sent: no mobile number to warn"
    [unsent] = warnings_for(db, revoked)
    assert unsent.state == "given_up"
    assert unsent.last_error == "not sent: licence revoked: no renewal to offer"
    with FakeKavenegar() as kavenegar:
        sender = KavenegarSender(kavenegar.url, kavenegar.api_key, timeout_s=30)
        assert send_due(db.sessions, sender, DAY_23).claimed == 0
        assert kavenegar.calls == 0
    deleted = delete_expired_data(db.sessions, db.settings, DAY_30).deleted
    assert sorted(d.licence for d in deleted) == sorted([no_mobile.public_id, revoked.public_id])


def test_a_missed_warning_day_is_caught_up_and_the_deletion_waits_for_it(db: Db) -> None:
    shop = make_shop(db)
    day_26 = DAY_23 + timedelta(days=3)  # the job did not run on days 23 to 25
    assert warn(db, day_26) == 1
    [warning] = warnings_for(db, shop)
    # The text names the day the data really goes: 7 days from the late warning, 2026-11-28.
    assert warning.tokens == {"token": "1405/09/07", "token2": "7", "token10": "Negin Shop"}
    assert warn(db, day_26 + timedelta(days=1)) == 0  # once per paid_until
    for night in (DAY_30, DAY_30 + timedelta(days=2)):  # day 30 and day 32: too soon
        report = delete_expired_data(db.sessions, db.settings, night)
        assert (report.deleted, report.waiting_for_warning) == ([], [shop.public_id])
        assert counts(db, shop) == WARNED
    report = delete_expired_data(db.sessions, db.settings, DAY_30 + timedelta(days=3))
    assert [d.licence for d in report.deleted] == [shop.public_id]


def test_a_server_down_past_the_deletion_date_warns_before_it_deletes(db: Db) -> None:
    shop = make_shop(db)
    back = DAY_30 + timedelta(days=10)  # no job ran from day 22 to day 40
    assert delete_expired_data(db.sessions, db.settings, back).deleted == []
    assert warn(db, back + timedelta(hours=7)) == 1  # the 10:00 run that day
    assert delete_expired_data(db.sessions, db.settings, back + timedelta(days=6)).deleted == []
    assert counts(db, shop) == WARNED
    later = delete_expired_data(db.sessions, db.settings, back + timedelta(days=7))
    assert [d.licence for d in later.deleted] == [shop.public_id]


def test_the_deletion_on_day_30_removes_only_what_it_should(db: Db) -> None:
    shop = make_shop(db)
    held = make_shop(db, mobile=OTHER_MOBILE, hold=True)
    current = make_shop(db, mobile=OTHER_MOBILE, paid_until=PAID_UNTIL + timedelta(days=60))
    renewed = make_shop(db, mobile=OTHER_MOBILE)
    assert warn(db) == 2  # shop and renewed (renewed only after its warning)
    with transaction(db.sessions) as session:
        session.get_one(Licence, renewed.licence_id).paid_until += timedelta(days=365)

    assert (
        delete_expired_data(
            db.sessions, db.settings, DAY_30 - timedelta(hours=3, minutes=1)
        ).deleted
        == []
    )
    report = delete_expired_data(db.sessions, db.settings, DAY_30)

    assert [d.licence for d in report.deleted] == [shop.public_id]
    assert counts(db, shop) == AFTER_DELETION
    for untouched in (held, current):
        assert counts(db, untouched) == FULL
    assert counts(db, renewed) == WARNED
    with db.sessions() as session:
        licence = session.get_one(Licence, shop.licence_id)
        assert licence.data_deleted_at == DAY_30
        business = session.get_one(Business, shop.business_id)
        assert (business.name, business.national_id) == ("Negin Shop", "0499370899")
        assert (business.owner_name, business.mobile, business.email) == ("", "", None)
        assert not business.listed_publicly
        payment = session.scalars(
            select(Payment).where(Payment.licence_id == shop.licence_id)
        ).one()
        assert (payment.amount, payment.ref_id) == (1_500_000, "123456")
        assert payment.device_id is not None  # the device stays
        [ticket] = session.scalars(
            select(Ticket).where(Ticket.business_id == shop.business_id)
        ).all()
        assert (ticket.kind, ticket.payment_id) == ("payment", payment.id)
        assert [m.body for m in ticket.messages] == ["I paid twice"]
        log = session.scalars(
            select(Communication)
            .where(Communication.business_id == shop.business_id)
            .order_by(Communication.id)
        ).all()
        assert [(c.summary, c.ticket_id) for c in log] == [
            ("paid twice", ticket.id),
            ("asked about printing", None),  # its ticket is gone, the record of it is not
        ]
        devices = session.scalars(select(Device).where(Device.licence_id == shop.licence_id))
        assert all(d.token_hash and d.released_at is None for d in devices)
        sms = session.scalars(
            select(SmsMessage).where(SmsMessage.licence_id == shop.licence_id)
        ).all()
        assert {(m.recipient, m.text) for m in sms} == {(None, None)}
        assert {m.kind for m in sms} == {"text", "deletion_warning"}  # rows kept, for counts
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "retention.delete")
        ).all()
        assert (entry.actor, entry.licence_id) == ("system:retention", shop.licence_id)
        assert (entry.details["leases"], entry.details["tickets"]) == (2, 1)
        assert entry.details["payment_tickets_kept"] == 1
        assert session.get_one(Licence, held.licence_id).data_deleted_at is None
    # Idempotent: nothing more to do the next night.
    assert delete_expired_data(db.sessions, db.settings, DAY_30 + timedelta(days=1)).deleted == []


def test_a_business_keeps_its_contact_while_another_licence_is_live(db: Db) -> None:
    first = make_shop(db)
    second = make_shop(db, business_id=first.business_id, paid_until=DAY_30 + timedelta(days=90))
    warn(db)
    report = delete_expired_data(db.sessions, db.settings, DAY_30)
    assert [d.licence for d in report.deleted] == [first.public_id]
    assert counts(db, first)["leases"] == 0
    assert counts(db, second)["leases"] == 2
    assert counts(db, first)["tickets"] == 4  # the business's, kept for the live licence
    with db.sessions() as session:
        assert session.get_one(Business, first.business_id).mobile == MOBILE


def test_a_hold_released_after_the_deletion_date_warns_first(db: Db) -> None:
    held = make_shop(db, hold=True)
    assert warn(db) == 0
    assert delete_expired_data(db.sessions, db.settings, DAY_30).deleted == []
    with transaction(db.sessions) as session:
        session.get_one(Licence, held.licence_id).data_hold = False
    day_31 = DAY_30 + timedelta(days=1)
    assert delete_expired_data(db.sessions, db.settings, day_31).deleted == []  # not warned
    assert warn(db, day_31 + timedelta(hours=7)) == 1
    assert delete_expired_data(db.sessions, db.settings, day_31 + timedelta(days=7)).deleted


def test_a_licence_renewed_after_the_deletion_is_deleted_again_after_its_new_expiry(db: Db) -> None:
    shop = make_shop(db)
    warn(db)
    delete_expired_data(db.sessions, db.settings, DAY_30)
    new_paid_until = DAY_30 + timedelta(days=10)
    with transaction(db.sessions) as session:
        session.get_one(Licence, shop.licence_id).paid_until = new_paid_until
    assert delete_expired_data(db.sessions, db.settings, DAY_30 + timedelta(days=20)).deleted == []
    # A new paid_until: a new warning (day 23 after it), then the deletion (day 30).
    assert warn(db, DAY_23 + timedelta(days=40)) == 1
    later = delete_expired_data(db.sessions, db.settings, DAY_30 + timedelta(days=41))
    assert [d.licence for d in later.deleted] == [shop.public_id]


def test_the_old_device_token_renews_and_reaches_support_after_the_deletion(
    db: Db, tmp_path: Path
) -> None:
    """Day 30 has passed and the data is gone: the locked app still pays with its token,
    is extended, gets a fresh lease and can open a ticket."""
    with running_server(tmp_path / "server", db.url) as server:
        api = Api(server.url)
        record = server.create_licence_full(days=1)
        activated = api.activate(record["licence_key"], "fp-retention-00001")
        assert activated.status_code == 200, activated.text
        token = Activation.model_validate(activated.json()).token
        now = datetime.now(UTC)
        with transaction(db.sessions) as session:
            session.scalars(
                select(Licence).where(Licence.public_id == record["licence_id"])
            ).one().paid_until = now - timedelta(days=40)
        assert warn(db, now - timedelta(days=8)) == 1
        [deleted] = delete_expired_data(db.sessions, db.settings, now).deleted
        assert deleted.licence == record["licence_id"]

        locked = api.refresh(token)
        assert locked.status_code == 200, locked.text
        assert SignedLease.model_validate(locked.json()).lease.paid_until < now
        plan = server.create_plan(days=30)
        started = api.start_payment(token, plan["code"])
        assert started.status_code == 201, started.text
        info = PaymentInfo.model_validate(started.json())
        assert server.pay_in_sandbox(info.pay_url or "").status_code == 200
        paid = api.payment(token, info.payment_id)
        assert paid.status_code == 200, paid.text
        done = PaymentInfo.model_validate(paid.json())
        assert done.state == "applied"
        assert done.paid_until_after is not None
        assert done.paid_until_after > now + timedelta(days=29)
        lease = SignedLease.model_validate(api.refresh(token).json()).lease
        assert lease.paid_until == done.paid_until_after
        assert api.open_ticket(token, "تمدید", "تمدید شد، ممنون").status_code == 201
        api.http.close()


def test_cloud_data_deleters_run_inside_the_deletion(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = make_shop(db)
    seen: list[str] = []

    def cloud(session: Session, licence: Licence, now: datetime) -> int:
        seen.append(licence.public_id)
        return 3

    monkeypatch.setattr(retention, "CLOUD_DATA_DELETERS", [])
    assert register_cloud_deleter(cloud) is cloud
    register_cloud_deleter(cloud)
    warn(db)
    [deleted] = delete_expired_data(db.sessions, db.settings, DAY_30).deleted
    assert seen == [shop.public_id]
    assert deleted.cloud_items == 3


def test_admin_hold_and_release_hold(db: Db, capsys: pytest.CaptureFixture[str]) -> None:
    shop = make_shop(db)

    def admin(*args: str) -> dict[str, Any]:
        capsys.readouterr()
        assert cli.main(["admin", *args, "--database-url", db.url, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    assert admin("hold", shop.key)["data_hold"] is True
    assert delete_expired_data(db.sessions, db.settings, DAY_30).deleted == []
    assert admin("show", shop.public_id)["data_hold"] is True
    capsys.readouterr()
    assert cli.main(["admin", "show", shop.key, "--database-url", db.url]) == 0
    assert "data: on hold" in capsys.readouterr().out
    assert admin("release-hold", shop.key)["data_hold"] is False
    warn(db)
    delete_expired_data(db.sessions, db.settings, DAY_30)
    shown = admin("show", shop.key)
    assert shown["data_deleted_at"] == DAY_30.isoformat()
    with db.sessions() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.licence_id == shop.licence_id)
        ).all()
    assert {"admin.hold", "admin.release_hold", "retention.delete"} <= set(actions)
