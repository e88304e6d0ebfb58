"""What the cashier typed, read as the counter reads it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.demo import MOBILE_PREFIXES
from clubdesk.core.i18n import Lang
from clubdesk.core.names import fold
from clubdesk.core.phone import format_phone, national_digits
from clubdesk.core.search import QueryKind, SearchQuery, parse_query

E164 = "+989123456789"


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "\u200c", "\u200f\u200e", "\t\n", "-", "()"],
    ids=["empty", "spaces", "zwnj", "bidi-marks", "tab-newline", "dash", "brackets"],
)
def test_empty(typed: str) -> None:
    query = parse_query(typed)
    assert query == SearchQuery(QueryKind.EMPTY)
    assert not query.searchable


@pytest.mark.parametrize(
    "typed",
    [
        "09123456789",
        "9123456789",
        "+989123456789",
        "00989123456789",
        "989123456789",
        "0912 345 6789",
        "0912-345-6789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "\u200f۰۹۱۲ ۳۴۵ ۶۷۸۹\u200e",
    ],
)
def test_exact_phone(typed: str) -> None:
    query = parse_query(typed)
    assert query.kind is QueryKind.DIGITS
    assert query.exact_phone == E164
    # an exact number is searched only as itself
    assert query.national_prefix is None
    assert query.suffix is None
    assert query.name_key is None
    assert not query.invalid_phone
    assert query.searchable


@pytest.mark.parametrize(
    ("typed", "prefix", "suffix"),
    [
        ("091", "91", None),
        ("912", "912", None),
        ("0912", "912", "0912"),
        ("۰۹۱۲", "912", "0912"),
        ("0912 345", "912345", "0912345"),
        ("+98912", "912", "98912"),
        ("0098912", "912", "0098912"),
        ("+98 935", "935", "98935"),
        ("091234567", "91234567", "091234567"),
        ("912345678", "912345678", "912345678"),
    ],
    ids=[
        "091",
        "912",
        "0912",
        "persian-0912",
        "spaced",
        "plus98",
        "0098",
        "plus98-spaced",
        "nine-digits",
        "nine-digits-no-zero",
    ],
)
def test_national_prefix(typed: str, prefix: str, suffix: str | None) -> None:
    query = parse_query(typed)
    assert query.kind is QueryKind.DIGITS
    assert query.exact_phone is None
    assert query.national_prefix == prefix
    assert query.suffix == suffix
    assert not query.invalid_phone
    assert query.searchable


@pytest.mark.parametrize(
    ("typed", "suffix"),
    [
        ("6789", "6789"),
        ("٦٧٨٩", "6789"),
        ("۶۷۸۹", "6789"),
        ("56789", "56789"),
        ("3456789", "3456789"),
        ("345 6789", "3456789"),
        ("123456789", "123456789"),
        ("0000", "0000"),
        ("0212345", "0212345"),
    ],
    ids=[
        "four",
        "four-arabic-indic",
        "four-persian",
        "five",
        "seven",
        "seven-spaced",
        "nine",
        "zeros",
        "not-a-mobile-start",
    ],
)
def test_suffix_of_four_or_more_digits(typed: str, suffix: str) -> None:
    query = parse_query(typed)
    assert query.kind is QueryKind.DIGITS
    assert query.exact_phone is None
    assert query.national_prefix is None
    assert query.suffix == suffix
    assert not query.invalid_phone
    assert query.searchable


@pytest.mark.parametrize(
    "typed",
    ["0", "9", "09", "678", "12", "+98"],
    ids=["zero", "nine", "09", "three-digits", "two-digits", "plus98"],
)
def test_too_few_digits_search_nothing(typed: str) -> None:
    query = parse_query(typed)
    assert query.kind in (QueryKind.DIGITS, QueryKind.EMPTY)
    assert not query.searchable
    assert not query.invalid_phone


@pytest.mark.parametrize(
    "typed",
    [
        "02112345678",
        "021 1234 5678",
        "+982112345678",
        "08123456789",
        "09413456789",
        "+989413456789",
        "091234567890",
        "0912345678901",
        "+9891234567890",
    ],
    ids=[
        "landline",
        "landline-spaced",
        "landline-e164",
        "0812",
        "unassigned-0941",
        "unassigned-e164",
        "twelve-digits",
        "thirteen-digits",
        "e164-too-long",
    ],
)
def test_invalid_phone_flag_for_a_whole_length_number(typed: str) -> None:
    query = parse_query(typed)
    assert query.kind is QueryKind.DIGITS
    assert query.exact_phone is None
    assert query.invalid_phone


def test_invalid_phone_flag_for_eleven_digits_with_a_wrong_start() -> None:
    query = parse_query("12345678901")
    assert query.invalid_phone or query.searchable


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("علي", "علی"),
        ("كريمي", "کریمی"),
        ("علی ک", "علی ک"),
        ("محمد\u200cرضا", "محمدرضا"),
        ("  Ali   Reza ", "ali reza"),
        ("SARA", "sara"),
        ("a1", "a1"),
        ("ali 0912", "ali 0912"),
        ("آرش", None),  # folded like the stored key, whatever the fold does with Madda
    ],
    ids=[
        "arabic-yeh",
        "arabic-kaf",
        "first-and-initial",
        "zwnj",
        "latin",
        "upper",
        "a1",
        "name-and-digits",
        "madda",
    ],
)
def test_name_key(typed: str, key: str | None) -> None:
    query = parse_query(typed)
    assert query.kind is QueryKind.NAME
    assert query.name_key == (key if key is not None else fold(typed))
    assert query.exact_phone is None
    assert query.national_prefix is None
    assert query.suffix is None
    assert not query.invalid_phone
    assert query.searchable


phones = st.builds(
    lambda prefix, line: f"+98{prefix}{line:07d}",
    st.sampled_from(MOBILE_PREFIXES),
    st.integers(min_value=0, max_value=9_999_999),
)


@given(phones, st.sampled_from(list(Lang)))
def test_shown_phone_is_an_exact_query(e164: str, lang: Lang) -> None:
    assert parse_query(format_phone(e164, lang)).exact_phone == e164


@given(phones, st.integers(min_value=2, max_value=9))
def test_typing_a_phone_start_gives_its_national_prefix(e164: str, length: int) -> None:
    typed = "0" + national_digits(e164)[:length]
    query = parse_query(typed)
    assert query.national_prefix is not None
    assert e164.startswith("+98" + query.national_prefix)


@given(phones, st.integers(min_value=4, max_value=8))
def test_last_digits_are_a_suffix_of_the_phone(e164: str, length: int) -> None:
    digits = e164[-length:]
    query = parse_query(digits)
    assert query.suffix is not None
    assert e164.endswith(query.suffix)
