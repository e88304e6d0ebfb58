"""The points rule and first-in-first-out redemption across earning lots."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.errors import ExitCode, InsufficientPoints, InvalidInput, InvalidSetting
from clubdesk.core.points import (
    DEFAULT_TOMANS_PER_POINT,
    LedgerKind,
    Lot,
    PointsRule,
    allocate_fifo,
    parse_points,
)


def test_default_rule_is_one_point_per_ten_thousand_tomans() -> None:
    assert DEFAULT_TOMANS_PER_POINT == 10_000
    assert PointsRule().tomans_per_point == 10_000


@pytest.mark.parametrize(
    ("per_point", "amount", "points"),
    [
        (10_000, 9_999, 0),
        (10_000, 10_000, 1),
        (10_000, 19_999, 1),
        (10_000, 250_000, 25),
        (10_000, 255_500, 25),
        (1_000, 25_500, 25),
        (1, 7, 7),
        (100_000_000, 99_999_999, 0),
        (100_000_000, 100_000_000_000, 1000),
    ],
)
def test_points_for(per_point: int, amount: int, points: int) -> None:
    assert PointsRule(per_point).points_for(amount) == points


@given(st.integers(1, 100_000_000), st.integers(1, 100_000_000_000))
def test_points_never_exceed_the_amount_paid(per_point: int, amount: int) -> None:
    points = PointsRule(per_point).points_for(amount)
    assert 0 <= points * per_point <= amount < (points + 1) * per_point


@pytest.mark.parametrize(
    "per_point",
    [0, -1, -10_000, 100_000_001, 1.5, 10_000.0, "10000", None],
    ids=["zero", "minus-one", "negative", "too-large", "fraction", "float", "text", "none"],
)
def test_invalid_rules_raise_invalid_setting(per_point: object) -> None:
    with pytest.raises(InvalidSetting) as info:
        PointsRule(per_point)  # type: ignore[arg-type]
    assert info.value.code == "INVALID_SETTING"
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert info.value.params == {"entered": str(per_point)}


def test_bool_rule_is_invalid() -> None:
    with pytest.raises(InvalidSetting):
        PointsRule(True)


@pytest.mark.parametrize(
    ("typed", "points"),
    [(1, 1), (5, 5), (10**9, 10**9), ("50", 50), ("۵۰", 50), ("٥٠", 50), ("1,000", 1000)],
    ids=["one", "five", "billion", "text", "persian-digits", "arabic-indic", "grouped"],
)
def test_parse_points_accepts_whole_numbers_above_zero(typed: str | int, points: int) -> None:
    assert parse_points(typed) == points


@pytest.mark.parametrize(
    "typed",
    [0, -1, "0", "", "abc", "-5", "1.5", 1.0, None, True, False],
    ids=[
        "zero",
        "negative",
        "zero-text",
        "empty",
        "letters",
        "negative-text",
        "fraction-text",
        "float",
        "none",
        "true",
        "false",
    ],
)
def test_parse_points_rejects(typed: object) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_points(typed)  # type: ignore[arg-type]
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert info.value.params == {"entered": str(typed)}


def test_allocate_takes_oldest_lot_first() -> None:
    lots = [Lot(1, 10), Lot(2, 20), Lot(3, 30)]
    assert allocate_fifo(lots, 5) == [(1, 5)]
    assert allocate_fifo(lots, 10) == [(1, 10)]
    assert allocate_fifo(lots, 15) == [(1, 10), (2, 5)]
    assert allocate_fifo(lots, 35) == [(1, 10), (2, 20), (3, 5)]
    assert allocate_fifo(lots, 60) == [(1, 10), (2, 20), (3, 30)]


def test_allocate_skips_empty_lots() -> None:
    lots = [Lot(1, 0), Lot(2, 4), Lot(3, 0), Lot(4, 4)]
    assert allocate_fifo(lots, 6) == [(2, 4), (4, 2)]


def test_allocate_follows_the_given_order() -> None:
    assert allocate_fifo([Lot(9, 3), Lot(2, 3)], 4) == [(9, 3), (2, 1)]


def test_allocate_reads_lots_lazily_and_stops_when_done() -> None:
    seen: list[int] = []

    def lots():
        for lot in (Lot(1, 5), Lot(2, 5), Lot(3, 5)):
            seen.append(lot.entry_id)
            yield lot

    assert allocate_fifo(lots(), 5) == [(1, 5)]
    assert seen == [1, 2]


@pytest.mark.parametrize(
    ("lots", "requested", "balance"),
    [
        ([], 1, 0),
        ([Lot(1, 10)], 11, 10),
        ([Lot(1, 10), Lot(2, 20)], 31, 30),
        ([Lot(1, 0)], 1, 0),
    ],
    ids=["no-lots", "one-short", "two-lots-short", "empty-lot"],
)
def test_insufficient_points(lots: list[Lot], requested: int, balance: int) -> None:
    with pytest.raises(InsufficientPoints) as info:
        allocate_fifo(lots, requested)
    error = info.value
    assert error.code == "INSUFFICIENT_POINTS"
    assert error.exit_code is ExitCode.BAD_INPUT
    assert error.params == {"balance": balance, "requested": requested}
    assert f"has {balance} points; {requested} cannot be redeemed" in error.render()


@pytest.mark.parametrize("points", [0, -3, True])
def test_allocate_rejects_invalid_requests(points: int) -> None:
    with pytest.raises(InvalidInput):
        allocate_fifo([Lot(1, 100)], points)


lot_lists = st.lists(st.integers(min_value=0, max_value=1_000), min_size=0, max_size=12).map(
    lambda sizes: [Lot(entry_id, size) for entry_id, size in enumerate(sizes, start=1)]
)


@given(lot_lists, st.integers(min_value=1, max_value=13_000))
def test_allocation_properties(lots: list[Lot], points: int) -> None:
    available = sum(lot.remaining for lot in lots)
    if points > available:
        with pytest.raises(InsufficientPoints):
            allocate_fifo(lots, points)
        return
    taken = allocate_fifo(lots, points)
    remaining = {lot.entry_id: lot.remaining for lot in lots}
    order = [lot.entry_id for lot in lots]
    assert sum(used for _lot, used in taken) == points
    assert all(0 < used <= remaining[lot_id] for lot_id, used in taken)
    assert len({lot_id for lot_id, _used in taken}) == len(taken)
    # oldest first: taken lots appear in lot order, and every lot before the last one used
    # (that had points) was emptied
    positions = [order.index(lot_id) for lot_id, _used in taken]
    assert positions == sorted(positions)
    last = positions[-1]
    used = dict(taken)
    for lot in lots[:last]:
        assert used.get(lot.entry_id, 0) == lot.remaining


def test_ledger_kinds() -> None:
    assert {kind.value for kind in LedgerKind} == {"earn", "redeem", "adjust", "expire", "reverse"}
