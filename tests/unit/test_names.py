"""Names are stored as typed and searched through one folded key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.errors import ExitCode, InvalidName
from clubdesk.core.names import MAX_NAME_LENGTH, clean_name, fold, search_keys

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("علي", "علی"),  # Arabic Yeh
        ("كريم", "کریم"),  # Arabic Kaf
        ("كريمي", "کریمی"),  # both
        ("مصطفى", "مصطفی"),  # Alef Maksura
        ("فاطمة", "فاطمه"),  # Teh Marbuta
        ("محمد" + ZWNJ + "رضا", "محمدرضا"),
        ("محمد\u200dرضا", "محمدرضا"),  # ZWJ
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("عَلِیّ", "علی"),
        ("ـمـحـمـد", "محمد"),  # tatweel
        ("أحمد", "احمد"),  # Alef with Hamza above
        ("إبراهيم", "ابراهیم"),  # Alef with Hamza below + Arabic Yeh
        ("ٱلله", "الله"),  # Alef Wasla
        ("ﻋﻠﻲ", "علی"),  # presentation forms (old Windows keyboards, PDFs)
        ("۱۲۳", "123"),  # Persian digits
        ("١٢٣", "123"),  # Arabic-Indic digits
        ("ALI Reza", "ali reza"),
        ("Straße", "strasse"),
        ("José", "jose"),
        ("  علی   رضا  ", "علی رضا"),
        ("Ali\tReza\nX", "ali reza x"),
        ("\u00a0Ali\u00a0", "ali"),
        ("", ""),
        ("   ", ""),
    ],
    ids=[
        "arabic-yeh",
        "arabic-kaf",
        "yeh-and-kaf",
        "alef-maksura",
        "teh-marbuta",
        "zwnj",
        "zwj",
        "harakat",
        "kasra-shadda",
        "tatweel",
        "hamza-above",
        "hamza-below",
        "alef-wasla",
        "presentation-forms",
        "persian-digits",
        "arabic-indic-digits",
        "latin-casefold",
        "sharp-s",
        "latin-accent",
        "spaces-collapsed",
        "tabs-newlines",
        "no-break-spaces",
        "empty",
        "blank",
    ],
)
def test_fold(typed: str, key: str) -> None:
    assert fold(typed) == key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("محمد" + ZWNJ + "رضا", "محمدرضا"),
        ("علي", "علی"),
        ("كاظمي", "کاظمی"),
        ("أمير", "امیر"),
        ("ALI", "ali"),
        ("۰۹۱۲", "0912"),
    ],
    ids=["zwnj", "yeh", "kaf-and-yeh", "hamza", "latin-case", "digits"],
)
def test_variants_fold_to_the_same_key(one: str, other: str) -> None:
    assert fold(one) == fold(other)


def test_alef_madda_is_kept() -> None:
    assert fold("آرش") == "آرش"
    assert fold("آزاده") != fold("ازاده")


def test_alef_madda_still_matches_itself() -> None:
    assert fold("آرش") == fold("آرش")
    assert fold("آرش").endswith("رش")


def test_distinct_letters_are_not_merged() -> None:
    assert fold("کریم") != fold("گریم")
    assert fold("رضا") != fold("رضی")


realistic_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x0041, max_codepoint=0x007A),
        st.characters(min_codepoint=0x00C0, max_codepoint=0x00FF),
        st.sampled_from(" \t\n\u00a0\u200c\u200d\u200e\u200f0123456789"),
    ),
    max_size=40,
)


@given(realistic_text)
def test_fold_is_idempotent_and_clean(text: str) -> None:
    key = fold(text)
    assert fold(key) == key
    assert key == key.strip()
    assert "  " not in key
    for forbidden in ("\u064a", "\u0643", "\u200c", "\u200d", "\u0640", "\t", "\n"):
        assert forbidden not in key
    assert not any("\u06f0" <= ch <= "\u06f9" or "\u0660" <= ch <= "\u0669" for ch in key)
    assert key == key.casefold()


@pytest.mark.parametrize(
    ("first", "last", "keys"),
    [
        ("علي", "كريمي", ("علی کریمی", "کریمی علی")),
        ("محمد" + ZWNJ + "رضا", "رضایی", ("محمدرضا رضایی", "رضایی محمدرضا")),
        ("", "رضایی", ("رضایی", "رضایی")),
        ("Ali", "", ("ali", "ali")),
        ("  Sara ", " AHMADI ", ("sara ahmadi", "ahmadi sara")),
        ("", "", ("", "")),
    ],
    ids=["arabic-letters", "zwnj", "last-only", "first-only", "padded-latin", "none"],
)
def test_search_keys(first: str, last: str, keys: tuple[str, str]) -> None:
    assert search_keys(first, last) == keys


@given(realistic_text, realistic_text)
def test_search_keys_start_with_either_name(first: str, last: str) -> None:
    by_first, by_last = search_keys(first, last)
    assert by_first.startswith(fold(first))
    assert by_last.startswith(fold(last))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (None, ""),
        ("", ""),
        ("  علي  ", "علي"),  # stored as typed: Arabic Yeh kept
        ("محمد" + ZWNJ + "رضا", "محمد" + ZWNJ + "رضا"),  # ZWNJ kept in the shown name
        ("علی   رضا", "علی رضا"),
        ("علی\x00رضا", "علیرضا"),
        ("Ali\x07\x1b", "Ali"),
        ("a" * MAX_NAME_LENGTH, "a" * MAX_NAME_LENGTH),
        ("  " + "ب" * MAX_NAME_LENGTH + "  ", "ب" * MAX_NAME_LENGTH),
    ],
    ids=[
        "none",
        "empty",
        "trimmed",
        "zwnj-kept",
        "spaces-collapsed",
        "nul-removed",
        "control-removed",
        "exactly-60",
        "60-after-trim",
    ],
)
def test_clean_name(typed: str | None, stored: str) -> None:
    assert clean_name(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["Ali\tReza", "Ali\nReza", "Ali\r\nReza"],
    ids=["tab", "newline", "crlf"],
)
def test_clean_name_turns_pasted_line_breaks_into_spaces(typed: str) -> None:
    assert clean_name(typed) == "Ali Reza"


@pytest.mark.parametrize(
    "typed",
    ["a" * (MAX_NAME_LENGTH + 1), "ب" * 61, "علی " * 20, "x" * 1000],
    ids=["61-latin", "61-persian", "80-with-spaces", "1000"],
)
def test_clean_name_rejects_long_names(typed: str) -> None:
    with pytest.raises(InvalidName) as info:
        clean_name(typed)
    assert info.value.code == "INVALID_NAME"
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert info.value.params == {"entered": typed}
