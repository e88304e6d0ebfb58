"""SMS to members as the UI, the CLI and the scheduler use it (created by ``ClubServices.sms()``).

Campaigns are counted and costed before anything is queued; queueing a campaign is one
transaction (the campaign row and all its messages, or nothing), and a campaign id given by the
caller makes a second click harmless. Sending claims queued rows in a short transaction, talks
to the line with no transaction open, then records each outcome: offline, messages stay queued;
a crash mid-send leaves them "unknown", never sent twice (see ``storage.sms``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import keyring
from keyring.errors import KeyringError, PasswordDeleteError
from sqlalchemy import select

from clubdesk.core import sms
from clubdesk.core.errors import ClubDeskError, InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import utcnow
from clubdesk.core.roles import Permission
from clubdesk.messaging.kavenegar import KAVENEGAR_URL, KavenegarLine
from clubdesk.messaging.line import (
    DELIVERED_CODES,
    DELIVERY_TEXT,
    UNDELIVERED_CODES,
    Outcome,
    Outgoing,
    SmsLine,
)
from clubdesk.storage import audit, members, settings
from clubdesk.storage import sms as store
from clubdesk.storage.database import Database
from clubdesk.storage.models import SmsCampaign

if TYPE_CHECKING:
    from clubdesk.licensing.client import LicenceClient

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ClubDesk SMS"
SEND_BATCH = 100  # claimed at a time (one sendarray call): ends well before CLAIM runs out
Progress = Callable[[int, int], None]
KAVENEGAR_URL_ENV = "CLUBDESK_KAVENEGAR_URL"  # a test or staging Kavenegar
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


class KeyringUnavailable(ClubDeskError):
    code = "SMS_KEYRING_UNAVAILABLE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The API key could not be stored in this computer's password store."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Unlock the system keyring (or install one) and enter the key again."
    )


def keyring_is_secure() -> bool:
    """False when the keyring in use keeps secrets readable (keyrings.alt's files) or cannot
    keep them at all: the settings then tell the owner the API key is not well protected."""
    try:
        backend = keyring.get_keyring()
    except KeyringError:
        return False
    module = type(backend).__module__
    return not (module.startswith("keyrings.alt") or module.startswith("keyring.backends.fail"))


@dataclass(frozen=True)
class CampaignPreview:
    recipients: int
    parts: int  # about: every recipient's message sized like the longest one
    cost: int  # rials, about
    sample: str


@dataclass(frozen=True)
class CampaignView:
    public_id: str
    name: str
    created_at: datetime
    recipients: int
    cost: int  # rials
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, *statuses: str) -> int:
        return sum(self.counts.get(status, 0) for status in statuses)


@dataclass(frozen=True)
class MessageView:
    public_id: str
    kind: str
    text: str
    status: str
    error: str
    created_at: datetime
    sent_at: datetime | None
    campaign: str  # the campaign's name, or "" for a service message


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    unknown: int = 0
    waiting: int = 0  # still queued (offline, retry later)
    problem: ClubDeskError | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "unknown": self.unknown,
            "waiting": self.waiting,
            "problem": self.problem.to_dict() if self.problem else None,
        }


class SmsService:
    def __init__(
        self,
        db: Database,
        *,
        actor: str | Callable[[], str],
        connection: Callable[[], tuple[LicenceClient, str]] | None = None,
        clock: Callable[[], datetime] = utcnow,
        guard: Callable[[], None] = lambda: None,
        kavenegar_url: str = KAVENEGAR_URL,
        require: Callable[[Permission], object] | None = None,
        audit_hook: Callable[[Any, str, str, dict[str, Any]], None] | None = None,
    ) -> None:
        self.db = db
        # ClubServices' role check (a cashier needs the owner's PIN) and audit (which adds who
        # approved); without them (tests, tools) everyone may and the audit is written here.
        self.require = require or (lambda _permission: None)
        self._audit_hook = audit_hook
        self._actor = actor  # a callable follows who signs in at the till
        self.clock = clock
        self.guard = guard
        self.kavenegar_url = kavenegar_url
        self._connection = connection
        self.account = hashlib.sha256(str(db.path.resolve()).encode()).hexdigest()[:24]
        # One sender per shop per process (the job and a button); claims guard across processes.
        with _LOCKS_GUARD:
            self._sending = _LOCKS.setdefault(self.account, threading.Lock())

    @property
    def actor(self) -> str:
        return self._actor() if callable(self._actor) else self._actor

    # ----------------------------------------------------------------------------- settings

    def settings(self) -> sms.SmsSettings:
        with self.db.read() as session:
            found = settings.get_many(session, (store.LINE_KEY, store.SERVICE_KEY))
        return sms.SmsSettings.from_settings(
            found.get(store.LINE_KEY), found.get(store.SERVICE_KEY)
        )

    def save_settings(self, chosen: sms.SmsSettings) -> None:
        """Save line, price and service templates (validated again; audited)."""
        self.require(Permission.CHANGE_SETTINGS)
        chosen = sms.SmsSettings(
            chosen.line, chosen.sender.strip(), chosen.price_per_part, chosen.shop.strip(),
            dict(chosen.events),
        )  # fmt: skip
        now = self.clock()
        with self.db.write() as session:
            for key, value in (
                (store.LINE_KEY, chosen.line_json()),
                (store.SERVICE_KEY, chosen.service_json()),
            ):
                old = settings.put(session, key, value, self.actor, now)
                if old != value:
                    self._audit(session, "settings.change", key, {"value": [old, value]}, now)

    def set_api_key(self, key: str) -> None:
        """Keep the Kavenegar API key in the OS keyring ("" removes it); never in a file."""
        self.require(Permission.CHANGE_SETTINGS)
        key = key.strip()
        try:
            if not key:
                with contextlib.suppress(PasswordDeleteError):
                    keyring.delete_password(KEYRING_SERVICE, self.account)
                return
            if "/" in key or not key.isascii() or any(ch.isspace() for ch in key):
                raise InvalidInput(
                    QT_TRANSLATE_NOOP("errors", "This does not look like a Kavenegar API key."),
                    QT_TRANSLATE_NOOP(
                        "errors", "Copy the key from the API section of your Kavenegar panel."
                    ),
                )
            keyring.set_password(KEYRING_SERVICE, self.account, key)
        except KeyringError as exc:
            raise KeyringUnavailable() from exc

    def _api_key(self) -> str:
        try:
            return keyring.get_password(KEYRING_SERVICE, self.account) or ""
        except KeyringError:
            return ""

    def masked_key(self) -> str:
        """The stored key as the settings show it: the last four characters only."""
        key = self._api_key()
        return f"••••{key[-4:]}" if key else ""

    def line(self, chosen: sms.SmsSettings | None = None) -> SmsLine:
        """The line the settings name; SmsNotSetUp when it cannot send yet."""
        chosen = chosen or self.settings()
        if chosen.line == sms.LINE_VENDOR:
            from clubdesk.messaging.vendor import VendorLine

            if self._connection is None:
                raise sms.SmsNotSetUp()
            return VendorLine(self._connection)
        key = self._api_key()
        if not key:
            raise sms.SmsNotSetUp()
        return KavenegarLine(key, chosen.sender, self.kavenegar_url)

    def credit(self) -> int:
        """Rials left on the chosen line's account (asks the provider: run in the background)."""
        return self.line().credit()

    # ---------------------------------------------------------------------------- campaigns

    def preview_campaign(self, template: str, segment: sms.Segment) -> CampaignPreview:
        """Recipients, parts and cost of a campaign, before anything is queued."""
        self.guard()
        sms.check_template(template)
        chosen = self.settings()
        with self.db.read() as session:
            size = store.measure(session, template, segment, self.clock(), chosen.shop)
        return CampaignPreview(
            size.recipients, size.parts(), sms.cost(size.parts(), chosen.price_per_part),
            size.sample,
        )  # fmt: skip

    def send_campaign(
        self,
        name: str,
        template: str,
        segment: sms.Segment,
        progress: Progress | None = None,
        campaign_id: str | None = None,
    ) -> CampaignView:
        """Queue one marketing message per consenting member of the segment, all in one
        transaction. ``campaign_id`` (made when the owner opened the confirmation) makes a
        repeated call return the campaign already queued. Sending happens in ``send_pending``."""
        self.guard()
        self.require(Permission.SEND_CAMPAIGN)
        name = name.strip()
        if not name or len(name) > 120:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "The campaign needs a name of at most 120 letters."),
                QT_TRANSLATE_NOOP("errors", "Name it so you recognise it later, e.g. Nowruz."),
            )
        sms.check_template(template)
        chosen = self.settings()
        now = self.clock()
        with self.db.write() as session:
            if campaign_id is not None:
                existing = session.execute(
                    select(SmsCampaign).where(SmsCampaign.public_id == campaign_id)
                ).scalar_one_or_none()
                if existing is not None:
                    return CampaignView(
                        existing.public_id, existing.name, existing.created_at,
                        existing.recipients, existing.cost,
                    )  # fmt: skip
            total = store.measure(session, template, segment, now, chosen.shop).recipients
            if total == 0:
                raise sms.CampaignEmpty()
            campaign = store.create_campaign(
                session, name, template, segment, chosen.shop, chosen.price_per_part,
                self.actor, now, progress, total, campaign_id,
            )  # fmt: skip
            details = {"name": name, "recipients": campaign.recipients, "cost": campaign.cost}
            self._audit(session, "sms.campaign", campaign.public_id, details, now)
            return CampaignView(
                campaign.public_id, name, now, campaign.recipients, campaign.cost,
                {store.QUEUED: campaign.recipients},
            )  # fmt: skip

    def campaigns(self) -> list[CampaignView]:
        with self.db.read() as session:
            return [
                CampaignView(c.public_id, c.name, c.created_at, c.recipients, c.cost, counts)
                for c, counts in store.campaign_counts(session)
            ]

    def messages_for(self, member_id: str) -> list[MessageView]:
        """A member's messages, newest first, with their delivery status."""
        self.guard()
        with self.db.read() as session:
            member = members.by_public_id(session, member_id)
            names = dict(session.execute(select(SmsCampaign.id, SmsCampaign.name)).all())
            return [
                MessageView(
                    m.public_id,
                    m.kind,
                    m.text,
                    m.status,
                    m.error,
                    m.created_at,
                    m.sent_at,
                    names.get(m.campaign_id, "") if m.campaign_id else "",
                )
                for m in store.messages_for(session, member.id)
            ]

    def queue_counts(self) -> dict[str, int]:
        with self.db.read() as session:
            return store.queue_counts(session)

    # ------------------------------------------------------------------------------ sending

    def send_pending(self, progress: Progress | None = None) -> SendReport:
        """Send what is due, once. Offline, messages stay queued (and back off); a line
        problem (bad key, no credit) stops the run and is in ``report.problem``; the messages
        stay queued for after it is fixed. A second run while one is going returns at once."""
        report = SendReport()
        if not self._sending.acquire(blocking=False):
            return report
        try:
            self._send_all(report, progress)
        finally:
            self._sending.release()
        with self.db.read() as session:
            report.waiting = store.count_status(session, store.QUEUED)
        return report

    def _send_all(self, report: SendReport, progress: Progress | None) -> None:
        with self.db.read() as session:  # the usual answer, without taking the write lock
            if not store.has_work(session):
                return
        with self.db.write() as session:
            store.give_up_stale_claims(session, self.clock())
            total = store.count_status(session, store.QUEUED)
        if total == 0:
            return
        line = self.line()
        done = 0
        while report.problem is None:
            with self.db.write() as session:
                claimed = store.claim(session, self.clock(), SEND_BATCH)
            if not claimed:
                return
            outcomes = line.send([Outgoing(c.public_id, c.phone, c.text) for c in claimed])
            self._record(claimed, outcomes, report)
            done += len(claimed)
            if progress is not None:
                progress(min(done, total), total)

    def _record(
        self, claimed: list[store.Claimed], outcomes: list[Outcome], report: SendReport
    ) -> None:
        now = self.clock()
        with self.db.write() as session:
            for message, outcome in zip(claimed, outcomes, strict=True):
                if outcome.status == "sent":
                    store.mark_sent(session, message.id, outcome.provider_id or "", outcome.cost,
                                    now)  # fmt: skip
                    report.sent += 1
                elif outcome.status == "failed":
                    store.mark_failed(session, message.id, outcome.error)
                    report.failed += 1
                elif outcome.status == "unknown":
                    store.mark_unknown(session, message.id, outcome.error)
                    report.unknown += 1
                elif outcome.status == "retry":
                    store.retry_later(session, message, outcome.error, now)
                else:
                    store.release(session, [message], outcome.error)
                if outcome.problem is not None and report.problem is None:
                    report.problem = outcome.problem

    def refresh_delivery(self) -> int:
        """Ask the line what became of recently sent messages; returns how many changed."""
        with self.db.read() as session:
            waiting = store.awaiting_delivery(session, self.clock())
        if not waiting:
            return 0
        codes = self.line().delivery([provider_id for _id, provider_id in waiting])
        changed = 0
        with self.db.write() as session:
            for message_id, provider_id in waiting:
                code = codes.get(provider_id)
                if code in DELIVERED_CODES:
                    store.set_delivery(session, message_id, store.DELIVERED)
                elif code in UNDELIVERED_CODES:
                    text = DELIVERY_TEXT.get(code, "")
                    store.set_delivery(session, message_id, store.UNDELIVERED, text)
                else:
                    continue
                changed += 1
        return changed

    def remind_expiring(self, notice_days: int = sms.EXPIRY_NOTICE_DAYS) -> int:
        """Queue today's "points expire soon" messages (once a day; off unless switched on)."""
        now = self.clock()
        with self.db.read() as session:  # every minute: off or done today is a read
            if not store.expiry_reminders_due(session, now):
                return 0
        with self.db.write() as session:
            return store.queue_expiry_reminders(session, now, notice_days)

    def run_job(self) -> SendReport:
        """The scheduler's minute job: send what is due, then refresh delivery reports. SMS
        not set up is not an error here (nothing is sent until it is)."""
        try:
            self.remind_expiring()
            report = self.send_pending()
            if report.problem is None:
                self.refresh_delivery()
        except sms.SmsNotSetUp:
            return SendReport()
        except ClubDeskError as error:
            log.warning("SMS job: %s", error.code)
            return SendReport(problem=error)
        return report

    def _audit(
        self, session: Any, action: str, entity_id: str, details: dict[str, Any], now: datetime
    ) -> None:
        if self._audit_hook is not None:
            self._audit_hook(session, action, entity_id, details)
            return
        audit.record(
            session, actor=self.actor, action=action, entity=action.split(".", 1)[0],
            entity_id=entity_id, details=details, now=now,
        )  # fmt: skip
