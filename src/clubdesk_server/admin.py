"""The vendor's licence administration: the CLI (``clubdesk-server admin``) and tests call these.

A licence is named by its key (``CD-XXXXX-...``, shown once at creation) or by its public id
(the UUID in ``list``/``show``), since the server keeps only the key's hash. Every action, also
a refused one, is written to the audit log with the operator's name.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from clubdesk_server import licensing, plans, releases, support, terms
from clubdesk_server.clock import clock, iso
from clubdesk_server.db import HEAD, current_revision, make_engine, session_factory, transaction
from clubdesk_server.errors import (
    BadAdminInput,
    DeviceNotFound,
    LicenceNotFound,
    SchemaNotReady,
    ServerError,
)
from clubdesk_server.models import Business, Device, Licence
from clubdesk_server.settings import Settings

T = TypeVar("T")
_PLAN = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_DAYS = 3660
MAX_DEVICES = 1000


def business_json(business: Business) -> dict[str, Any]:
    return {
        "business_id": business.public_id,
        "name": business.name,
        "national_id": business.national_id,
        "owner_name": business.owner_name,
        "mobile": business.mobile,
        "email": business.email,
        "is_legal_entity": business.is_legal_entity,
        "listed_publicly": business.listed_publicly,
    }


def device_json(device: Device) -> dict[str, Any]:
    return {
        "device_id": device.public_id,
        "name": device.name,
        "active": device.released_at is None,
        "first_seen": iso(device.first_seen),
        "last_seen": iso(device.last_seen),
        "last_ip": device.last_ip,
        "released_at": iso(device.released_at),
    }


def licence_json(session: Session, licence: Licence, now: datetime) -> dict[str, Any]:
    return {
        "licence_id": licence.public_id,
        "key_prefix": licence.key_prefix,
        "plan": licence.plan,
        "status": licence.status,
        "paid_until": iso(licence.paid_until),
        "expired": licence.paid_until <= now,
        "device_limit": licence.device_limit,
        "devices_used": licensing.devices_used(session, licence),
        "created_at": iso(licence.created_at),
        "updated_at": iso(licence.updated_at),
        "business": business_json(licence.business),
        "data_hold": licence.data_hold,
        "data_deleted_at": iso(licence.data_deleted_at),
    }


class Admin:
    """Licence administration on one database; use as a context manager or call ``close``."""

    def __init__(self, settings: Settings, *, actor: str | None = None) -> None:
        self.settings = settings
        self.engine = make_engine(settings.database_url)
        self.sessions = session_factory(engine=self.engine)
        self.caller = licensing.Caller(actor or f"admin:{getpass.getuser()}")

    def __enter__(self) -> Admin:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def check_schema(self) -> None:
        found = current_revision(self.engine)
        if found != HEAD:
            raise SchemaNotReady(found=found or "none (empty database)", head=HEAD)

    # -- one audited transaction per action ------------------------------------------------

    def _run(
        self,
        action: str,
        work: Callable[[Session, datetime, licensing.Touched], T],
        **details: Any,
    ) -> T:
        now = clock()
        touched = licensing.Touched()
        try:
            with transaction(self.sessions) as session:
                result = work(session, now, touched)
                licensing.audit(
                    session,
                    self.caller,
                    action,
                    now,
                    licence_id=touched.licence_id,
                    device_id=touched.device_id,
                    **details,
                )
            return result
        except ServerError as exc:
            with transaction(self.sessions) as session:
                licensing.audit(
                    session,
                    self.caller,
                    action,
                    now,
                    outcome=exc.code,
                    licence_id=touched.licence_id,
                    **details,
                )
            raise

    @staticmethod
    def _licence(session: Session, ref: str, touched: licensing.Touched) -> Licence:
        ref = ref.strip()
        if licensing.is_public_id(ref):
            licence = session.scalars(
                select(Licence).where(Licence.public_id == ref.lower()).with_for_update()
            ).one_or_none()
            if licence is None:
                raise LicenceNotFound()
        else:
            licence = licensing.licence_by_key(session, ref, lock=True)
        touched.saw_licence(licence)
        return licence

    # -- actions -------------------------------------------------------------------------

    def create_licence(
        self,
        *,
        business_name: str,
        mobile: str,
        days: int,
        minutes: int = 0,
        devices: int = 1,
        plan: str = "standard",
        national_id: str | None = None,
        email: str | None = None,
        owner_name: str | None = None,
        legal_entity: bool = False,
        listed_publicly: bool = False,
    ) -> dict[str, Any]:
        """A new business and licence; the result carries ``licence_key``, shown only now."""
        details = licensing.business_details(
            name=business_name,
            mobile=mobile,
            owner_name=owner_name,
            national_id=national_id,
            legal_entity=legal_entity,
            email=email,
            listed_publicly=listed_publicly,
        )
        if not _PLAN.fullmatch(plan):
            raise BadAdminInput(field="plan", problem="lower-case letters, digits, - or _")
        if not 1 <= devices <= MAX_DEVICES:
            raise BadAdminInput(field="devices", problem=f"between 1 and {MAX_DEVICES}")
        if not (0 <= days <= MAX_DAYS and minutes >= 0 and (days or minutes)):
            raise BadAdminInput(field="days", problem=f"between 1 and {MAX_DAYS}")
        key = licensing.new_licence_key()

        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence, reused = licensing.new_licence(
                session,
                now,
                details,
                key=key,
                plan=plan,
                paid_until=now + timedelta(days=days, minutes=minutes),
                devices=devices,
            )
            touched.saw_licence(licence)
            extra = {"licence_key": key, "business_reused": reused}
            return licence_json(session, licence, now) | extra

        return self._run("admin.create_licence", work, days=days, minutes=minutes, plan=plan)

    def extend(self, ref: str, days: int) -> dict[str, Any]:
        """Add ``days`` to the later of now and ``paid_until`` (an expired licence restarts)."""
        if not 1 <= days <= MAX_DAYS:
            raise BadAdminInput(field="days", problem=f"between 1 and {MAX_DAYS}")

        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            licence.paid_until = max(now, licence.paid_until) + timedelta(days=days)
            licence.updated_at = now
            return licence_json(session, licence, now)

        return self._run("admin.extend", work, days=days)

    def _set_status(
        self, action: str, ref: str, status: str, allowed_from: tuple[str, ...]
    ) -> dict[str, Any]:
        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            if licence.status not in allowed_from:
                raise BadAdminInput(
                    field="status", problem=f"a {licence.status} licence cannot become {status}"
                )
            licence.status = status
            licence.updated_at = now
            return licence_json(session, licence, now)

        return self._run(f"admin.{action}", work)

    def suspend(self, ref: str) -> dict[str, Any]:
        return self._set_status("suspend", ref, "suspended", ("active", "suspended"))

    def revoke(self, ref: str) -> dict[str, Any]:
        return self._set_status("revoke", ref, "revoked", ("active", "suspended", "revoked"))

    def reactivate(self, ref: str) -> dict[str, Any]:
        """Back to active from suspended, or from revoked (to undo a mistake)."""
        return self._set_status("reactivate", ref, "active", ("active", "suspended", "revoked"))

    def show(self, ref: str) -> dict[str, Any]:
        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            devices = [device_json(d) for d in sorted(licence.devices, key=lambda d: d.id)]
            return licence_json(session, licence, now) | {"devices": devices}

        return self._run("admin.show", work)

    def devices(self, ref: str) -> list[dict[str, Any]]:
        def work(
            session: Session, _now: datetime, touched: licensing.Touched
        ) -> list[dict[str, Any]]:
            licence = self._licence(session, ref, touched)
            return [device_json(d) for d in sorted(licence.devices, key=lambda d: d.id)]

        return self._run("admin.devices", work)

    def list(self, status: str | None = None) -> list[dict[str, Any]]:
        def work(
            session: Session, now: datetime, _touched: licensing.Touched
        ) -> list[dict[str, Any]]:
            query = select(Licence).order_by(Licence.id)
            if status:
                query = query.where(Licence.status == status)
            return [licence_json(session, lic, now) for lic in session.scalars(query)]

        return self._run("admin.list", work, status=status)

    def release_device(self, ref: str, device_id: str) -> dict[str, Any]:
        """Free a slot (the owner's old PC is gone); that device's token stops working."""

        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            device = session.scalars(
                select(Device).where(
                    Device.licence_id == licence.id, Device.public_id == device_id.strip().lower()
                )
            ).one_or_none()
            if device is None:
                raise DeviceNotFound(licence=licence.public_id, device=device_id)
            touched.saw_device(device)
            if device.released_at is None:
                licensing.release(device, now)
            return device_json(device)

        return self._run("admin.release_device", work, device=device_id)

    # -- plans on sale (clubdesk_server.plans) -------------------------------------------------

    def plans(self, *, include_retired: bool = True) -> list[dict[str, Any]]:
        return self._run(
            "admin.plans",
            lambda session, _now, _t: [
                plans.plan_json(p)
                for p in plans.all_plans(session, include_retired=include_retired)
            ],
        )

    def create_plan(self, **fields: Any) -> dict[str, Any]:
        """``code, name_fa, name_en, days, price, device_limit[, sort_order]``; price in tomans."""
        return self._run(
            "admin.create_plan",
            lambda session, now, _t: plans.plan_json(plans.create(session, now, **fields)),
            plan=str(fields.get("code", ""))[:40],
        )

    def set_plan_price(self, code: str, price: str | int) -> dict[str, Any]:
        return self._run(
            "admin.set_plan_price",
            lambda session, now, _t: plans.plan_json(plans.set_price(session, now, code, price)),
            plan=code[:40],
            price=str(price)[:40],
        )

    def retire_plan(self, code: str) -> dict[str, Any]:
        return self._run(
            "admin.retire_plan",
            lambda session, now, _t: plans.plan_json(plans.retire(session, now, code)),
            plan=code[:40],
        )

    # -- releases and news (clubdesk_server.releases) ------------------------------------------

    def publish_release(self, **fields: Any) -> dict[str, Any]:
        """``platform, version, url, sha256, notes_fa, notes_en[, min_supported, size,
        announce]``: a new release, announced in the news unless ``announce=False``."""
        return self._run(
            "admin.publish_release",
            lambda session, now, _t: releases.release_json(
                releases.publish_release(session, now, self.caller.actor, **fields)
            ),
            platform=str(fields.get("platform", ""))[:12],
            version=str(fields.get("version", ""))[:40],
        )

    def release_list(self, platform: str | None = None) -> list[dict[str, Any]]:
        return self._run(
            "admin.releases",
            lambda session, _now, _t: [
                releases.release_json(r) for r in releases.list_releases(session, platform)
            ],
        )

    def withdraw_release(self, ref: str) -> dict[str, Any]:
        return self._run(
            "admin.withdraw_release",
            lambda session, now, _t: releases.release_json(
                releases.withdraw_release(session, now, ref)
            ),
            release=ref[:40],
        )

    def publish_news(self, **fields: str) -> dict[str, Any]:
        """``title_fa, title_en, body_fa, body_en``: an announcement every app shows."""
        return self._run(
            "admin.publish_news",
            lambda session, now, _t: releases.news_json(
                releases.publish_news(session, now, self.caller.actor, **fields)
            ),
        )

    def news_list(self, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
        return self._run(
            "admin.news",
            lambda session, _now, _t: [
                releases.news_json(item)
                for item in releases.current_news(session, include_withdrawn=include_withdrawn)
            ],
        )

    def withdraw_news(self, ref: str) -> dict[str, Any]:
        return self._run(
            "admin.withdraw_news",
            lambda session, now, _t: releases.news_json(releases.withdraw_news(session, now, ref)),
            news=ref[:40],
        )

    # -- terms of service (clubdesk_server.terms) ----------------------------------------------

    def publish_terms(self, **fields: str) -> dict[str, Any]:
        """``text_fa, text_en[, summary_fa, summary_en]``: the next version, current at once;
        every business that has not accepted it is asked at its app's next start."""
        return self._run(
            "admin.publish_terms",
            lambda session, now, _t: terms.terms_info(
                terms.publish(session, now, self.caller.actor, **fields)
            ).model_dump(mode="json"),
        )

    def terms_versions(self) -> list[dict[str, Any]]:
        return self._run("admin.terms", lambda session, _now, _t: terms.versions(session))

    def terms_acceptances(self, ref: str) -> dict[str, Any]:
        """Who of this licence's business accepted which version, when and from where."""

        def work(session: Session, _now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            found = terms.status(session, licence.business_id)
            return {
                "business": business_json(licence.business),
                "current": found.current,
                "accepted": found.accepted,
                "acceptances": terms.acceptances(session, licence.business_id),
            }

        return self._run("admin.terms_acceptances", work)

    def seed_demo_terms(self) -> int | None:
        """The demo terms when none exist (idempotent); their version if published now."""
        return self._run("admin.seed_demo_terms", lambda s, now, _t: terms.seed_demo(s, now))

    def seed_demo_plans(self) -> list[str]:
        """The demo plans not there yet (idempotent); returns the codes created."""
        return self._run("admin.seed_demo_plans", lambda s, now, _t: plans.seed_demo(s, now))

    def set_data_hold(self, ref: str, hold: bool) -> dict[str, Any]:
        """Hold: the after-expiry deletion (clubdesk_server.retention) skips this licence's data
        (a dispute, a legal request) until the hold is released."""

        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            licence.data_hold = hold
            licence.updated_at = now
            return licence_json(session, licence, now)

        return self._run("admin.hold" if hold else "admin.release_hold", work)

    def hold(self, ref: str) -> dict[str, Any]:
        return self.set_data_hold(ref, True)

    def release_hold(self, ref: str) -> dict[str, Any]:
        return self.set_data_hold(ref, False)

    # -- support tickets (clubdesk_server.support; the admin pages call the same functions) ----

    @property
    def support_name(self) -> str:
        """The name support replies carry by default: the operator's, without "admin:"."""
        return support.safe_name(self.caller.actor.removeprefix("admin:"))

    def tickets(self, state: str | None = None) -> list[dict[str, Any]]:
        """Support's queue, the latest activity first (``state``: open, answered, closed)."""
        return self._run(
            "admin.tickets", lambda session, _now, _t: support.admin_tickets(session, state)
        )

    def ticket(self, ticket_id: str) -> dict[str, Any]:
        """A ticket with its whole conversation; reading it marks nothing as read."""
        return self._run(
            "admin.ticket",
            lambda session, _now, touched: support.admin_ticket(session, ticket_id, touched),
            ticket=ticket_id[:40],
        )

    def reply(self, ticket_id: str, text: str, *, name: str | None = None) -> dict[str, Any]:
        """Answer the shop as ``name`` (default: this operator); the ticket becomes answered."""
        return self._run(
            "admin.reply",
            lambda session, now, touched: support.admin_reply(
                session, now, touched, ticket_id, text, name or self.support_name
            ),
            ticket=ticket_id[:40],
            signed=(name or self.support_name)[:60],
        )

    def close_ticket(self, ticket_id: str) -> dict[str, Any]:
        return self._run(
            "admin.close_ticket",
            lambda session, now, touched: support.admin_close(session, now, touched, ticket_id),
            ticket=ticket_id[:40],
        )

    def approve_delist(self, ticket_id: str, *, name: str | None = None) -> dict[str, Any]:
        """Take the ticket's business off the public customer list, and tell the shop."""
        return self._run(
            "admin.approve_delist",
            lambda session, now, touched: support.admin_approve_delist(
                session, now, touched, ticket_id, name or self.support_name
            ),
            ticket=ticket_id[:40],
            signed=(name or self.support_name)[:60],
        )

    # -- SMS ---------------------------------------------------------------------------------

    def sms_status(self) -> dict[str, Any]:
        """Outbox counts, delivery in the last day, the latest errors, and the alert when the
        provider's latest answer was out of credit (Kavenegar 418) or a refused account."""
        from clubdesk_server.sms.health import sms_status

        return self._run(
            "admin.sms_status",
            lambda session, now, _t: (
                {"sender": self.settings.sms_sender} | sms_status(session, now)
            ),
        )

    def alerts(self) -> list[dict[str, Any]]:
        """What needs the vendor now (``clubdesk_server.alerts``): SMS out of credit, Zarinpal
        refusing the merchant, failed or stale jobs, a licence key possibly shared."""
        from clubdesk_server.alerts import current

        return self._run(
            "admin.alerts",
            lambda session, now, _t: [a.to_json() for a in current(session, self.settings, now)],
        )

    def sms_credit(self, ref: str, add: int | None = None) -> dict[str, Any]:
        """A licence's SMS credit for its members' SMS (rials); ``add`` tops it up first
        (negative corrects a mistake; the credit never goes below zero)."""
        from clubdesk_server import member_sms

        if add is not None and not -member_sms.MAX_CREDIT_CHANGE <= add <= (
            member_sms.MAX_CREDIT_CHANGE
        ):
            raise BadAdminInput(field="amount", problem="rials, at most 10,000,000,000 at once")

        def work(session: Session, now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            if add is not None:
                member_sms.add_credit(session, licence.id, add, now)
            return {
                "licence_id": licence.public_id,
                "credit": member_sms.credit(session, licence.id),
                "price_per_part": member_sms.price_per_part(),
            }

        action = "admin.sms_credit_add" if add is not None else "admin.sms_credit_show"
        return self._run(action, work, **({"amount": add} if add is not None else {}))

    def communications(self, ref: str) -> dict[str, Any]:
        """The communications log of a licence's business (key or licence id), newest first."""

        def work(session: Session, _now: datetime, touched: licensing.Touched) -> dict[str, Any]:
            licence = self._licence(session, ref, touched)
            return support.admin_communications(session, licence.business)

        return self._run("admin.communications", work)
