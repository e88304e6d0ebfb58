"""The programme's rules an owner sets: expiry in Jalali months, cashback, rewards, levels."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import jdatetime
import pytest

from clubdesk.core.club import (
    ClubRules,
    ExpiryRules,
    Level,
    LevelRules,
    Reward,
    RewardKind,
    RewardNeedsInvoice,
    RewardsCatalogue,
    RewardTooLarge,
    UnknownReward,
    WalletRules,
    add_jalali_months,
    parse_adjustment,
    parse_credit,
)
from clubdesk.core.dates import TEHRAN
from clubdesk.core.errors import InvalidInput, InvalidSetting
from clubdesk.core.programme import EarningRules


def tehran(y: int, m: int, d: int, hour: int = 12) -> datetime:
    g = jdatetime.date(y, m, d).togregorian()
    return datetime(g.year, g.month, g.day, hour, tzinfo=TEHRAN)


def as_jalali(moment: datetime) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=moment.astimezone(TEHRAN).date())
    return j.year, j.month, j.day


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ((1405, 3, 15), 6, (1405, 9, 15)),
        ((1405, 6, 31), 1, (1405, 7, 30)),  # Mehr has 30 days
        ((1405, 6, 31), 6, (1405, 12, 29)),  # Esfand 1405 has 29 days
        ((1403, 6, 31), 6, (1403, 12, 30)),  # 1403 is a leap year: Esfand 30
        ((1405, 10, 1), 3, (1406, 1, 1)),  # across Nowruz
        ((1405, 1, 1), 24, (1407, 1, 1)),
    ],
)
def test_expiry_is_counted_in_jalali_months(start, months, expected) -> None:
    moment = tehran(*start)
    later = add_jalali_months(moment, months)
    assert as_jalali(later) == expected
    assert later.astimezone(TEHRAN).hour == 12  # the same time of day


def test_expiry_keeps_the_callers_time_zone() -> None:
    moment = datetime(2026, 11, 25, 20, 45, tzinfo=UTC)  # 00:15 next day in Tehran
    later = add_jalali_months(moment, 1)
    assert later.tzinfo is UTC
    assert as_jalali(later)[1] == as_jalali(moment)[1] % 12 + 1


def test_no_expiry_when_months_are_zero() -> None:
    rules = ExpiryRules()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert rules.points_expiry(now) is None
    assert rules.credit_expiry(now) is None
    assert ExpiryRules(6, 3).points_expiry(now) == add_jalali_months(now, 6)


@pytest.mark.parametrize("bad", [-1, 121, 1.5, "6", True])
def test_bad_expiry_months_are_refused(bad) -> None:
    with pytest.raises(InvalidSetting):
        ExpiryRules(points_months=bad)


def test_cashback_rounds_down_and_waits() -> None:
    wallet = WalletRules(Decimal("2.5"), 24)
    assert wallet.cashback(99_999) == 2_499
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert (wallet.usable_from(now) - now).total_seconds() == 24 * 3600
    assert WalletRules().cashback(1_000_000) == 0


@pytest.mark.parametrize("bad", ["-1", "101", "2.555", "x", True])
def test_bad_cashback_is_refused(bad) -> None:
    with pytest.raises(InvalidSetting):
        WalletRules(bad)


def test_bad_delay_is_refused() -> None:
    with pytest.raises(InvalidSetting):
        WalletRules(Decimal(1), 24 * 91)


def reward(kind: RewardKind, value: int = 0, cap: int = 0, cost: int = 100) -> Reward:
    return Reward(f"r-{kind}-{value}", f"{kind} {value}", kind, cost, value, cap)


def test_rewards_discount_within_the_share_of_the_invoice() -> None:
    catalogue = RewardsCatalogue(
        (reward(RewardKind.DISCOUNT, 50_000), reward(RewardKind.PERCENT, 20, cap=30_000)),
        max_share=50,
    )
    fixed, percent = catalogue.rewards
    assert catalogue.discount(fixed, 200_000) == 50_000
    assert catalogue.discount(percent, 100_000) == 20_000
    assert catalogue.discount(percent, 1_000_000) == 30_000  # the cap
    with pytest.raises(RewardTooLarge) as refused:
        catalogue.discount(fixed, 80_000)  # 50,000 > 40,000 (50%)
    assert "40,000" in str(refused.value)
    with pytest.raises(RewardNeedsInvoice):
        catalogue.discount(fixed, None)


def test_item_and_credit_rewards_give_no_discount() -> None:
    catalogue = RewardsCatalogue((reward(RewardKind.ITEM), reward(RewardKind.CREDIT, 10_000)))
    assert [catalogue.discount(r, 5_000) for r in catalogue.rewards] == [0, 0]
    assert not any(r.needs_invoice for r in catalogue.rewards)


def test_unknown_reward_is_an_error() -> None:
    with pytest.raises(UnknownReward):
        RewardsCatalogue().find("gone")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Reward("a", "", RewardKind.ITEM, 10),
        lambda: Reward("a", "x" * 61, RewardKind.ITEM, 10),
        lambda: Reward("a", "Coffee", "voucher", 10),
        lambda: Reward("a", "Coffee", RewardKind.ITEM, 0),
        lambda: Reward("a", "Off", RewardKind.PERCENT, 10, 101),
        lambda: Reward("a", "Off", RewardKind.DISCOUNT, 10, 0),
        lambda: Reward("a", "Off", RewardKind.PERCENT, 10, 10, -1),
        lambda: RewardsCatalogue((reward(RewardKind.ITEM), reward(RewardKind.ITEM))),
        lambda: RewardsCatalogue(max_share=0),
        lambda: RewardsCatalogue(point_value=-1),
    ],
)
def test_bad_rewards_are_refused(make) -> None:
    with pytest.raises(InvalidSetting):
        make()


def test_rewards_round_trip_through_json() -> None:
    catalogue = RewardsCatalogue(
        (reward(RewardKind.PERCENT, 10, 5_000), reward(RewardKind.ITEM)), 40, 2_000
    )
    assert RewardsCatalogue.from_json(catalogue.to_json()) == catalogue


LEVELS = LevelRules(
    (
        Level("Gold", 20_000_000, Decimal("1.5")),
        Level("Bronze", 0),
        Level("Silver", 5_000_000, Decimal("1.25")),
    ),
    365,
)


def test_levels_are_sorted_and_reached_by_spend() -> None:
    assert [lv.name for lv in LEVELS.levels] == ["Bronze", "Silver", "Gold"]
    assert LEVELS.key_for(0) == ""  # the lowest level is stored as ""
    assert LEVELS.display_name("") == "Bronze"
    assert LEVELS.key_for(5_000_000) == "Silver"
    assert LEVELS.key_for(25_000_000) == "Gold"
    assert LEVELS.multiplier("Gold") == Decimal("1.5")
    assert LEVELS.multiplier("") == Decimal(1)
    assert LEVELS.multiplier("Renamed") == Decimal(1)


def test_levels_without_a_free_lowest_level() -> None:
    rules = LevelRules((Level("VIP", 1_000_000, Decimal(2)),))
    assert rules.key_for(999_999) == ""
    assert rules.display_name("") == ""
    assert rules.key_for(1_000_000) == "VIP"


@pytest.mark.parametrize(
    "make",
    [
        lambda: LevelRules((Level("A", 0), Level("a", 10))),
        lambda: LevelRules((Level("A", 0), Level("B", 0))),
        lambda: LevelRules(window_days=3),
        lambda: Level("", 0),
        lambda: Level("A", -1),
        lambda: Level("A", 0, "0.5"),
        lambda: LevelRules(tuple(Level(str(n), n) for n in range(11))),
    ],
)
def test_bad_levels_are_refused(make) -> None:
    with pytest.raises(InvalidSetting):
        make()


def test_level_multiplier_stacks_on_happy_hours() -> None:
    earning = EarningRules(tomans_per_point=10_000).points_for(
        155_000, datetime(2026, 1, 1, tzinfo=UTC), Decimal("1.5")
    )
    assert (earning.base, earning.level, earning.total) == (15, 7, 22)


def test_club_rules_read_from_missing_settings_are_the_defaults() -> None:
    assert ClubRules.from_settings({}) == ClubRules()
    with pytest.raises(InvalidSetting):
        ClubRules.from_settings({"programme.wallet": "garbage"})


def test_club_rules_round_trip() -> None:
    rules = ClubRules(
        ExpiryRules(6, 3),
        WalletRules(Decimal(2), 48),
        RewardsCatalogue((reward(RewardKind.CREDIT, 5_000),)),
        LEVELS,
    )
    found = {
        "programme.expiry": rules.expiry.to_json(),
        "programme.wallet": rules.wallet.to_json(),
        "programme.rewards": rules.rewards.to_json(),
        "programme.levels": rules.levels.to_json(),
    }
    assert ClubRules.from_settings(found) == rules


def test_adjustments_and_credit_are_parsed_in_any_digits() -> None:
    assert parse_adjustment("۵۰") == 50
    assert parse_adjustment("-20") == -20
    assert parse_adjustment("\u221220") == -20
    assert parse_credit("") == 0
    assert parse_credit(None) == 0
    assert parse_credit("۲۰,۰۰۰") == 20_000
    for bad in ("0", "x", "99999999999"):
        with pytest.raises(InvalidInput):
            parse_adjustment(bad)
    with pytest.raises(InvalidInput):
        parse_credit("-5")
