"""Member card payloads: what a USB scanner types into the search box, on any keyboard layout."""

from __future__ import annotations

import pytest

from clubdesk.core.search import QueryKind, card_payload, parse_card, parse_query

MEMBER_ID = "0190abcd-ef12-7abc-8def-0123456789ab"
PAYLOAD = f"cd:{MEMBER_ID}"
# The same keys pressed with the Persian layout active: digits and a-f come out Persian.
_PERSIAN_KEYS = str.maketrans("0123456789abcdef", "۰۱۲۳۴۵۶۷۸۹شذزیثب")


def test_payload_is_short_lower_case_and_round_trips() -> None:
    assert card_payload(MEMBER_ID.upper()) == PAYLOAD
    assert parse_card(PAYLOAD) == MEMBER_ID


@pytest.mark.parametrize(
    "typed",
    [
        PAYLOAD,
        PAYLOAD.upper(),
        f"  {PAYLOAD}\t",
        f"\u200f{PAYLOAD}\u200e",
        PAYLOAD.translate(_PERSIAN_KEYS),
        "زی:" + MEMBER_ID.translate(_PERSIAN_KEYS),
        "ؤي:" + MEMBER_ID,  # Arabic layout: c and d
        "Cd:" + MEMBER_ID.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    ],
    ids=[
        "plain",
        "upper",
        "spaces",
        "bidi-marks",
        "persian-layout",
        "persian-prefix",
        "arabic",
        "arabic-digits",
    ],
)
def test_scanned_card_is_a_card_query(typed: str) -> None:
    assert parse_card(typed) == MEMBER_ID
    query = parse_query(typed)
    assert query.kind is QueryKind.CARD
    assert query.card_id == MEMBER_ID
    assert query.searchable
    assert not query.invalid_phone


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "cd:",
        "cd:1234",
        MEMBER_ID,  # an id alone is not a card
        f"cd:{MEMBER_ID}x",
        f"xcd:{MEMBER_ID}",
        f"cd:{MEMBER_ID[:-1]}g",
        f"cd {MEMBER_ID}",
        "09121234567",
        "علی",
    ],
)
def test_anything_else_is_not_a_card(typed: str) -> None:
    assert parse_card(typed) is None
    assert parse_query(typed).kind is not QueryKind.CARD


def test_phone_and_name_queries_are_unchanged() -> None:
    assert parse_query("0912 123 4567").exact_phone == "+989121234567"
    assert parse_query("زینب").kind is QueryKind.NAME  # Persian letters of a-f stay a name
