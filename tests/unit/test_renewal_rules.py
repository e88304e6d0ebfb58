"""The renewal rules: what a plan would give, and the vendor's 72-hour refund rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clubdesk.core.dates import format_date
from clubdesk.core.i18n import Lang
from clubdesk.core.renewal import (
    PROBLEM_STATES,
    PROBLEM_TEXT,
    REFUND_WINDOW,
    STATE_TEXT,
    Outcome,
    advice,
    new_paid_until,
    outcome,
    tehran_day,
)
from clubdesk.protocol import FINAL_PAYMENT_STATES, PaymentState

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_the_72_hour_mark_is_exact() -> None:
    started = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    mark = started + timedelta(hours=72)
    before = advice("cancelled", started, mark - timedelta(seconds=1))
    assert before.outcome is Outcome.PROBLEM
    assert before.waiting_for_refund
    assert not before.send_to_support
    assert before.refund_due == mark
    at = advice("cancelled", started, mark)
    assert at.send_to_support
    assert not at.waiting_for_refund
    assert advice("cancelled", started, mark + timedelta(days=30)).send_to_support


@pytest.mark.parametrize("state", sorted(PROBLEM_STATES))
def test_every_failed_state_offers_support_after_72_hours(state: str) -> None:
    started = NOW - REFUND_WINDOW
    assert advice(state, started, NOW).send_to_support
    assert PROBLEM_TEXT[state]


@pytest.mark.parametrize("state", ["pending", "paid", "applied"])
def test_a_payment_that_may_still_succeed_or_did_never_points_to_support(state: str) -> None:
    result = advice(state, NOW - timedelta(days=10), NOW)
    assert not result.send_to_support
    assert result.refund_due is None
    assert result.outcome is (Outcome.RENEWED if state == "applied" else Outcome.WAITING)


def test_every_wire_state_has_words_and_a_known_outcome() -> None:
    states = set(PaymentState.__args__)  # type: ignore[attr-defined]
    assert set(STATE_TEXT) == states
    finals = {s for s in states if outcome(s) is not Outcome.WAITING}
    assert finals == set(FINAL_PAYMENT_STATES)


def test_an_expired_licence_restarts_from_now() -> None:
    expired = NOW - timedelta(days=40)
    assert new_paid_until(expired, NOW, 30) == NOW + timedelta(days=30)


def test_a_valid_licence_is_extended_from_its_end() -> None:
    valid = NOW + timedelta(days=5, hours=3)
    assert new_paid_until(valid, NOW, 365) == valid + timedelta(days=365)


def test_no_lease_yet_counts_from_now() -> None:
    assert new_paid_until(None, NOW, 90) == NOW + timedelta(days=90)


def test_the_day_shown_is_the_calendar_day_in_tehran() -> None:
    # 21:00 UTC is 00:30 the next day in Tehran (UTC+03:30, no daylight saving since 2022).
    late = datetime(2026, 3, 20, 21, 0, tzinfo=UTC)
    assert tehran_day(late) == date(2026, 3, 21)
    assert format_date(tehran_day(late), Lang.FA) == "۱۴۰۵/۰۱/۰۱"  # Nowruz 1405
    assert tehran_day(datetime(2026, 3, 20, 20, 29, tzinfo=UTC)) == date(2026, 3, 20)


def test_paid_until_a_plan_gives_in_jalali() -> None:
    start = datetime(2026, 12, 25, 12, 0, tzinfo=UTC)  # 1405/10/04
    until = new_paid_until(start - timedelta(days=1), start, 1)
    assert format_date(tehran_day(until), Lang.FA) == "۱۴۰۵/۱۰/۰۵"
