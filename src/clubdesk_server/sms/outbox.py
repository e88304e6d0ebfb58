"""The SMS outbox: queue a message once per idempotency key, send it later, never twice.

``enqueue`` runs inside the caller's transaction (a reminder job, a renewal), so a message exists
exactly when what it tells about does. ``send_due`` claims due rows in a short transaction of
its own (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` serialises)
by moving their ``next_attempt_at`` past a claim lease, talks to the provider with no
transaction open, then records each outcome. Two overlapping runs never pick the same row.
(A process that dies between the provider's answer and the record sends that one message again
after the lease: at least once, as any outbox without the provider's idempotency.)

Failures back off (1 min, 5 min, 30 min, 2 h, 6 h) and are given up after ``MAX_ATTEMPTS``.
Out of credit and a misconfigured account are the vendor's problem, not the message's: they are
logged at ERROR and audited for the admin (``clubdesk-server admin sms-status`` and the admin
pages show it), and the message stays retryable (given up only once it is ``STALE_AFTER`` old,
when it would say something no longer true).

Accepted is not delivered: ``check_delivery`` asks the provider what became of the messages
sent in the last ``DELIVERY_WINDOW`` that have no final delivery status yet, and stores it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clubdesk.core.phone import mask_phone
from clubdesk_server import licensing, metrics
from clubdesk_server.db import transaction
from clubdesk_server.models import Licence, SmsMessage
from clubdesk_server.settings import Settings
from clubdesk_server.sms.sender import (
    DELIVERED,
    DELIVERY_STATUSES,
    FINAL_DELIVERY_STATUSES,
    DeliveryStatusSource,
    SendOutcome,
    SendResult,
    SmsSender,
)

log = logging.getLogger(__name__)

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1  # the first try and one per backoff step
STALE_AFTER = timedelta(days=3)
# A claimed row is someone's for this long; if its sender dies, the row is due again after it.
CLAIM_LEASE = timedelta(minutes=10)
DEFAULT_LIMIT = 50
# A sent message's delivery status is asked for this long (operators keep trying a phone that
# is off for about a day; after that the answer will not change).
DELIVERY_WINDOW = timedelta(hours=24)
SYSTEM = licensing.Caller("system:sms")
ADMIN_OUTCOMES = (SendOutcome.OUT_OF_CREDIT, SendOutcome.MISCONFIGURED)

# Kavenegar verify/lookup template per kind: the templates approved in the vendor's panel.
# Overridden by ``Settings.kavenegar_templates`` ("kind=name,kind=name").
DEFAULT_TEMPLATES = {
    "expiry_reminder": "clubdesk-expiry-reminder",
    "expiry_day": "clubdesk-expiry-day",
    "renewal_receipt": "clubdesk-renewal-receipt",
    "deletion_warning": "clubdesk-deletion-warning",
}


def templates(settings: Settings) -> dict[str, str]:
    """The provider template name of each kind, after the settings' overrides."""
    chosen = dict(DEFAULT_TEMPLATES)
    for pair in settings.kavenegar_templates.split(","):
        kind, sep, name = pair.partition("=")
        if sep and kind.strip() and name.strip():
            chosen[kind.strip()] = name.strip()
    return chosen


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    licence: Licence | None,
    recipient: str | None,
    template: str | None = None,
    text: str | None = None,
    tokens: Mapping[str, str] | None = None,
    now: datetime,
    unsendable: str | None = None,
) -> SmsMessage | None:
    """Queue a message unless one with ``key`` exists; returns the new row, or None.

    ``template`` is a kind-like logical name resolved to the provider's template when sent
    (see ``templates``); ``text`` is the free text, or the readable form of a template.
    ``unsendable`` records the message as given up at once, with that reason (no mobile
    number, say): what counts on the message having been issued (the deletion waits 7 days
    after its warning) still sees it, and the admin sees why nothing went out.
    """
    if template is None and text is None:
        raise ValueError("a message needs a template or a text")
    if unsendable is None and not recipient:
        raise ValueError("a message to send needs a recipient")
    if session.scalar(select(SmsMessage.id).where(SmsMessage.idempotency_key == key)):
        return None
    row = SmsMessage(
        idempotency_key=key,
        licence_id=licence.id if licence is not None else None,
        kind=kind,
        recipient=recipient or None,
        template=template,
        tokens=dict(tokens or {}),
        text=text,
        state="queued" if unsendable is None else "given_up",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        last_error=None if unsendable is None else f"not sent: {unsendable}"[:200],
    )
    # A concurrent run may insert the same key between the check and here: the savepoint
    # lets its unique-constraint error undo only this insert, not the caller's transaction.
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if session.scalar(select(SmsMessage.id).where(SmsMessage.idempotency_key == key)):
            return None
        raise
    return row


@dataclass
class SendReport:
    """What one ``send_due`` run did, for the job log and ``jobs run --json``."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    given_up: int = 0
    out_of_credit: bool = False
    misconfigured: bool = False
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed,
            "sent": self.sent,
            "retrying": self.retrying,
            "given_up": self.given_up,
            "out_of_credit": self.out_of_credit,
            "misconfigured": self.misconfigured,
            "errors": self.errors,
        }


@dataclass(frozen=True)
class _Claimed:
    id: int
    kind: str
    licence_id: int | None
    recipient: str | None
    template: str | None
    tokens: dict[str, str]
    text: str | None
    attempts: int  # including this one
    created_at: datetime
    due_at: datetime  # next_attempt_at before the claim


def _claim(session: Session, now: datetime, limit: int) -> list[_Claimed]:
    rows = session.scalars(
        select(SmsMessage)
        .where(SmsMessage.state.in_(("queued", "failed")), SmsMessage.next_attempt_at <= now)
        .order_by(SmsMessage.next_attempt_at, SmsMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = []
    for row in rows:
        claimed.append(
            _Claimed(
                id=row.id,
                kind=row.kind,
                licence_id=row.licence_id,
                recipient=row.recipient,
                template=row.template,
                tokens={k: str(v) for k, v in (row.tokens or {}).items()},
                text=row.text,
                attempts=row.attempts + 1,
                created_at=row.created_at,
                due_at=row.next_attempt_at,
            )
        )
        row.attempts += 1
        row.next_attempt_at = now + CLAIM_LEASE
    return claimed


def _send(sender: SmsSender, message: _Claimed, names: Mapping[str, str]) -> SendResult:
    if not message.recipient:
        return SendResult(SendOutcome.REJECTED, message="no recipient (data deleted)")
    try:
        if message.template:
            template = names.get(message.template, message.template)
            return sender.send_template(message.recipient, template, message.tokens)
        return sender.send_text(message.recipient, message.text or "")
    except Exception as exc:  # a sender bug must not lose the claim bookkeeping
        log.exception("sms sender %s failed on message %s", sender.name, message.id)
        return SendResult(SendOutcome.RETRY, message=f"sender error ({type(exc).__name__})")


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try (1-based)."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def _record(
    session: Session, message: _Claimed, result: SendResult, now: datetime
) -> tuple[str, str]:
    """Writes the outcome on the row; returns (new state, what the report counts)."""
    row = session.get(SmsMessage, message.id, with_for_update=True)
    if row is None:  # gone (never deleted today, but nothing to record then)
        return "gone", "given_up"
    row.provider_status = result.status
    if result.outcome is SendOutcome.SENT:
        row.state = "sent"
        row.sent_at = now
        row.provider_id = result.provider_id
        row.last_error = None
        return "sent", "sent"
    row.last_error = f"{result.outcome.value} {result.status or '-'}: {result.message}"[:200]
    stale = now - message.created_at >= STALE_AFTER
    if result.outcome is SendOutcome.REJECTED or stale:
        row.state = "given_up"
        return "given_up", "given_up"
    if result.outcome is SendOutcome.RETRY and message.attempts >= MAX_ATTEMPTS:
        row.state = "given_up"
        return "given_up", "given_up"
    row.state = "failed"
    row.next_attempt_at = now + backoff(message.attempts)
    return "failed", "retrying"


def _tell_admin(
    sessions: sessionmaker[Session], result: SendResult, sender: SmsSender, now: datetime
) -> None:
    problem = result.outcome.value
    log.error(
        "SMS cannot be sent: %s (provider %s, status %s: %s); messages stay queued and are "
        "retried. Top up or fix the SMS account.",
        problem, sender.name, result.status, result.message,
    )  # fmt: skip
    with transaction(sessions) as session:
        licensing.audit(
            session,
            SYSTEM,
            f"sms.{problem}",
            now,
            outcome=problem,
            provider=sender.name,
            status=result.status,
            message=result.message,
        )


def send_due(
    sessions: sessionmaker[Session],
    sender: SmsSender,
    now: datetime,
    *,
    limit: int = DEFAULT_LIMIT,
    template_names: Mapping[str, str] | None = None,
) -> SendReport:
    """Send the messages due at ``now``, at most ``limit``; safe to run concurrently."""
    names = dict(DEFAULT_TEMPLATES) | dict(template_names or {})
    report = SendReport()
    with transaction(sessions) as session:
        claimed = _claim(session, now, limit)
    report.claimed = len(claimed)
    for index, message in enumerate(claimed):
        result = _send(sender, message, names)
        metrics.sms_sent("outbox", [result])
        with transaction(sessions) as session:
            state, counted = _record(session, message, result, now)
        setattr(report, counted, getattr(report, counted) + 1)
        if state != "sent":
            report.errors.append(f"{message.kind} {message.id}: {result.outcome.value}")
            log.warning(
                "sms %s %s to %s: %s (attempt %s) -> %s",
                message.kind, message.id, mask_phone(message.recipient or ""),
                result.outcome.value, message.attempts, state,
            )  # fmt: skip
        if result.outcome in ADMIN_OUTCOMES:
            report.out_of_credit |= result.outcome is SendOutcome.OUT_OF_CREDIT
            report.misconfigured |= result.outcome is SendOutcome.MISCONFIGURED
            _tell_admin(sessions, result, sender, now)
            # The rest would fail the same way: hand them back, untried, for the next run.
            _release(sessions, claimed[index + 1 :], now + backoff(message.attempts))
            break
    return report


def retry_failed_now(sessions: sessionmaker[Session], now: datetime) -> int:
    """Makes every failed message due now (after the admin topped up or fixed the account),
    instead of at its backoff time; returns how many."""
    with transaction(sessions) as session:
        result = session.execute(
            update(SmsMessage)
            .where(SmsMessage.state == "failed", SmsMessage.next_attempt_at > now)
            .values(next_attempt_at=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _release(sessions: sessionmaker[Session], rest: list[_Claimed], due: datetime) -> None:
    if not rest:
        return
    with transaction(sessions) as session:
        for message in rest:
            row = session.get(SmsMessage, message.id, with_for_update=True)
            if row is not None:
                row.attempts = message.attempts - 1
                row.next_attempt_at = max(due, message.due_at)


# -- delivery ---------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    """What one ``check_delivery`` run learnt, for the outbox job's report."""

    asked: int = 0
    updated: int = 0
    delivered: int = 0
    not_delivered: int = 0  # a final status other than delivered
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_delivery(
    sessions: sessionmaker[Session], sender: SmsSender, now: datetime
) -> DeliveryReport:
    """Store the provider's delivery status of the messages sent in the last
    ``DELIVERY_WINDOW`` without a final one; no transaction is open while it answers. A sender
    without delivery reports (the console) is not asked."""
    report = DeliveryReport()
    if not isinstance(sender, DeliveryStatusSource):
        return report
    with transaction(sessions) as session:
        pending = session.execute(
            select(SmsMessage.id, SmsMessage.provider_id)
            .where(
                SmsMessage.state == "sent",
                SmsMessage.sent_at >= now - DELIVERY_WINDOW,
                SmsMessage.provider_id.is_not(None),
                or_(
                    SmsMessage.delivery_status.is_(None),
                    SmsMessage.delivery_status.not_in(FINAL_DELIVERY_STATUSES),
                ),
            )
            .order_by(SmsMessage.sent_at, SmsMessage.id)
        ).all()
    if not pending:
        return report
    report.asked = len(pending)
    try:
        answer = sender.delivery_statuses([str(provider_id) for _id, provider_id in pending])
    except Exception as exc:  # a sender bug must not fail the sending part of the job
        log.exception("sms sender %s failed asking for delivery statuses", sender.name)
        report.error = f"sender error ({type(exc).__name__})"
        return report
    report.error = answer.error
    with transaction(sessions) as session:
        for row_id, provider_id in pending:
            status = answer.statuses.get(str(provider_id))
            row = session.get(SmsMessage, row_id) if status is not None else None
            if row is None or status is None or row.delivery_status == status:
                continue
            row.delivery_status = status
            report.updated += 1
            if status == DELIVERED:
                report.delivered += 1
                row.delivered_at = row.delivered_at or now
            elif status in FINAL_DELIVERY_STATUSES:
                report.not_delivered += 1
                log.warning(
                    "sms %s %s to %s was not delivered: %s (%s)",
                    row.kind, row.id, mask_phone(row.recipient or ""),
                    DELIVERY_STATUSES.get(status, "unknown status"), status,
                )  # fmt: skip
    return report
