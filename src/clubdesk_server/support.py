"""Support tickets and the communications log: the rules the shop API, the admin CLI and the
support pages share, so all three behave the same.

A ticket belongs to a business (it is opened from a device of one of its licences), so every
device of that business sees it and no other business does. Each message, from the shop or from
support, also writes one summary line to the communications log, which the terms (clause 8) say
the vendor keeps. A failed payment's ticket carries a snapshot of the payment as it was when the
shop wrote (clause 7: amount, time, authority, reference). A "delist" ticket asks to leave the
public customer list (clause 11); support approves it here.

Functions work inside a transaction the caller opened and take the current time as an argument.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clubdesk.core.dates import jalali, local
from clubdesk.protocol import TicketInfo, TicketMessageInfo, TicketStart
from clubdesk_server.clock import iso
from clubdesk_server.errors import BadAdminInput, InvalidRequest, PaymentNotFound, TicketNotFound
from clubdesk_server.licensing import Touched
from clubdesk_server.models import (
    TICKET_STATES,
    Business,
    Communication,
    Device,
    Licence,
    Payment,
    Ticket,
    TicketMessage,
)

SHOP = "shop"  # TicketMessage.author of the shop's messages
SUPPORT_PREFIX = "support:"  # "support:<name>" for support's
DEFAULT_SUPPORT_NAME = "support"
SUBJECT_MAX = 200
TEXT_MAX = 5000
SUMMARY_CHARS = 120  # of a message's text in its communications-log line
ADMIN_LIST_LIMIT = 500
DELIST_APPROVED_TEXT = (
    "نام کسب‌وکار شما از فهرست عمومی مشتریان ClubDesk حذف شد.\n"
    "Your business has been removed from ClubDesk's public customer list."
)

# C0 controls but tab and newline, and DEL: PostgreSQL refuses NUL, and the others only
# garble a terminal or a page.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NAME = re.compile(r"[\w .\-]{1,60}")


def _bad(field: str, problem: str, *, admin: bool) -> Exception:
    if admin:
        return BadAdminInput(field=field, problem=problem)
    return InvalidRequest(errors=f"{field}: {problem}")


def clean_text(raw: str, *, field: str = "text", admin: bool = False) -> str:
    """A message body: newlines kept (as \\n), control characters dropped, not blank."""
    text = _CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise _bad(field, "empty", admin=admin)
    if len(text) > TEXT_MAX:
        raise _bad(field, f"at most {TEXT_MAX} characters", admin=admin)
    return text


def clean_subject(raw: str, *, admin: bool = False) -> str:
    """A subject is one line: every run of whitespace becomes one space."""
    subject = " ".join(_CONTROL.sub(" ", raw).split())
    if not subject:
        raise _bad("subject", "empty", admin=admin)
    if len(subject) > SUBJECT_MAX:
        raise _bad("subject", f"at most {SUBJECT_MAX} characters", admin=admin)
    return subject


def support_name(raw: str | None) -> str:
    """Who in the support team signs a reply (shown to operators; the shop sees "support")."""
    name = " ".join((raw or "").split()) or DEFAULT_SUPPORT_NAME
    if not _NAME.fullmatch(name):
        raise BadAdminInput(field="name", problem="1 to 60 letters, digits, spaces, . - or _")
    return name


def safe_name(raw: str) -> str:
    """An operator's login name made fit to sign with (``support_name`` refuses, this adapts)."""
    name = " ".join(re.sub(r"[^\w .\-]", " ", raw).split())[:60]
    return name or DEFAULT_SUPPORT_NAME


def summary(subject: str, text: str) -> str:
    """One line for the communications log: the subject and the start of the text."""
    line = " ".join(text.split())
    if len(line) > SUMMARY_CHARS:
        line = line[: SUMMARY_CHARS - 1].rstrip() + "…"
    return f"{subject}: {line}"[:500]


def mask_pan(pan: str | None) -> str | None:
    """A card number as support may see it: gateways send it masked; mask it if one did not."""
    if not pan:
        return None
    if "*" in pan:
        return pan
    digits = re.sub(r"\D", "", pan)
    if len(digits) < 10:
        return "*" * len(digits)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def jalali_time(moment: datetime) -> str:
    """'1405/09/04 18:45' in Tehran time, Latin digits (the shop's and support's clock)."""
    tehran = local(moment)
    return f"{jalali(tehran.date())} {tehran:%H:%M}"


def payment_snapshot(payment: Payment) -> dict[str, Any]:
    """What a failed-payment ticket carries: enough for support to find it at the bank."""
    created = payment.created_at.isoformat()
    return {
        "payment_id": payment.public_id,
        "plan": payment.plan_code,
        "amount_tomans": payment.amount,
        "created_at": created,
        "at": created,
        "at_jalali": jalali_time(payment.created_at),
        "authority": payment.authority,
        "ref_id": payment.ref_id,
        "card_pan": mask_pan(payment.card_pan),
        "state": payment.state,
        "gateway": payment.gateway,
    }


# -- writing ----------------------------------------------------------------------------------


def _add_message(
    session: Session, ticket: Ticket, author: str, text: str, now: datetime
) -> TicketMessage:
    """Every message, either way, is one communications-log line too."""
    message = TicketMessage(author=author, body=text, at=now)
    ticket.messages.append(message)
    ticket.updated_at = now
    session.add(
        Communication(
            business_id=ticket.business_id,
            at=now,
            channel="ticket",
            direction="in" if author == SHOP else "out",
            summary=summary(ticket.subject, text),
            ticket_id=ticket.id,
        )
    )
    return message


def open_ticket(session: Session, device: Device, start: TicketStart, now: datetime) -> Ticket:
    """A new ticket from this device's business; a payment must be one of this licence's."""
    licence = device.licence
    subject = clean_subject(start.subject)
    text = clean_text(start.text)
    payment: Payment | None = None
    if start.payment_id is not None:
        if start.kind != "payment":
            raise InvalidRequest(errors="payment_id: only a payment ticket carries a payment")
        payment = session.scalars(
            select(Payment).where(
                Payment.public_id == start.payment_id.strip().lower(),
                Payment.licence_id == licence.id,
            )
        ).one_or_none()
        if payment is None:
            raise PaymentNotFound(payment=start.payment_id[:40])
    ticket = Ticket(
        business_id=licence.business_id,
        licence_id=licence.id,
        device_id=device.id,
        kind=start.kind,
        subject=subject,
        state="open",
        payment_id=payment.id if payment else None,
        payment_details=payment_snapshot(payment) if payment else None,
        created_at=now,
        updated_at=now,
    )
    session.add(ticket)
    session.flush()  # the log line names the ticket by its row id
    _add_message(session, ticket, SHOP, text, now)
    session.flush()
    return ticket


def shop_reply(session: Session, ticket: Ticket, text: str, now: datetime) -> TicketMessage:
    """The shop writes again: the ticket waits for support once more, even if it was closed."""
    message = _add_message(session, ticket, SHOP, clean_text(text), now)
    ticket.state = "open"
    return message


def support_reply(
    session: Session, ticket: Ticket, text: str, name: str | None, now: datetime
) -> TicketMessage:
    """Support answers: the ticket waits for the shop, which sees the answer as unread."""
    author = SUPPORT_PREFIX + support_name(name)
    message = _add_message(session, ticket, author, clean_text(text, admin=True), now)
    ticket.state = "answered"
    return message


def close(ticket: Ticket, now: datetime) -> None:
    ticket.state = "closed"
    ticket.updated_at = now


def approve_delist(session: Session, ticket: Ticket, name: str | None, now: datetime) -> bool:
    """Take the business off the public customer list and tell the shop; False if done before."""
    if ticket.kind != "delist":
        raise BadAdminInput(field="ticket", problem=f"a {ticket.kind} ticket asks no delisting")
    if ticket.resolved_at is not None:
        return False
    business = session.get(Business, ticket.business_id, with_for_update=True)
    assert business is not None  # a foreign key
    business.listed_publicly = False
    ticket.resolved_at = now
    _add_message(session, ticket, SUPPORT_PREFIX + support_name(name), DELIST_APPROVED_TEXT, now)
    ticket.state = "closed"
    return True


def mark_read(ticket: Ticket, now: datetime) -> int:
    """The shop has now fetched support's messages; returns how many were unread."""
    unread = [m for m in ticket.messages if m.author != SHOP and m.read_by_shop_at is None]
    for message in unread:
        message.read_by_shop_at = now
    return len(unread)


# -- reading ----------------------------------------------------------------------------------


def unread_count(ticket: Ticket) -> int:
    return sum(1 for m in ticket.messages if m.author != SHOP and m.read_by_shop_at is None)


def ticket_info(ticket: Ticket, *, unread: int | None = None) -> TicketInfo:
    """The shop's view; support's names stay inside the vendor (the shop sees "support")."""
    return TicketInfo(
        ticket_id=ticket.public_id,
        kind=ticket.kind,  # type: ignore[arg-type]
        subject=ticket.subject,
        state=ticket.state,  # type: ignore[arg-type]
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        unread=unread_count(ticket) if unread is None else unread,
        payment=ticket.payment_details,
        messages=[
            TicketMessageInfo(
                author="shop" if m.author == SHOP else "support", text=m.body, at=m.at
            )
            for m in ticket.messages
        ],
    )


def shop_tickets(session: Session, business_id: int) -> list[Ticket]:
    """A business's tickets, the latest activity first."""
    return list(
        session.scalars(
            select(Ticket)
            .options(selectinload(Ticket.messages))
            .where(Ticket.business_id == business_id)
            .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
        )
    )


def find_ticket(
    session: Session, ticket_id: str, *, business_id: int | None = None, lock: bool = False
) -> Ticket:
    """A ticket by its public id; with ``business_id``, only that business's (else not found)."""
    query = select(Ticket).where(Ticket.public_id == ticket_id.strip().lower())
    if business_id is not None:
        query = query.where(Ticket.business_id == business_id)
    if lock:
        query = query.with_for_update()
    ticket = session.scalars(query).one_or_none()
    if ticket is None:
        raise TicketNotFound(ticket=ticket_id[:40])
    return ticket


def all_tickets(
    session: Session, state: str | None = None, *, limit: int = ADMIN_LIST_LIMIT
) -> list[Ticket]:
    """Support's queue: the latest activity first, optionally one state only."""
    if state is not None and state not in TICKET_STATES:
        raise BadAdminInput(field="state", problem=f"one of {', '.join(TICKET_STATES)}")
    query = select(Ticket).options(selectinload(Ticket.messages))
    if state is not None:
        query = query.where(Ticket.state == state)
    return list(
        session.scalars(query.order_by(Ticket.updated_at.desc(), Ticket.id.desc()).limit(limit))
    )


def business_by_public_id(session: Session, business_id: str) -> Business:
    business = session.scalars(
        select(Business).where(Business.public_id == business_id.strip().lower())
    ).one_or_none()
    if business is None:
        raise BadAdminInput(field="business", problem=f"no business {business_id[:40]}")
    return business


def communications(
    session: Session, business_id: int, *, limit: int = ADMIN_LIST_LIMIT
) -> list[dict[str, Any]]:
    """A business's communications log, newest first."""
    rows = session.execute(
        select(Communication, Ticket.public_id)
        .outerjoin(Ticket, Communication.ticket_id == Ticket.id)
        .where(Communication.business_id == business_id)
        .order_by(Communication.at.desc(), Communication.id.desc())
        .limit(limit)
    )
    return [
        {
            "at": iso(entry.at),
            "channel": entry.channel,
            "direction": entry.direction,
            "summary": entry.summary,
            "ticket_id": ticket_public_id,
        }
        for entry, ticket_public_id in rows
    ]


def business_json(business: Business) -> dict[str, Any]:
    return {
        "business_id": business.public_id,
        "name": business.name,
        "mobile": business.mobile,
        "listed_publicly": business.listed_publicly,
    }


def ticket_json(session: Session, ticket: Ticket, *, messages: bool = True) -> dict[str, Any]:
    """Support's view of a ticket (CLI ``--json`` and the admin pages): who wrote, and to whom."""
    business = session.get(Business, ticket.business_id)
    assert business is not None  # a foreign key
    licence = session.get(Licence, ticket.licence_id) if ticket.licence_id is not None else None
    last = ticket.messages[-1] if ticket.messages else None
    data: dict[str, Any] = {
        "ticket_id": ticket.public_id,
        "kind": ticket.kind,
        "subject": ticket.subject,
        "state": ticket.state,
        "created_at": iso(ticket.created_at),
        "updated_at": iso(ticket.updated_at),
        "resolved_at": iso(ticket.resolved_at),
        "business": business_json(business),
        "licence": (
            {"licence_id": licence.public_id, "key_prefix": licence.key_prefix}
            if licence is not None
            else None
        ),
        "payment": ticket.payment_details,
        "message_count": len(ticket.messages),
        "last_from": None if last is None else ("shop" if last.author == SHOP else "support"),
        "unread_by_shop": unread_count(ticket),
    }
    if ticket.payment_id is not None:
        payment = session.get(Payment, ticket.payment_id)
        data["payment_now"] = payment_snapshot(payment) if payment is not None else None
    if messages:
        data["messages"] = [
            {
                "author": m.author,
                "text": m.body,
                "at": iso(m.at),
                "read_by_shop_at": iso(m.read_by_shop_at),
            }
            for m in ticket.messages
        ]
    return data


# -- support's operations (the admin CLI and the admin pages) ----------------------------------


def _ticket_for_admin(
    session: Session, ticket_id: str, touched: Touched, *, lock: bool = False
) -> Ticket:
    ticket = find_ticket(session, ticket_id, lock=lock)
    touched.licence_id = ticket.licence_id
    return ticket


def admin_tickets(session: Session, state: str | None = None) -> list[dict[str, Any]]:
    return [ticket_json(session, t, messages=False) for t in all_tickets(session, state)]


def admin_ticket(session: Session, ticket_id: str, touched: Touched) -> dict[str, Any]:
    return ticket_json(session, _ticket_for_admin(session, ticket_id, touched))


def admin_reply(
    session: Session,
    now: datetime,
    touched: Touched,
    ticket_id: str,
    text: str,
    name: str | None,
) -> dict[str, Any]:
    ticket = _ticket_for_admin(session, ticket_id, touched, lock=True)
    support_reply(session, ticket, text, name, now)
    session.flush()
    return ticket_json(session, ticket)


def admin_close(
    session: Session, now: datetime, touched: Touched, ticket_id: str
) -> dict[str, Any]:
    ticket = _ticket_for_admin(session, ticket_id, touched, lock=True)
    close(ticket, now)
    return ticket_json(session, ticket)


def admin_approve_delist(
    session: Session, now: datetime, touched: Touched, ticket_id: str, name: str | None
) -> dict[str, Any]:
    ticket = _ticket_for_admin(session, ticket_id, touched, lock=True)
    approve_delist(session, ticket, name, now)
    session.flush()
    return ticket_json(session, ticket)


def admin_communications(session: Session, business: Business) -> dict[str, Any]:
    """A business and its communications log (newest first)."""
    return {"business": business_json(business), "entries": communications(session, business.id)}
