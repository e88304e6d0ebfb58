"""The payment lifecycle: start a payment, verify it, extend the licence exactly once, reconcile.

    pending --verify: paid--> applied            (one transaction: state, licence, receipt, audit)
    pending --verify: not paid (browser said NOK)--> cancelled; (said OK)--> failed;
                      (no callback yet: a poll, the job)--> pending: the payer may be at the bank
    pending --verify: other amount--> amount_mismatch;  unknown authority--> failed
    pending --never verified within settings.payment_window--> expired_unverified
    ("paid" is never left behind: the verification and the extension commit together.)

Idempotence: the gateway is asked outside any transaction (it may take seconds, and on SQLite
an open write transaction would stop every other writer), then the outcome is applied under a
lock on the payment row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every transaction
is ``BEGIN IMMEDIATE``, which serialises writers) and only if the payment is *still* pending.
So a repeated callback, a double click, the app's polling, the reconcile job and Zarinpal's
101 ("verified before") all end in the one extension that the first of them applied.

Gateway trouble (unavailable, or our merchant configuration refused) leaves a payment pending:
the reconcile job asks again; past the payment window the gateway has returned the money.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session, joinedload, sessionmaker

from clubdesk.protocol import PaymentInfo
from clubdesk_server import licensing, plans
from clubdesk_server.db import transaction
from clubdesk_server.errors import GatewayRefused, GatewayUnavailable, PaymentNotFound
from clubdesk_server.models import Device, Licence, Payment, Plan
from clubdesk_server.payments.gateway import Gateway, GatewayError, Verification, VerifyOutcome
from clubdesk_server.settings import Settings

log = logging.getLogger(__name__)

# A pending payment this old whose callback never came is verified by ``reconcile``.
RECONCILE_AFTER = timedelta(minutes=2)
RECONCILE_BATCH = 200
# ``GET /v1/payments/{id}`` asks the gateway itself at most this often per pending payment.
NUDGE_EVERY = timedelta(seconds=5)
GATEWAY_RETRY_AFTER_S = 30
MAX_LISTED = 50


class Trigger(StrEnum):
    """Why a payment is being verified; it decides what "not paid" means."""

    CALLBACK_OK = "callback_ok"  # the browser came back with Status=OK
    CALLBACK_NOK = "callback_nok"  # ... with Status=NOK: the payer cancelled or the bank failed
    POLL = "poll"  # the app asked for the payment (the browser may never come back)
    RECONCILE = "reconcile"  # the job, for callbacks that never came


_ACTORS = {
    Trigger.CALLBACK_OK: "gateway:callback",
    Trigger.CALLBACK_NOK: "gateway:callback",
    Trigger.POLL: "device:poll",
    Trigger.RECONCILE: "job:reconcile",
}


# -- reading ------------------------------------------------------------------------------------


def payment_info(payment: Payment) -> PaymentInfo:
    return PaymentInfo(
        payment_id=payment.public_id,
        plan=payment.plan_code,
        days=payment.days,
        amount_tomans=payment.amount,
        state=payment.state,  # type: ignore[arg-type]
        gateway=payment.gateway,
        authority=payment.authority,
        pay_url=payment.pay_url if payment.state == "pending" else None,
        ref_id=payment.ref_id,
        card_pan=payment.card_pan,
        gateway_code=payment.gateway_code,
        created_at=payment.created_at,
        verified_at=payment.verified_at,
        paid_until_before=payment.paid_until_before,
        paid_until_after=payment.paid_until_after,
    )


def find(
    session: Session, ref: str, *, licence_id: int | None = None, lock: bool = False
) -> Payment:
    """A payment by its public id or its gateway authority; of ``licence_id`` if given.

    Unlocked reads bring the plan along (the callback page names it); a locked one locks
    the payment row only, never the plan's, which every payment for that plan shares.
    """
    query = select(Payment).where(or_(Payment.public_id == ref, Payment.authority == ref))
    if licence_id is not None:
        query = query.where(Payment.licence_id == licence_id)
    if lock:
        query = query.with_for_update()
    else:
        query = query.options(joinedload(Payment.plan, innerjoin=True))
    payment = session.scalars(query).one_or_none()
    if payment is None:
        raise PaymentNotFound(payment=ref[:64])
    return payment


def loaded_plan(payment: Payment) -> Plan | None:
    """The payment's plan if it came with the payment (no query on a detached row)."""
    value = inspect(payment).attrs.plan.loaded_value
    return value if isinstance(value, Plan) else None


def payments_of(session: Session, licence_id: int, limit: int = MAX_LISTED) -> list[Payment]:
    """A licence's payments, newest first."""
    query = (
        select(Payment)
        .where(Payment.licence_id == licence_id)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def wants_nudge(payment: Payment, now: datetime) -> bool:
    """Should a poll ask the gateway? Pending, started a while ago, not asked just now."""
    return (
        payment.state == "pending"
        and payment.authority is not None
        and now - payment.created_at >= NUDGE_EVERY
        and now - payment.updated_at >= NUDGE_EVERY
    )


# -- starting -----------------------------------------------------------------------------------


def create(
    session: Session,
    device: Device,
    plan_code: str,
    gateway_name: str,
    now: datetime,
    source_ip: str | None = None,
) -> Payment:
    """A pending payment for ``plan_code`` on the device's licence, its price copied now.

    Refused for a revoked or suspended licence (an expired one is what renewal is for).
    """
    licence = device.licence
    licensing.check_usable(licence)
    plan = plans.plan_for_sale(session, plan_code)
    payment = Payment(
        licence_id=licence.id,
        device_id=device.id,
        plan_id=plan.id,
        plan_code=plan.code,
        days=plan.days,
        amount=plan.price,
        gateway=gateway_name,
        state="pending",
        created_at=now,
        updated_at=now,
        verify_attempts=0,
        source_ip=source_ip,
    )
    session.add(payment)
    session.flush()
    return payment


def request_payment(
    sessions: sessionmaker[Session],
    gateway: Gateway,
    payment_id: str,
    callback_url: str,
    now: datetime,
) -> Payment:
    """Ask the gateway for the payment ``create`` made; store its authority and pay URL.

    Raises ``GatewayUnavailable`` (503, try again) or ``GatewayRefused`` (502); either way the
    payment is marked failed, since no money can have moved without an authority.
    """
    with transaction(sessions) as session:
        payment = find(session, payment_id)
        plan = payment.plan
        mobile = payment.licence.business.mobile
        amount = payment.amount
        description = f"ClubDesk: {plan.name_en} / {plan.name_fa} ({payment.days} days)"
    try:
        try:
            started = gateway.request(
                amount_tomans=amount,
                description=description,
                callback_url=callback_url,
                mobile=mobile,
                order_id=payment_id,
            )
        except GatewayError:
            raise
        except Exception as exc:  # an adapter bug: as good as no answer
            log.exception("gateway %s failed requesting payment %s", gateway.name, payment_id)
            raise GatewayError("the adapter raised", retryable=True) from exc
    except GatewayError as exc:
        log.warning(
            "gateway %s refused payment %s: %s (code %s, retryable %s)",
            gateway.name,
            payment_id,
            exc,
            exc.code,
            exc.retryable,
        )
        with transaction(sessions) as session:
            payment = find(session, payment_id, lock=True)
            payment.state = "failed"
            payment.gateway_code = exc.code
            payment.updated_at = now
            _audit(session, payment, "payment.request", now, "gateway:request", None, exc.code)
        if exc.retryable:
            raise GatewayUnavailable(retry_after=GATEWAY_RETRY_AFTER_S) from exc
        raise GatewayRefused(gateway_code=exc.code) from exc
    with transaction(sessions) as session:
        payment = find(session, payment_id, lock=True)
        payment.authority = started.authority
        payment.pay_url = started.pay_url
        payment.updated_at = now
    return payment


# -- verifying ----------------------------------------------------------------------------------


def verify_and_apply(
    sessions: sessionmaker[Session],
    gateway: Gateway,
    ref: str,
    now: datetime,
    *,
    trigger: Trigger = Trigger.POLL,
    expire_if_unpaid: bool = False,
    source_ip: str | None = None,
) -> Payment:
    """Verify the payment ``ref`` (public id or authority) and apply the outcome once.

    Safe to call any number of times, concurrently too: only a payment still pending under
    the row lock changes, so the licence is extended at most once. ``expire_if_unpaid`` (the
    reconcile job, past the payment window): anything but "paid" ends as expired_unverified.
    Raises ``PaymentNotFound``; gateway trouble is an outcome, never raised.
    """
    with transaction(sessions) as session:
        payment = find(session, ref)
    if payment.state != "pending":
        return payment
    if payment.authority is None:
        if expire_if_unpaid:
            return _settle_unverified(sessions, payment.id, now)
        return payment
    verification = _ask(gateway, payment)
    with transaction(sessions) as session, session.no_autoflush:
        # Locks the payment row only (OF payments), not the plan every payment shares.
        payment = session.scalars(
            select(Payment)
            .options(joinedload(Payment.plan, innerjoin=True))
            .where(Payment.id == payment.id)
            .with_for_update(of=Payment)
        ).one()
        if payment.state != "pending":
            return payment  # another caller applied its outcome first
        payment.verify_attempts += 1
        payment.updated_at = now
        if verification.code is not None:
            payment.gateway_code = verification.code
        new_state = _next_state(verification, trigger, expire_if_unpaid)
        if new_state == "pending":
            return payment
        if new_state == "applied":
            _apply(session, payment, verification, now)
        else:
            payment.state = new_state
            if new_state == "amount_mismatch":
                log.error(
                    "payment %s: the gateway holds another amount than %d tomans (code %s); "
                    "not applied, support must check",
                    payment.public_id,
                    payment.amount,
                    verification.code,
                )
        _audit(
            session,
            payment,
            "payment.verify",
            now,
            _ACTORS[trigger],
            source_ip,
            verification.code,
            gateway_outcome=verification.outcome.value,
        )
    return payment


def _ask(gateway: Gateway, payment: Payment) -> Verification:
    if payment.gateway != gateway.name:
        message = f"payment made with {payment.gateway!r}, this server uses {gateway.name!r}"
        log.warning("cannot verify payment %s: %s", payment.public_id, message)
        return Verification(VerifyOutcome.UNAVAILABLE, message=message)
    assert payment.authority is not None
    try:
        verification = gateway.verify(authority=payment.authority, amount_tomans=payment.amount)
    except Exception:  # an adapter bug must not stop the callback page or the job
        log.exception("gateway %s failed verifying payment %s", gateway.name, payment.public_id)
        return Verification(VerifyOutcome.UNAVAILABLE, message="the adapter raised")
    if verification.outcome is VerifyOutcome.MERCHANT_ERROR:
        log.error(
            "gateway %s refused to verify payment %s because of our configuration "
            "(code %s: %s); it stays pending until fixed",
            gateway.name,
            payment.public_id,
            verification.code,
            verification.message,
        )
    elif verification.outcome is VerifyOutcome.UNAVAILABLE:
        log.warning(
            "gateway %s unavailable verifying payment %s: %s",
            gateway.name,
            payment.public_id,
            verification.message,
        )
    return verification


def _next_state(verification: Verification, trigger: Trigger, expire_if_unpaid: bool) -> str:
    outcome = verification.outcome
    if verification.paid:
        return "applied"
    if outcome is VerifyOutcome.AMOUNT_MISMATCH:
        return "amount_mismatch"
    if outcome is VerifyOutcome.INVALID_AUTHORITY:
        return "failed"
    if outcome is VerifyOutcome.NOT_PAID:
        if trigger is Trigger.CALLBACK_NOK:
            return "cancelled"
        if trigger is Trigger.CALLBACK_OK:
            return "failed"
        # No callback yet: the payer may still be at the bank's page.
    return "expired_unverified" if expire_if_unpaid else "pending"


def _apply(session: Session, payment: Payment, verification: Verification, now: datetime) -> None:
    """Paid: extend the licence from the later of now and its paid-until, in this transaction."""
    licence = session.scalars(
        select(Licence)
        .options(joinedload(Licence.business, innerjoin=True))  # the receipt's recipient
        .where(Licence.id == payment.licence_id)
        .with_for_update(of=Licence)
    ).one()
    if licence.status != "active":
        log.warning(
            "payment %s applied to a %s licence; it stays %s",
            payment.public_id,
            licence.status,
            licence.status,
        )
    before = licence.paid_until
    after = max(now, before) + timedelta(days=payment.days)
    licence.paid_until = after
    licence.plan = payment.plan_code
    licence.device_limit = max(licence.device_limit, payment.plan.device_limit)
    licence.updated_at = now
    payment.state = "applied"
    payment.ref_id = verification.ref_id
    payment.card_pan = verification.card_pan
    payment.verified_at = now
    payment.applied_at = now
    payment.paid_until_before = before
    payment.paid_until_after = after
    session.flush()
    _queue_receipt(session, licence, payment, now)
    log.info(
        "payment %s applied: licence %s paid until %s (was %s)",
        payment.public_id,
        licence.public_id,
        after.isoformat(),
        before.isoformat(),
    )


def _queue_receipt(session: Session, licence: Licence, payment: Payment, now: datetime) -> None:
    """The renewal receipt SMS, if the reminders module is there; never undoes the payment."""
    try:
        from clubdesk_server import reminders
    except ImportError:
        log.debug("no reminders module: no receipt SMS for payment %s", payment.public_id)
        return
    queue = getattr(reminders, "queue_receipt", None)
    if queue is None:
        return
    try:
        with session.begin_nested():
            queue(session, licence, payment, now)
    except Exception:
        log.exception("could not queue the receipt SMS for payment %s", payment.public_id)


def _settle_unverified(sessions: sessionmaker[Session], payment_id: int, now: datetime) -> Payment:
    with transaction(sessions) as session:
        payment = session.scalars(
            select(Payment).where(Payment.id == payment_id).with_for_update()
        ).one()
        if payment.state == "pending":
            payment.state = "expired_unverified"
            payment.updated_at = now
            _audit(session, payment, "payment.expire", now, _ACTORS[Trigger.RECONCILE], None, None)
        return payment


def _audit(
    session: Session,
    payment: Payment,
    action: str,
    now: datetime,
    actor: str,
    source_ip: str | None,
    code: int | None,
    **details: Any,
) -> None:
    licensing.audit(
        session,
        licensing.Caller(actor, source_ip),
        action,
        now,
        outcome="ok" if payment.state not in ("failed", "amount_mismatch") else payment.state,
        licence_id=payment.licence_id,
        payment=payment.public_id,
        state=payment.state,
        gateway_code=code,
        **details,
    )


# -- reconciling --------------------------------------------------------------------------------


def reconcile(
    sessions: sessionmaker[Session], gateway: Gateway, settings: Settings, now: datetime
) -> dict[str, int]:
    """Verify pending payments whose callback never came; give up on those past the window.

    Returns counts: ``checked`` and one per resulting state (``applied``, ``pending``, ...),
    plus ``errors`` for payments that could not be handled this time (logged).
    """
    with transaction(sessions) as session:
        rows = session.execute(
            select(Payment.public_id, Payment.created_at)
            .where(Payment.state == "pending", Payment.created_at <= now - RECONCILE_AFTER)
            .order_by(Payment.created_at)
            .limit(RECONCILE_BATCH)
        ).all()
    counts: Counter[str] = Counter()
    for public_id, created_at in rows:
        try:
            payment = verify_and_apply(
                sessions,
                gateway,
                public_id,
                now,
                trigger=Trigger.RECONCILE,
                expire_if_unpaid=now - created_at >= settings.payment_window,
            )
        except Exception:
            log.exception("reconcile: payment %s", public_id)
            counts["errors"] += 1
            continue
        counts[payment.state] += 1
    summary = {"checked": len(rows), "errors": 0} | dict(counts)
    if rows:
        log.info("reconcile: %s", summary)
    return summary
