"""Report periods: Jalali months in Tehran time, their UTC edges, fiscal years, bad ranges."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from clubdesk.core.reports import (
    ClubReport,
    Figures,
    InvalidReportDate,
    Liability,
    MonthRow,
    PeriodKind,
    ReportRangeReversed,
    ReportRangeTooLong,
    UnknownPeriod,
    custom_period,
    period,
)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_farvardin_starts_at_tehran_midnight_which_is_the_evening_before_in_utc() -> None:
    month = custom_period("1405/01/01", "1405/01/31").months()
    assert len(month) == 1
    assert month[0].start_utc == utc(2026, 3, 20, 20, 30)  # Nowruz 1405 = 21 March 2026
    assert month[0].end_utc == utc(2026, 4, 20, 20, 30)  # 1 Ordibehesht


def test_a_sale_at_23_00_tehran_on_the_last_day_of_esfand_is_in_esfand() -> None:
    year = custom_period("1404/01/01", "1404/12/29")
    esfand = year.months()[-1]
    sale = utc(2026, 3, 20, 19, 30)  # 23:00 Tehran, 29 Esfand 1404
    assert (esfand.year, esfand.month) == (1404, 12)
    assert esfand.start_utc <= sale < esfand.end_utc
    assert year.end_utc == utc(2026, 3, 20, 20, 30)  # the next fiscal year starts right after


def test_leap_esfand_has_thirty_days() -> None:
    esfand = custom_period("1403/12/01", "1403/12/30").months()
    assert len(esfand) == 1
    assert (esfand[0].end_utc - esfand[0].start_utc).days == 30
    with pytest.raises(InvalidReportDate):
        custom_period("1404/12/01", "1404/12/30")  # 1404 is not a leap year


def test_this_fiscal_year_runs_from_farvardin_to_today_in_tehran() -> None:
    now = utc(2026, 11, 25, 21, 0)  # 00:30 on 5 Azar 1405 in Tehran
    chosen = period(PeriodKind.THIS_YEAR, now)
    assert (chosen.first.year, chosen.first.month, chosen.first.day) == (1405, 1, 1)
    assert (chosen.last.month, chosen.last.day) == (9, 5)  # Tehran's date, not UTC's 4 Azar
    assert [m.month for m in chosen.months()] == list(range(1, 10))


def test_last_fiscal_year_is_twelve_whole_months() -> None:
    chosen = period(PeriodKind.LAST_YEAR, utc(2026, 5, 1))
    months = chosen.months()
    assert [(m.year, m.month) for m in months] == [(1404, n) for n in range(1, 13)]
    assert months[0].start_utc == utc(2025, 3, 20, 20, 30)
    assert months[-1].end_utc == utc(2026, 3, 20, 20, 30)
    assert all(a.end_utc == b.start_utc for a, b in itertools.pairwise(months))


def test_last_month_in_farvardin_is_esfand_of_the_year_before() -> None:
    chosen = period(PeriodKind.LAST_MONTH, utc(2026, 4, 1))  # 12 Farvardin 1405
    assert (chosen.first.year, chosen.first.month, chosen.first.day) == (1404, 12, 1)
    assert (chosen.last.month, chosen.last.day) == (12, 29)


def test_this_month_is_clipped_to_today() -> None:
    chosen = period(PeriodKind.THIS_MONTH, utc(2026, 4, 1, 12))
    (only,) = chosen.months()
    assert only.start_utc == utc(2026, 3, 20, 20, 30)
    assert only.end_utc == utc(2026, 4, 1, 20, 30)  # Tehran midnight after 12 Farvardin


def test_a_custom_range_clips_its_first_and_last_months() -> None:
    months = custom_period("۱۴۰۴/۱۱/۱۵", "1405/01/10").months()  # Persian digits are fine
    assert [(m.year, m.month) for m in months] == [(1404, 11), (1404, 12), (1405, 1)]
    assert months[0].key == "1404/11"
    assert months[0].month_name == "Bahman"
    assert months[-1].end_utc == utc(2026, 3, 30, 20, 30)  # after 10 Farvardin


@pytest.mark.parametrize("text", ["", "1405/13/01", "1405-02-32", "tomorrow", "05/01/01x"])
def test_a_date_that_is_not_jalali_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(InvalidReportDate) as caught:
        custom_period(text, "1405/01/01")
    assert "1405/01/01" in caught.value.hint


def test_a_reversed_range_is_refused() -> None:
    with pytest.raises(ReportRangeReversed):
        custom_period("1405/02/01", "1405/01/31")


def test_a_range_over_ten_years_is_refused() -> None:
    custom_period("1395/01/01", "1404/12/29")  # ten years is fine
    with pytest.raises(ReportRangeTooLong):
        custom_period("1395/01/01", "1405/01/01")


def test_an_unknown_period_name_is_refused() -> None:
    with pytest.raises(UnknownPeriod) as caught:
        period("next-year", utc(2026, 1, 1))
    assert caught.value.exit_code == 2


def test_totals_add_up_the_months_and_liability_values_points() -> None:
    chosen = custom_period("1405/01/01", "1405/02/31")
    first, second = chosen.months()
    report = ClubReport(
        chosen,
        (
            MonthRow(first, Figures(visits=2, sales=300_000, points_issued=30)),
            MonthRow(second, Figures(visits=1, sales=100_000, points_redeemed=10)),
        ),
        Liability(points=20, point_value=1_000, credit=5_000),
        (),
        (),
        True,
        utc(2026, 5, 1),
    )
    assert report.totals == Figures(visits=3, sales=400_000, points_issued=30, points_redeemed=10)
    assert report.liability.tomans == 25_000
