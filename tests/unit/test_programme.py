"""Earning rules: amount points, minimum, per-visit, happy hours in Tehran time, JSON, presets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.errors import InvalidAmount, InvalidSetting
from clubdesk.core.points import PointsRule
from clubdesk.core.programme import (
    PRESETS,
    Earning,
    EarningRules,
    HappyHour,
    Weekday,
    as_rules,
    iranian_weekday,
    matching_preset,
)

TEHRAN = ZoneInfo("Asia/Tehran")
SATURDAY = datetime(2025, 1, 4, tzinfo=TEHRAN)  # a Saturday in Tehran
DOUBLE_SAT_10_12 = HappyHour(Weekday.SATURDAY, 10, 12, Decimal(2))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Tehran time on the Iranian weekday ``day`` (0 = Saturday) of the sample week."""
    return SATURDAY + timedelta(days=day, hours=hour, minutes=minute)


def test_defaults_are_the_old_rule() -> None:
    rules = EarningRules()
    assert rules.points_rule == PointsRule()
    assert rules.points_for(250_000, at(0, 11)) == Earning(25)
    assert rules.points_for(250_000, at(0, 11)).total == 25


def test_the_old_rule_is_read_as_earning_rules() -> None:
    assert as_rules(PointsRule(1_000)) == EarningRules(tomans_per_point=1_000)
    rules = EarningRules(5_000)
    assert as_rules(rules) is rules


@pytest.mark.parametrize(
    ("amount", "base"), [(0, 0), (99_999, 0), (100_000, 10), (100_001, 10), (250_000, 25)]
)
def test_minimum_purchase_exactly_met_earns(amount: int, base: int) -> None:
    rules = EarningRules(minimum_purchase=100_000, points_per_visit=3)
    earning = rules.points_for(amount, at(0, 9))
    assert earning == Earning(base, 0, 3)  # per-visit points come even below the minimum


@pytest.mark.parametrize(
    ("moment", "extra"),
    [
        (at(0, 9, 59), 0),
        (at(0, 10, 0), 25),  # the start minute is inside
        (at(0, 11, 59), 25),
        (at(0, 12, 0), 0),  # the end is not
        (at(1, 11), 0),  # Sunday
        (at(-1, 11), 0),  # Friday before
    ],
)
def test_happy_hour_boundaries(moment: datetime, extra: int) -> None:
    rules = EarningRules(happy_hours=(DOUBLE_SAT_10_12,))
    assert rules.points_for(250_000, moment).happy_hour == extra


def test_friday_and_end_of_day() -> None:
    rules = EarningRules(happy_hours=(HappyHour(Weekday.FRIDAY, 20, 24, 3),))
    assert iranian_weekday(at(6, 23, 59)) is Weekday.FRIDAY
    assert rules.points_for(100_000, at(6, 23, 59)) == Earning(10, 20, 0, Decimal(3))
    assert rules.points_for(100_000, at(7, 0, 0)).happy_hour == 0  # next Saturday


def test_happy_hours_follow_tehran_not_utc() -> None:
    rules = EarningRules(happy_hours=(HappyHour(Weekday.SATURDAY, 0, 1, 2),))
    # 20:45 UTC on Friday is 00:15 on Saturday in Tehran (UTC+3:30)
    friday_utc = datetime(2025, 1, 3, 20, 45, tzinfo=UTC)
    assert iranian_weekday(friday_utc) is Weekday.SATURDAY
    assert rules.points_for(10_000, friday_utc).happy_hour == 1
    naive_utc = datetime(2025, 1, 3, 20, 45)  # as SQLite returns times: UTC
    assert rules.points_for(10_000, naive_utc).happy_hour == 1
    assert rules.points_for(10_000, datetime(2025, 1, 3, 20, 29, tzinfo=UTC)).happy_hour == 0


@pytest.mark.parametrize(
    ("base_amount", "multiplier", "extra"),
    [(250_000, "1.5", 12), (10_000, "1.5", 0), (70_000, "1.25", 1), (30_000, "1.1", 0)],
)
def test_multiplier_rounds_down(base_amount: int, multiplier: str, extra: int) -> None:
    rules = EarningRules(happy_hours=(HappyHour(Weekday.SATURDAY, 10, 12, multiplier),))
    assert rules.points_for(base_amount, at(0, 10)).happy_hour == extra


def test_overlapping_happy_hours_take_the_highest_and_spare_visit_points() -> None:
    rules = EarningRules(
        points_per_visit=5,
        happy_hours=(DOUBLE_SAT_10_12, HappyHour(Weekday.SATURDAY, 11, 13, 3)),
    )
    assert rules.points_for(100_000, at(0, 11)) == Earning(10, 20, 5, Decimal(3))
    assert rules.points_for(100_000, at(0, 10)) == Earning(10, 10, 5, Decimal(2))


@pytest.mark.parametrize("amount", [-1, True, 1.5, "100"])
def test_an_invalid_amount_is_refused(amount: object) -> None:
    with pytest.raises(InvalidAmount):
        EarningRules().points_for(amount, at(0, 0))  # type: ignore[arg-type]


def test_json_round_trip_and_format() -> None:
    rules = EarningRules(
        5_000, 100_000, 2, 20, (DOUBLE_SAT_10_12, HappyHour(Weekday.FRIDAY, 0, 24, "1.50"))
    )
    data = rules.to_json()
    assert data["version"] == 1
    assert data["happy_hours"][1] == {"weekday": 6, "start": 0, "end": 24, "multiplier": "1.5"}
    assert EarningRules.from_json(data) == rules
    assert HappyHour(0, 1, 2, 10).to_json()["multiplier"] == "10"  # never "1E+1"


def test_from_json_fills_defaults_and_ignores_later_keys() -> None:
    assert EarningRules.from_json({}) == EarningRules()
    data = {"tomans_per_point": 2_000, "levels": [{"name": "gold"}], "version": 9}
    assert EarningRules.from_json(data) == EarningRules(2_000)
    hour = {"weekday": 0, "start": 10, "end": 12, "multiplier": 2.5}  # a JSON number works too
    assert EarningRules.from_json({"happy_hours": [hour]}).happy_hours[0].multiplier == Decimal(
        "2.5"
    )


def test_old_key_migrates_when_the_new_one_is_absent() -> None:
    assert EarningRules.from_settings(None, None) == EarningRules()
    assert EarningRules.from_settings(None, 25_000) == EarningRules(25_000)
    stored = EarningRules(3_000, joining_bonus=5).to_json()
    assert EarningRules.from_settings(stored, 25_000) == EarningRules(3_000, joining_bonus=5)
    with pytest.raises(InvalidSetting):
        EarningRules.from_settings(None, 0)


@pytest.mark.parametrize(
    "data",
    [
        [],
        "rules",
        {"happy_hours": {"weekday": 0}},
        {"happy_hours": ["10-12"]},
        {"tomans_per_point": "many"},
        {"happy_hours": [{"weekday": 0, "start": 10, "end": 12, "multiplier": None}]},
    ],
)
def test_unreadable_json_is_an_invalid_setting(data: object) -> None:
    with pytest.raises(InvalidSetting):
        EarningRules.from_json(data)


def _message(error: pytest.ExceptionInfo[InvalidSetting]) -> str:
    return error.value.message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tomans_per_point": 0}, "Tomans per point must be a whole number from 1 to 100,000,000."),
        ({"minimum_purchase": -1}, "The minimum purchase must be zero or more tomans."),
        ({"minimum_purchase": 1.5}, "The minimum purchase must be zero or more tomans."),
        ({"points_per_visit": -1}, "Points per visit must be a whole number from 0 to 100,000."),
        (
            {"points_per_visit": 100_001},
            "Points per visit must be a whole number from 0 to 100,000.",
        ),
        ({"joining_bonus": -5}, "The joining bonus must be a whole number from 0 to 1,000,000."),
        ({"joining_bonus": True}, "The joining bonus must be a whole number from 0 to 1,000,000."),
        ({"happy_hours": (DOUBLE_SAT_10_12,) * 51}, "At most 50 happy hours can be set."),
        ({"happy_hours": "10-12"}, "The saved earning rules cannot be read."),
        ({"happy_hours": ({"weekday": 0},)}, "The saved earning rules cannot be read."),
        ({"happy_hours": 7}, "The saved earning rules cannot be read."),
    ],
)
def test_every_rule_error(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidSetting) as error:
        EarningRules(**kwargs)  # type: ignore[arg-type]
    assert _message(error) == message
    assert error.value.code == "INVALID_SETTING"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 10, 12, 2), "A happy hour's day must be Saturday to Friday."),
        ((7, 10, 12, 2), "A happy hour's day must be Saturday to Friday."),
        ((0, -1, 12, 2), "A happy hour must start at an hour from 0 to 23."),
        ((0, 24, 24, 2), "A happy hour must start at an hour from 0 to 23."),
        ((0, 10, 25, 2), "A happy hour must end at an hour from 1 to 24."),
        ((0, 10, 0, 2), "A happy hour must end at an hour from 1 to 24."),
        ((0, 12, 10, 2), "A happy hour must end after it starts."),
        ((0, 10, 10, 2), "A happy hour must end after it starts."),
        ((0, 10, 12, "0.5"), "A happy hour multiplier must be from 1 to 10."),
        ((0, 10, 12, 11), "A happy hour multiplier must be from 1 to 10."),
        ((0, 10, 12, "x"), "A happy hour multiplier must be from 1 to 10."),
        ((0, 10, 12, "NaN"), "A happy hour multiplier must be from 1 to 10."),
        ((0, 10, 12, True), "A happy hour multiplier must be from 1 to 10."),
        ((0, 10, 12, "1.255"), "A happy hour multiplier has at most two decimals."),
    ],
)
def test_every_happy_hour_error(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(InvalidSetting) as error:
        HappyHour(*args)  # type: ignore[arg-type]
    assert _message(error) == message
    assert error.value.hint  # every error says what to do


def test_errors_carry_hints() -> None:
    with pytest.raises(InvalidSetting) as error:
        HappyHour(0, 12, 10)
    assert "second row" in error.value.hint


def test_presets_are_valid_and_recognised() -> None:
    assert [p.key for p in PRESETS] == ["simple", "cafe", "boutique"]
    for preset in PRESETS:
        assert matching_preset(preset.rules) is preset
        assert EarningRules.from_json(preset.rules.to_json()) == preset.rules
    assert matching_preset(EarningRules(1_234)) is None
    cafe = PRESETS[1].rules
    assert cafe.points_per_visit > 0
    assert cafe.happy_hours
    boutique = PRESETS[2].rules
    assert boutique.minimum_purchase > 0
    assert boutique.joining_bonus > 0


amounts = st.integers(min_value=0, max_value=100_000_000_000)
rules_strategy = st.builds(
    EarningRules,
    tomans_per_point=st.integers(min_value=1, max_value=100_000_000),
    minimum_purchase=st.integers(min_value=0, max_value=10_000_000),
    points_per_visit=st.integers(min_value=0, max_value=100),
    joining_bonus=st.integers(min_value=0, max_value=100),
    happy_hours=st.just((DOUBLE_SAT_10_12,)),
)


@given(rules_strategy, amounts, amounts, st.integers(min_value=0, max_value=7 * 24 * 60 - 1))
def test_points_never_negative_and_monotone_outside_happy_hours(
    rules: EarningRules, a: int, b: int, minute: int
) -> None:
    moment = SATURDAY + timedelta(minutes=minute)
    low, high = sorted((a, b))
    assert rules.points_for(low, moment).total >= 0
    assert rules.points_for(high, moment).happy_hour >= 0
    if not DOUBLE_SAT_10_12.covers(moment):
        assert rules.points_for(low, moment).total <= rules.points_for(high, moment).total
