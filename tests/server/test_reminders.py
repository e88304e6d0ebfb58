"""Expiry reminders and renewal receipts on SQLite and PostgreSQL, in Tehran calendar days."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from private_db import Db, licence_row
from sqlalchemy import select
from sqlalchemy.orm import Session

from clubdesk_server.db import transaction
from clubdesk_server.models import Business, Licence, Payment, Plan, SmsMessage
from clubdesk_server.reminders import name_token, queue_expiry_reminders, queue_receipt
from clubdesk_server.sms.kavenegar import KavenegarSender
from clubdesk_server.sms.outbox import send_due
from fakes.kavenegar import FakeKavenegar

# 07:00 UTC is 10:30 in Tehran (UTC+3:30): "today" is 2026-11-25 = 1405/09/04.
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
# Tehran midnight starting 2026-12-05 (1405/09/14), ten Tehran days after NOW's.
DEC5_TEHRAN = datetime(2026, 12, 4, 20, 30, tzinfo=UTC)
MOBILE = "+989121234567"


def make_licence(
    db: Db, paid_until: datetime, *, name: str = "Negin Shop", status: str = "active"
) -> Licence:
    with transaction(db.sessions) as session:
        business = Business(name=name, mobile=MOBILE, created_at=NOW - timedelta(days=300))
        licence = licence_row(business, paid_until, NOW - timedelta(days=300), status=status)
        session.add_all([business, licence])
    return licence


def outbox(db: Db, licence: Licence | None = None) -> list[SmsMessage]:
    query = select(SmsMessage).order_by(SmsMessage.id)
    if licence is not None:
        query = query.where(SmsMessage.licence_id == licence.id)
    with db.sessions() as session:
        return list(session.scalars(query))


def test_the_ten_day_reminder_goes_to_licences_ending_ten_tehran_days_from_today(db: Db) -> None:
    first_minute = make_licence(db, DEC5_TEHRAN)  # 00:00 Tehran on day 10
    last_minute = make_licence(db, DEC5_TEHRAN + timedelta(hours=23, minutes=59))
    day_nine = make_licence(db, DEC5_TEHRAN - timedelta(minutes=1))  # 23:59 Tehran, day 9
    day_eleven = make_licence(db, DEC5_TEHRAN + timedelta(days=1))
    suspended = make_licence(db, DEC5_TEHRAN + timedelta(hours=5), status="suspended")

    report = queue_expiry_reminders(db.sessions, db.settings, NOW)

    assert (report.expiry_reminders, report.expiry_day) == (2, 0)
    for licence in (first_minute, last_minute):
        [message] = outbox(db, licence)
        assert message.kind == "expiry_reminder"
        assert message.idempotency_key == f"expiry_reminder:{licence.public_id}:2026-12-05"
        assert message.recipient == MOBILE
        assert message.template == "expiry_reminder"
        assert message.tokens == {"token": "1405/09/14", "token2": "10", "token10": "Negin Shop"}
        assert message.text is not None
        assert "1405/09/14" in message.text
        assert message.state == "queued"
    for licence in (day_nine, day_eleven, suspended):
        assert outbox(db, licence) == []


def test_running_the_job_again_queues_nothing_new(db: Db) -> None:
    licence = make_licence(db, DEC5_TEHRAN + timedelta(hours=12))
    queue_expiry_reminders(db.sessions, db.settings, NOW)
    again = queue_expiry_reminders(db.sessions, db.settings, NOW + timedelta(hours=5))
    assert (again.expiry_reminders, again.expiry_day) == (0, 0)
    assert len(outbox(db, licence)) == 1


def test_concurrent_runs_queue_each_reminder_once(db: Db) -> None:
    licences = [make_licence(db, DEC5_TEHRAN + timedelta(hours=h)) for h in (1, 2, 3)]
    start = threading.Barrier(3)
    failures: list[BaseException] = []
    queued: list[int] = []

    def run() -> None:
        try:
            start.wait()
            queued.append(queue_expiry_reminders(db.sessions, db.settings, NOW).expiry_reminders)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sum(queued) == 3
    assert [len(outbox(db, licence)) for licence in licences] == [1, 1, 1]


def test_the_reminder_is_sent_once_through_kavenegar(db: Db) -> None:
    licence = make_licence(db, DEC5_TEHRAN + timedelta(hours=8), name="فروشگاه نگین ستاره")
    with FakeKavenegar() as kavenegar:
        sender = KavenegarSender(kavenegar.url, kavenegar.api_key, timeout_s=30)
        for hour in (0, 1):  # the job and the outbox, twice
            queue_expiry_reminders(db.sessions, db.settings, NOW + timedelta(hours=hour))
            send_due(db.sessions, sender, NOW + timedelta(hours=hour))
        [received] = kavenegar.messages
    assert received.receptor == "09121234567"
    assert received.template == "clubdesk-expiry-reminder"
    assert received.tokens == {
        "token": "1405/09/14",
        "token2": "10",
        "token10": "فروشگاه نگین ستاره",
    }
    [message] = outbox(db, licence)
    assert message.state == "sent"


def test_the_expiry_day_message(db: Db) -> None:
    # Expires at 18:00 Tehran today; the job runs at 10:30.
    today = make_licence(db, datetime(2026, 11, 25, 14, 30, tzinfo=UTC))
    yesterday = make_licence(db, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    report = queue_expiry_reminders(db.sessions, db.settings, NOW)
    assert (report.expiry_reminders, report.expiry_day) == (0, 1)
    [message] = outbox(db, today)
    assert message.kind == "expiry_day"
    assert message.idempotency_key == f"expiry_day:{today.public_id}:2026-11-25"
    assert message.tokens == {"token": "1405/09/04", "token2": "18:00", "token10": "Negin Shop"}
    assert message.text is not None
    assert "1405/09/04" in message.text
    assert "18:00" in message.text
    assert outbox(db, yesterday) == []


# 10:00 Tehran on 2026-11-24, 2026-11-25 and 2026-11-26: the daily runs.
RUN_24TH, RUN_25TH, RUN_26TH = (datetime(2026, 11, d, 6, 30, tzinfo=UTC) for d in (24, 25, 26))


def expiry_day_messages(db: Db, licence: Licence) -> list[SmsMessage]:
    return [m for m in outbox(db, licence) if m.kind == "expiry_day"]


def test_a_licence_ending_at_00_30_hears_it_the_day_before_while_still_valid(db: Db) -> None:
    # Paid until 00:30 Tehran on 2026-11-25: locked nine and a half hours before that day's run.
    licence = make_licence(db, datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
    assert queue_expiry_reminders(db.sessions, db.settings, RUN_24TH).expiry_day == 1
    [message] = expiry_day_messages(db, licence)
    assert message.created_at < licence.paid_until  # it goes out while the licence works
    assert message.idempotency_key == f"expiry_day:{licence.public_id}:2026-11-25"
    assert message.tokens == {"token": "1405/09/04", "token2": "00:30", "token10": "Negin Shop"}
    # The run on its own date finds it expired (and queued already): nothing more.
    assert queue_expiry_reminders(db.sessions, db.settings, RUN_25TH).expiry_day == 0
    assert len(expiry_day_messages(db, licence)) == 1


def test_a_licence_ending_at_23_30_hears_it_the_same_morning(db: Db) -> None:
    # Paid until 23:30 Tehran on 2026-11-25: more than 24 hours away at the run the day before.
    licence = make_licence(db, datetime(2026, 11, 25, 20, 0, tzinfo=UTC))
    assert queue_expiry_reminders(db.sessions, db.settings, RUN_24TH).expiry_day == 0
    assert queue_expiry_reminders(db.sessions, db.settings, RUN_25TH).expiry_day == 1
    [message] = expiry_day_messages(db, licence)
    assert message.idempotency_key == f"expiry_day:{licence.public_id}:2026-11-25"
    assert message.tokens["token2"] == "23:30"
    assert queue_expiry_reminders(db.sessions, db.settings, RUN_26TH).expiry_day == 0
    assert len(expiry_day_messages(db, licence)) == 1


def test_a_renewed_licence_gets_a_reminder_for_its_new_date(db: Db) -> None:
    licence = make_licence(db, DEC5_TEHRAN + timedelta(hours=3))
    queue_expiry_reminders(db.sessions, db.settings, NOW)
    with transaction(db.sessions) as session:
        session.get_one(Licence, licence.id).paid_until += timedelta(days=30)
    queue_expiry_reminders(db.sessions, db.settings, NOW + timedelta(days=30))
    keys = [m.idempotency_key for m in outbox(db, licence)]
    assert keys == [
        f"expiry_reminder:{licence.public_id}:2026-12-05",
        f"expiry_reminder:{licence.public_id}:2027-01-04",
    ]


def test_name_token_fits_kavenegars_token10() -> None:
    assert name_token("  Negin   Shop ") == "Negin Shop"
    assert name_token("a b c d e f g h") == "a b c d e f"  # at most five spaces
    assert len(name_token("x" * 100)) == 30
    assert name_token("   ") == "-"


def _payment(session: Session, licence: Licence, ref_id: str | None = "123456789") -> Payment:
    plan = session.scalar(select(Plan).where(Plan.code == "yearly"))
    if plan is None:
        plan = Plan(
            code="yearly", name_fa="سالانه", name_en="Yearly", days=365, price=1_500_000,
            device_limit=2, created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        session.add(plan)
    payment = Payment(
        licence_id=licence.id, plan=plan, plan_code="yearly", days=365, amount=1_500_000,
        gateway="sandbox", authority=f"A{id(object())}", state="applied", ref_id=ref_id,
        created_at=NOW, updated_at=NOW, paid_until_after=DEC5_TEHRAN + timedelta(days=365),
    )  # fmt: skip
    session.add(payment)
    session.flush()
    return payment


def test_the_receipt_is_queued_once_per_payment(db: Db) -> None:
    licence = make_licence(db, DEC5_TEHRAN)
    with transaction(db.sessions) as session:
        owned = session.get_one(Licence, licence.id)
        payment = _payment(session, owned)
        first = queue_receipt(session, owned, payment, NOW)
        again = queue_receipt(session, owned, payment, NOW)
    assert first is not None
    assert again is None
    [message] = outbox(db, licence)
    assert message.kind == "renewal_receipt"
    assert message.idempotency_key == f"renewal_receipt:{payment.public_id}"
    assert message.tokens == {"token": "1500000", "token2": "1406/09/14", "token3": "123456789"}
    assert message.text is not None
    assert "1,500,000" in message.text
    with FakeKavenegar() as kavenegar:
        sender = KavenegarSender(kavenegar.url, kavenegar.api_key, timeout_s=30)
        assert send_due(db.sessions, sender, NOW).sent == 1
        [received] = kavenegar.messages
    assert received.template == "clubdesk-renewal-receipt"


def test_a_receipt_rolls_back_with_its_renewal(db: Db) -> None:
    licence = make_licence(db, DEC5_TEHRAN)

    class Abort(Exception):
        pass

    def renew_then_fail() -> None:
        with transaction(db.sessions) as session:
            owned = session.get_one(Licence, licence.id)
            queue_receipt(session, owned, _payment(session, owned), NOW)
            raise Abort

    with pytest.raises(Abort):
        renew_then_fail()
    assert outbox(db, licence) == []
