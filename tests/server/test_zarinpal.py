"""The Zarinpal v4 adapter over real HTTP, against the fake Zarinpal (tests/fakes/zarinpal.py).

No database: these tests talk to the gateway only, so they run once, not per backend.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from clubdesk_server.payments.gateway import GatewayError, Started, VerifyOutcome
from clubdesk_server.payments.zarinpal import (
    AUTHORITY_MAX_LEN,
    ZARINPAL_CODES,
    ZarinpalGateway,
    meaning,
    parse_callback,
)
from fakes.zarinpal import DEFAULT_CARD_PAN, FakeZarinpal

PRICE = 150_000  # tomans
MOBILE = "+989121234567"
# Only for calls the fake holds back for 30 s: far longer, so never a race. Calls that are
# answered at once use the 10 s gateway, so a busy machine cannot fail them.
SHORT_TIMEOUT_S = 0.3


@pytest.fixture
def zp() -> Iterator[FakeZarinpal]:
    with FakeZarinpal() as fake:
        yield fake


@pytest.fixture
def gateway(zp: FakeZarinpal) -> Iterator[ZarinpalGateway]:
    gw = ZarinpalGateway(zp.url, zp.merchant_id, timeout_s=10)
    yield gw
    gw.close()


@pytest.fixture
def impatient(zp: FakeZarinpal) -> Iterator[ZarinpalGateway]:
    """The same merchant with a short timeout, for the calls the fake holds back."""
    gw = ZarinpalGateway(zp.url, zp.merchant_id, timeout_s=SHORT_TIMEOUT_S)
    yield gw
    gw.close()


def start(gateway: ZarinpalGateway, amount: int = PRICE, **kw: object) -> Started:
    args: dict[str, object] = {
        "amount_tomans": amount,
        "description": "تمدید اشتراک ClubDesk، ۳۰ روز",
        "callback_url": "http://127.0.0.1:9/v1/payments/callback",
        "mobile": MOBILE,
        "order_id": "0190c5f2-7a4e-7b3c-8d2e-1f0a9b8c7d6e",
    }
    return gateway.request(**(args | kw))  # type: ignore[arg-type]


def query_of(url: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(urlsplit(url).query).items()}


# -- the happy path --


def test_paid_payment_verifies_then_reports_already_verified(
    zp: FakeZarinpal, gateway: ZarinpalGateway
) -> None:
    started = start(gateway)
    assert started.authority.startswith("A")
    assert len(started.authority) == 36
    assert started.pay_url == f"{zp.url}/pg/StartPay/{started.authority}"

    callback = zp.pay(started.authority)
    assert parse_callback(query_of(callback)) == (started.authority, True)

    first = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert first.outcome is VerifyOutcome.VERIFIED
    assert first.code == 100
    assert first.paid
    assert first.ref_id
    assert first.card_pan == DEFAULT_CARD_PAN

    again = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert again.outcome is VerifyOutcome.ALREADY_VERIFIED
    assert again.code == 101
    assert again.paid
    assert again.ref_id == first.ref_id


def test_the_wire_carries_rials_with_the_currency_named(
    zp: FakeZarinpal, gateway: ZarinpalGateway
) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    gateway.verify(authority=started.authority, amount_tomans=PRICE)

    [sent] = zp.calls("request.json")
    assert sent.path == "/pg/v4/payment/request.json"
    assert sent.body["amount"] == PRICE * 10
    assert sent.body["currency"] == "IRR"
    assert sent.body["merchant_id"] == zp.merchant_id
    assert sent.body["callback_url"] == "http://127.0.0.1:9/v1/payments/callback"
    assert sent.body["description"] == "تمدید اشتراک ClubDesk، ۳۰ روز"
    assert sent.body["metadata"] == {
        "mobile": "09121234567",  # Zarinpal's form of our E.164 +989121234567
        "order_id": "0190c5f2-7a4e-7b3c-8d2e-1f0a9b8c7d6e",
    }
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["content-type"].startswith("application/json")

    [checked] = zp.calls("verify.json")
    assert checked.path == "/pg/v4/payment/verify.json"
    assert checked.body == {
        "merchant_id": zp.merchant_id,
        "amount": PRICE * 10,
        "authority": started.authority,
    }
    assert zp.payment(started.authority).currency == "IRR"


@pytest.mark.parametrize(
    ("mobile", "wired"),
    [
        ("+989121234567", "09121234567"),
        ("09121234567", "09121234567"),
        (None, None),
        ("+442071234567", None),  # optional: left out rather than refused by Zarinpal
        ("0912", None),
    ],
)
def test_the_mobile_goes_in_zarinpals_form_or_not_at_all(
    zp: FakeZarinpal, gateway: ZarinpalGateway, mobile: str | None, wired: str | None
) -> None:
    start(gateway, mobile=mobile)
    [sent] = zp.calls("request.json")
    assert sent.body["metadata"].get("mobile") == wired


def test_the_browser_pays_through_the_start_pay_page(
    zp: FakeZarinpal, gateway: ZarinpalGateway
) -> None:
    started = start(gateway, callback_url="http://127.0.0.1:9/cb?payment=7")
    with requests.Session() as browser:
        page = browser.get(started.pay_url, timeout=10)
        assert page.status_code == 200
        assert f"/_fake/pay/{started.authority}" in page.text
        paid = browser.get(
            f"{zp.url}/_fake/pay/{started.authority}", allow_redirects=False, timeout=10
        )
    assert paid.status_code == 303
    back = paid.headers["location"]
    assert back.startswith("http://127.0.0.1:9/cb?")
    assert query_of(back) == {"payment": "7", "Authority": started.authority, "Status": "OK"}
    verified = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert verified.outcome is VerifyOutcome.VERIFIED


# -- refusals --


def test_cancelled_payment_is_not_paid(zp: FakeZarinpal, gateway: ZarinpalGateway) -> None:
    started = start(gateway)
    callback = zp.cancel(started.authority)
    assert parse_callback(query_of(callback)) == (started.authority, False)
    result = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert result.outcome is VerifyOutcome.NOT_PAID
    assert result.code == -51
    assert not result.paid
    assert result.ref_id is None


def test_payment_never_finished_is_not_paid(gateway: ZarinpalGateway) -> None:
    started = start(gateway)
    result = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert (result.outcome, result.code) == (VerifyOutcome.NOT_PAID, -51)


def test_another_amount_is_a_mismatch(zp: FakeZarinpal, gateway: ZarinpalGateway) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    result = gateway.verify(authority=started.authority, amount_tomans=PRICE - 1)
    assert (result.outcome, result.code) == (VerifyOutcome.AMOUNT_MISMATCH, -50)
    assert not result.paid
    # The right amount still verifies: a mismatch does not use the payment up.
    right = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert right.outcome is VerifyOutcome.VERIFIED


def test_unknown_authority_is_invalid(gateway: ZarinpalGateway) -> None:
    result = gateway.verify(authority="A" + "0" * 35, amount_tomans=PRICE)
    assert (result.outcome, result.code) == (VerifyOutcome.INVALID_AUTHORITY, -54)


def test_refusals_as_http_200_are_read_the_same() -> None:
    with FakeZarinpal(error_status=200) as zp:
        gw = ZarinpalGateway(zp.url, zp.merchant_id, timeout_s=10)
        result = gw.verify(authority="A" + "0" * 35, amount_tomans=PRICE)
        gw.close()
    assert (result.outcome, result.code) == (VerifyOutcome.INVALID_AUTHORITY, -54)


def test_amount_below_the_minimum_is_refused_without_retry(gateway: ZarinpalGateway) -> None:
    with pytest.raises(GatewayError) as caught:
        start(gateway, amount=50)  # 500 rials: Zarinpal's minimum is 1,000
    assert caught.value.code == -9
    assert not caught.value.retryable
    assert "amount" in str(caught.value)


@pytest.mark.parametrize("amount", [0, -5, True, 1.5])
def test_an_amount_that_is_not_positive_whole_tomans_never_leaves(
    zp: FakeZarinpal, gateway: ZarinpalGateway, amount: object
) -> None:
    with pytest.raises(ValueError, match="tomans"):
        start(gateway, amount=amount)  # type: ignore[arg-type]
    assert zp.received == []


def test_above_the_maximum_is_refused(gateway: ZarinpalGateway) -> None:
    with pytest.raises(GatewayError) as caught:
        start(gateway, amount=100_000_001)
    assert (caught.value.code, caught.value.retryable) == (-41, False)


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (-12, VerifyOutcome.UNAVAILABLE),  # too many attempts: later
        (-52, VerifyOutcome.UNAVAILABLE),  # unexpected error at Zarinpal: later
        (-55, VerifyOutcome.INVALID_AUTHORITY),
        (-11, VerifyOutcome.MERCHANT_ERROR),
        (-15, VerifyOutcome.MERCHANT_ERROR),
        (-999, VerifyOutcome.UNAVAILABLE),  # unknown: never settles a payment either way
    ],
)
def test_verify_maps_each_refusal(
    zp: FakeZarinpal, gateway: ZarinpalGateway, code: int, outcome: VerifyOutcome
) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    zp.refuse_next(code)
    result = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert (result.outcome, result.code) == (outcome, code)
    assert not result.paid
    assert str(code) in result.message


@pytest.mark.parametrize(
    ("code", "retryable"), [(-12, True), (-52, True), (-999, True), (-14, False), (-16, False)]
)
def test_request_maps_each_refusal(
    zp: FakeZarinpal, gateway: ZarinpalGateway, code: int, retryable: bool
) -> None:
    zp.refuse_next(code)
    with pytest.raises(GatewayError) as caught:
        start(gateway)
    assert (caught.value.code, caught.value.retryable) == (code, retryable)
    assert zp.payments == []


# -- our merchant id is wrong --


def test_unknown_merchant_cannot_request(zp: FakeZarinpal) -> None:
    gw = ZarinpalGateway(zp.url, str(uuid.uuid4()), timeout_s=10)
    with pytest.raises(GatewayError) as caught:
        start(gw)
    gw.close()
    assert caught.value.code == -10
    assert not caught.value.retryable
    assert meaning(caught.value.code)[0] is VerifyOutcome.MERCHANT_ERROR


def test_inactive_merchant_cannot_request() -> None:
    merchant = str(uuid.uuid4())
    with FakeZarinpal(merchant, inactive_merchants=[merchant]) as zp:
        gw = ZarinpalGateway(zp.url, merchant, timeout_s=10)
        with pytest.raises(GatewayError) as caught:
            start(gw)
        gw.close()
    assert (caught.value.code, caught.value.retryable) == (-11, False)


def test_unknown_merchant_cannot_verify(zp: FakeZarinpal, gateway: ZarinpalGateway) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    stranger = ZarinpalGateway(zp.url, str(uuid.uuid4()), timeout_s=10)
    result = stranger.verify(authority=started.authority, amount_tomans=PRICE)
    stranger.close()
    assert (result.outcome, result.code) == (VerifyOutcome.MERCHANT_ERROR, -10)
    assert not result.paid


def test_another_merchants_authority_is_refused() -> None:
    ours, theirs = str(uuid.uuid4()), str(uuid.uuid4())
    with FakeZarinpal(ours, other_merchants=[theirs]) as zp:
        their_gateway = ZarinpalGateway(zp.url, theirs, timeout_s=10)
        our_gateway = ZarinpalGateway(zp.url, ours, timeout_s=10)
        started = start(their_gateway)
        zp.pay(started.authority)
        result = our_gateway.verify(authority=started.authority, amount_tomans=PRICE)
        their_gateway.close()
        our_gateway.close()
    assert (result.outcome, result.code) == (VerifyOutcome.MERCHANT_ERROR, -53)
    assert not result.paid


# -- Zarinpal in trouble --


def test_verify_timeout_is_unavailable_and_the_gateway_kept_the_work(
    zp: FakeZarinpal, gateway: ZarinpalGateway, impatient: ZarinpalGateway
) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    zp.delay_next(30)
    late = impatient.verify(authority=started.authority, amount_tomans=PRICE)
    assert late.outcome is VerifyOutcome.UNAVAILABLE
    assert late.code is None
    assert not late.paid
    zp.release()
    # The slow verify went through at Zarinpal: asking again says it was verified before.
    again = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert again.outcome is VerifyOutcome.ALREADY_VERIFIED
    assert again.paid


def test_request_timeout_is_retryable(zp: FakeZarinpal, impatient: ZarinpalGateway) -> None:
    zp.delay_next(30)
    with pytest.raises(GatewayError) as caught:
        start(impatient)
    assert caught.value.retryable
    assert caught.value.code is None


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_on_verify_is_unavailable(
    zp: FakeZarinpal, gateway: ZarinpalGateway, status: int
) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    zp.fail_next(status)
    result = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert result.outcome is VerifyOutcome.UNAVAILABLE
    assert str(status) in result.message
    # The failed call did nothing: the next one is the first verification.
    assert gateway.verify(authority=started.authority, amount_tomans=PRICE).code == 100


def test_server_error_on_request_is_retryable(zp: FakeZarinpal, gateway: ZarinpalGateway) -> None:
    zp.fail_next(503, count=2)
    for _ in range(2):
        with pytest.raises(GatewayError) as caught:
            start(gateway)
        assert caught.value.retryable
    assert start(gateway).authority  # the third call is served
    assert zp.payments[0].state == "pending"
    assert len(zp.payments) == 1


def test_garbage_answer_is_unavailable(zp: FakeZarinpal, gateway: ZarinpalGateway) -> None:
    started = start(gateway)
    zp.pay(started.authority)
    zp.garbage_next()
    result = gateway.verify(authority=started.authority, amount_tomans=PRICE)
    assert result.outcome is VerifyOutcome.UNAVAILABLE
    zp.garbage_next()
    with pytest.raises(GatewayError) as caught:
        start(gateway)
    assert caught.value.retryable


def test_gateway_down_is_unavailable() -> None:
    # A port held but not listening: connections are refused, and no one else can take it.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        host, port = held.getsockname()[:2]
        gw = ZarinpalGateway(f"http://{host}:{port}", str(uuid.uuid4()), timeout_s=10)
        result = gw.verify(authority="A" + "0" * 35, amount_tomans=PRICE)
        with pytest.raises(GatewayError) as caught:
            start(gw)
        gw.close()
    assert result.outcome is VerifyOutcome.UNAVAILABLE
    assert "connection failed" in result.message
    assert caught.value.retryable


# -- the merchant id is a secret --


def test_merchant_id_never_reaches_logs_or_errors(
    zp: FakeZarinpal,
    gateway: ZarinpalGateway,
    impatient: ZarinpalGateway,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    texts = [repr(gateway), repr(impatient)]
    started = start(gateway)
    zp.pay(started.authority)
    for amount in (PRICE - 1, PRICE, PRICE):  # -50, 100, 101
        texts.append(repr(gateway.verify(authority=started.authority, amount_tomans=amount)))
    texts.append(repr(gateway.verify(authority="A" + "1" * 35, amount_tomans=PRICE)))  # -54
    faults = [(zp.fail_next, gateway), (zp.garbage_next, gateway), (zp.delay_next, impatient)]
    for fault, client in faults:
        fault()
        texts.append(repr(client.verify(authority=started.authority, amount_tomans=PRICE)))
        zp.release()
        fault()
        with pytest.raises(GatewayError) as caught:
            start(client)
        texts += [str(caught.value), repr(caught.value)]
        zp.release()
    with pytest.raises(GatewayError) as refused:
        start(gateway, amount=50)  # -9, with validations
    texts += [str(refused.value), repr(refused.value)]
    # Even if Zarinpal's words repeated the merchant id, ours would not.
    echo = f"merchant_id {zp.merchant_id} is not valid"
    zp.refuse_next(-10, message=echo)
    with pytest.raises(GatewayError) as echoed:
        start(gateway)
    assert "***" in str(echoed.value)
    texts += [str(echoed.value), repr(echoed.value)]
    zp.refuse_next(-53, message=echo)
    texts.append(repr(gateway.verify(authority=started.authority, amount_tomans=PRICE)))

    stranger_id = str(uuid.uuid4())
    stranger = ZarinpalGateway(zp.url, stranger_id, timeout_s=10)
    with pytest.raises(GatewayError) as caught:
        start(stranger)
    texts += [str(caught.value), repr(stranger)]
    texts.append(repr(stranger.verify(authority=started.authority, amount_tomans=PRICE)))
    stranger.close()

    assert len(zp.received) > 10
    assert started.authority in caplog.text  # the authority is what the logs carry
    for secret in (zp.merchant_id, stranger_id):
        assert secret not in caplog.text
        for text in texts:
            assert secret not in text


def test_a_merchant_id_is_required() -> None:
    with pytest.raises(ValueError, match="merchant id"):
        ZarinpalGateway("http://127.0.0.1:9", "", timeout_s=1)


# -- the code table --


def test_every_published_code_has_a_meaning() -> None:
    published = [100, 101, -9, -10, -11, -12, -15, -16, -17, -50, -51, -52, -53, -54, -55]
    published += [-30, -31, -32, -33, -34, -35, -40, -41]
    for code in published:
        assert code in ZARINPAL_CODES
        assert ZARINPAL_CODES[code][1]
    assert meaning(100)[0] is VerifyOutcome.VERIFIED
    assert meaning(101)[0] is VerifyOutcome.ALREADY_VERIFIED
    assert meaning(-51)[0] is VerifyOutcome.NOT_PAID
    assert meaning(-50)[0] is VerifyOutcome.AMOUNT_MISMATCH
    assert meaning(-54)[0] is VerifyOutcome.INVALID_AUTHORITY
    for code in (-9, -10, -11, -15, -16, -17, -53):
        assert meaning(code)[0] is VerifyOutcome.MERCHANT_ERROR
    # Unknown or "try later" answers never settle a payment either way.
    for code in (-12, -52, -999, None):
        assert meaning(code)[0] is VerifyOutcome.UNAVAILABLE


# -- the callback --


def test_parse_callback() -> None:
    authority = "A" + "0" * 27 + "217885159"
    assert parse_callback({"Authority": authority, "Status": "OK"}) == (authority, True)
    assert parse_callback({"Authority": authority, "Status": "NOK"}) == (authority, False)
    assert parse_callback({"Authority": authority}) == (authority, False)
    assert parse_callback({"Authority": authority, "Status": "ok"}) == (authority, False)
    longest = "A" * AUTHORITY_MAX_LEN
    assert parse_callback({"Authority": longest, "Status": "OK"}) == (longest, True)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"Status": "OK"},
        {"Authority": "", "Status": "OK"},
        {"Authority": "A" * (AUTHORITY_MAX_LEN + 1), "Status": "OK"},
        {"Authority": "A0000<script>", "Status": "OK"},
        {"Authority": "A000 0001", "Status": "OK"},
        {"Authority": "A۱۲۳", "Status": "OK"},  # Persian digits are not an authority
    ],
)
def test_parse_callback_refuses_a_bad_authority(query: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="Authority"):
        parse_callback(query)
