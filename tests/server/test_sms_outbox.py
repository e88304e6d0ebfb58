"""The SMS outbox on SQLite and PostgreSQL: once per key, sent once, backoff, out of credit,
delivery status."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from private_db import Db, licence_row
from sqlalchemy import select

from clubdesk.core.ids import new_public_id
from clubdesk_server.db import transaction
from clubdesk_server.models import AuditEntry, Business, Licence, SmsMessage
from clubdesk_server.settings import Settings
from clubdesk_server.sms.console import ConsoleSender
from clubdesk_server.sms.kavenegar import KavenegarSender
from clubdesk_server.sms.outbox import (
    BACKOFF,
    DEFAULT_TEMPLATES,
    MAX_ATTEMPTS,
    check_delivery,
    enqueue,
    send_due,
    templates,
)
from clubdesk_server.sms.sender import SendResult
from fakes.kavenegar import FakeKavenegar

T0 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
MOBILE = "+989121234567"
TOKENS = {"token": "1405/09/14", "token2": "10", "token10": "فروشگاه"}


# -- a private database per module, emptied after every test ------------------------------------


def make_licence(db: Db, paid_until: datetime = T0 + timedelta(days=30)) -> Licence:
    with transaction(db.sessions) as session:
        business = Business(name="Negin Shop", mobile=MOBILE, created_at=T0)
        licence = licence_row(business, paid_until, T0)
        session.add_all([business, licence])
    return licence


def queue(db: Db, licence: Licence | None, key: str | None = None, **kw: object) -> str:
    key = key or f"test:{new_public_id()}"
    fields: dict[str, object] = {"template": "expiry_reminder", "tokens": TOKENS} | kw
    with transaction(db.sessions) as session:
        enqueue(
            session,
            key=key,
            kind="expiry_reminder",
            licence=licence,
            recipient=MOBILE,
            now=T0,
            **fields,  # type: ignore[arg-type]
        )
    return key


def row(db: Db, key: str) -> SmsMessage:
    with db.sessions() as session:
        return session.scalars(select(SmsMessage).where(SmsMessage.idempotency_key == key)).one()


# -- enqueue --------------------------------------------------------------------------------------


def test_a_key_is_queued_once(db: Db) -> None:
    licence = make_licence(db)
    with transaction(db.sessions) as session:
        first = enqueue(
            session, key="k:1", kind="text", licence=licence, recipient=MOBILE, text="a", now=T0
        )
        again = enqueue(
            session, key="k:1", kind="text", licence=licence, recipient=MOBILE, text="b", now=T0
        )
    assert first is not None
    assert again is None
    message = row(db, "k:1")
    assert (message.state, message.text, message.attempts) == ("queued", "a", 0)
    assert message.next_attempt_at == T0


def test_concurrent_enqueues_of_one_key_make_one_row(db: Db) -> None:
    licence = make_licence(db)
    start = threading.Barrier(4)
    made: list[bool] = []
    failures: list[BaseException] = []

    def work(text: str) -> None:
        try:
            start.wait()
            with transaction(db.sessions) as session:
                queued = enqueue(
                    session, key="race", kind="text", licence=licence,
                    recipient=MOBILE, text=text, now=T0,
                )  # fmt: skip
            made.append(queued is not None)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(made) == [False, False, False, True]
    with db.sessions() as session:
        assert len(session.scalars(select(SmsMessage.id)).all()) == 1


# -- sending --------------------------------------------------------------------------------------


def test_due_messages_are_sent_once(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    licence = make_licence(db)
    key = queue(db, licence)
    text_key = queue(db, licence, template=None, tokens=None, text="سلام")
    report = send_due(db.sessions, sender, T0)
    assert (report.claimed, report.sent) == (2, 2)
    lookup, text = kavenegar.messages
    assert lookup.template == DEFAULT_TEMPLATES["expiry_reminder"]  # resolved when sent
    assert lookup.tokens == TOKENS
    assert text.message == "سلام"
    sent = row(db, key)
    assert (sent.state, sent.attempts, sent.sent_at) == ("sent", 1, T0)
    assert sent.provider_id == str(lookup.messageid)
    assert sent.provider_status == 200
    assert row(db, text_key).state == "sent"
    assert send_due(db.sessions, sender, T0 + timedelta(days=1)).claimed == 0
    assert len(kavenegar.messages) == 2


def test_messages_wait_for_their_time(db: Db, sender: KavenegarSender) -> None:
    queue(db, make_licence(db))
    assert send_due(db.sessions, sender, T0 - timedelta(seconds=1)).claimed == 0
    assert send_due(db.sessions, sender, T0).sent == 1


def test_failures_back_off_then_give_up(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    key = queue(db, make_licence(db))
    kavenegar.fail_next(500, count=MAX_ATTEMPTS)
    now = T0
    for attempt, wait in enumerate(BACKOFF, start=1):
        assert send_due(db.sessions, sender, now).retrying == 1
        failed = row(db, key)
        assert (failed.state, failed.attempts) == ("failed", attempt)
        assert failed.next_attempt_at == now + wait
        assert failed.last_error is not None
        assert "500" in failed.last_error
        assert send_due(db.sessions, sender, now + wait - timedelta(seconds=1)).claimed == 0
        now += wait
    assert send_due(db.sessions, sender, now).given_up == 1
    assert (row(db, key).state, row(db, key).attempts) == ("given_up", MAX_ATTEMPTS)
    assert send_due(db.sessions, sender, now + timedelta(days=1)).claimed == 0
    assert kavenegar.messages == []


def test_a_retry_that_succeeds_is_sent(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    key = queue(db, make_licence(db))
    kavenegar.fail_next(503)
    send_due(db.sessions, sender, T0)
    assert send_due(db.sessions, sender, T0 + BACKOFF[0]).sent == 1
    sent = row(db, key)
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 2, None)


def test_a_refused_message_is_given_up_at_once(db: Db, sender: KavenegarSender) -> None:
    key = queue(db, make_licence(db), tokens={"token": "two words"})
    assert send_due(db.sessions, sender, T0).given_up == 1
    refused = row(db, key)
    assert refused.state == "given_up"
    assert refused.provider_status == 431


def test_out_of_credit_tells_the_admin_and_stays_retryable(
    db: Db,
    kavenegar: FakeKavenegar,
    sender: KavenegarSender,
    caplog: pytest.LogCaptureFixture,
) -> None:
    licence = make_licence(db)
    first, second = queue(db, licence), queue(db, licence)
    kavenegar.out_of_credit()
    caplog.set_level(logging.INFO)
    report = send_due(db.sessions, sender, T0)
    assert report.out_of_credit
    assert (report.claimed, report.retrying) == (2, 1)
    assert kavenegar.calls == 1  # the second was not tried: it would fail the same way
    tried, untouched = row(db, first), row(db, second)
    assert (tried.state, tried.attempts, tried.provider_status) == ("failed", 1, 418)
    assert (untouched.state, untouched.attempts) == ("queued", 0)
    assert untouched.next_attempt_at == tried.next_attempt_at == T0 + BACKOFF[0]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors
    assert "out_of_credit" in errors[0].getMessage()
    with db.sessions() as session:
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "sms.out_of_credit")
        ).all()
    assert (entry.actor, entry.outcome, entry.details["status"]) == (
        "system:sms", "out_of_credit", 418,
    )  # fmt: skip
    # Out of credit is not the message's fault: it never uses up the attempts.
    now = T0
    for _ in range(MAX_ATTEMPTS + 1):
        now += BACKOFF[-1]
        send_due(db.sessions, sender, now)
    assert row(db, first).state == "failed"
    kavenegar.out_of_credit(False)
    now += BACKOFF[-1]
    assert send_due(db.sessions, sender, now).sent == 2


def test_a_misconfigured_account_keeps_the_key_out_of_the_record(
    db: Db, kavenegar: FakeKavenegar
) -> None:
    key = queue(db, make_licence(db))
    wrong = KavenegarSender(kavenegar.url, "secret-wrong-key-42", timeout_s=30)
    report = send_due(db.sessions, wrong, T0)
    assert report.misconfigured
    failed = row(db, key)
    assert failed.state == "failed"
    assert failed.last_error is not None
    assert "secret-wrong-key-42" not in failed.last_error
    assert failed.last_error.startswith("misconfigured 403")
    with db.sessions() as session:
        entries = session.scalars(select(AuditEntry)).all()
    assert [e.action for e in entries] == ["sms.misconfigured"]
    assert "secret-wrong-key-42" not in str(entries[0].details)


def test_stale_messages_are_given_up(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    key = queue(db, make_licence(db))
    kavenegar.out_of_credit()
    send_due(db.sessions, sender, T0 + timedelta(days=3))
    assert row(db, key).state == "given_up"


def test_a_message_without_recipient_is_given_up(db: Db, sender: KavenegarSender) -> None:
    key = queue(db, make_licence(db))
    with transaction(db.sessions) as session:
        session.scalars(
            select(SmsMessage).where(SmsMessage.idempotency_key == key)
        ).one().recipient = None
    assert send_due(db.sessions, sender, T0).given_up == 1
    assert row(db, key).last_error == "rejected -: no recipient (data deleted)"


class _Gate:
    """A sender that holds its first message until told to go: two runs overlap for sure."""

    name = "gate"

    def __init__(self, inner: KavenegarSender) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.go = threading.Event()

    def send_template(self, recipient: str, template: str, tokens: dict[str, str]) -> SendResult:
        self.entered.set()
        self.go.wait(60)
        return self.inner.send_template(recipient, template, tokens)

    def send_text(self, recipient: str, text: str) -> SendResult:
        return self.inner.send_text(recipient, text)


def test_overlapping_runs_never_send_a_row_twice(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    licence = make_licence(db)
    keys = [queue(db, licence) for _ in range(3)]
    gate = _Gate(sender)
    first: list[int] = []
    runner = threading.Thread(target=lambda: first.append(send_due(db.sessions, gate, T0).sent))
    runner.start()
    try:
        assert gate.entered.wait(60)
        # The first run has claimed every row and is sending: a second run finds none due,
        # also a minute later (the claim lease), while the first is still at it.
        assert send_due(db.sessions, sender, T0).claimed == 0
        assert send_due(db.sessions, sender, T0 + timedelta(minutes=1)).claimed == 0
    finally:
        gate.go.set()
        runner.join(60)
    assert first == [3]
    assert len(kavenegar.messages) == 3
    assert {row(db, k).state for k in keys} == {"sent"}


def test_rows_locked_by_another_claim_are_skipped(
    db: Db, backend: str, sender: KavenegarSender
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no row locks to skip")
    licence = make_licence(db)
    locked, free = queue(db, licence), queue(db, licence)
    with db.sessions() as other, other.begin():
        other.scalars(
            select(SmsMessage).where(SmsMessage.idempotency_key == locked).with_for_update()
        ).one()
        report = send_due(db.sessions, sender, T0)  # does not wait for the lock
    assert (report.claimed, report.sent) == (1, 1)
    assert (row(db, locked).state, row(db, free).state) == ("queued", "sent")


def test_template_names_come_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(tmp_path, tmp_path, "sqlite://")
    assert templates(settings) == DEFAULT_TEMPLATES
    custom = settings.with_(kavenegar_templates="expiry_reminder=remind10, expiry_day = lastday")
    assert templates(custom)["expiry_reminder"] == "remind10"
    assert templates(custom)["expiry_day"] == "lastday"
    assert templates(custom)["renewal_receipt"] == DEFAULT_TEMPLATES["renewal_receipt"]


# -- delivery status ------------------------------------------------------------------------------


def test_delivery_is_asked_until_final_and_stored(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    licence = make_licence(db)
    delivered, undelivered, waiting = (queue(db, licence) for _ in range(3))
    assert send_due(db.sessions, sender, T0).sent == 3
    ids = {key: int(row(db, key).provider_id or 0) for key in (delivered, undelivered, waiting)}
    kavenegar.set_delivery(ids[delivered], 10)
    kavenegar.set_delivery(ids[undelivered], 11)

    later = T0 + timedelta(minutes=1)
    report = check_delivery(db.sessions, sender, later)
    assert (report.asked, report.updated, report.delivered, report.not_delivered) == (3, 3, 1, 1)
    assert report.error is None
    assert (row(db, delivered).delivery_status, row(db, delivered).delivered_at) == (10, later)
    assert (row(db, undelivered).delivery_status, row(db, undelivered).delivered_at) == (11, None)
    assert (row(db, waiting).delivery_status, row(db, waiting).state) == (5, "sent")

    # Final answers are not asked again; the waiting one is, for a day after it was sent.
    kavenegar.set_delivery(ids[waiting], 10)
    report = check_delivery(db.sessions, sender, T0 + timedelta(hours=23))
    assert (report.asked, report.delivered) == (1, 1)
    assert row(db, waiting).delivered_at == T0 + timedelta(hours=23)
    assert check_delivery(db.sessions, sender, T0 + timedelta(hours=23, minutes=1)).asked == 0


def test_delivery_is_not_asked_a_day_after_sending(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    key = queue(db, make_licence(db))
    send_due(db.sessions, sender, T0)
    assert check_delivery(db.sessions, sender, T0 + timedelta(hours=25)).asked == 0
    assert kavenegar.status_calls == 0
    assert row(db, key).delivery_status is None


def test_a_failed_delivery_lookup_changes_nothing(
    db: Db, kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    key = queue(db, make_licence(db))
    send_due(db.sessions, sender, T0)
    kavenegar.fail_next(503)
    report = check_delivery(db.sessions, sender, T0 + timedelta(minutes=1))
    assert (report.asked, report.updated, report.error) == (1, 0, "HTTP 503, no Kavenegar answer")
    assert row(db, key).delivery_status is None
    assert check_delivery(db.sessions, sender, T0 + timedelta(minutes=2)).updated == 1


def test_a_sender_without_delivery_reports_is_not_asked(db: Db, tmp_path: Path) -> None:
    key = queue(db, make_licence(db))
    console = ConsoleSender(tmp_path)
    assert send_due(db.sessions, console, T0).sent == 1
    assert check_delivery(db.sessions, console, T0 + timedelta(minutes=1)).asked == 0
    assert row(db, key).delivery_status is None


def test_a_warning_with_nobody_to_send_to_is_recorded_given_up(
    db: Db, sender: KavenegarSender
) -> None:
    licence = make_licence(db)
    with transaction(db.sessions) as session:
        recorded = enqueue(
            session, key="w:1", kind="deletion_warning", licence=licence, recipient=None,
            text="x", now=T0, unsendable="no mobile number to warn",
        )  # fmt: skip
        with pytest.raises(ValueError, match="needs a recipient"):
            enqueue(
                session, key="w:2", kind="text", licence=licence, recipient="", text="x", now=T0
            )
    assert recorded is not None
    kept = row(db, "w:1")
    assert (kept.state, kept.recipient, kept.created_at) == ("given_up", None, T0)
    assert kept.last_error == "not sent: no mobile number to warn"
    assert send_due(db.sessions, sender, T0).claimed == 0
