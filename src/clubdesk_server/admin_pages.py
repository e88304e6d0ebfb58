"""The support team's pages, rendered on the server as plain HTML (no JavaScript at all).

Everything that comes from a shop or the database goes through ``html.escape``; user text sits
in ``dir="auto"`` elements so Persian reads right to left inside the English frame. The pages
take the same dicts the admin CLI prints (``clubdesk_server.support.ticket_json`` ...), so the
two never disagree. Every form that changes something carries the CSRF field ``csrf``.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from clubdesk_server.support import jalali_time

CSRF_FIELD = "csrf"
STATE_FILTERS = ("open", "answered", "closed", "all")

_STYLE = """
body { font-family: Vazirmatn, Tahoma, "Segoe UI", sans-serif; margin: 0; color: #1d232a; }
header { background: #24476b; color: #fff; padding: .6em 1em; display: flex; gap: 1em;
  align-items: center; flex-wrap: wrap; }
header a { color: #fff; }
header form { margin-inline-start: auto; }
main { padding: 1em; max-width: 60em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d5dbe1; padding: .35em .5em; text-align: start;
  vertical-align: top; }
.msg { border: 1px solid #d5dbe1; border-radius: 6px; padding: .6em .8em; margin: .6em 0; }
.msg.support { background: #eef5ff; }
.msg .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { color: #5b6670; font-size: .9em; }
.actions { display: flex; gap: .6em; flex-wrap: wrap; margin: 1em 0; }
textarea { width: 100%; min-height: 8em; box-sizing: border-box; font: inherit; }
.error { color: #a3161a; }
.alert { background: #fdecea; border: 1px solid #a3161a; border-radius: 6px; padding: .6em .8em; }
"""


def e(value: object) -> str:
    """Escaped text for an element or an attribute (quotes too)."""
    return escape("" if value is None else str(value), quote=True)


def when(iso: str | None) -> str:
    """A stored UTC time as Tehran's Jalali date and time; the exact instant in the tooltip."""
    if not iso:
        return "-"
    shown = jalali_time(datetime.fromisoformat(iso))
    return f'<time datetime="{e(iso)}" title="{e(iso)}">{e(shown)}</time>'


def ticket_url(ticket_id: str, action: str = "") -> str:
    return f"/admin/tickets/{quote(ticket_id, safe='')}" + (f"/{action}" if action else "")


def communications_url(business_id: str) -> str:
    return f"/admin/businesses/{quote(business_id, safe='')}/communications"


def _csrf_input(csrf: str) -> str:
    return f'<input type="hidden" name="{CSRF_FIELD}" value="{e(csrf)}">'


def _button_form(action: str, label: str, csrf: str) -> str:
    return (
        f'<form method="post" action="{e(action)}">{_csrf_input(csrf)}'
        f'<button type="submit">{e(label)}</button></form>'
    )


def document(title: str, body: str, *, who: str | None = None, csrf: str | None = None) -> str:
    """A whole page; signed-in pages get the navigation and a sign-out button."""
    nav = ""
    if who is not None and csrf is not None:
        links = " ".join(
            f'<a href="/admin/tickets?state={state}">{state.capitalize()}</a>'
            for state in STATE_FILTERS
        )
        nav = f"<nav>{links}</nav><span>{e(who)}</span>" + _button_form(
            "/admin/logout", "Sign out", csrf
        )
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{e(title)} · ClubDesk support</title><style>{_STYLE}</style></head>"
        f"<body><header><strong>ClubDesk support</strong>{nav}</header>"
        f'<main><h1 dir="auto">{e(title)}</h1>{body}</main></body></html>\n'
    )


def message_page(title: str, message: str, *, link: tuple[str, str] | None = None) -> str:
    """An error or notice, e.g. "the admin pages are off" or "ticket not found"."""
    extra = f'<p><a href="{e(link[0])}">{e(link[1])}</a></p>' if link else ""
    return document(title, f'<p class="error">{e(message)}</p>{extra}')


def login_page(*, error: str | None = None, name: str = "") -> str:
    problem = f'<p class="error">{e(error)}</p>' if error else ""
    body = (
        f"{problem}"
        '<form method="post" action="/admin/login">'
        "<p><label>Your name (signs your replies)<br>"
        f'<input name="name" value="{e(name)}" maxlength="60" autocomplete="username"></label></p>'
        "<p><label>Admin token<br>"
        '<input name="token" type="password" required autocomplete="current-password">'
        "</label></p>"
        '<p><button type="submit">Sign in</button></p></form>'
    )
    return document("Sign in", body)


def _waiting(ticket: dict[str, Any]) -> bool:
    """The shop wrote last and the ticket is not closed: it waits for an answer."""
    return bool(ticket["last_from"] == "shop" and ticket["state"] != "closed")


def sms_alert_banner(alert: dict[str, Any] | None) -> str:
    """The SMS alert (``clubdesk_server.sms.health``) at the top of the queue: support is who
    looks at these pages every day, and owners who get no SMS end up writing to them."""
    if not alert:
        return ""
    return (
        f'<p class="alert" role="alert"><strong>SMS alert:</strong> {e(alert["headline"])} '
        f'<span class="meta">(latest {when(alert["latest"])}; {e(alert["message"])})</span></p>'
    )


ALERT_TITLES = {
    "gateway": "Payment gateway",
    "job_failed": "Job failed",
    "job_stale": "Job not running",
    "key_sharing": "Possible key sharing",
}


def alerts_banner(alerts: list[dict[str, Any]] | None) -> str:
    """The other alerts (``clubdesk_server.alerts``), each with what to do, under the SMS one."""
    return "".join(
        f'<p class="alert" role="alert"><strong>{e(ALERT_TITLES.get(a["kind"], a["kind"]))}:'
        f'</strong> <span dir="auto">{e(a["detail"])}</span> <span class="meta">(since '
        f"{when(a['since'])}, {e(a['count'])}x)</span><br>What to do: {e(a['action'])}</p>"
        for a in alerts or []
    )


def tickets_page(
    tickets: list[dict[str, Any]],
    state: str,
    *,
    who: str,
    csrf: str,
    sms_alert: dict[str, Any] | None = None,
    alerts: list[dict[str, Any]] | None = None,
) -> str:
    """Support's queue: the latest activity first, under the alerts if there are any."""
    if not tickets:
        table = "<p>No tickets here.</p>"
    else:
        rows = "".join(
            "<tr>"
            f"<td>{when(t['updated_at'])}</td>"
            f"<td>{e(t['state'])}{' ⏳' if _waiting(t) else ''}</td>"
            f"<td>{e(t['kind'])}</td>"
            f'<td dir="auto">{e(t["business"]["name"])}</td>'
            f'<td dir="auto"><a href="{e(ticket_url(t["ticket_id"]))}">{e(t["subject"])}</a></td>'
            f"<td>{e(t['message_count'])}</td>"
            "</tr>"
            for t in tickets
        )
        table = (
            "<table><thead><tr><th>Last activity</th><th>State</th><th>Kind</th>"
            "<th>Business</th><th>Subject</th><th>Messages</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            '<p class="meta">⏳ the shop wrote last: it waits for an answer.</p>'
        )
    title = "All tickets" if state == "all" else f"{state.capitalize()} tickets"
    banners = sms_alert_banner(sms_alert) + alerts_banner(alerts)
    return document(title, banners + table, who=who, csrf=csrf)


def _payment_table(payment: dict[str, Any], caption: str) -> str:
    rows = [
        ("Amount", f"{payment.get('amount_tomans', 0):,} tomans"),
        ("Time (Tehran)", f"{payment.get('at_jalali', '')} ({payment.get('created_at', '')})"),
        ("Authority", payment.get("authority") or "-"),
        ("Bank reference", payment.get("ref_id") or "-"),
        ("Card", payment.get("card_pan") or "-"),
        ("State", payment.get("state") or "-"),
        ("Plan", payment.get("plan") or "-"),
        ("Payment id", payment.get("payment_id") or "-"),
    ]
    cells = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    return f"<h2>{e(caption)}</h2><table>{cells}</table>"


def ticket_page(ticket: dict[str, Any], *, who: str, csrf: str) -> str:
    """The conversation, the reply form, and the close / approve-delisting buttons."""
    business = ticket["business"]
    licence = ticket["licence"]
    facts = (
        f'<p class="meta">{e(ticket["kind"])} · {e(ticket["state"])} · opened '
        f'{when(ticket["created_at"])} · <span dir="auto">{e(business["name"])}</span> · '
        f"{e(business['mobile'])} · {'listed' if business['listed_publicly'] else 'not listed'}"
        " publicly"
        + (f" · licence {e(licence['key_prefix'])}…" if licence else "")
        + f' · <a href="{e(communications_url(business["business_id"]))}">communications log</a>'
        "</p>"
    )
    payment = ""
    if ticket["payment"]:
        payment = _payment_table(ticket["payment"], "Payment, as the shop sent it")
        if ticket.get("payment_now"):
            payment += _payment_table(ticket["payment_now"], "The same payment now")
    messages = "".join(
        f'<div class="msg {"shop" if m["author"] == "shop" else "support"}">'
        f'<div class="meta">{e(m["author"])} · {when(m["at"])}'
        + (" · unread by the shop" if m["author"] != "shop" and not m["read_by_shop_at"] else "")
        + f'</div><div class="text" dir="auto">{e(m["text"])}</div></div>'
        for m in ticket["messages"]
    )
    reply = (
        f'<h2>Reply</h2><form method="post" action="{e(ticket_url(ticket["ticket_id"], "reply"))}">'
        f"{_csrf_input(csrf)}"
        '<textarea name="text" dir="auto" required maxlength="5000"></textarea>'
        '<p><button type="submit">Send reply</button></p></form>'
    )
    actions = []
    if ticket["kind"] == "delist" and not ticket["resolved_at"]:
        actions.append(
            _button_form(
                ticket_url(ticket["ticket_id"], "approve-delist"),
                "Approve: remove from the public customer list",
                csrf,
            )
        )
    if ticket["state"] != "closed":
        actions.append(_button_form(ticket_url(ticket["ticket_id"], "close"), "Close", csrf))
    if ticket["resolved_at"]:
        actions.append(f'<p class="meta">Resolved {when(ticket["resolved_at"])}</p>')
    body = (
        facts
        + payment
        + f"<h2>Conversation</h2>{messages}"
        + reply
        + f'<div class="actions">{"".join(actions)}</div>'
    )
    return document(ticket["subject"], body, who=who, csrf=csrf)


def communications_page(log: dict[str, Any], *, who: str, csrf: str) -> str:
    """A business's communications log, newest first."""
    business = log["business"]
    rows = "".join(
        "<tr>"
        f"<td>{when(c['at'])}</td><td>{e(c['channel'])}</td><td>{e(c['direction'])}</td>"
        f'<td dir="auto">{e(c["summary"])}</td>'
        "<td>"
        + (f'<a href="{e(ticket_url(c["ticket_id"]))}">ticket</a>' if c["ticket_id"] else "")
        + "</td></tr>"
        for c in log["entries"]
    )
    body = (
        f'<p class="meta">{e(business["mobile"])} · '
        f"{'listed' if business['listed_publicly'] else 'not listed'} publicly</p>"
        + (
            "<table><thead><tr><th>When</th><th>Channel</th><th>Direction</th>"
            f"<th>Summary</th><th></th></tr></thead><tbody>{rows}</tbody></table>"
            if rows
            else "<p>Nothing yet.</p>"
        )
    )
    return document(f"Communications: {business['name']}", body, who=who, csrf=csrf)
