"""How the SMS are doing, for the admin: ``clubdesk-server admin sms-status`` and the banner on
the admin pages' ticket list.

The outbox logs and audits trouble as it happens (``sms.out_of_credit``, ``sms.misconfigured``),
but an admin who reads no logs must still learn that no reminder reaches the owners. The alert
is read from the record, not kept as state: it stands while the provider's latest answer to a
send was such a failure, that is while the audit holds one at or after the last message that
went out, and it names when that run of failures began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clubdesk.core.phone import mask_phone
from clubdesk_server.models import SMS_STATES, AuditEntry, SmsMessage
from clubdesk_server.sms.outbox import DELIVERY_WINDOW
from clubdesk_server.sms.sender import DELIVERED, FINAL_DELIVERY_STATUSES
from clubdesk_server.support import jalali_time

LAST_ERRORS = 5
# Audit action -> what the admin is told to do.
ALERTS = {
    "sms.out_of_credit": (
        "out of credit",
        "Top up the SMS account, then run `clubdesk-server jobs run outbox --retry-failed`.",
    ),
    "sms.misconfigured": (
        "refused by the provider (account set-up)",
        "Check the API key, line and templates, then run "
        "`clubdesk-server jobs run outbox --retry-failed`.",
    ),
}


@dataclass(frozen=True)
class SmsAlert:
    """The SMS account cannot send: since when, and the provider's latest word on it."""

    problem: str  # "out_of_credit" or "misconfigured"
    since: datetime  # the first such failure after the last message that went out
    latest: datetime
    status: int | None  # the provider's status, e.g. Kavenegar 418
    message: str
    action: str

    def headline(self) -> str:
        """One line for the CLI and the admin pages (Tehran time, Jalali date)."""
        what = ALERTS[f"sms.{self.problem}"][0]
        code = f" (status {self.status})" if self.status is not None else ""
        return (
            f"SMS {what} since {jalali_time(self.since)}{code}: no reminder, receipt or "
            f"deletion warning reaches the owners. {self.action}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "problem": self.problem,
            "since": self.since.isoformat(),
            "latest": self.latest.isoformat(),
            "status": self.status,
            "message": self.message,
            "action": self.action,
            "headline": self.headline(),
        }


def sms_alert(session: Session) -> SmsAlert | None:
    """The alert if the provider's latest answer to a send was out of credit or a refusal of
    the account; None once a message went out after it."""
    last_sent = session.scalar(select(func.max(SmsMessage.sent_at)))
    after = [AuditEntry.action.in_(tuple(ALERTS))]
    if last_sent is not None:
        after.append(AuditEntry.at >= last_sent)  # a run stops at its first such failure
    latest = session.scalars(
        select(AuditEntry).where(*after).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).first()
    if latest is None:
        return None
    since = session.scalar(
        select(func.min(AuditEntry.at)).where(*after, AuditEntry.action == latest.action)
    )
    details = latest.details or {}
    status = details.get("status")
    return SmsAlert(
        problem=latest.action.removeprefix("sms."),
        since=since or latest.at,
        latest=latest.at,
        status=int(status) if isinstance(status, int) else None,
        message=str(details.get("message") or ""),
        action=ALERTS[latest.action][1],
    )


def _counts(session: Session) -> dict[str, int]:
    found = dict(
        session.execute(select(SmsMessage.state, func.count()).group_by(SmsMessage.state)).all()
    )
    return {state: int(found.get(state, 0)) for state in SMS_STATES}


def _delivery(session: Session, now: datetime) -> dict[str, int]:
    """Messages sent within the delivery window, by what became of them."""
    rows = session.execute(
        select(SmsMessage.delivery_status, func.count())
        .where(SmsMessage.state == "sent", SmsMessage.sent_at >= now - DELIVERY_WINDOW)
        .group_by(SmsMessage.delivery_status)
    ).all()
    out = {"sent": 0, "delivered": 0, "not_delivered": 0, "waiting": 0}
    for status, count in rows:
        out["sent"] += count
        if status == DELIVERED:
            out["delivered"] += count
        elif status in FINAL_DELIVERY_STATUSES:
            out["not_delivered"] += count
        else:
            out["waiting"] += count
    return out


def _last_errors(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(SmsMessage)
        .where(SmsMessage.state.in_(("failed", "given_up")), SmsMessage.last_error.is_not(None))
        .order_by(SmsMessage.id.desc())
        .limit(LAST_ERRORS)
    )
    return [
        {
            "message_id": row.public_id,
            "kind": row.kind,
            "state": row.state,
            "attempts": row.attempts,
            "error": row.last_error,
            "recipient": mask_phone(row.recipient) if row.recipient else None,
            "created_at": row.created_at.isoformat(),
            "next_attempt_at": row.next_attempt_at.isoformat() if row.state == "failed" else None,
        }
        for row in rows
    ]


def sms_status(session: Session, now: datetime) -> dict[str, Any]:
    """Outbox counts by state, delivery in the last day, the latest errors, and the alert."""
    alert = sms_alert(session)
    return {
        "counts": _counts(session),
        "delivery_24h": _delivery(session, now),  # DELIVERY_WINDOW
        "last_errors": _last_errors(session),
        "alert": alert.to_json() if alert is not None else None,
    }
