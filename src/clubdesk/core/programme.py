"""The club's earning rules: how many points a purchase, a visit and joining earn.

Plain data an owner sets up in settings (or picks as a preset), stored as one JSON settings
row so that backups and sync carry it. Later parts of the programme (rewards, wallet, expiry,
levels) get their own keys; unknown keys in the stored JSON are ignored so that an older
counter can read rules written by a newer one.

Rounding: a happy hour multiplies the amount points and the result is rounded down (floor):
25 points at x1.5 are 37. Per-visit points and the joining bonus are never multiplied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from enum import IntEnum
from typing import Any

from clubdesk.core.dates import TEHRAN
from clubdesk.core.errors import InvalidAmount, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.points import DEFAULT_TOMANS_PER_POINT, PointsRule

FORMAT_VERSION = 1
MAX_MINIMUM_PURCHASE = 100_000_000_000
MAX_VISIT_POINTS = 100_000
MAX_JOINING_BONUS = 1_000_000
MAX_HAPPY_HOURS = 50
MIN_MULTIPLIER, MAX_MULTIPLIER = Decimal(1), Decimal(10)
JOINING_BONUS_NOTE = "joining bonus"  # the ledger note (data, not shown translated)


class Weekday(IntEnum):
    """The Iranian week: Saturday is its first day, Friday the weekend."""

    SATURDAY = 0
    SUNDAY = 1
    MONDAY = 2
    TUESDAY = 3
    WEDNESDAY = 4
    THURSDAY = 5
    FRIDAY = 6


# Names for the UI (context "programme"); Persian comes from the translation file.
WEEKDAY_NAMES = (
    QT_TRANSLATE_NOOP("programme", "Saturday"),
    QT_TRANSLATE_NOOP("programme", "Sunday"),
    QT_TRANSLATE_NOOP("programme", "Monday"),
    QT_TRANSLATE_NOOP("programme", "Tuesday"),
    QT_TRANSLATE_NOOP("programme", "Wednesday"),
    QT_TRANSLATE_NOOP("programme", "Thursday"),
    QT_TRANSLATE_NOOP("programme", "Friday"),
)


def tehran_time(moment: datetime) -> datetime:
    """``moment`` in Tehran; a naive value is UTC (as SQLite returns them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(TEHRAN)


def iranian_weekday(moment: datetime) -> Weekday:
    """The Tehran weekday of ``moment`` (Python's Monday=0 shifted so Saturday=0)."""
    return Weekday((tehran_time(moment).weekday() + 2) % 7)


def checked_whole(value: Any, low: int, high: int, message: str, hint: str | None = None) -> int:
    """A whole number of a setting in [low, high] (never a bool), or InvalidSetting."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidSetting(message, hint, entered=str(value))
    return value


def _multiplier(value: Any) -> Decimal:
    """A multiplier from 1 to 10 with at most two decimals (exact: no float surprises)."""
    message = QT_TRANSLATE_NOOP("errors", "A happy hour multiplier must be from 1 to 10.")
    hint = QT_TRANSLATE_NOOP("errors", "Enter for example 2 for double points, or 1.5.")
    if isinstance(value, bool):
        raise InvalidSetting(message, hint, entered=str(value))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidSetting(message, hint, entered=str(value)) from None
    if not number.is_finite() or not MIN_MULTIPLIER <= number <= MAX_MULTIPLIER:
        raise InvalidSetting(message, hint, entered=str(value))
    if number != number.quantize(Decimal("0.01"), rounding=ROUND_FLOOR):
        raise InvalidSetting(
            QT_TRANSLATE_NOOP("errors", "A happy hour multiplier has at most two decimals."),
            hint,
            entered=str(value),
        )
    # Decimal(int) for whole numbers: normalize() would write 10 as "1E+1".
    return Decimal(int(number)) if number == number.to_integral_value() else number.normalize()


@dataclass(frozen=True)
class HappyHour:
    """Extra points on one weekday from ``start`` o'clock up to (not including) ``end``, Tehran
    time. A window past midnight is two rows (e.g. Thursday 22-24 and Friday 0-2)."""

    weekday: Weekday
    start: int
    end: int
    multiplier: Decimal = Decimal(2)

    def __post_init__(self) -> None:
        day = checked_whole(
            self.weekday,
            0,
            6,
            QT_TRANSLATE_NOOP("errors", "A happy hour's day must be Saturday to Friday."),
        )
        hours_hint = QT_TRANSLATE_NOOP("errors", "Enter whole hours, for example from 10 to 12.")
        start = checked_whole(
            self.start,
            0,
            23,
            QT_TRANSLATE_NOOP("errors", "A happy hour must start at an hour from 0 to 23."),
            hours_hint,
        )
        end = checked_whole(
            self.end,
            1,
            24,
            QT_TRANSLATE_NOOP("errors", "A happy hour must end at an hour from 1 to 24."),
            hours_hint,
        )
        if end <= start:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "A happy hour must end after it starts."),
                QT_TRANSLATE_NOOP(
                    "errors", "For hours past midnight add a second row for the next day."
                ),
                entered=f"{start}-{end}",
            )
        object.__setattr__(self, "weekday", Weekday(day))
        object.__setattr__(self, "multiplier", _multiplier(self.multiplier))

    def covers(self, moment: datetime) -> bool:
        local = tehran_time(moment)
        return iranian_weekday(local) == self.weekday and self.start <= local.hour < self.end

    def to_json(self) -> dict[str, Any]:
        return {
            "weekday": int(self.weekday),
            "start": self.start,
            "end": self.end,
            "multiplier": str(self.multiplier),
        }

    @classmethod
    def from_json(cls, data: Any) -> HappyHour:
        if not isinstance(data, Mapping):
            raise _unreadable(data)
        return cls(
            data.get("weekday"), data.get("start"), data.get("end"), data.get("multiplier", 2)
        )


@dataclass(frozen=True)
class Earning:
    """What one purchase earns, itemised so the UI can explain it."""

    base: int
    happy_hour: int = 0
    per_visit: int = 0
    multiplier: Decimal = Decimal(1)
    level: int = 0  # extra points from the member's level

    @property
    def total(self) -> int:
        return self.base + self.happy_hour + self.level + self.per_visit


@dataclass(frozen=True)
class EarningRules:
    """The shop's earning rules. ``PointsRule`` (tomans per point) is the first of them."""

    tomans_per_point: int = DEFAULT_TOMANS_PER_POINT
    minimum_purchase: int = 0
    points_per_visit: int = 0
    joining_bonus: int = 0
    happy_hours: tuple[HappyHour, ...] = field(default=())

    def __post_init__(self) -> None:
        PointsRule(self.tomans_per_point)  # the same check and message as before
        checked_whole(
            self.minimum_purchase,
            0,
            MAX_MINIMUM_PURCHASE,
            QT_TRANSLATE_NOOP("errors", "The minimum purchase must be zero or more tomans."),
            QT_TRANSLATE_NOOP("errors", "Enter 0 to give points for every purchase."),
        )
        checked_whole(
            self.points_per_visit,
            0,
            MAX_VISIT_POINTS,
            QT_TRANSLATE_NOOP(
                "errors", "Points per visit must be a whole number from 0 to 100,000."
            ),
        )
        checked_whole(
            self.joining_bonus,
            0,
            MAX_JOINING_BONUS,
            QT_TRANSLATE_NOOP(
                "errors", "The joining bonus must be a whole number from 0 to 1,000,000."
            ),
        )
        hours = self.happy_hours
        if not isinstance(hours, Sequence) or isinstance(hours, str):
            raise _unreadable(hours)
        if len(hours) > MAX_HAPPY_HOURS:
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "At most 50 happy hours can be set."),
                entered=str(len(hours)),
            )
        if not all(isinstance(h, HappyHour) for h in hours):
            raise _unreadable(hours)
        object.__setattr__(self, "happy_hours", tuple(hours))

    @property
    def points_rule(self) -> PointsRule:
        return PointsRule(self.tomans_per_point)

    def multiplier_at(self, moment: datetime) -> Decimal:
        """The highest multiplier of the happy hours covering ``moment`` (overlaps never
        multiply each other), 1 outside them."""
        found = [h.multiplier for h in self.happy_hours if h.covers(moment)]
        return max(found, default=Decimal(1))

    def points_for(
        self, amount: int, at: datetime, level_multiplier: Decimal = Decimal(1)
    ) -> Earning:
        """Points for a purchase of ``amount`` tomans at ``at``: amount points (none below
        the minimum), happy-hour extra on those, the level's extra on top (each rounded
        down), and per-visit points."""
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InvalidAmount(entered=str(amount))
        base = amount // self.tomans_per_point if amount >= self.minimum_purchase else 0
        multiplier = self.multiplier_at(at) if self.happy_hours else Decimal(1)
        boosted = int((base * multiplier).to_integral_value(rounding=ROUND_FLOOR))
        levelled = int((base * multiplier * level_multiplier).to_integral_value(ROUND_FLOOR))
        return Earning(base, boosted - base, self.points_per_visit, multiplier, levelled - boosted)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "tomans_per_point": self.tomans_per_point,
            "minimum_purchase": self.minimum_purchase,
            "points_per_visit": self.points_per_visit,
            "joining_bonus": self.joining_bonus,
            "happy_hours": [h.to_json() for h in self.happy_hours],
        }

    @classmethod
    def from_json(cls, data: Any) -> EarningRules:
        """Rules from the settings row; missing keys take defaults, unknown keys are kept
        for later versions and ignored here."""
        if not isinstance(data, Mapping):
            raise _unreadable(data)
        hours = data.get("happy_hours", [])
        if not isinstance(hours, list):
            raise _unreadable(hours)
        return cls(
            tomans_per_point=data.get("tomans_per_point", DEFAULT_TOMANS_PER_POINT),
            minimum_purchase=data.get("minimum_purchase", 0),
            points_per_visit=data.get("points_per_visit", 0),
            joining_bonus=data.get("joining_bonus", 0),
            happy_hours=tuple(HappyHour.from_json(h) for h in hours),
        )

    @classmethod
    def from_settings(cls, stored: Any, legacy_tomans_per_point: Any = None) -> EarningRules:
        """The stored rules, or (before they were first saved) the old one-number rule."""
        if stored is not None:
            return cls.from_json(stored)
        if legacy_tomans_per_point is None:
            return cls()
        return cls(tomans_per_point=legacy_tomans_per_point)


def as_rules(rule: EarningRules | PointsRule) -> EarningRules:
    """Callers that still hold the old one-number rule get the same earnings."""
    if isinstance(rule, PointsRule):
        return EarningRules(tomans_per_point=rule.tomans_per_point)
    return rule


def _unreadable(value: Any) -> InvalidSetting:
    return InvalidSetting(
        QT_TRANSLATE_NOOP("errors", "The saved earning rules cannot be read."),
        QT_TRANSLATE_NOOP("errors", "Pick a preset in Settings and save it again."),
        entered=str(value)[:80],
    )


@dataclass(frozen=True)
class Preset:
    """Rules an owner picks in one click, then adjusts."""

    key: str
    name: str  # translation source, context "programme"
    rules: EarningRules


PRESETS = (
    Preset(
        "simple",
        QT_TRANSLATE_NOOP("programme", "Simple: 1 point per 10,000 tomans"),
        EarningRules(),
    ),
    Preset(
        "cafe",
        QT_TRANSLATE_NOOP("programme", "Café: 5 points a visit, double points 15–17"),
        EarningRules(
            points_per_visit=5,
            happy_hours=tuple(HappyHour(Weekday(day), 15, 17, Decimal(2)) for day in range(5)),
        ),
    ),
    Preset(
        "boutique",
        QT_TRANSLATE_NOOP("programme", "Boutique: from 500,000 tomans, 50 points to join"),
        EarningRules(tomans_per_point=50_000, minimum_purchase=500_000, joining_bonus=50),
    ),
)


def matching_preset(rules: EarningRules) -> Preset | None:
    """The preset these rules are, if the owner has not changed them since."""
    return next((p for p in PRESETS if p.rules == rules), None)
