"""Iranian mobile numbers as cashiers really type or paste them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.demo import MOBILE_PREFIXES, demo_members
from clubdesk.core.errors import ExitCode, InvalidInput, InvalidPhone
from clubdesk.core.i18n import Lang
from clubdesk.core.phone import (
    format_phone,
    is_valid_phone,
    mask_phone,
    national_digits,
    normalize_phone,
)

E164 = "+989123456789"

VALID = [
    # (typed, expected E.164, id)
    ("09123456789", E164, "plain-11-digits"),
    ("9123456789", E164, "no-leading-zero"),
    ("+989123456789", E164, "e164"),
    ("00989123456789", E164, "0098-prefix"),
    ("989123456789", E164, "98-prefix-without-plus"),
    ("+98 912 345 6789", E164, "plus98-spaced"),
    ("+98-912-345-6789", E164, "plus98-dashed"),
    ("0098 912 345 6789", E164, "0098-spaced"),
    ("0098-912-345-6789", E164, "0098-dashed"),
    ("98-912-345-6789", E164, "98-dashed"),
    ("(+98) 912 345 6789", E164, "country-code-in-brackets"),
    ("+98 (912) 345-67-89", E164, "area-in-brackets-pairs"),
    ("+98(0)9123456789", E164, "plus98-with-trunk-zero-in-brackets"),
    ("+9809123456789", E164, "plus98-with-trunk-zero"),
    ("0912 345 6789", E164, "spaces"),
    ("0912  345   6789", E164, "several-spaces"),
    ("0 9 1 2 3 4 5 6 7 8 9", E164, "space-between-every-digit"),
    ("0912-345-6789", E164, "dashes"),
    ("0912-3456789", E164, "one-dash"),
    ("0912.345.6789", E164, "dots"),
    ("0912/345/6789", E164, "slashes"),
    ("(0912) 345 6789", E164, "brackets"),
    ("(0912)3456789", E164, "brackets-no-space"),
    ("  09123456789  ", E164, "surrounding-spaces"),
    ("\t09123456789\n", E164, "tab-and-newline"),
    ("0912\r\n3456789", E164, "crlf-inside"),
    ("0912\u00a0345\u00a06789", E164, "no-break-spaces"),
    ("0912\u2009345\u20096789", E164, "thin-spaces"),
    ("0912\u3000345\u30006789", E164, "ideographic-spaces"),
    ("-09123456789", E164, "stray-leading-dash"),
    ("۰۹۱۲۳۴۵۶۷۸۹", E164, "persian-digits"),
    ("۰۹۱۲ ۳۴۵ ۶۷۸۹", E164, "persian-digits-spaced"),
    ("۰۹۱۲-۳۴۵-۶۷۸۹", E164, "persian-digits-dashed"),
    ("۹۱۲۳۴۵۶۷۸۹", E164, "persian-digits-no-zero"),
    ("+۹۸۹۱۲۳۴۵۶۷۸۹", E164, "persian-digits-plus98"),
    ("۰۰۹۸۹۱۲۳۴۵۶۷۸۹", E164, "persian-digits-0098"),
    ("٠٩١٢٣٤٥٦٧٨٩", E164, "arabic-indic-digits"),
    ("٠٩١٢ ٣٤٥ ٦٧٨٩", E164, "arabic-indic-digits-spaced"),
    ("٩٨٩١٢٣٤٥٦٧٨٩", E164, "arabic-indic-digits-98"),
    ("+٩٨٩١٢٣٤٥٦٧٨٩", E164, "arabic-indic-digits-plus98"),
    ("۰۹۱۲345۶۷۸۹", E164, "persian-and-latin-mixed"),
    ("0912 ۳۴۵ ٦٧٨٩", E164, "latin-persian-arabic-mixed"),
    ("+98 ۹۱۲ ٣٤٥ 6789", E164, "plus98-three-digit-sets"),
    ("\u200f09123456789", E164, "leading-rlm"),
    ("09123456789\u200e", E164, "trailing-lrm"),
    ("\u200f09123456789\u200e", E164, "rlm-and-lrm"),
    ("0912 345 6789\u200f", E164, "spaced-trailing-rlm"),
    ("\u200e+98\u200e912\u200e345\u200e6789", E164, "lrm-between-groups"),
    ("\u202a+98 912 345 6789\u202c", E164, "lre-pdf-embedding"),
    ("\u202b۰۹۱۲۳۴۵۶۷۸۹\u202c", E164, "rle-pdf-embedding"),
    ("\u202d09123456789\u202c", E164, "lro-override"),
    ("\u2066۰۹۱۲ ۳۴۵ ۶۷۸۹\u2069", E164, "lri-pdi-isolate"),
    ("\u2067۰۹۱۲۳۴۵۶۷۸۹\u2069", E164, "rli-pdi-isolate"),
    ("0912\u200c3456789", E164, "zwnj-inside"),
    ("\u200c۰۹۱۲\u200c۳۴۵\u200c۶۷۸۹\u200c", E164, "zwnj-everywhere"),
    # Other operators and prefixes (MCI 91x/990-994, Irancell 93x/90x, Rightel 92x).
    ("09101234567", "+989101234567", "mci-0910"),
    ("09191234567", "+989191234567", "mci-0919"),
    ("09901234567", "+989901234567", "mci-0990"),
    ("09941234567", "+989941234567", "mci-0994"),
    ("09011234567", "+989011234567", "irancell-0901"),
    ("09051234567", "+989051234567", "irancell-0905"),
    ("09301234567", "+989301234567", "irancell-0930"),
    ("09351234567", "+989351234567", "irancell-0935"),
    ("09391234567", "+989391234567", "irancell-0939"),
    ("09201234567", "+989201234567", "rightel-0920"),
    ("09221234567", "+989221234567", "rightel-0922"),
    ("09981234567", "+989981234567", "shatel-0998"),
    ("0935 000 0000", "+989350000000", "all-zero-line"),
    ("0919 999 9999", "+989199999999", "all-nine-line"),
]


@pytest.mark.parametrize(("typed", "expected"), [v[:2] for v in VALID], ids=[v[2] for v in VALID])
def test_normalize_accepts_real_world_formats(typed: str, expected: str) -> None:
    assert normalize_phone(typed) == expected
    assert is_valid_phone(typed)


@pytest.mark.parametrize(("typed", "expected"), [v[:2] for v in VALID], ids=[v[2] for v in VALID])
def test_normalize_is_idempotent(typed: str, expected: str) -> None:
    assert normalize_phone(normalize_phone(typed)) == expected


INVALID = [
    ("", "empty"),
    ("   ", "only-spaces"),
    ("\u200f\u200e", "only-bidi-marks"),
    ("+", "only-plus"),
    ("-", "only-dash"),
    ("abc", "letters"),
    ("0912abc6789", "letters-inside"),
    ("09123456789 ext", "trailing-word"),
    ("۰۹۱۲ا۳۴۵۶۷۸۹", "persian-letter-inside"),
    ("tel:+989123456789", "tel-uri"),
    ("0912_345_6789", "underscores"),
    ("0912*345*6789", "asterisks"),
    ("++989123456789", "double-plus"),
    ("02112345678", "tehran-landline"),
    ("021 1234 5678", "tehran-landline-spaced"),
    ("+982112345678", "tehran-landline-e164"),
    ("00982112345678", "tehran-landline-0098"),
    ("03112345678", "isfahan-landline"),
    ("05138123456", "mashhad-landline"),
    ("0711 234 5678", "shiraz-landline"),
    ("08123456789", "hamedan-0812-landline"),
    ("0812 345 6789", "hamedan-0812-spaced"),
    ("0211234567", "landline-too-short"),
    ("0912345678", "ten-digits-with-zero"),
    ("091234567", "nine-digits"),
    ("912345678", "nine-digits-no-zero"),
    ("0912", "prefix-only"),
    ("6789", "suffix-only"),
    ("091234567890", "twelve-digits-with-zero"),
    ("+9891234567890", "e164-too-long"),
    ("+98912345678", "e164-too-short"),
    ("98912345678", "98-too-short"),
    ("0989123456789", "zero-then-98"),
    ("098123456789", "zero-98-missing-digit"),
    ("009809123456789", "0098-with-trunk-zero"),
    ("9812345678", "ten-digits-starting-98"),
    ("1234567890", "ten-digits-starting-1"),
    ("0000000000", "ten-zeros"),
    ("00000000000", "eleven-zeros"),
    ("09413456789", "unassigned-0941"),
    ("09513456789", "unassigned-0951"),
    ("09613456789", "unassigned-0961"),
    ("+447911123456", "uk-mobile"),
    ("00447911123456", "uk-mobile-00"),
    ("+19123456789", "us-number"),
    ("+93701234567", "afghan-mobile"),
    ("+905321234567", "turkish-mobile"),
    ("+971501234567", "uae-mobile"),
    ("+9891234567890123", "very-long"),
    ("۰۲۱۱۲۳۴۵۶۷۸", "persian-digits-landline"),
    ("٠٨١٢٣٤٥٦٧٨٩", "arabic-indic-0812"),
]


@pytest.mark.parametrize("typed", [v[0] for v in INVALID], ids=[v[1] for v in INVALID])
def test_normalize_rejects_what_is_not_an_iranian_mobile(typed: str) -> None:
    with pytest.raises(InvalidPhone) as info:
        normalize_phone(typed)
    assert not is_valid_phone(typed)
    error = info.value
    assert error.code == "INVALID_PHONE"
    assert error.exit_code is ExitCode.BAD_INPUT
    assert error.params == {"entered": typed}
    assert "09" in error.render()  # the hint shows what a valid number looks like


def test_invalid_phone_is_bad_input() -> None:
    with pytest.raises(InvalidInput):
        normalize_phone("021 1234 5678")


PASTED_SEPARATORS = [
    ("\u061c", "arabic-letter-mark"),
    ("\ufeff", "byte-order-mark"),
    ("\u200d", "zero-width-joiner"),
    ("\u2010", "unicode-hyphen"),
    ("\u2011", "non-breaking-hyphen"),
    ("\u2013", "en-dash"),
    ("\u2212", "minus-sign"),
]


@pytest.mark.parametrize(
    "separator", [v[0] for v in PASTED_SEPARATORS], ids=[v[1] for v in PASTED_SEPARATORS]
)
def test_normalize_accepts_other_pasted_separators(separator: str) -> None:
    assert normalize_phone(f"{separator}0912{separator}345{separator}6789") == E164


@pytest.mark.parametrize(
    ("e164", "lang", "shown"),
    [
        (E164, Lang.EN, "0912 345 6789"),
        (E164, Lang.FA, "۰۹۱۲ ۳۴۵ ۶۷۸۹"),
        ("+989350000001", Lang.EN, "0935 000 0001"),
        ("+989350000001", Lang.FA, "۰۹۳۵ ۰۰۰ ۰۰۰۱"),
        ("+989901234567", Lang.FA, "۰۹۹۰ ۱۲۳ ۴۵۶۷"),
    ],
    ids=["en", "fa", "en-zeros", "fa-zeros", "fa-0990"],
)
def test_format_phone(e164: str, lang: Lang, shown: str) -> None:
    assert format_phone(e164, lang) == shown


def test_format_phone_defaults_to_latin_digits() -> None:
    assert format_phone(E164) == "0912 345 6789"


def test_format_phone_fa_has_only_persian_digits() -> None:
    shown = format_phone(E164, Lang.FA)
    assert not any(ch.isascii() and ch.isdigit() for ch in shown)
    assert all(ch == " " or "\u06f0" <= ch <= "\u06f9" for ch in shown)


@pytest.mark.parametrize(
    ("e164", "masked"),
    [
        (E164, "+98912***6789"),
        ("+989350000001", "+98935***0001"),
        ("+98912", "***"),
        ("", "***"),
    ],
    ids=["mci", "irancell", "too-short", "empty"],
)
def test_mask_phone(e164: str, masked: str) -> None:
    assert mask_phone(e164) == masked


def test_mask_phone_hides_the_middle_digits() -> None:
    masked = mask_phone(E164)
    assert "3456789" not in masked
    assert "345" not in masked


@pytest.mark.parametrize(
    ("e164", "national"),
    [(E164, "9123456789"), ("+989350000001", "9350000001")],
    ids=["mci", "irancell"],
)
def test_national_digits(e164: str, national: str) -> None:
    assert national_digits(e164) == national
    assert normalize_phone(national) == e164


demo_phones = st.one_of(
    st.builds(
        lambda prefix, line: f"+98{prefix}{line:07d}",
        st.sampled_from(MOBILE_PREFIXES),
        st.integers(min_value=0, max_value=9_999_999),
    ),
    st.builds(
        lambda seed, index: list(demo_members(index + 1, seed))[index].phone,
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=4),
    ),
)


@given(demo_phones)
def test_demo_phones_round_trip_through_persian_display(e164: str) -> None:
    assert normalize_phone(e164) == e164
    assert normalize_phone(format_phone(e164, Lang.FA)) == e164
    assert normalize_phone(format_phone(e164, Lang.EN)) == e164
    assert normalize_phone(national_digits(e164)) == e164


@given(demo_phones, st.sampled_from(["", " ", "-", "\u200c", "\u200f", "\u200e"]))
def test_demo_phones_survive_any_allowed_separator(e164: str, separator: str) -> None:
    local = "0" + national_digits(e164)
    typed = separator.join(local)
    assert normalize_phone(typed) == e164
