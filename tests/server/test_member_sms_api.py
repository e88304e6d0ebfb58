"""SMS to shops' members through the vendor's line, against the real server on SQLite and
PostgreSQL with its Kavenegar pointed at the fake: credit, charging per part, refusal when the
credit is short, idempotent batches, refunds, delivery status per licence, the admin CLI."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from server_api import Api, problem_of

from clubdesk.core.ids import new_public_id
from clubdesk.protocol import Activation, MemberSmsCredit, MemberSmsSent, MemberSmsStatuses
from clubdesk_server import cli
from clubdesk_server.member_sms import DEFAULT_PRICE
from fakes.kavenegar import FakeKavenegar
from licence_server import RunningServer

PERSIAN_TWO_PARTS = "سلام " * 20  # 100 characters: two Unicode parts


@pytest.fixture
def kavenegar() -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        yield fake


@pytest.fixture
def line_server(
    make_server: Callable[..., RunningServer], kavenegar: FakeKavenegar
) -> RunningServer:
    return make_server(
        sms_sender="kavenegar", kavenegar_url=kavenegar.url,
        kavenegar_api_key=kavenegar.api_key, kavenegar_line=kavenegar.line,
    )  # fmt: skip


def shop(server: RunningServer) -> tuple[str, str]:
    """(licence key, device token) of a new licence activated on one device."""
    key = server.create_licence()
    response = Api(server.url).activate(key, "fp-" + secrets.token_hex(16))
    assert response.status_code == 200, response.text
    return key, Activation.model_validate(response.json()).token


def call(server: RunningServer, method: str, path: str, token: str, **kw: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return requests.request(
        method, f"{server.url}/v1/member-sms{path}", headers=headers, timeout=30, **kw
    )


def message(text: str = "Hello from Nili", phone: str = "+989121234567") -> dict[str, str]:
    return {"key": new_public_id(), "phone": phone, "text": text}


def test_a_batch_is_refused_when_the_credit_is_short(
    line_server: RunningServer, kavenegar: FakeKavenegar
) -> None:
    _key, token = shop(line_server)
    credit = MemberSmsCredit.model_validate(call(line_server, "GET", "/credit", token).json())
    assert (credit.credit, credit.price_per_part) == (0, DEFAULT_PRICE)
    refused = call(line_server, "POST", "/send", token, json={"messages": [message()]})
    problem = problem_of(refused, 402, "SMS_CREDIT_LOW")
    assert "1,200" in problem.detail or "1200" in problem.detail
    assert kavenegar.messages == []


def test_sent_once_charged_per_part_and_refunded_when_refused(
    line_server: RunningServer, kavenegar: FakeKavenegar
) -> None:
    key, token = shop(line_server)
    line_server.admin.sms_credit(key, add=10_000)
    batch = [message(PERSIAN_TWO_PARTS), message(), message(phone="+981234567890")]
    first = call(line_server, "POST", "/send", token, json={"messages": batch})
    assert first.status_code == 200, first.text
    sent = MemberSmsSent.model_validate(first.json())
    assert [r.status for r in sent.results] == ["sent", "sent", "failed"]
    assert [r.cost for r in sent.results] == [2 * DEFAULT_PRICE, DEFAULT_PRICE, 0]
    assert sent.credit == 10_000 - 3 * DEFAULT_PRICE  # the refused one was refunded
    assert len(kavenegar.messages) == 2
    assert {m.sender for m in kavenegar.messages} == {kavenegar.line}

    again = MemberSmsSent.model_validate(
        call(line_server, "POST", "/send", token, json={"messages": batch}).json()
    )
    assert again.results == sent.results  # answered from the record
    assert again.credit == sent.credit
    assert len(kavenegar.messages) == 2  # never sent twice


def test_the_vendor_line_out_of_credit_charges_nothing(
    line_server: RunningServer, kavenegar: FakeKavenegar
) -> None:
    key, token = shop(line_server)
    line_server.admin.sms_credit(key, add=5_000)
    kavenegar.out_of_credit()
    batch = [message()]
    answer = MemberSmsSent.model_validate(
        call(line_server, "POST", "/send", token, json={"messages": batch}).json()
    )
    assert [r.status for r in answer.results] == ["retry"]
    assert answer.credit == 5_000
    kavenegar.out_of_credit(False)
    retried = MemberSmsSent.model_validate(
        call(line_server, "POST", "/send", token, json={"messages": batch}).json()
    )
    assert [r.status for r in retried.results] == ["sent"]
    assert len(kavenegar.messages) == 1


def test_delivery_status_only_for_the_licences_own_messages(
    line_server: RunningServer, kavenegar: FakeKavenegar
) -> None:
    key, token = shop(line_server)
    _other_key, other_token = shop(line_server)
    line_server.admin.sms_credit(key, add=5_000)
    sent = MemberSmsSent.model_validate(
        call(line_server, "POST", "/send", token, json={"messages": [message()]}).json()
    )
    provider_id = sent.results[0].provider_id
    assert provider_id is not None
    kavenegar.set_delivery(int(provider_id), 10)
    mine = call(line_server, "GET", "/status", token, params={"ids": provider_id})
    assert MemberSmsStatuses.model_validate(mine.json()).statuses == {provider_id: 10}
    theirs = call(line_server, "GET", "/status", other_token, params={"ids": provider_id})
    assert MemberSmsStatuses.model_validate(theirs.json()).statuses == {}


def test_calls_without_a_valid_token_or_with_bad_bodies_are_refused(
    line_server: RunningServer,
) -> None:
    problem_of(call(line_server, "GET", "/credit", "nope"), 401, "TOKEN_INVALID")
    _key, token = shop(line_server)
    bad = call(line_server, "POST", "/send", token, json={"messages": [message(phone="0912")]})
    assert bad.status_code == 422


def test_admin_cli_adds_and_shows_sms_credit(
    line_server: RunningServer, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = line_server.create_licence()
    base = ["--database-url", database_url, "--json"]
    assert cli.main(["admin", "sms-credit", "add", key, "۵۰۰٬۰۰۰", *base]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["credit"] == 500_000
    assert cli.main(["admin", "sms-credit", "show", key, *base]) == 0
    assert json.loads(capsys.readouterr().out)["credit"] == 500_000
    assert cli.main(["admin", "sms-credit", "add", key, "lots", *base]) == 2
    assert "amount" in capsys.readouterr().err


def test_the_vendor_keeps_no_customer_number(
    line_server: RunningServer, kavenegar: FakeKavenegar
) -> None:
    from sqlalchemy import select

    from clubdesk_server.models import MemberSmsSend

    key, token = shop(line_server)
    line_server.admin.sms_credit(key, add=5_000)
    call(line_server, "POST", "/send", token, json={"messages": [message()]})
    with line_server.admin.sessions() as session:
        recipients = list(session.scalars(select(MemberSmsSend.recipient)))
    assert recipients
    assert "+989121234567" not in recipients
    assert all("***" in r for r in recipients)
