"""Support tickets for shops (``/v1/tickets``, bearer token), and the support team's admin pages
(``/admin``, the admin token).

The admin pages are plain server-rendered HTML. Signing in compares the typed token with
``settings.admin_token`` (``secrets.compare_digest``) and sets an HttpOnly, SameSite=Strict
cookie holding an HMAC keyed by the token, never the token itself: changing the token signs
everyone out. Every POST carries a CSRF field derived from that cookie. With no admin token
configured the pages do not exist (404 with a message saying which variable to set). Failed
sign-ins spend the same per-address allowance as unknown licence keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, TypeVar
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from clubdesk.protocol import API_PREFIX, TicketInfo, TicketReply, TicketStart
from clubdesk_server import admin_pages, alerts, licensing, support
from clubdesk_server.api.common import as_device, audit_failure, audited, source_ip, state_of
from clubdesk_server.clock import clock
from clubdesk_server.errors import AdminTokenInvalid, ServerError
from clubdesk_server.models import Device
from clubdesk_server.sms.health import sms_alert

log = logging.getLogger(__name__)
T = TypeVar("T")

router = APIRouter()

# -- the shop's tickets ---------------------------------------------------------------------------


@router.post(f"{API_PREFIX}/tickets", response_model=TicketInfo, status_code=201)
def open_ticket(body: TicketStart, request: Request, response: Response) -> TicketInfo:
    def work(session: Session, now: datetime, device: Device) -> TicketInfo:
        return support.ticket_info(support.open_ticket(session, device, body, now))

    return as_device(request, response, "ticket.open", work)


@router.get(f"{API_PREFIX}/tickets", response_model=list[TicketInfo])
def list_tickets(request: Request, response: Response) -> list[TicketInfo]:
    """This business's tickets, the latest activity first; reading the list marks nothing."""

    def work(session: Session, _now: datetime, device: Device) -> list[TicketInfo]:
        tickets = support.shop_tickets(session, device.licence.business_id)
        return [support.ticket_info(t) for t in tickets]

    return as_device(request, response, "ticket.list", work)


@router.get(f"{API_PREFIX}/tickets/{{ticket_id}}", response_model=TicketInfo)
def get_ticket(ticket_id: str, request: Request, response: Response) -> TicketInfo:
    """One ticket; ``unread`` counts support's messages new to this fetch, which marks them read."""

    def work(session: Session, now: datetime, device: Device) -> TicketInfo:
        ticket = support.find_ticket(
            session, ticket_id, business_id=device.licence.business_id, lock=True
        )
        unread = support.mark_read(ticket, now)
        return support.ticket_info(ticket, unread=unread)

    return as_device(request, response, "ticket.get", work)


@router.post(f"{API_PREFIX}/tickets/{{ticket_id}}/messages", response_model=TicketInfo)
def reply_to_ticket(
    ticket_id: str, body: TicketReply, request: Request, response: Response
) -> TicketInfo:
    """The shop writes again; an answered or closed ticket is open again."""

    def work(session: Session, now: datetime, device: Device) -> TicketInfo:
        ticket = support.find_ticket(
            session, ticket_id, business_id=device.licence.business_id, lock=True
        )
        support.shop_reply(session, ticket, body.text, now)
        session.flush()
        return support.ticket_info(ticket)

    return as_device(request, response, "ticket.reply", work)


# -- the support team's pages: signing in ---------------------------------------------------------

COOKIE = "clubdesk_admin"
SESSION_SECONDS = 12 * 3600
CLOCK_SKEW_SECONDS = 60
MAX_FORM_BYTES = 64 * 1024
TOKEN_ENV = "CLUBDESK_SERVER_ADMIN_TOKEN"
_SESSION_LABEL = b"clubdesk-admin-session\x00"
_CSRF_LABEL = b"clubdesk-admin-csrf\x00"
# No script runs on these pages; forms post only here; no other site may frame them.
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _mac(token: str, label: bytes, message: str) -> str:
    return hmac.new(token.encode(), label + message.encode(), hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    """Constant-time equality of two strings (bytes, so any text can be compared)."""
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class AdminSession:
    """A signed-in member of the support team."""

    name: str
    csrf: str

    @property
    def actor(self) -> str:
        return f"admin:{self.name}"


def session_cookie(token: str, name: str, issued: datetime) -> str:
    """``<issued>.<name, base64url>.<HMAC-SHA256 keyed by the admin token>``."""
    encoded = base64.urlsafe_b64encode(name.encode()).decode().rstrip("=")
    payload = f"{int(issued.timestamp())}.{encoded}"
    return f"{payload}.{_mac(token, _SESSION_LABEL, payload)}"


def csrf_for(token: str, cookie: str) -> str:
    return _mac(token, _CSRF_LABEL, cookie)


def read_session(token: str, cookie: str | None, now: datetime) -> AdminSession | None:
    """The session a cookie proves, or None (forged, made with another token, or too old)."""
    parts = (cookie or "").split(".")
    if len(parts) != 3:
        return None
    issued, encoded, mac = parts
    if not _same(mac, _mac(token, _SESSION_LABEL, f"{issued}.{encoded}")):
        return None
    try:
        age = now.timestamp() - int(issued)
        name = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, binascii.Error):
        return None
    if not -CLOCK_SKEW_SECONDS <= age <= SESSION_SECONDS:
        return None
    return AdminSession(name=name, csrf=csrf_for(token, cookie or ""))


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status, headers=_SECURITY_HEADERS)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=_SECURITY_HEADERS)


def _pages_off() -> HTMLResponse:
    return _html(
        admin_pages.message_page(
            "Support pages are off",
            f"No admin token is configured: set {TOKEN_ENV} in the server's environment "
            "and restart it to use these pages.",
        ),
        404,
    )


async def form_fields(request: Request) -> dict[str, str]:
    """A posted form (application/x-www-form-urlencoded); anything else reads as empty."""
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return {}
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    try:
        parsed = parse_qs(
            body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=20
        )
    except ValueError:
        return {}
    return {key: values[0] for key, values in parsed.items()}


Form = Annotated[dict[str, str], Depends(form_fields)]


def _signed_in(request: Request, form: dict[str, str] | None = None) -> AdminSession | Response:
    """The signed-in operator, or the page to answer instead (off, sign in, refused)."""
    token = state_of(request).settings.admin_token
    if not token:
        return _pages_off()
    who = read_session(token, request.cookies.get(COOKIE), clock())
    if who is None:
        if request.method == "GET":
            return _see("/admin/login")
        page = admin_pages.message_page(
            "Sign in again",
            "Your sign-in is missing or has expired.",
            link=("/admin/login", "Sign in"),
        )
        return _html(page, 401)
    if form is not None and not _same(form.get(admin_pages.CSRF_FIELD, ""), who.csrf):
        _audit_refusal(request, who.actor, "admin.page", "CSRF_INVALID")
        page = admin_pages.message_page(
            "Form refused",
            "This form did not come from the support pages (its CSRF field is missing or "
            "wrong). Reload the page and try again.",
        )
        return _html(page, 403)
    return who


def _audit_refusal(request: Request, actor: str, action: str, code: str) -> None:
    now = clock()
    audit_failure(
        state_of(request), source_ip(request), action, now, licensing.Touched(), actor, code
    )


def _as_admin(
    request: Request,
    who: AdminSession,
    action: str,
    work: Callable[[Session, datetime, licensing.Touched], T],
    **details: object,
) -> T:
    """Run ``work`` in one transaction, audited with the operator's name, like ``Admin._run``."""
    return audited(request, action, work, actor=who.actor, **details)


def _page(
    request: Request,
    who: AdminSession,
    action: str,
    work: Callable[[Session, datetime, licensing.Touched], str],
    **details: object,
) -> Response:
    try:
        return _html(_as_admin(request, who, action, work, **details))
    except ServerError as exc:
        page = admin_pages.message_page(
            exc.title, exc.render(), link=("/admin/tickets", "Back to the tickets")
        )
        return _html(page, exc.status)


def _act(
    request: Request,
    who: AdminSession,
    action: str,
    ticket_id: str,
    work: Callable[[Session, datetime, licensing.Touched], object],
) -> Response:
    """A POST that changes a ticket, then back to the ticket's page (post/redirect/get)."""
    try:
        _as_admin(request, who, action, work, ticket=ticket_id[:40])
    except ServerError as exc:
        page = admin_pages.message_page(
            exc.title, exc.render(), link=(admin_pages.ticket_url(ticket_id), "Back to the ticket")
        )
        return _html(page, exc.status)
    return _see(admin_pages.ticket_url(ticket_id))


@router.get("/admin", include_in_schema=False)
def admin_home(request: Request) -> Response:
    if not state_of(request).settings.admin_token:
        return _pages_off()
    return _see("/admin/tickets")


@router.get("/admin/login", include_in_schema=False)
def login_form(request: Request) -> Response:
    if not state_of(request).settings.admin_token:
        return _pages_off()
    return _html(admin_pages.login_page())


@router.post("/admin/login", include_in_schema=False)
def login(request: Request, form: Form) -> Response:
    state = state_of(request)
    token = state.settings.admin_token
    if not token:
        return _pages_off()
    ip = source_ip(request) or "unknown"
    wait = state.failed_key_limiter.check(ip)
    if wait is not None:
        log.warning("admin sign-in rate limited: %s, retry after %d s", ip, wait)
        page = admin_pages.login_page(error=f"Too many failed attempts: wait {wait} seconds.")
        response = _html(page, 429)
        response.headers["Retry-After"] = str(wait)
        return response
    typed_name = form.get("name", "")
    if not _same(form.get("token", ""), token):
        state.failed_key_limiter.take(ip)
        _audit_refusal(request, "anonymous", "admin.login", AdminTokenInvalid.code)
        page = admin_pages.login_page(error=AdminTokenInvalid().render(), name=typed_name)
        return _html(page, 401)
    try:
        name = support.support_name(typed_name)
    except ServerError as exc:
        return _html(admin_pages.login_page(error=exc.render(), name=typed_name), exc.status)
    now = clock()
    cookie = session_cookie(token, name, now)
    _as_admin(request, AdminSession(name, ""), "admin.login", lambda *_: None)
    response = _see("/admin/tickets")
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=SESSION_SECONDS,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/admin/logout", include_in_schema=False)
def logout(request: Request, form: Form) -> Response:
    who = _signed_in(request, form)
    if isinstance(who, Response):
        return who
    response = _see("/admin/login")
    response.delete_cookie(COOKIE, path="/admin", httponly=True, samesite="strict")
    return response


# -- the support team's pages: tickets and the communications log ------------------------------


@router.get("/admin/tickets", include_in_schema=False)
def tickets_page(request: Request, state: str = "open") -> Response:
    who = _signed_in(request)
    if isinstance(who, Response):
        return who
    if state not in admin_pages.STATE_FILTERS:
        state = "open"

    def work(session: Session, now: datetime, _touched: licensing.Touched) -> str:
        found = support.admin_tickets(session, None if state == "all" else state)
        alert = sms_alert(session)
        others = alerts.current(session, state_of(request).settings, now, kinds=alerts.NOT_SMS)
        return admin_pages.tickets_page(
            found,
            state,
            who=who.name,
            csrf=who.csrf,
            sms_alert=alert.to_json() if alert is not None else None,
            alerts=[a.to_json() for a in others],
        )

    return _page(request, who, "admin.tickets", work, state=state)


@router.get("/admin/tickets/{ticket_id}", include_in_schema=False)
def ticket_page(ticket_id: str, request: Request) -> Response:
    who = _signed_in(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, _now: datetime, touched: licensing.Touched) -> str:
        ticket = support.admin_ticket(session, ticket_id, touched)
        return admin_pages.ticket_page(ticket, who=who.name, csrf=who.csrf)

    return _page(request, who, "admin.ticket", work, ticket=ticket_id[:40])


@router.post("/admin/tickets/{ticket_id}/reply", include_in_schema=False)
def reply_page(ticket_id: str, request: Request, form: Form) -> Response:
    who = _signed_in(request, form)
    if isinstance(who, Response):
        return who
    text = form.get("text", "")
    return _act(
        request,
        who,
        "admin.reply",
        ticket_id,
        lambda session, now, touched: support.admin_reply(
            session, now, touched, ticket_id, text, who.name
        ),
    )


@router.post("/admin/tickets/{ticket_id}/close", include_in_schema=False)
def close_page(ticket_id: str, request: Request, form: Form) -> Response:
    who = _signed_in(request, form)
    if isinstance(who, Response):
        return who
    return _act(
        request,
        who,
        "admin.close_ticket",
        ticket_id,
        lambda session, now, touched: support.admin_close(session, now, touched, ticket_id),
    )


@router.post("/admin/tickets/{ticket_id}/approve-delist", include_in_schema=False)
def approve_delist_page(ticket_id: str, request: Request, form: Form) -> Response:
    who = _signed_in(request, form)
    if isinstance(who, Response):
        return who
    return _act(
        request,
        who,
        "admin.approve_delist",
        ticket_id,
        lambda session, now, touched: support.admin_approve_delist(
            session, now, touched, ticket_id, who.name
        ),
    )


@router.get("/admin/businesses/{business_id}/communications", include_in_schema=False)
def communications_page(business_id: str, request: Request) -> Response:
    who = _signed_in(request)
    if isinstance(who, Response):
        return who

    def work(session: Session, _now: datetime, _touched: licensing.Touched) -> str:
        business = support.business_by_public_id(session, business_id)
        log_ = support.admin_communications(session, business)
        return admin_pages.communications_page(log_, who=who.name, csrf=who.csrf)

    return _page(request, who, "admin.communications", work, business=business_id[:40])
