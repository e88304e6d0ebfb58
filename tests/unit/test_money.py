"""Money is whole tomans: strict parsing, separators when shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.errors import ExitCode, InvalidAmount
from clubdesk.core.i18n import Lang
from clubdesk.core.money import MAX_TOMANS, format_number, format_tomans, parse_tomans


@pytest.mark.parametrize(
    ("typed", "tomans"),
    [
        ("250000", 250_000),
        ("250,000", 250_000),
        ("250 000", 250_000),
        (" 250000 ", 250_000),
        ("250_000", 250_000),
        ("250'000", 250_000),
        ("۲۵۰۰۰۰", 250_000),
        ("۲۵۰٬۰۰۰", 250_000),
        ("۲۵۰،۰۰۰", 250_000),
        ("٢٥٠,٠٠٠", 250_000),
        ("۲۵۰,000", 250_000),
        ("1", 1),
        ("0001", 1),
        ("100,000,000,000", MAX_TOMANS),
        (5, 5),
        (MAX_TOMANS, MAX_TOMANS),
    ],
    ids=[
        "plain",
        "commas",
        "spaces",
        "padded",
        "underscores",
        "apostrophes",
        "persian-digits",
        "persian-separator",
        "arabic-comma",
        "arabic-indic-digits",
        "mixed-digits",
        "one",
        "leading-zeros",
        "maximum-text",
        "int",
        "maximum-int",
    ],
)
def test_parse_tomans(typed: str | int, tomans: int) -> None:
    assert parse_tomans(typed) == tomans


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "0",
        "۰",
        "0,000",
        "-5",
        "+5",
        "12.5",
        "12/5",
        "٫5",
        "1e5",
        "abc",
        "250k",
        "۲۵۰ تومان",
        "²",
        "五",
        "100000000001",
        0,
        -1,
        MAX_TOMANS + 1,
        True,
        False,
    ],
    ids=[
        "empty",
        "blank",
        "zero",
        "persian-zero",
        "zero-grouped",
        "negative",
        "plus-sign",
        "decimal-point",
        "persian-decimal-slash",
        "arabic-decimal",
        "exponent",
        "letters",
        "k-suffix",
        "unit-word",
        "superscript-two",
        "cjk-five",
        "over-maximum-text",
        "zero-int",
        "negative-int",
        "over-maximum-int",
        "bool-true",
        "bool-false",
    ],
)
def test_parse_tomans_rejects(typed: str | int) -> None:
    with pytest.raises(InvalidAmount) as info:
        parse_tomans(typed)
    assert info.value.code == "INVALID_AMOUNT"
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert info.value.params == {"entered": str(typed)}


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (0, Lang.EN, "0"),
        (999, Lang.EN, "999"),
        (1000, Lang.EN, "1,000"),
        (1_234_567, Lang.EN, "1,234,567"),
        (0, Lang.FA, "۰"),
        (999, Lang.FA, "۹۹۹"),
        (1000, Lang.FA, "۱٬۰۰۰"),
        (1_234_567, Lang.FA, "۱٬۲۳۴٬۵۶۷"),
        (-1500, Lang.FA, "\u2212۱٬۵۰۰"),
        (-1500, Lang.EN, "-1,500"),
    ],
)
def test_format_number(value: int, lang: Lang, shown: str) -> None:
    assert format_number(value, lang) == shown


def test_format_tomans() -> None:
    assert format_tomans(250_000, Lang.EN) == "250,000 tomans"
    assert format_tomans(250_000, Lang.FA) == "۲۵۰٬۰۰۰ تومان"


@given(st.integers(min_value=1, max_value=MAX_TOMANS), st.sampled_from(list(Lang)))
def test_shown_amounts_parse_back(value: int, lang: Lang) -> None:
    assert parse_tomans(format_number(value, lang)) == value
