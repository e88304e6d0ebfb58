"""The desktop's own-line Kavenegar adapter over real HTTP against the fake: each status as the
owner's error, and a send whose answer never came is "unknown", never retried."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clubdesk.core import sms
from clubdesk.messaging.kavenegar import KavenegarLine
from clubdesk.messaging.line import Outgoing
from fakes.kavenegar import FakeKavenegar

ALI = Outgoing("k1", "+989121111111", "Hi Ali")
SARA = Outgoing("k2", "+989122222222", "Hi Sara")


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        yield fake


def line(fake: FakeKavenegar, **kw: object) -> KavenegarLine:
    return KavenegarLine(fake.api_key, fake.line, fake.url, **kw)  # type: ignore[arg-type]


def test_sent_with_provider_id_and_cost(kavenegar: FakeKavenegar) -> None:
    [outcome] = line(kavenegar).send([ALI])
    assert outcome.status == "sent"
    assert outcome.provider_id == str(kavenegar.messages[0].messageid)
    assert outcome.cost == kavenegar.cost_per_message
    assert kavenegar.messages[0].receptor == "09121111111"


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        (lambda fake: fake.out_of_credit(), sms.SmsOutOfCredit),
        (lambda fake: setattr(fake, "line", "2000"), sms.SmsSenderInvalid),
        (lambda fake: setattr(fake, "api_key", "another"), sms.SmsKeyInvalid),
    ],
    ids=["418", "412", "403"],
)
def test_line_problems_hold_the_whole_batch(
    kavenegar: FakeKavenegar, setup: object, error: type[Exception]
) -> None:
    sender = line(kavenegar)
    setup(kavenegar)  # type: ignore[operator]
    outcomes = sender.send([ALI, SARA])
    assert [o.status for o in outcomes] == ["held", "held"]
    assert all(isinstance(o.problem, error) for o in outcomes)
    assert kavenegar.messages == []


def test_a_bad_number_fails_alone(kavenegar: FakeKavenegar) -> None:
    bad = Outgoing("k0", "+98123", "Hi")
    outcomes = line(kavenegar).send([bad, ALI])  # sendarray refuses; sent one by one
    assert [o.status for o in outcomes] == ["failed", "sent"]
    assert "411" in outcomes[0].error
    assert [m.receptor for m in kavenegar.messages] == ["09121111111"]


def test_busy_provider_is_retried_later(kavenegar: FakeKavenegar) -> None:
    kavenegar.fail_next(502)  # a proxy's error page, no Kavenegar answer
    outcomes = line(kavenegar).send([ALI, SARA])
    assert [o.status for o in outcomes] == ["retry", "retry"]
    assert isinstance(outcomes[0].problem, sms.SmsUnreachable)
    assert kavenegar.messages == []


def test_no_answer_after_sending_is_unknown(kavenegar: FakeKavenegar) -> None:
    kavenegar.delay_next(30)  # the batch goes out; its answer is held back
    outcomes = line(kavenegar, timeout=(5, 0.5)).send([ALI, SARA])
    kavenegar.release()
    assert [o.status for o in outcomes] == ["unknown", "unknown"]
    assert len(kavenegar.messages) == 2  # they did go out: sending again would be twice


def test_one_call_per_batch_and_one_by_one_without_a_sender_line(
    kavenegar: FakeKavenegar,
) -> None:
    batch = [Outgoing(f"k{i}", f"+98912000000{i}", f"Hi {i}") for i in range(5)]
    before = kavenegar.calls
    assert [o.status for o in line(kavenegar).send(batch)] == ["sent"] * 5
    assert kavenegar.calls == before + 1
    assert {m.method for m in kavenegar.messages} == {"sms/sendarray"}
    no_line = KavenegarLine(kavenegar.api_key, "", kavenegar.url)  # the account's default
    assert [o.status for o in no_line.send(batch[:2])] == ["sent", "sent"]
    assert kavenegar.calls == before + 3
    assert [o.provider_id for o in no_line.send([ALI])] == [str(kavenegar.messages[-1].messageid)]


def test_credit_and_delivery_codes(kavenegar: FakeKavenegar) -> None:
    sender = line(kavenegar)
    [sent] = sender.send([ALI])
    assert sender.credit() == 1_000_000 - kavenegar.cost_per_message
    assert sender.delivery([sent.provider_id or "", "not-ours"]) == {sent.provider_id: 5}
    kavenegar.set_delivery(int(sent.provider_id or 0), 10)
    assert sender.delivery([sent.provider_id or ""]) == {sent.provider_id: 10}
    kavenegar.stop()
    with pytest.raises(sms.SmsUnreachable):
        sender.credit()


def test_a_key_that_cannot_be_a_key_is_refused() -> None:
    with pytest.raises(sms.SmsNotSetUp):
        KavenegarLine("a/b")
    assert "SECRET-KEY" not in repr(KavenegarLine("SECRET-KEY"))
