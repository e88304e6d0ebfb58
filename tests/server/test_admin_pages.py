"""The support team's admin pages over real HTTP: the admin token, the cookie, CSRF, escaping."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from server_api import Api
from sqlalchemy import select

from clubdesk.protocol import TicketInfo
from clubdesk_server.db import transaction
from clubdesk_server.models import AuditEntry
from licence_server import RunningServer

TOKEN = "admin-" + secrets.token_urlsafe(24)


@pytest.fixture
def admin_server(make_server: Callable[..., RunningServer]) -> RunningServer:
    """A server on the session's database with the admin token configured."""
    return make_server(admin_token=TOKEN)


@pytest.fixture
def browser() -> Iterator[requests.Session]:
    session = requests.Session()
    yield session
    session.close()


def shop_ticket(server: RunningServer, subject: str, text: str, **body: Any) -> tuple[str, str]:
    """A new business opens a ticket through the API: (bearer token, ticket id)."""
    api = Api(server.url)
    try:
        record = server.create_licence_full(**body.pop("licence", {}))
        activation = api.activate(record["licence_key"], fingerprint="fp-" + secrets.token_hex(16))
        token = activation.json()["token"]
        response = api.open_ticket(token, subject, text, **body)
        assert response.status_code == 201, response.text
        return token, response.json()["ticket_id"]
    finally:
        api.http.close()


def sign_in(browser: requests.Session, server: RunningServer, name: str = "Sara") -> None:
    response = browser.post(
        f"{server.url}/admin/login",
        data={"name": name, "token": TOKEN},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/admin/tickets"
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
    assert TOKEN not in cookie  # an HMAC of the token, never the token


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert match, page
    return match.group(1)


def page(browser: requests.Session, url: str, status: int = 200) -> str:
    response = browser.get(url, timeout=30)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    return response.text


def test_without_an_admin_token_the_pages_are_off(
    server: RunningServer, browser: requests.Session
) -> None:
    assert server.settings.admin_token is None
    for method, path in (
        ("GET", "/admin"),
        ("GET", "/admin/login"),
        ("POST", "/admin/login"),
        ("GET", "/admin/tickets"),
    ):
        response = browser.request(method, f"{server.url}{path}", data={"token": ""}, timeout=30)
        assert response.status_code == 404, path
        assert "set CLUBDESK_SERVER_ADMIN_TOKEN" in response.text
    _, ticket_id = shop_ticket(server, "s", "t")
    response = browser.get(f"{server.url}/admin/tickets/{ticket_id}", timeout=30)
    assert response.status_code == 404
    assert "t</div>" not in response.text


def test_a_wrong_token_gets_401_and_no_cookie(
    admin_server: RunningServer, browser: requests.Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    wrong = "not-" + TOKEN
    response = browser.post(
        f"{admin_server.url}/admin/login", data={"name": "Eve", "token": wrong}, timeout=30
    )
    assert response.status_code == 401
    assert "admin token" in response.text
    assert "set-cookie" not in response.headers
    assert not browser.cookies
    # Not signed in: pages send to the sign-in form; a POST is refused outright.
    response = browser.get(f"{admin_server.url}/admin/tickets", allow_redirects=False, timeout=30)
    assert (response.status_code, response.headers["location"]) == (303, "/admin/login")
    assert 'type="password"' in page(browser, f"{admin_server.url}/admin/tickets")
    response = browser.post(f"{admin_server.url}/admin/logout", data={"csrf": "0"}, timeout=30)
    assert response.status_code == 401
    # A forged cookie is no better.
    browser.cookies.set("clubdesk_admin", "1.U2FyYQ.00", path="/admin")
    response = browser.get(f"{admin_server.url}/admin/tickets", allow_redirects=False, timeout=30)
    assert response.status_code == 303

    with transaction(admin_server.admin.sessions) as session:
        refused = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "admin.login", AuditEntry.outcome == "ADMIN_TOKEN_INVALID"
            )
        ).all()
    assert refused
    assert all(wrong not in str(row.details) and TOKEN not in str(row.details) for row in refused)
    sign_in(browser, admin_server)
    assert "POST /admin/login" in caplog.text  # the server's logs were captured ...
    assert wrong not in caplog.text  # ... and hold neither token
    assert TOKEN not in caplog.text


def test_sign_in_list_reply_and_the_shop_sees_it(
    admin_server: RunningServer, browser: requests.Session
) -> None:
    shop_token, ticket_id = shop_ticket(admin_server, "چاپگر رسید", "چاپ نمی‌شود")
    sign_in(browser, admin_server, name="Sara")

    listing = page(browser, f"{admin_server.url}/admin/tickets")
    assert f'href="/admin/tickets/{ticket_id}"' in listing
    assert "چاپگر رسید" in listing
    assert 'dir="auto"' in listing
    conversation = page(browser, f"{admin_server.url}/admin/tickets/{ticket_id}")
    assert "چاپ نمی‌شود" in conversation
    assert f'action="/admin/tickets/{ticket_id}/reply"' in conversation

    response = browser.post(
        f"{admin_server.url}/admin/tickets/{ticket_id}/reply",
        data={"csrf": csrf_of(conversation), "text": "کاغذ را عوض کنید.\nسارا"},
        timeout=30,
    )
    assert response.status_code == 200  # followed the 303 back to the ticket
    assert response.url.endswith(f"/admin/tickets/{ticket_id}")
    assert "کاغذ را عوض کنید." in response.text
    assert "support:Sara" in response.text
    assert "unread by the shop" in response.text

    seen = Api(admin_server.url)
    try:
        info = TicketInfo.model_validate(seen.ticket(shop_token, ticket_id).json())
    finally:
        seen.http.close()
    assert (info.state, info.unread) == ("answered", 1)
    assert (info.messages[-1].author, info.messages[-1].text) == (
        "support",
        "کاغذ را عوض کنید.\nسارا",
    )
    answered = page(browser, f"{admin_server.url}/admin/tickets?state=answered")
    assert ticket_id in answered
    assert ticket_id not in page(browser, f"{admin_server.url}/admin/tickets?state=open")

    with transaction(admin_server.admin.sessions) as session:
        actors = session.scalars(
            select(AuditEntry.actor).where(
                AuditEntry.action == "admin.reply", AuditEntry.actor == "admin:Sara"
            )
        ).all()
    assert actors


def test_a_post_without_the_csrf_field_is_refused(
    admin_server: RunningServer, browser: requests.Session
) -> None:
    _, ticket_id = shop_ticket(admin_server, "s", "t")
    sign_in(browser, admin_server)
    url = f"{admin_server.url}/admin/tickets/{ticket_id}"
    for data in ({"text": "forged"}, {"text": "forged", "csrf": "0" * 64}):
        response = browser.post(f"{url}/reply", data=data, timeout=30)
        assert response.status_code == 403
        assert "CSRF" in response.text
    response = browser.post(f"{url}/close", data={}, timeout=30)
    assert response.status_code == 403
    assert admin_server.admin.ticket(ticket_id)["state"] == "open"
    assert "forged" not in page(browser, url)
    # A form from another sign-in (another cookie) does not fit this one either.
    other = requests.Session()
    try:
        sign_in(other, admin_server, name="Other")
        their_csrf = csrf_of(page(other, url))
    finally:
        other.close()
    assert browser.post(f"{url}/close", data={"csrf": their_csrf}, timeout=30).status_code == 403


def test_subjects_and_messages_are_escaped(
    admin_server: RunningServer, browser: requests.Session
) -> None:
    script = "<script>alert(1)</script>"
    attack = '"><img src=x onerror=alert(2)>'
    _, ticket_id = shop_ticket(admin_server, script, attack)
    sign_in(browser, admin_server)
    for html in (
        page(browser, f"{admin_server.url}/admin/tickets"),
        page(browser, f"{admin_server.url}/admin/tickets/{ticket_id}"),
    ):
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page(
        browser, f"{admin_server.url}/admin/tickets/{ticket_id}"
    )


def test_approve_delisting_close_and_the_communications_log(
    admin_server: RunningServer, browser: requests.Session
) -> None:
    _, ticket_id = shop_ticket(
        admin_server, "حذف نام", "ما را حذف کنید", kind="delist", licence={"listed_publicly": True}
    )
    _, general = shop_ticket(admin_server, "سؤال", "متن")
    sign_in(browser, admin_server, name="Reza")
    url = f"{admin_server.url}/admin/tickets/{ticket_id}"
    conversation = page(browser, url)
    assert f'action="/admin/tickets/{ticket_id}/approve-delist"' in conversation
    assert "approve-delist" not in page(browser, f"{admin_server.url}/admin/tickets/{general}")

    response = browser.post(
        f"{url}/approve-delist", data={"csrf": csrf_of(conversation)}, timeout=30
    )
    assert response.status_code == 200
    assert "Resolved" in response.text
    assert "not listed publicly" in response.text
    assert "approve-delist" not in response.text
    shown = admin_server.admin.ticket(ticket_id)
    assert shown["business"]["listed_publicly"] is False
    assert shown["messages"][-1]["author"] == "support:Reza"

    link = re.search(r'href="(/admin/businesses/[^"]+/communications)"', response.text)
    assert link
    log = page(browser, f"{admin_server.url}{link.group(1)}")
    assert "حذف نام: ما را حذف کنید" in log
    assert "حذف نام: نام کسب‌وکار شما" in log
    assert log.index("حذف نام: نام کسب‌وکار شما") < log.index("حذف نام: ما را حذف کنید")

    general_url = f"{admin_server.url}/admin/tickets/{general}"
    response = browser.post(
        f"{general_url}/close", data={"csrf": csrf_of(page(browser, general_url))}, timeout=30
    )
    assert response.status_code == 200
    assert admin_server.admin.ticket(general)["state"] == "closed"

    missing = browser.get(
        f"{admin_server.url}/admin/tickets/01900000-0000-7000-8000-000000000000", timeout=30
    )
    assert missing.status_code == 404
    assert "Ticket not found" in missing.text

    response = browser.post(
        f"{admin_server.url}/admin/logout", data={"csrf": csrf_of(log)}, timeout=30
    )
    assert 'type="password"' in response.text
    response = browser.get(f"{admin_server.url}/admin/tickets", allow_redirects=False, timeout=30)
    assert response.status_code == 303
