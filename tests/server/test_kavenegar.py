"""The Kavenegar adapter over real HTTP, against the fake Kavenegar (tests/fakes/kavenegar.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from clubdesk_server.errors import SmsNotConfigured
from clubdesk_server.settings import Settings
from clubdesk_server.sms.console import ConsoleSender, read_outbox
from clubdesk_server.sms.kavenegar import STATUS_BATCH, KavenegarSender, classify, receptor
from clubdesk_server.sms.sender import SendOutcome
from clubdesk_server.sms.senders import make_sender
from fakes.kavenegar import MESSAGES, FakeKavenegar

MOBILE = "+989121234567"
TEMPLATE = "clubdesk-expiry-reminder"
TOKENS = {"token": "1405/09/14", "token2": "10", "token10": "فروشگاه نگین"}


def test_receptor_is_the_local_form() -> None:
    assert receptor("+989121234567") == "09121234567"


def test_lookup_sends_the_template_and_its_tokens(
    kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    result = sender.send_template(MOBILE, TEMPLATE, TOKENS)
    assert result.outcome is SendOutcome.SENT
    assert result.status == 200
    [message] = kavenegar.messages
    assert result.provider_id == str(message.messageid)
    assert message.method == "verify/lookup"
    assert message.receptor == "09121234567"
    assert message.template == TEMPLATE
    assert message.tokens == TOKENS


def test_send_sends_free_text_from_the_line(
    kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    result = sender.send_text(MOBILE, "سلام، تست")
    assert result.outcome is SendOutcome.SENT
    [message] = kavenegar.messages
    assert (message.method, message.message) == ("sms/send", "سلام، تست")
    assert message.sender == kavenegar.line


def test_out_of_credit_is_its_own_outcome(
    kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    kavenegar.out_of_credit()
    result = sender.send_template(MOBILE, TEMPLATE, TOKENS)
    assert (result.outcome, result.status) == (SendOutcome.OUT_OF_CREDIT, 418)
    kavenegar.out_of_credit(False)
    assert sender.send_template(MOBILE, TEMPLATE, TOKENS).outcome is SendOutcome.SENT


def test_a_wrong_key_is_a_misconfiguration(kavenegar: FakeKavenegar) -> None:
    wrong = KavenegarSender(kavenegar.url, "not-the-key", timeout_s=30)
    result = wrong.send_template(MOBILE, TEMPLATE, TOKENS)
    assert (result.outcome, result.status) == (SendOutcome.MISCONFIGURED, 403)
    assert "not-the-key" not in result.message
    assert kavenegar.messages == []


def test_an_unknown_template_is_a_misconfiguration(sender: KavenegarSender) -> None:
    result = sender.send_template(MOBILE, "no-such-template", TOKENS)
    assert (result.outcome, result.status) == (SendOutcome.MISCONFIGURED, 424)


def test_a_token_with_a_space_is_rejected(sender: KavenegarSender) -> None:
    result = sender.send_template(MOBILE, TEMPLATE, {"token": "two words"})
    assert (result.outcome, result.status) == (SendOutcome.REJECTED, 431)


def test_server_errors_are_retried(kavenegar: FakeKavenegar, sender: KavenegarSender) -> None:
    kavenegar.fail_next(500)
    result = sender.send_template(MOBILE, TEMPLATE, TOKENS)
    assert (result.outcome, result.status) == (SendOutcome.RETRY, None)
    assert "500" in result.message
    assert kavenegar.messages == []
    assert sender.send_template(MOBILE, TEMPLATE, TOKENS).outcome is SendOutcome.SENT


def test_a_timeout_is_retried(kavenegar: FakeKavenegar) -> None:
    impatient = KavenegarSender(kavenegar.url, kavenegar.api_key, timeout_s=0.3)
    kavenegar.delay_next()  # held until released (the end of the test at the latest)
    result = impatient.send_template(MOBILE, TEMPLATE, TOKENS)
    kavenegar.release()
    assert (result.outcome, result.message) == (SendOutcome.RETRY, "timeout")


def test_network_trouble_is_retried() -> None:
    with FakeKavenegar() as gone:
        url = gone.url
    result = KavenegarSender(url, "k" * 20, timeout_s=5).send_text(MOBILE, "x")
    assert result.outcome is SendOutcome.RETRY
    assert "k" * 20 not in result.message


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (418, SendOutcome.OUT_OF_CREDIT),
        (401, SendOutcome.MISCONFIGURED),
        (403, SendOutcome.MISCONFIGURED),
        (412, SendOutcome.MISCONFIGURED),
        (424, SendOutcome.MISCONFIGURED),
        (501, SendOutcome.MISCONFIGURED),
        (409, SendOutcome.RETRY),
        (451, SendOutcome.RETRY),
        (502, SendOutcome.RETRY),
        (411, SendOutcome.REJECTED),
        (413, SendOutcome.REJECTED),
        (422, SendOutcome.REJECTED),
        (431, SendOutcome.REJECTED),
        (499, SendOutcome.REJECTED),
    ],
)
def test_documented_statuses_map_to_outcomes(status: int, outcome: SendOutcome) -> None:
    assert classify(status).outcome is outcome


def test_the_key_and_numbers_never_reach_the_logs(
    kavenegar: FakeKavenegar, sender: KavenegarSender, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # urllib3 prints request paths at DEBUG
    sender.send_template(MOBILE, TEMPLATE, TOKENS)
    sender.send_text(MOBILE, "x")
    kavenegar.out_of_credit()
    sender.send_text(MOBILE, "x")
    kavenegar.fail_next(500)
    sender.send_text(MOBILE, "x")
    wrong = KavenegarSender(kavenegar.url, "wrong-key-123456", timeout_s=30)
    wrong.send_text(MOBILE, "x")
    with FakeKavenegar() as gone:
        url = gone.url
    KavenegarSender(url, "gone-key-654321", timeout_s=5).send_text(MOBILE, "x")
    # Ours and the HTTP client's; the fake's own uvicorn lines stand for Kavenegar's logs.
    text = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith(("clubdesk", "urllib3"))
    )
    assert "/v1/***/verify/lookup.json" in text  # urllib3's debug line, redacted
    for secret in (kavenegar.api_key, "wrong-key-123456", "gone-key-654321", MOBILE, "09121234567"):
        assert secret not in text
    assert "+98912***4567" in text
    assert kavenegar.api_key not in repr(sender)


def test_make_sender_follows_the_settings(tmp_path: Path, kavenegar: FakeKavenegar) -> None:
    base = Settings(data_dir=tmp_path, keys_dir=tmp_path / "keys", database_url="sqlite://")
    assert isinstance(make_sender(base), ConsoleSender)
    made = make_sender(
        base.with_(sms_sender="kavenegar", kavenegar_url=kavenegar.url, kavenegar_api_key="k1")
    )
    assert isinstance(made, KavenegarSender)
    with pytest.raises(SmsNotConfigured):
        make_sender(base.with_(sms_sender="kavenegar"))
    with pytest.raises(SmsNotConfigured):
        make_sender(base.with_(sms_sender="pigeon"))


def test_console_sender_writes_one_json_line_per_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    console = ConsoleSender(tmp_path)
    assert console.send_template(MOBILE, TEMPLATE, TOKENS).outcome is SendOutcome.SENT
    assert console.send_text(MOBILE, "سلام").outcome is SendOutcome.SENT
    first, second = read_outbox(tmp_path)
    assert (first["to"], first["template"], first["tokens"]) == (MOBILE, TEMPLATE, TOKENS)
    assert (second["to"], second["text"]) == (MOBILE, "سلام")
    assert MOBILE not in caplog.text
    assert "+98912***4567" in caplog.text


# -- delivery status (sms/status) ---------------------------------------------------------------


def test_delivery_statuses_come_from_sms_status(
    kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    first = sender.send_template(MOBILE, TEMPLATE, TOKENS).provider_id
    second = sender.send_text(MOBILE, "سلام").provider_id
    assert first is not None
    assert second is not None
    kavenegar.set_delivery(int(first), 10)
    console_id = "0192f7a0-0000-7000-8000-000000000000"  # a console sender's, before a switch
    lookup = sender.delivery_statuses([first, second, "12345", console_id])
    assert lookup.error is None
    assert lookup.statuses == {first: 10, second: 5, "12345": 100, console_id: 100}
    assert kavenegar.status_calls == 1  # the console id was not asked about


def test_delivery_statuses_are_asked_in_batches(
    kavenegar: FakeKavenegar, sender: KavenegarSender
) -> None:
    ids = [str(n) for n in range(1, STATUS_BATCH + 2)]
    lookup = sender.delivery_statuses(ids)
    assert lookup.statuses == dict.fromkeys(ids, 100)
    assert kavenegar.status_calls == 2


def test_a_failed_delivery_lookup_says_why_without_the_key(kavenegar: FakeKavenegar) -> None:
    wrong = KavenegarSender(kavenegar.url, "wrong-key-777", timeout_s=30)
    refused = wrong.delivery_statuses(["8792340"])
    assert (refused.statuses, refused.error) == ({}, "misconfigured 403: " + MESSAGES[403])
    right = KavenegarSender(kavenegar.url, kavenegar.api_key, timeout_s=30)
    kavenegar.fail_next(502)
    broken = right.delivery_statuses(["8792340"])
    assert broken.error == "HTTP 502, no Kavenegar answer"
    with FakeKavenegar() as gone:
        url = gone.url
    unreachable = KavenegarSender(url, "gone-key-1", timeout_s=5).delivery_statuses(["1"])
    assert unreachable.error is not None
    assert "gone-key-1" not in unreachable.error
