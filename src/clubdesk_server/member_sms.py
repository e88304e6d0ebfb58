"""Shops' SMS to their members through the vendor's Kavenegar line, paid from an SMS credit.

``reserve`` runs in the request's transaction: the licence's credit row is locked, messages
already known by key are answered from their record, and the new ones are charged (parts x
price) and recorded as ``sending`` - or the whole batch is refused with SMS_CREDIT_LOW. The
provider is then asked with no transaction open, and ``settle`` records each outcome, refunding
what was not sent. A message the provider did not take for a passing reason (network, busy) is
forgotten, so the device's retry with the same key is a fresh try. A server that dies while
``sending`` answers that key "unknown" from then on: never sent twice.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clubdesk.core.errors import ExitCode
from clubdesk.core.phone import mask_phone
from clubdesk.core.sms import parts
from clubdesk.protocol import MemberSms, MemberSmsResult
from clubdesk_server import licensing, metrics
from clubdesk_server.errors import LicenceExpired, ServerError
from clubdesk_server.models import Licence, MemberSmsAccount, MemberSmsSend
from clubdesk_server.sms.sender import SendOutcome, SendResult, SmsSender

PRICE_ENV = "CLUBDESK_SERVER_MEMBER_SMS_PRICE"
DEFAULT_PRICE = 1_200  # rials per part charged to the shop
MAX_CREDIT_CHANGE = 10_000_000_000  # rials in one admin top-up


class SmsCreditLow(ServerError):
    code = "SMS_CREDIT_LOW"
    status = 402
    exit_code: ClassVar[ExitCode] = ExitCode.BAD_INPUT
    title = "SMS credit not enough"
    default_message = "The licence's SMS credit ({credit} rials) does not cover {cost} rials."
    default_hint = "Buy SMS credit from the vendor, or send to fewer members."


def price_per_part() -> int:
    raw = os.environ.get(PRICE_ENV, "")
    return int(raw) if raw.isdigit() else DEFAULT_PRICE


def check_can_send(licence: Licence, now: datetime) -> None:
    licensing.check_usable(licence)
    if licence.paid_until <= now:
        raise LicenceExpired()


def _account(session: Session, licence_id: int, now: datetime) -> MemberSmsAccount:
    """The licence's credit row, locked for this transaction (made at the first use)."""
    query = select(MemberSmsAccount).where(MemberSmsAccount.licence_id == licence_id)
    account = session.scalars(query.with_for_update()).one_or_none()
    if account is not None:
        return account
    try:
        with session.begin_nested():
            session.add(MemberSmsAccount(licence_id=licence_id, credit=0, updated_at=now))
    except IntegrityError:
        pass  # made by a concurrent first use: lock theirs
    return session.scalars(query.with_for_update()).one()


def credit(session: Session, licence_id: int) -> int:
    found = session.scalar(
        select(MemberSmsAccount.credit).where(MemberSmsAccount.licence_id == licence_id)
    )
    return int(found or 0)


def add_credit(session: Session, licence_id: int, amount: int, now: datetime) -> int:
    """Top up (or, negative, correct) a licence's credit; returns the new credit."""
    account = _account(session, licence_id, now)
    account.credit = max(0, account.credit + amount)
    account.updated_at = now
    return int(account.credit)


@dataclass
class Reservation:
    licence_id: int
    known: dict[str, MemberSmsResult]  # answered from earlier sends
    new: list[tuple[int, MemberSms]]  # (send row id, message) to hand to the provider


def _answer(row: MemberSmsSend) -> MemberSmsResult:
    status = "unknown" if row.state == "sending" else row.state
    return MemberSmsResult(
        key=row.key, status=status, provider_id=row.provider_id,  # type: ignore[arg-type]
        cost=row.cost, error=row.error,
    )  # fmt: skip


def reserve(
    session: Session, licence_id: int, batch: Sequence[MemberSms], price: int, now: datetime
) -> Reservation:
    account = _account(session, licence_id, now)
    keys = [m.key for m in batch]
    rows = session.scalars(
        select(MemberSmsSend).where(
            MemberSmsSend.licence_id == licence_id, MemberSmsSend.key.in_(keys)
        )
    )
    known = {row.key: _answer(row) for row in rows}
    fresh = {m.key: m for m in batch if m.key not in known}  # a key twice in a batch: once
    cost = sum(parts(m.text) * price for m in fresh.values())
    if cost > account.credit:
        raise SmsCreditLow(credit=account.credit, cost=cost)
    account.credit -= cost
    account.updated_at = now
    new: list[tuple[int, MemberSms]] = []
    for message in fresh.values():
        count = parts(message.text)
        row = MemberSmsSend(
            licence_id=licence_id, key=message.key, recipient=mask_phone(message.phone),
            parts=count, cost=count * price, state="sending", error="", created_at=now,
        )  # fmt: skip
        session.add(row)
        session.flush()
        new.append((row.id, message))
    return Reservation(licence_id, known, new)


def deliver(sender: SmsSender, reservation: Reservation) -> dict[int, SendResult]:
    """Hand the new messages to the provider (no transaction open)."""
    results = {row_id: sender.send_text(m.phone, m.text) for row_id, m in reservation.new}
    metrics.sms_sent("member", results.values())
    return results


def settle(
    session: Session, reservation: Reservation, outcomes: dict[int, SendResult], now: datetime
) -> list[MemberSmsResult]:
    """Record each outcome; refund what did not go out. Results in the batch's order."""
    refund = 0
    results = dict(reservation.known)
    for row_id, message in reservation.new:
        row = session.get(MemberSmsSend, row_id)
        assert row is not None
        outcome = outcomes[row_id]
        if outcome.outcome is SendOutcome.SENT:
            row.state, row.provider_id = "sent", outcome.provider_id
            results[message.key] = _answer(row)
            continue
        refund += row.cost
        if outcome.outcome is SendOutcome.REJECTED:
            row.state, row.cost, row.error = "failed", 0, (outcome.message or "refused")[:200]
            results[message.key] = _answer(row)
        else:  # passing trouble, or the vendor's line: the device tries again later
            session.execute(delete(MemberSmsSend).where(MemberSmsSend.id == row_id))
            results[message.key] = MemberSmsResult(
                key=message.key, status="retry", error="vendor line busy; try later"
            )
    if refund:
        add_credit(session, reservation.licence_id, refund, now)
    return list(results.values())


def provider_ids(session: Session, licence_id: int, ids: Sequence[str]) -> list[str]:
    """The ids among ``ids`` that this licence's sends got (a shop sees only its own)."""
    return list(
        session.scalars(
            select(MemberSmsSend.provider_id).where(
                MemberSmsSend.licence_id == licence_id, MemberSmsSend.provider_id.in_(list(ids))
            )
        )
    )
