"""The plans on sale: create, change the price, retire, list; the offers ``GET /v1/plans`` shows.

A plan's price is whole tomans, typed as the vendor likes it (``490000``, ``490,000`` or
``۴۹۰٬۰۰۰``). A payment copies its plan's days and price when it starts, so a price change or a
retirement never alters a payment already made. Retired plans stay in the table (payments point
at them) but are not offered and cannot be bought.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clubdesk.core.errors import InvalidAmount
from clubdesk.core.i18n import to_latin_digits
from clubdesk.core.money import parse_tomans, parse_whole
from clubdesk.protocol import PlanOffer
from clubdesk_server.errors import BadAdminInput, PlanNotFound
from clubdesk_server.models import Plan

CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
MAX_DAYS = 3660
MAX_DEVICES = 1000

# ``serve --demo`` offers these (created once, never changed by a later start).
DEMO_PLANS: tuple[dict[str, Any], ...] = (
    {
        "code": "monthly",
        "name_fa": "یک‌ماهه",
        "name_en": "Monthly",
        "days": 30,
        "price": 490_000,
        "device_limit": 1,
    },
    {
        "code": "quarterly",
        "name_fa": "سه‌ماهه",
        "name_en": "3 months",
        "days": 90,
        "price": 1_290_000,
        "device_limit": 2,
    },
    {
        "code": "yearly",
        "name_fa": "یک‌ساله",
        "name_en": "Yearly",
        "days": 365,
        "price": 4_490_000,
        "device_limit": 3,
    },
)


def parse_price(raw: str | int) -> int:
    """A positive whole number of tomans in any digits and separators, or ``BadAdminInput``."""
    try:
        return parse_tomans(raw)
    except InvalidAmount:
        raise BadAdminInput(
            field="price",
            problem=f"{raw!r} is not a positive whole number of tomans (e.g. 490000 or ۴۹۰٬۰۰۰)",
        ) from None


def _count(raw: str | int, field: str, low: int, high: int) -> int:
    try:
        value = parse_whole(raw)
    except ValueError:
        value = -1
    if not low <= value <= high:
        raise BadAdminInput(field=field, problem=f"a whole number from {low} to {high}")
    return value


def _name(raw: str, field: str) -> str:
    cleaned = " ".join((raw or "").split())
    if not cleaned:
        raise BadAdminInput(field=field, problem="required")
    if len(cleaned) > 120:
        raise BadAdminInput(field=field, problem="at most 120 characters")
    return cleaned


def clean_code(raw: str) -> str:
    code = to_latin_digits(raw or "").strip().lower()
    if not CODE.fullmatch(code):
        raise BadAdminInput(
            field="code", problem="1 to 40 lower-case letters, digits, - or _ (e.g. yearly)"
        )
    return code


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "name_fa": plan.name_fa,
        "name_en": plan.name_en,
        "days": plan.days,
        "price_tomans": plan.price,
        "device_limit": plan.device_limit,
        "sort_order": plan.sort_order,
        "on_sale": plan.retired_at is None,
        "created_at": plan.created_at.isoformat(),
        "updated_at": plan.updated_at.isoformat(),
        "retired_at": plan.retired_at.isoformat() if plan.retired_at else None,
    }


def offer(plan: Plan) -> PlanOffer:
    return PlanOffer(
        code=plan.code,
        name_fa=plan.name_fa,
        name_en=plan.name_en,
        days=plan.days,
        price_tomans=plan.price,
        device_limit=plan.device_limit,
    )


def _ordered(query: Any) -> Any:
    return query.order_by(Plan.sort_order, Plan.days, Plan.code)


def all_plans(session: Session, *, include_retired: bool = True) -> list[Plan]:
    query = select(Plan)
    if not include_retired:
        query = query.where(Plan.retired_at.is_(None))
    return list(session.scalars(_ordered(query)))


def offers(session: Session) -> list[PlanOffer]:
    """What a shop can buy now, in the order the vendor chose (then shortest first)."""
    return [offer(p) for p in all_plans(session, include_retired=False)]


def plan_by_code(session: Session, code: str, *, lock: bool = False) -> Plan:
    query = select(Plan).where(Plan.code == to_latin_digits(code).strip().lower())
    if lock:
        query = query.with_for_update()
    plan = session.scalars(query).one_or_none()
    if plan is None:
        raise PlanNotFound(plan=code)
    return plan


def plan_for_sale(session: Session, code: str) -> Plan:
    plan = plan_by_code(session, code)
    if plan.retired_at is not None:
        raise PlanNotFound(plan=code)
    return plan


def create(
    session: Session,
    now: datetime,
    *,
    code: str,
    name_fa: str,
    name_en: str,
    days: str | int,
    price: str | int,
    device_limit: str | int = 1,
    sort_order: str | int | None = None,
) -> Plan:
    clean = clean_code(code)
    values = {
        "name_fa": _name(name_fa, "name_fa"),
        "name_en": _name(name_en, "name_en"),
        "days": _count(days, "days", 1, MAX_DAYS),
        "price": parse_price(price),
        "device_limit": _count(device_limit, "devices", 1, MAX_DEVICES),
    }
    order = values["days"] if sort_order is None else _count(sort_order, "sort order", 0, 10**6)
    if session.scalars(select(Plan.id).where(Plan.code == clean)).first() is not None:
        raise BadAdminInput(field="code", problem=f"a plan {clean!r} exists already")
    plan = Plan(code=clean, sort_order=order, created_at=now, updated_at=now, **values)
    session.add(plan)
    session.flush()
    return plan


def set_price(session: Session, now: datetime, code: str, price: str | int) -> Plan:
    """New payments pay the new price; payments already started keep theirs."""
    value = parse_price(price)
    plan = plan_by_code(session, code, lock=True)
    plan.price = value
    plan.updated_at = now
    return plan


def retire(session: Session, now: datetime, code: str) -> Plan:
    """No longer offered or sold; its payments keep their copy of it (idempotent)."""
    plan = plan_by_code(session, code, lock=True)
    if plan.retired_at is None:
        plan.retired_at = now
        plan.updated_at = now
    return plan


def seed_demo(session: Session, now: datetime) -> list[str]:
    """The demo plans that do not exist yet (by code); returns the codes it created."""
    created = []
    for spec in DEMO_PLANS:
        if session.scalars(select(Plan.id).where(Plan.code == spec["code"])).first() is None:
            create(session, now, **spec)
            created.append(spec["code"])
    return created
