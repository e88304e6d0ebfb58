"""The terms of service: versions the vendor publishes and each business's acceptance.

A business accepts a version once, on any of its devices (the acceptance names the person the
app gave, the device, the time and the source address). A new version makes every business
that has not accepted it "needs acceptance"; the app then offers only renewal, support and
backups until the owner accepts. Acceptances are evidence: never changed or deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clubdesk.protocol import TermsAcceptance as Acceptance
from clubdesk.protocol import TermsInfo, TermsStatus
from clubdesk_server.errors import BadAdminInput, TermsOutdated
from clubdesk_server.models import Device, Licence, TermsAcceptance, TermsVersion

TEXT_MAX = 100_000
SUMMARY_MAX = 500


def current(session: Session) -> TermsVersion | None:
    return session.scalars(
        select(TermsVersion).order_by(TermsVersion.version.desc()).limit(1)
    ).first()


def terms_info(terms: TermsVersion) -> TermsInfo:
    return TermsInfo(
        version=terms.version,
        text_fa=terms.text_fa,
        text_en=terms.text_en,
        summary_fa=terms.summary_fa,
        summary_en=terms.summary_en,
        published_at=terms.published_at,
    )


def publish(
    session: Session,
    now: datetime,
    actor: str,
    *,
    text_fa: str,
    text_en: str,
    summary_fa: str = "",
    summary_en: str = "",
) -> TermsVersion:
    """The next version (1, 2, 3...), current from now on."""
    fields = {"text-fa": text_fa, "text-en": text_en}
    for field, text in fields.items():
        if not text.strip():
            raise BadAdminInput(field=field, problem="required")
        if len(text) > TEXT_MAX:
            raise BadAdminInput(field=field, problem=f"at most {TEXT_MAX} characters")
    for field, text in {"summary-fa": summary_fa, "summary-en": summary_en}.items():
        if len(text) > SUMMARY_MAX:
            raise BadAdminInput(field=field, problem=f"at most {SUMMARY_MAX} characters")
    newest = session.scalar(select(func.max(TermsVersion.version))) or 0
    terms = TermsVersion(
        version=newest + 1,
        text_fa=text_fa.strip(),
        text_en=text_en.strip(),
        summary_fa=" ".join(summary_fa.split()),
        summary_en=" ".join(summary_en.split()),
        published_at=now,
        published_by=actor,
    )
    session.add(terms)
    session.flush()
    return terms


def status(session: Session, business_id: int) -> TermsStatus:
    terms = current(session)
    accepted = session.scalar(
        select(func.max(TermsAcceptance.version)).where(TermsAcceptance.business_id == business_id)
    )
    return TermsStatus(current=terms.version if terms else None, accepted=accepted)


def accept(
    session: Session,
    now: datetime,
    device: Device,
    acceptance: Acceptance,
    source_ip: str | None,
) -> TermsStatus:
    """Record the business's acceptance of the current version (``TermsOutdated`` for any
    other: the app shows the current one and asks again)."""
    terms = current(session)
    if terms is None or acceptance.version != terms.version:
        raise TermsOutdated(current=terms.version if terms else 0)
    licence: Licence = device.licence
    session.add(
        TermsAcceptance(
            business_id=licence.business_id,
            licence_id=licence.id,
            device_id=device.id,
            version=acceptance.version,
            accepted_by=" ".join(acceptance.accepted_by.split()),
            accepted_at=now,
            source_ip=source_ip,
        )
    )
    session.flush()
    return status(session, licence.business_id)


def acceptances(session: Session, business_id: int) -> list[dict[str, Any]]:
    """Who accepted which version, when, from where and on which device, newest first."""
    rows = session.execute(
        select(TermsAcceptance, Device.public_id, Device.name)
        .outerjoin(Device, Device.id == TermsAcceptance.device_id)
        .where(TermsAcceptance.business_id == business_id)
        .order_by(TermsAcceptance.accepted_at.desc(), TermsAcceptance.id.desc())
    )
    return [
        {
            "version": row.version,
            "accepted_by": row.accepted_by,
            "accepted_at": row.accepted_at.isoformat(),
            "source_ip": row.source_ip,
            "device_id": device_id,
            "device_name": device_name,
        }
        for row, device_id, device_name in rows
    ]


def versions(session: Session) -> list[dict[str, Any]]:
    found = session.scalars(select(TermsVersion).order_by(TermsVersion.version.desc()))
    return [terms_info(t).model_dump(mode="json") | {"published_by": t.published_by} for t in found]


# ``serve --demo`` publishes these once (a demo shows the whole first run, terms included). They
# say what the product honours; they are a demo's, not the vendor's legal text.
DEMO_TERMS = {
    "text_fa": (
        "شرایط استفادهٔ نمونه (دمو)، نه متن حقوقی فروشنده.\n\n"
        "۱. بهای بسته‌ها به تومان است.\n"
        "۲. ۱۰ روز پیش از پایان مجوز پیامکی برای تمدید فرستاده می‌شود.\n"
        "۳. پس از پایان مجوز، برنامه تا تمدید قفل می‌شود؛ داده‌های فروشگاه نگه داشته می‌شوند.\n"
        "۴. داده‌های نگه‌داشته نزد فروشنده ممکن است یک ماه پس از پایان مجوز پاک شوند.\n"
        "۵. اگر پرداختی ناموفق بود و مبلغ کسر شد، تا ۷۲ ساعت بازمی‌گردد؛ پس از آن جزئیات پرداخت "
        "را با تیکت برای پشتیبانی بفرستید.\n"
        "۶. در صورت آسیب داده‌ها، به نزدیک‌ترین پشتیبان بازگردانی می‌شود.\n"
        "۷. شناسه‌ها و مجوزها قابل انتقال نیستند.\n"
        "۸. به‌روزرسانی‌ها در اخبار سامانه اعلام می‌شوند."
    ),
    "text_en": (
        "Demo terms of service, not the vendor's legal text.\n\n"
        "1. Packages are priced in tomans.\n"
        "2. An SMS reminds you to renew 10 days before the licence ends.\n"
        "3. After it ends the program is locked until renewal; the shop's data is kept.\n"
        "4. Data the vendor holds may be deleted a month after the licence ends.\n"
        "5. A failed payment that was deducted is returned within 72 hours; after that, send "
        "its details to support in a ticket.\n"
        "6. Damaged data is restored to the nearest backup.\n"
        "7. Ids and licences are not transferable.\n"
        "8. Updates are announced in the system's news."
    ),
    "summary_fa": "نسخهٔ نمونه برای نمایش",
    "summary_en": "A demo version",
}


def seed_demo(session: Session, now: datetime) -> int | None:
    """The demo terms, unless terms exist already; their version if published now."""
    if current(session) is not None:
        return None
    return publish(session, now, "demo", **DEMO_TERMS).version
