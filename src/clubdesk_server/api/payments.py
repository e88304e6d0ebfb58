"""Plans, payments and the payment gateways' pages (renewal).

    GET  /v1/plans                      the plans on sale (no token)
    POST /v1/payments {plan}            start paying (bearer token) -> 201 PaymentInfo + pay_url
    GET  /v1/payments                   this licence's payments, newest first
    GET  /v1/payments/{payment_id}      one of them; a pending one may be verified on the way
    GET  /pay/callback?Authority&Status where the gateway sends the browser back: a small page
    GET  /sandbox/pay/{authority}       the sandbox gateway's pay page (sandbox only)
    POST /sandbox/pay/{authority}       Pay or Cancel there -> 303 to the callback

The gateway is called outside the request's database transaction (see payments/service.py).
The pages show no secrets and no member data: the plan, the amount, the bank's reference and
the new paid-until date.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from clubdesk.core.dates import format_datetime
from clubdesk.core.i18n import Lang
from clubdesk.core.money import format_tomans
from clubdesk.protocol import API_PREFIX, PaymentInfo, PaymentStart, PlanOffer
from clubdesk_server import plans
from clubdesk_server.api.common import (
    ServerState,
    as_device,
    source_ip,
    state_of,
)
from clubdesk_server.clock import clock
from clubdesk_server.db import transaction
from clubdesk_server.errors import NotFound, PaymentNotFound
from clubdesk_server.models import Device, Payment, Plan
from clubdesk_server.payments import service
from clubdesk_server.payments.gateway import Gateway
from clubdesk_server.payments.gateways import make_gateway
from clubdesk_server.payments.sandbox import SandboxGateway

log = logging.getLogger(__name__)
CALLBACK_PATH = "/pay/callback"
_AUTHORITY = re.compile(r"[A-Za-z0-9]{1,64}")
_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

router = APIRouter()


def gateway_of(state: ServerState) -> Gateway:
    if state.gateway is None:
        state.gateway = make_gateway(state.settings, state.sessions)
    return state.gateway


def callback_url(request: Request) -> str:
    """``{public_url or the address this request used}/pay/callback``."""
    base = state_of(request).settings.public_url or str(request.base_url)
    return base.rstrip("/") + CALLBACK_PATH


# -- the API ------------------------------------------------------------------------------------


@router.get(f"{API_PREFIX}/plans", response_model=list[PlanOffer])
def list_plans(request: Request) -> list[PlanOffer]:
    with transaction(state_of(request).sessions) as session:
        return plans.offers(session)


@router.post(f"{API_PREFIX}/payments", response_model=PaymentInfo, status_code=201)
def start_payment(body: PaymentStart, request: Request, response: Response) -> PaymentInfo:
    state = state_of(request)
    gateway = gateway_of(state)
    ip = source_ip(request)

    def work(session: Session, now: datetime, device: Device) -> str:
        device.last_seen = now
        return service.create(session, device, body.plan, gateway.name, now, ip).public_id

    payment_id = as_device(request, response, "payment.start", work)
    payment = service.request_payment(
        state.sessions, gateway, payment_id, callback_url(request), clock()
    )
    return service.payment_info(payment)


@router.get(f"{API_PREFIX}/payments", response_model=list[PaymentInfo])
def list_payments(request: Request, response: Response) -> list[PaymentInfo]:
    def work(session: Session, _now: datetime, device: Device) -> list[PaymentInfo]:
        return [service.payment_info(p) for p in service.payments_of(session, device.licence_id)]

    return as_device(request, response, "payment.list", work)


@router.get(f"{API_PREFIX}/payments/{{payment_id}}", response_model=PaymentInfo)
def show_payment(payment_id: str, request: Request, response: Response) -> PaymentInfo:
    """A pending payment is verified here too (at most every few seconds): the app polling
    sees the outcome even if the browser never came back to the callback."""
    state = state_of(request)

    def work(session: Session, now: datetime, device: Device) -> tuple[PaymentInfo, bool]:
        if len(payment_id) > 64:
            raise PaymentNotFound(payment=payment_id[:64])
        payment = service.find(session, payment_id, licence_id=device.licence_id)
        return service.payment_info(payment), service.wants_nudge(payment, now)

    info, nudge = as_device(request, response, "payment.show", work)
    if nudge:
        payment = service.verify_and_apply(
            state.sessions,
            gateway_of(state),
            info.payment_id,
            clock(),
            trigger=service.Trigger.POLL,
            source_ip=source_ip(request),
        )
        info = service.payment_info(payment)
    return info


# -- the browser's return from the gateway ------------------------------------------------------


@router.get(CALLBACK_PATH, response_class=HTMLResponse)
def payment_callback(
    request: Request,
    authority: Annotated[str, Query(alias="Authority")] = "",
    status: Annotated[str, Query(alias="Status")] = "",
) -> HTMLResponse:
    """Zarinpal's guidance: ``Status`` is a hint; only ``verify`` says whether it was paid."""
    state = state_of(request)
    if not _AUTHORITY.fullmatch(authority):
        return _page(NOT_FOUND_PAGE, status_code=404)
    trigger = service.Trigger.CALLBACK_OK if status == "OK" else service.Trigger.CALLBACK_NOK
    try:
        payment = service.verify_and_apply(
            state.sessions,
            gateway_of(state),
            authority,
            clock(),
            trigger=trigger,
            source_ip=source_ip(request),
        )
    except PaymentNotFound:
        return _page(NOT_FOUND_PAGE, status_code=404)
    plan = service.loaded_plan(payment)
    if plan is None:
        with transaction(state.sessions) as session:
            plan = session.get(Plan, payment.plan_id)
    names = (plan.name_fa, plan.name_en) if plan else (payment.plan_code, payment.plan_code)
    return _page(result_page(payment, *names))


# -- the sandbox gateway's pages ----------------------------------------------------------------


def _sandbox(request: Request) -> SandboxGateway:
    gateway = gateway_of(state_of(request))
    if not isinstance(gateway, SandboxGateway):
        raise NotFound(what="This address")
    return gateway


@router.get("/sandbox/pay/{authority}", response_class=HTMLResponse)
def sandbox_pay_page(authority: str, request: Request) -> HTMLResponse:
    view = _sandbox(request).view(authority) if _AUTHORITY.fullmatch(authority) else None
    if view is None:
        return _page(NOT_FOUND_PAGE, status_code=404)
    if view.state != "waiting":
        body = SANDBOX_DONE.format(state=html.escape(view.state))
    else:
        body = SANDBOX_PAGE.format(
            fa_amount=format_tomans(view.amount_tomans, Lang.FA),
            en_amount=format_tomans(view.amount_tomans, Lang.EN),
            description=html.escape(view.description),
            action=html.escape(f"/sandbox/pay/{view.authority}"),
        )
    return _page(body)


@router.post("/sandbox/pay/{authority}")
async def sandbox_pay_choice(authority: str, request: Request) -> Response:
    gateway = _sandbox(request)
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    choice = form.get("choice", [""])[0]
    if choice not in ("pay", "cancel") or not _AUTHORITY.fullmatch(authority):
        return _page(NOT_FOUND_PAGE, status_code=404)
    target = await run_in_threadpool(gateway.choose, authority, pay=choice == "pay")
    if target is None:
        return _page(NOT_FOUND_PAGE, status_code=404)
    return RedirectResponse(target, status_code=303, headers=_NO_STORE)


# -- pages --------------------------------------------------------------------------------------

_SHELL = """<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>ClubDesk</title>
<style>
body {{ font-family: Vazirmatn, Tahoma, sans-serif; max-width: 34rem; margin: 2rem auto;
  padding: 0 1rem; line-height: 1.8; color: #222; }}
section {{ border: 1px solid #ddd; border-radius: .5rem; padding: .5rem 1.25rem;
  margin: 1rem 0; }}
.en {{ direction: ltr; text-align: left; }}
.ok {{ border-color: #2e7d32; }} .bad {{ border-color: #c62828; }}
button {{ font: inherit; padding: .4rem 1.4rem; margin: .25rem; }}
</style></head><body>
{body}
</body></html>
"""

NOT_FOUND_PAGE = """<section class="bad"><h1>پرداخت پیدا نشد</h1>
<p>این پرداخت در ClubDesk ثبت نشده است. از برنامه دوباره پرداخت را شروع کنید.</p></section>
<section class="en bad" lang="en" dir="ltr"><h1>Payment not found</h1>
<p>ClubDesk has no record of this payment. Start the payment again from the app.</p></section>
"""

_PAID = """<section class="ok"><h1>پرداخت موفق بود</h1>
<p>اشتراک «{name_fa}» تمدید شد و تا <b>{until_fa}</b> اعتبار دارد.</p>
<p>شماره پیگیری بانک: {ref_fa}</p>
<p>به برنامه برگردید؛ قفل آن خودبه‌خود باز می‌شود.</p></section>
<section class="en ok" lang="en" dir="ltr"><h1>Payment successful</h1>
<p>Your “{name_en}” plan is renewed and valid until <b>{until_en}</b>.</p>
<p>Bank reference: {ref_en}</p>
<p>Go back to the app; it unlocks by itself.</p></section>
"""

_NOT_PAID = """<section class="bad"><h1>{title_fa}</h1>
<p>پرداخت «{name_fa}» ({amount_fa}) انجام نشد و اشتراک شما تغییری نکرد.</p>
<p>اگر مبلغی از حساب شما کم شده است، بانک آن را ظرف ۷۲ ساعت به حساب شما برمی‌گرداند. اگر تا آن
زمان برنگشت، از بخش پشتیبانی برنامه یک تیکت پرداخت بفرستید.</p></section>
<section class="en bad" lang="en" dir="ltr"><h1>{title_en}</h1>
<p>The payment for “{name_en}” ({amount_en}) was not completed; your plan is unchanged.</p>
<p>If money was taken from your account, the bank returns it within 72 hours. If it has not
come back by then, send a payment ticket from the app's support window.</p></section>
"""

_PENDING = """<section><h1>در حال بررسی پرداخت</h1>
<p>نتیجه پرداخت «{name_fa}» ({amount_fa}) هنوز از بانک به دست ما نرسیده است. به برنامه برگردید؛
به محض تأیید، اشتراک تمدید می‌شود. اگر پرداخت تأیید نشود و مبلغی کم شده باشد، بانک آن را ظرف
۷۲ ساعت برمی‌گرداند.</p></section>
<section class="en" lang="en" dir="ltr"><h1>Checking the payment</h1>
<p>We have not yet heard from the bank about the payment for “{name_en}” ({amount_en}). Go back
to the app: the plan is renewed as soon as the payment is confirmed. If it is not confirmed and
money was taken, the bank returns it within 72 hours.</p></section>
"""

_MISMATCH = """<section class="bad"><h1>پرداخت نیاز به بررسی دارد</h1>
<p>مبلغی که بانک گزارش داد با مبلغ «{name_fa}» ({amount_fa}) یکی نیست؛ پشتیبانی آن را بررسی
می‌کند. اگر مبلغی کم شده و ظرف ۷۲ ساعت برنگشت، از برنامه یک تیکت پرداخت بفرستید.</p></section>
<section class="en bad" lang="en" dir="ltr"><h1>The payment needs checking</h1>
<p>The bank reported another amount than the price of “{name_en}” ({amount_en}); support will
check it. If money was taken and is not back within 72 hours, send a payment ticket from the
app.</p></section>
"""

SANDBOX_PAGE = """<section><h1>درگاه آزمایشی (sandbox)</h1>
<p>{description}</p><p>مبلغ: <b>{fa_amount}</b></p>
<p>این یک درگاه نمایشی است و هیچ پولی جابه‌جا نمی‌شود.</p></section>
<section class="en" lang="en" dir="ltr"><h1>Sandbox gateway</h1>
<p>Amount: <b>{en_amount}</b></p><p>A demo gateway: no money moves.</p></section>
<form method="post" action="{action}">
<button type="submit" name="choice" value="pay">پرداخت / Pay</button>
<button type="submit" name="choice" value="cancel">انصراف / Cancel</button>
</form>
"""

SANDBOX_DONE = """<section><h1>این پرداخت قبلاً انجام شده است</h1><p>{state}</p></section>
<section class="en" lang="en" dir="ltr"><h1>This payment is already done</h1>
<p>{state}</p></section>
"""


def _page(body: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(_SHELL.format(body=body), status_code=status_code, headers=_NO_STORE)


def result_page(payment: Payment, name_fa: str, name_en: str) -> str:
    """What the payer sees on coming back: no secrets, no member data."""
    values = {
        "name_fa": html.escape(name_fa),
        "name_en": html.escape(name_en),
        "amount_fa": format_tomans(payment.amount, Lang.FA),
        "amount_en": format_tomans(payment.amount, Lang.EN),
    }
    if payment.state == "applied" and payment.paid_until_after is not None:
        ref = html.escape(payment.ref_id or "-")
        return _PAID.format(
            until_fa=format_datetime(payment.paid_until_after, Lang.FA),
            until_en=format_datetime(payment.paid_until_after, Lang.EN),
            ref_fa=ref,
            ref_en=ref,
            **values,
        )
    if payment.state in ("pending", "paid"):
        return _PENDING.format(**values)
    if payment.state == "amount_mismatch":
        return _MISMATCH.format(**values)
    if payment.state == "cancelled":
        titles = {"title_fa": "پرداخت لغو شد", "title_en": "Payment cancelled"}
    else:
        titles = {"title_fa": "پرداخت انجام نشد", "title_en": "Payment not completed"}
    return _NOT_PAID.format(**titles, **values)
