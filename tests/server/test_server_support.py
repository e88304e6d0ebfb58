"""Support tickets through the real server (HTTP) and the admin CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from server_api import Api, problem_of
from sqlalchemy import select

from clubdesk.protocol import ProblemCode, TicketInfo
from clubdesk_server import cli
from clubdesk_server.db import transaction
from clubdesk_server.errors import BadAdminInput
from clubdesk_server.models import AuditEntry, Communication, Licence, Payment, Plan, Ticket
from clubdesk_server.support import DELIST_APPROVED_TEXT
from licence_server import RunningServer


class Cli:
    """``clubdesk-server admin ...`` in this process, against the test server's database."""

    def __init__(self, server: RunningServer, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = server.database_url
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, Any, str]:
        self.capsys.readouterr()
        code = cli.main(["admin", *args, "--database-url", self.url, "--json"])
        out, err = self.capsys.readouterr()
        return code, (json.loads(out) if code == 0 else out), err


@pytest.fixture
def admin_cli(server: RunningServer, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(server, capsys)


def shop(server: RunningServer, api: Api, **licence: Any) -> tuple[dict[str, Any], str]:
    """A new business with a licence, activated on one device: (licence record, token)."""
    record = server.create_licence_full(**licence)
    body = {"fingerprint": "fp-" + secrets.token_hex(16)}
    response = api.activate(record["licence_key"], **body)
    assert response.status_code == 200, response.text
    return record, response.json()["token"]


def ticket_of(response: Any, status: int = 200) -> TicketInfo:
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    return TicketInfo.model_validate(response.json())


def insert_payment(server: RunningServer, licence_id: str, **fields: Any) -> str:
    """A payment row as the payment code would leave it; returns its public id."""
    now = datetime.now(UTC)
    with transaction(server.admin.sessions) as session:
        licence = session.scalars(select(Licence).where(Licence.public_id == licence_id)).one()
        plan = Plan(
            code="t-" + secrets.token_hex(6),
            name_fa="سالانه",
            name_en="Yearly",
            days=365,
            price=450_000,
            device_limit=2,
            created_at=now,
            updated_at=now,
        )
        payment = Payment(
            licence=licence,
            plan=plan,
            plan_code=plan.code,
            days=365,
            amount=450_000,
            gateway="sandbox",
            authority="A" + secrets.token_hex(17),
            state="failed",
            created_at=now - timedelta(days=4),
            updated_at=now,
            **fields,
        )
        session.add_all([plan, payment])
        session.flush()
        return payment.public_id


def test_open_list_get_and_reply_through_the_api(server: RunningServer, api: Api) -> None:
    _, token = shop(server, api)
    first = ticket_of(api.open_ticket(token, "پشتیبانی", "سلام،\nچاپگر کار نمی‌کند."), 201)
    assert (first.kind, first.state, first.subject, first.unread) == (
        "general",
        "open",
        "پشتیبانی",
        0,
    )
    assert [(m.author, m.text) for m in first.messages] == [("shop", "سلام،\nچاپگر کار نمی‌کند.")]
    assert first.payment is None
    second = ticket_of(api.open_ticket(token, "  two   words\tsubject ", "text"), 201)
    assert second.subject == "two words subject"  # one line

    listed = [ticket_of_json["ticket_id"] for ticket_of_json in api.tickets(token).json()]
    assert listed == [second.ticket_id, first.ticket_id]  # the latest activity first

    replied = ticket_of(api.reply_ticket(token, first.ticket_id, "  و یک نکته دیگر  "))
    assert [m.text for m in replied.messages] == ["سلام،\nچاپگر کار نمی‌کند.", "و یک نکته دیگر"]
    assert replied.updated_at > first.updated_at
    listed = [t["ticket_id"] for t in api.tickets(token).json()]
    assert listed == [first.ticket_id, second.ticket_id]
    got = ticket_of(api.ticket(token, first.ticket_id))
    assert got.messages == replied.messages

    with transaction(server.admin.sessions) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.public_id == first.ticket_id)).one()
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.licence_id == ticket.licence_id)
        ).all()
        logged = session.scalars(
            select(Communication).where(Communication.ticket_id == ticket.id)
        ).all()
    assert {"ticket.open", "ticket.list", "ticket.get", "ticket.reply"} <= set(actions)
    assert [(c.channel, c.direction) for c in logged] == [("ticket", "in"), ("ticket", "in")]
    assert logged[0].summary == "پشتیبانی: سلام، چاپگر کار نمی‌کند."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"subject": "  ", "text": "x"}, "subject"),
        ({"subject": "s", "text": " \n\t "}, "text"),
        ({"subject": "s", "text": "x" * 5001}, "text"),
        ({"subject": "s" * 201, "text": "x"}, "subject"),
        ({"subject": "s", "text": "x", "kind": "refund"}, "kind"),
        ({"subject": "s", "text": "x", "payment_id": "p"}, "payment_id"),
    ],
)
def test_invalid_tickets_are_refused_with_the_field_named(
    server: RunningServer, api: Api, body: dict[str, Any], field: str
) -> None:
    _, token = shop(server, api)
    problem = problem_of(
        api.http.post(
            f"{api.url}/v1/tickets",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ),
        422,
        ProblemCode.INVALID_INPUT,
    )
    assert field in problem.detail
    assert api.tickets(token).json() == []


def test_tickets_need_an_activated_device(server: RunningServer, api: Api) -> None:
    response = api.http.get(f"{api.url}/v1/tickets", timeout=30)
    problem_of(response, 401, ProblemCode.TOKEN_INVALID)
    problem_of(api.open_ticket("not-a-token"), 401, ProblemCode.TOKEN_INVALID)


def test_a_payment_ticket_carries_the_payment_details(
    server: RunningServer, api: Api, admin_cli: Cli
) -> None:
    record, token = shop(server, api)
    payment_id = insert_payment(
        server, record["licence_id"], ref_id="987654321", card_pan="6037991234567890"
    )
    opened = ticket_of(
        api.open_ticket(
            token,
            "پرداخت ناموفق",
            "مبلغ کسر شد ولی تمدید نشد.",
            kind="payment",
            payment_id=payment_id,
        ),
        201,
    )
    payment = opened.payment
    assert payment is not None
    with transaction(server.admin.sessions) as session:
        row = session.scalars(select(Payment).where(Payment.public_id == payment_id)).one()
    assert payment == payment | {
        "payment_id": payment_id,
        "amount_tomans": 450_000,
        "created_at": row.created_at.isoformat(),
        "authority": row.authority,
        "ref_id": "987654321",
        "card_pan": "603799******7890",
        "state": "failed",
        "plan": row.plan_code,
    }
    assert payment["at_jalali"][:2] == "14"  # a Jalali year, Tehran time
    assert ticket_of(api.ticket(token, opened.ticket_id)).payment == payment

    code, seen, _ = admin_cli("ticket", opened.ticket_id)
    assert code == 0
    assert seen["payment"] == payment
    assert seen["payment_now"]["state"] == "failed"


def test_a_payment_of_another_licence_is_refused(server: RunningServer, api: Api) -> None:
    _, token = shop(server, api)
    other, _ = shop(server, api)
    foreign = insert_payment(server, other["licence_id"])
    for payment_id in (foreign, "01900000-0000-7000-8000-000000000000"):
        response = api.open_ticket(token, "s", "t", kind="payment", payment_id=payment_id)
        problem_of(response, 404, ProblemCode.PAYMENT_NOT_FOUND)
    own = insert_payment(server, shop(server, api)[0]["licence_id"])
    response = api.open_ticket(token, "s", "t", kind="general", payment_id=own)
    assert "payment_id" in problem_of(response, 422, ProblemCode.INVALID_INPUT).detail
    assert api.tickets(token).json() == []


def test_another_business_can_neither_read_nor_reply(server: RunningServer, api: Api) -> None:
    record, token = shop(server, api, devices=2)
    _, stranger = shop(server, api)
    opened = ticket_of(api.open_ticket(token, "خصوصی", "فقط برای ما"), 201)

    problem_of(api.ticket(stranger, opened.ticket_id), 404, ProblemCode.TICKET_NOT_FOUND)
    problem_of(
        api.reply_ticket(stranger, opened.ticket_id, "hi"), 404, ProblemCode.TICKET_NOT_FOUND
    )
    problem_of(api.ticket(token, "nonsense"), 404, ProblemCode.TICKET_NOT_FOUND)
    assert api.tickets(stranger).json() == []
    assert len(ticket_of(api.ticket(token, opened.ticket_id)).messages) == 1

    # Another counter of the same business sees the same tickets.
    second = api.activate(record["licence_key"], fingerprint="fp-" + secrets.token_hex(16))
    other_counter = second.json()["token"]
    assert [t["ticket_id"] for t in api.tickets(other_counter).json()] == [opened.ticket_id]


def test_a_support_reply_is_unread_once_then_read(
    server: RunningServer, api: Api, admin_cli: Cli
) -> None:
    _, token = shop(server, api)
    opened = ticket_of(api.open_ticket(token, "سؤال", "چطور پیامک بفرستم؟"), 201)

    code, answered, _ = admin_cli(
        "reply", opened.ticket_id, "--text", "از منوی پیامک.\nموفق باشید.", "--as", "Sara"
    )
    assert code == 0
    assert answered["state"] == "answered"
    assert answered["messages"][-1]["author"] == "support:Sara"
    assert answered["unread_by_shop"] == 1
    code, queue, _ = admin_cli("tickets", "--state", "answered")
    assert opened.ticket_id in {t["ticket_id"] for t in queue}

    listed = {t["ticket_id"]: t for t in api.tickets(token).json()}
    assert (listed[opened.ticket_id]["state"], listed[opened.ticket_id]["unread"]) == (
        "answered",
        1,
    )
    assert api.tickets(token).json()[0]["unread"] == 1  # listing marks nothing
    first = ticket_of(api.ticket(token, opened.ticket_id))
    assert first.unread == 1
    assert [(m.author, m.text) for m in first.messages][-1] == (
        "support",
        "از منوی پیامک.\nموفق باشید.",
    )  # the shop never sees support's names
    assert ticket_of(api.ticket(token, opened.ticket_id)).unread == 0
    assert api.tickets(token).json()[0]["unread"] == 0
    code, seen, _ = admin_cli("ticket", opened.ticket_id)
    assert seen["messages"][-1]["read_by_shop_at"] is not None

    # The shop writes back: the ticket waits for support again; closing is support's.
    assert ticket_of(api.reply_ticket(token, opened.ticket_id, "ممنون")).state == "open"
    code, closed, _ = admin_cli("close", opened.ticket_id)
    assert (code, closed["state"]) == (0, "closed")
    assert ticket_of(api.ticket(token, opened.ticket_id)).state == "closed"


def test_admin_cli_refuses_unknown_tickets_and_empty_replies(
    server: RunningServer, api: Api, admin_cli: Cli
) -> None:
    code, _, err = admin_cli("ticket", "01900000-0000-7000-8000-000000000000")
    assert code == 2
    assert "no ticket" in err
    _, token = shop(server, api)
    opened = ticket_of(api.open_ticket(token), 201)
    code, _, err = admin_cli("reply", opened.ticket_id, "--text", "   ")
    assert code == 2
    assert "text: empty" in err
    code, _, err = admin_cli("approve-delist", opened.ticket_id)
    assert code == 2
    assert "asks no delisting" in err
    with pytest.raises(BadAdminInput, match="state"):
        server.admin.tickets(state="lost")


def test_approving_a_delisting_clears_the_flag_and_is_logged(
    server: RunningServer, api: Api, admin_cli: Cli
) -> None:
    record, token = shop(server, api, listed_publicly=True)
    assert record["business"]["listed_publicly"] is True
    opened = ticket_of(
        api.open_ticket(token, "حذف از فهرست مشتریان", "لطفاً نام ما را حذف کنید.", kind="delist"),
        201,
    )

    code, approved, _ = admin_cli("approve-delist", opened.ticket_id, "--as", "Reza")
    assert code == 0
    assert approved["resolved_at"] is not None
    assert approved["state"] == "closed"
    assert approved["business"]["listed_publicly"] is False
    assert server.admin.show(record["licence_id"])["business"]["listed_publicly"] is False

    seen = ticket_of(api.ticket(token, opened.ticket_id))
    assert (seen.unread, seen.messages[-1].author) == (1, "support")
    assert seen.messages[-1].text == DELIST_APPROVED_TEXT

    code, again, _ = admin_cli("approve-delist", opened.ticket_id)
    assert code == 0
    assert len(again["messages"]) == 2  # done once; a second approval changes nothing

    code, log, _ = admin_cli("communications", record["licence_key"])
    assert code == 0
    assert log["business"]["listed_publicly"] is False
    entries = [(e["direction"], e["channel"], e["ticket_id"]) for e in log["entries"]]
    assert entries == [("out", "ticket", opened.ticket_id), ("in", "ticket", opened.ticket_id)]
    assert log["entries"][0]["summary"].startswith("حذف از فهرست مشتریان: نام کسب‌وکار شما")
    assert log["entries"][1]["summary"] == "حذف از فهرست مشتریان: لطفاً نام ما را حذف کنید."

    with transaction(server.admin.sessions) as session:
        ticket = session.scalars(select(Ticket).where(Ticket.public_id == opened.ticket_id)).one()
        audited = session.execute(
            select(AuditEntry.actor, AuditEntry.action)
            .where(AuditEntry.licence_id == ticket.licence_id)
            .where(AuditEntry.action == "admin.approve_delist")
        ).all()
    assert len(audited) == 2
    assert all(actor.startswith("admin:") for actor, _ in audited)


def test_long_messages_are_summarised_on_one_line(
    server: RunningServer, api: Api, admin_cli: Cli
) -> None:
    record, token = shop(server, api)
    text = "سطر اول\n" + "کلمه " * 100
    ticket_of(api.open_ticket(token, "موضوع", text), 201)
    code, log, _ = admin_cli("communications", record["licence_id"])
    assert code == 0
    (entry,) = log["entries"]
    assert "\n" not in entry["summary"]
    assert entry["summary"].startswith("موضوع: سطر اول کلمه")
    assert entry["summary"].endswith("…")
    assert len(entry["summary"]) <= len("موضوع: ") + 120
