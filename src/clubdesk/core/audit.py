"""The audit log as people read it: the viewer's filters and a readable line per entry.

No Qt and no SQL: ``storage.audit`` turns an ``AuditFilter`` into a query, the UI and the
CLI show ``AuditRow``s with ``describe`` (old -> new values)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from clubdesk.core.dates import TEHRAN, parse_jalali
from clubdesk.core.errors import InvalidDate
from clubdesk.core.i18n import to_latin_digits

MAX_PAGE = 1000
GREGORIAN_FROM = 1700  # a year below this is a Jalali year
_MAX_VALUE = 80


@dataclass(frozen=True)
class AuditFilter:
    """What the owner narrows the log to; empty fields do not filter.

    ``start`` is inclusive and ``end`` exclusive (UTC); ``action`` matches a prefix
    ("points." finds every points change); ``entity_id`` is a member's (or other thing's)
    public id; ``text`` is searched in the details."""

    start: datetime | None = None
    end: datetime | None = None
    actor: str = ""
    action: str = ""
    entity_id: str = ""
    text: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    details: dict[str, Any]

    @property
    def authorised_by(self) -> str:
        value = self.details.get("authorised_by", "") if isinstance(self.details, dict) else ""
        return str(value)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "details": self.details,
        }


def describe(details: Any, arrow: str = "→") -> str:
    """One readable line: ``key: old → new`` for changes, ``key: value`` otherwise."""
    if not isinstance(details, dict):
        return _short(details)
    parts = []
    for key, value in details.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {_short(value[0])} {arrow} {_short(value[1])}")
        else:
            parts.append(f"{key}: {_short(value)}")
    return "; ".join(parts)


def _short(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def parse_day(raw: str) -> date:
    """A day typed as Jalali (1405/09/04, any digits) or Gregorian (2026-11-25); any day,
    future ones too (a range's end). InvalidDate otherwise."""
    text = to_latin_digits(raw).strip()
    year = text[:4]
    if year.isdigit() and int(year) >= GREGORIAN_FROM:
        try:
            return datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise InvalidDate(entered=raw) from None
    return parse_jalali(text, today=date.max)


def day_start(day: date) -> datetime:
    """Midnight in Tehran: business days are Tehran days."""
    return datetime.combine(day, time(), tzinfo=TEHRAN)
