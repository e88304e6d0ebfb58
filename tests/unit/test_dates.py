"""Jalali dates in Persian, Gregorian in English, Tehran time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.dates import (
    TEHRAN,
    format_birthday,
    format_date,
    format_datetime,
    jalali,
    local,
    parse_jalali,
)
from clubdesk.core.errors import ExitCode, InvalidDate
from clubdesk.core.i18n import Lang

TODAY = date(2025, 11, 25)  # 1404/09/04


@pytest.mark.parametrize(
    ("gregorian", "shown"),
    [
        (date(1991, 8, 3), "1370/05/12"),
        (date(2025, 3, 21), "1404/01/01"),  # Nowruz
        (date(2025, 3, 20), "1403/12/30"),  # last day of a leap year
        (date(2024, 3, 19), "1402/12/29"),
        (date(2025, 11, 25), "1404/09/04"),
        (date(1901, 3, 21), "1280/01/01"),
    ],
)
def test_jalali(gregorian: date, shown: str) -> None:
    assert jalali(gregorian) == shown


@pytest.mark.parametrize(
    ("typed", "gregorian"),
    [
        ("1370/05/12", date(1991, 8, 3)),
        ("۱۳۷۰/۰۵/۱۲", date(1991, 8, 3)),
        ("١٣٧٠/٠٥/١٢", date(1991, 8, 3)),
        ("1370/5/12", date(1991, 8, 3)),
        ("1370-5-12", date(1991, 8, 3)),
        ("1370.05.12", date(1991, 8, 3)),
        (" 1370 / 5 / 12 ", date(1991, 8, 3)),
        ("1403/12/30", date(2025, 3, 20)),
        ("1280/01/01", date(1901, 3, 21)),
        ("1404/09/04", TODAY),
    ],
    ids=[
        "latin",
        "persian-digits",
        "arabic-indic-digits",
        "no-padding",
        "dashes",
        "dots",
        "spaces",
        "leap-day",
        "earliest-year",
        "today",
    ],
)
def test_parse_jalali(typed: str, gregorian: date) -> None:
    assert parse_jalali(typed, today=TODAY) == gregorian


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "abc",
        "1370/05",
        "1370/05/12/1",
        "70/05/12",
        "1370/13/01",
        "1370/00/10",
        "1370/05/00",
        "1370/07/31",  # the second half of the year has 30-day months
        "1404/12/30",  # 1404 is not a leap year
        "1279/12/29",
        "1404/09/05",  # tomorrow
        "1500/01/01",
        "2025/11/25",  # Gregorian typed by mistake: in the future as Jalali
    ],
)
def test_parse_jalali_rejects(typed: str) -> None:
    with pytest.raises(InvalidDate) as info:
        parse_jalali(typed, today=TODAY)
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert info.value.params == {"entered": typed}


@given(st.dates(min_value=date(1901, 3, 21), max_value=TODAY))
def test_jalali_round_trips(day: date) -> None:
    assert parse_jalali(jalali(day), today=TODAY) == day
    assert parse_jalali(format_date(day, Lang.FA), today=TODAY) == day


def test_format_date() -> None:
    assert format_date(date(1991, 8, 3), Lang.FA) == "۱۳۷۰/۰۵/۱۲"
    assert format_date(date(1991, 8, 3), Lang.EN) == "1991-08-03"


def test_local_is_tehran_time_and_naive_means_utc() -> None:
    aware = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    naive = datetime(2025, 1, 1, 12, 0)
    assert local(aware) == local(naive) == aware
    assert local(aware).utcoffset() == timedelta(hours=3, minutes=30)
    assert local(aware).hour == 15
    assert local(aware).minute == 30
    assert local(aware).tzinfo == TEHRAN


@pytest.mark.parametrize(
    ("moment", "lang", "shown"),
    [
        (datetime(2025, 1, 1, 20, 45, tzinfo=UTC), Lang.EN, "2025-01-02 00:15"),
        (datetime(2025, 1, 1, 20, 45, tzinfo=UTC), Lang.FA, "۱۴۰۳/۱۰/۱۳ ۰۰:۱۵"),
        (datetime(2025, 6, 1, 12, 0, tzinfo=UTC), Lang.EN, "2025-06-01 15:30"),
        (datetime(2020, 6, 1, 12, 0, tzinfo=UTC), Lang.EN, "2020-06-01 16:30"),  # DST then
        (datetime(2025, 3, 20, 20, 30, tzinfo=UTC), Lang.FA, "۱۴۰۴/۰۱/۰۱ ۰۰:۰۰"),
    ],
    ids=["en-next-day", "fa-next-day", "summer-no-dst", "summer-2020-dst", "nowruz-midnight"],
)
def test_format_datetime(moment: datetime, lang: Lang, shown: str) -> None:
    assert format_datetime(moment, lang) == shown


def test_format_birthday() -> None:
    assert format_birthday(date(1991, 8, 3), Lang.FA) == "۱۳۷۰/۰۵/۱۲"
    assert format_birthday(date(1991, 8, 3), Lang.EN) == "1370/05/12 (1991-08-03)"
