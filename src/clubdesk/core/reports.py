"""The owner's reports: periods in Jalali months, their UTC boundaries, and the figures.

Everything is stored in UTC but an Iranian shop reads its books by Tehran-time Jalali month
and by fiscal year (1 Farvardin to the end of Esfand), so the boundaries are worked out here
and the database only sums rows between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time
from enum import StrEnum

import jdatetime

from clubdesk.core.dates import TEHRAN
from clubdesk.core.errors import InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits

MAX_MONTHS = 120  # a custom range of at most ten years keeps a report quick to read and build
TOP_CUSTOMERS = 20
_JALALI = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")

MONTH_NAMES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("months", "Farvardin"),
    QT_TRANSLATE_NOOP("months", "Ordibehesht"),
    QT_TRANSLATE_NOOP("months", "Khordad"),
    QT_TRANSLATE_NOOP("months", "Tir"),
    QT_TRANSLATE_NOOP("months", "Mordad"),
    QT_TRANSLATE_NOOP("months", "Shahrivar"),
    QT_TRANSLATE_NOOP("months", "Mehr"),
    QT_TRANSLATE_NOOP("months", "Aban"),
    QT_TRANSLATE_NOOP("months", "Azar"),
    QT_TRANSLATE_NOOP("months", "Dey"),
    QT_TRANSLATE_NOOP("months", "Bahman"),
    QT_TRANSLATE_NOOP("months", "Esfand"),
)


class InvalidReportDate(InvalidInput):
    code = "INVALID_REPORT_DATE"
    default_message = QT_TRANSLATE_NOOP("errors", "“{entered}” is not a Jalali date.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type year/month/day in the Jalali calendar, for example 1405/01/01."
    )


class ReportRangeReversed(InvalidInput):
    code = "REPORT_RANGE_REVERSED"
    default_message = QT_TRANSLATE_NOOP("errors", "The report starts after it ends.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Pick a start date on or before the end date.")


class ReportRangeTooLong(InvalidInput):
    code = "REPORT_RANGE_TOO_LONG"
    default_message = QT_TRANSLATE_NOOP("errors", "A report can cover at most ten years.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Pick a shorter range, for example one fiscal year.")


class UnknownPeriod(InvalidInput):
    code = "UNKNOWN_PERIOD"
    default_message = QT_TRANSLATE_NOOP("errors", "There is no report period called “{entered}”.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Use this-month, last-month, this-year, last-year, or a from/to range."
    )


class PeriodKind(StrEnum):
    THIS_MONTH = "this-month"
    LAST_MONTH = "last-month"
    THIS_YEAR = "this-year"
    LAST_YEAR = "last-year"
    CUSTOM = "custom"


PERIOD_LABELS: dict[PeriodKind, str] = {
    PeriodKind.THIS_MONTH: QT_TRANSLATE_NOOP("reports", "This month"),
    PeriodKind.LAST_MONTH: QT_TRANSLATE_NOOP("reports", "Last month"),
    PeriodKind.THIS_YEAR: QT_TRANSLATE_NOOP("reports", "This fiscal year"),
    PeriodKind.LAST_YEAR: QT_TRANSLATE_NOOP("reports", "Last fiscal year"),
    PeriodKind.CUSTOM: QT_TRANSLATE_NOOP("reports", "Custom range"),
}


def _start_utc(day: jdatetime.date) -> datetime:
    """Tehran midnight at the start of a Jalali day, in UTC."""
    return datetime.combine(day.togregorian(), time(), TEHRAN).astimezone(UTC)


def _month_start(year: int, month: int) -> jdatetime.date:
    return jdatetime.date(year, month, 1)


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_end(year: int, month: int) -> jdatetime.date:
    """The last day of a Jalali month (Esfand has 30 days in a leap year)."""
    following = _month_start(*_next_month(year, month))
    return following - jdatetime.timedelta(days=1)


@dataclass(frozen=True)
class MonthBucket:
    """One Jalali month of a report, clipped to the period; ``end_utc`` is exclusive."""

    year: int
    month: int
    start_utc: datetime
    end_utc: datetime

    @property
    def key(self) -> str:
        """'1405/01': sortable and the label the Excel sheet shows."""
        return f"{self.year:04d}/{self.month:02d}"

    @property
    def month_name(self) -> str:
        """The English source of the month's name (translated in the ``months`` context)."""
        return MONTH_NAMES[self.month - 1]


@dataclass(frozen=True)
class Period:
    """Whole Jalali days from ``first`` to ``last`` (both included), Tehran time."""

    kind: PeriodKind
    first: jdatetime.date
    last: jdatetime.date

    @property
    def start_utc(self) -> datetime:
        return _start_utc(self.first)

    @property
    def end_utc(self) -> datetime:
        """Exclusive: Tehran midnight after the last day."""
        return _start_utc(self.last + jdatetime.timedelta(days=1))

    def label(self) -> str:
        """'1405/01/01 – 1405/12/29' in Latin digits; callers localise."""
        return f"{_text(self.first)} – {_text(self.last)}"

    def months(self) -> list[MonthBucket]:
        """The Jalali months the period touches, each clipped to the period."""
        buckets: list[MonthBucket] = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            first = max(_month_start(year, month), self.first)
            last = min(_month_end(year, month), self.last)
            end = _start_utc(last + jdatetime.timedelta(days=1))
            buckets.append(MonthBucket(year, month, _start_utc(first), end))
            year, month = _next_month(year, month)
        return buckets


def _text(day: jdatetime.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def _today_jalali(now: datetime) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=now.astimezone(TEHRAN).date())


def period(kind: PeriodKind | str, now: datetime) -> Period:
    """A named period as the shop sees it at ``now`` (any timezone; Tehran time decides)."""
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise UnknownPeriod(entered=str(kind)) from None
    today = _today_jalali(now)
    if kind is PeriodKind.THIS_MONTH:
        return Period(kind, _month_start(today.year, today.month), today)
    if kind is PeriodKind.LAST_MONTH:
        year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
        return Period(kind, _month_start(year, month), _month_end(year, month))
    if kind is PeriodKind.THIS_YEAR:
        return Period(kind, _month_start(today.year, 1), today)
    if kind is PeriodKind.LAST_YEAR:
        return Period(kind, _month_start(today.year - 1, 1), _month_end(today.year - 1, 12))
    raise UnknownPeriod(entered=str(kind))


def parse_day(raw: str) -> jdatetime.date:
    """A Jalali 'year/month/day' typed in any digits."""
    match = _JALALI.fullmatch(to_latin_digits(raw or ""))
    if not match:
        raise InvalidReportDate(entered=raw)
    year, month, day = (int(part) for part in match.groups())
    try:
        return jdatetime.date(year, month, day)
    except ValueError:
        raise InvalidReportDate(entered=raw) from None


def custom_period(first: str, last: str) -> Period:
    """A range the owner typed; refuses a reversed or overlong one before any query runs."""
    start, end = parse_day(first), parse_day(last)
    if start > end:
        raise ReportRangeReversed()
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
        raise ReportRangeTooLong()
    return Period(PeriodKind.CUSTOM, start, end)


def jalali_of(moment: date) -> str:
    """'1405/01/01' of a Gregorian date (Latin digits)."""
    return _text(jdatetime.date.fromgregorian(date=moment))


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figures:
    """Sums over a span of time. Points and wallet credit (tomans) are kept apart."""

    new_members: int = 0
    visits: int = 0  # sales minus reversals
    sales: int = 0  # tomans invoiced to members
    discounts: int = 0  # tomans of it paid with rewards or wallet credit
    points_issued: int = 0  # earned plus positive adjustments
    points_redeemed: int = 0
    points_expired: int = 0
    points_reversed: int = 0
    credit_issued: int = 0  # tomans of wallet credit given
    credit_used: int = 0  # tomans of wallet credit spent or expired

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Figures)))


FIGURE_LABELS: dict[str, str] = {
    "new_members": QT_TRANSLATE_NOOP("reports", "New members"),
    "visits": QT_TRANSLATE_NOOP("reports", "Visits"),
    "sales": QT_TRANSLATE_NOOP("reports", "Sales through the club (tomans)"),
    "discounts": QT_TRANSLATE_NOOP("reports", "Discounts (tomans)"),
    "points_issued": QT_TRANSLATE_NOOP("reports", "Points issued"),
    "points_redeemed": QT_TRANSLATE_NOOP("reports", "Points redeemed"),
    "points_expired": QT_TRANSLATE_NOOP("reports", "Points expired"),
    "points_reversed": QT_TRANSLATE_NOOP("reports", "Points reversed"),
    "credit_issued": QT_TRANSLATE_NOOP("reports", "Credit issued (tomans)"),
    "credit_used": QT_TRANSLATE_NOOP("reports", "Credit used (tomans)"),
}


@dataclass(frozen=True)
class MonthRow:
    bucket: MonthBucket
    figures: Figures


@dataclass(frozen=True)
class Liability:
    """What the shop owes its members today: unspent points at their value, plus credit."""

    points: int
    point_value: int  # tomans one point is worth
    credit: int  # tomans

    @property
    def tomans(self) -> int:
        return self.points * self.point_value + self.credit


@dataclass(frozen=True)
class TopCustomer:
    public_id: str
    name: str
    phone: str
    spent: int  # tomans in the period, net of reversals
    visits: int
    points: int  # points earned in the period


@dataclass(frozen=True)
class LevelShare:
    level: str  # "" is members without a level
    members: int


@dataclass(frozen=True)
class ClubReport:
    period: Period
    months: tuple[MonthRow, ...]
    liability: Liability
    top_customers: tuple[TopCustomer, ...]
    levels: tuple[LevelShare, ...]
    has_purchases: bool  # any sale ever: without one the screen shows how to start
    generated_at: datetime
    totals: Figures = field(init=False)

    def __post_init__(self) -> None:
        total = Figures()
        for row in self.months:
            total = total + row.figures
        object.__setattr__(self, "totals", total)
