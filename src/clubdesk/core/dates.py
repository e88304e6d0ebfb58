"""Dates as Iranians read them: Jalali in Persian, Gregorian in English, Tehran time."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import jdatetime

from clubdesk.core.errors import InvalidDate
from clubdesk.core.i18n import Lang, localize_digits, to_latin_digits

TEHRAN = ZoneInfo("Asia/Tehran")
_JALALI_DATE = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")


def jalali(d: date) -> str:
    """'1370/05/12' (Latin digits; callers localise)."""
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def parse_jalali(raw: str, *, today: date | None = None) -> date:
    """Gregorian date of a Jalali 'year/month/day' typed in any digits; past dates only."""
    match = _JALALI_DATE.fullmatch(to_latin_digits(raw))
    if not match:
        raise InvalidDate(entered=raw)
    year, month, day = (int(part) for part in match.groups())
    try:
        result = jdatetime.date(year, month, day).togregorian()
    except ValueError as exc:
        raise InvalidDate(entered=raw) from exc
    if year < 1280 or result > (today or date.today()):
        raise InvalidDate(entered=raw)
    return result


def format_date(d: date, lang: Lang) -> str:
    """Jalali with Persian digits in Persian, ISO Gregorian in English."""
    if lang is Lang.FA:
        return localize_digits(jalali(d), lang)
    return d.isoformat()


def local(moment: datetime) -> datetime:
    """A stored UTC time in Tehran time (naive values from SQLite are UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(TEHRAN)


def format_datetime(moment: datetime, lang: Lang) -> str:
    tehran = local(moment)
    return f"{format_date(tehran.date(), lang)} {localize_digits(tehran.strftime('%H:%M'), lang)}"


def format_birthday(d: date, lang: Lang) -> str:
    """Birthdays are entered in Jalali in both languages; English adds the Gregorian date."""
    if lang is Lang.FA:
        return format_date(d, lang)
    return f"{jalali(d)} ({d.isoformat()})"
