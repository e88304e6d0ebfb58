"""What the cashier typed, read as the counter reads it.

A query of digits may be a whole mobile number (exact match), the start of one (prefix), or the
last digits a customer says aloud (suffix, four or more). A scanned member card (``cd:<id>``,
see ``card_payload``) is a lookup by the member's public id. Anything else is a name prefix.
Every kind maps to an index range, never a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from clubdesk.core.errors import InvalidPhone
from clubdesk.core.i18n import to_latin_digits
from clubdesk.core.names import fold
from clubdesk.core.phone import COUNTRY_CODE, clean_digits, normalize_phone

MIN_SUFFIX_DIGITS = 4
MIN_PREFIX_DIGITS = 2  # of the national number: '091' is the first prefix searched
NATIONAL_LENGTH = 10
_DIGITS = re.compile(r"\+?\d+")

# Member cards. The QR holds ``cd:<public id>`` in lower case: a USB scanner "types" it into
# the search box and presses Enter. Lower case needs no Shift for the letters, so a till left
# on the Persian (or Arabic) keyboard layout sends known letters, which are mapped back to the
# keys that made them; upper case, spaces around it and bidi marks are tolerated too.
CARD_PREFIX = "cd:"
_CARD = re.compile(r"cd:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")
_LAYOUT_KEYS = str.maketrans(
    {
        "ش": "a",  # Persian and Arabic layouts: the key A
        "ذ": "b",  # Persian B
        "ز": "c",  # Persian C
        "ژ": "c",  # Persian Shift+C
        "ؤ": "c",  # Arabic C
        "ی": "d",  # Persian D
        "ي": "d",  # Arabic D
        "ث": "e",  # Persian and Arabic E
        "ب": "f",  # Persian and Arabic F
        "\u200c": None,  # ZWNJ and bidi marks some layouts add
        "\u200e": None,
        "\u200f": None,
    }
)


class QueryKind(StrEnum):
    EMPTY = "empty"
    DIGITS = "digits"
    NAME = "name"
    CARD = "card"


@dataclass(frozen=True)
class SearchQuery:
    kind: QueryKind
    exact_phone: str | None = None  # E.164, when the digits are a whole valid number
    national_prefix: str | None = None  # start of the national number ('912' for '0912')
    suffix: str | None = None  # last digits as typed
    name_key: str | None = None  # folded name prefix
    invalid_phone: bool = False  # looks like a whole number, but is not a valid mobile
    suffix_first: bool = False  # digits without 0/+: most likely the last digits read aloud
    card_id: str | None = None  # member public id read from a scanned card

    @property
    def searchable(self) -> bool:
        return bool(
            self.exact_phone or self.national_prefix or self.suffix or self.name_key or self.card_id
        )


def card_payload(member_id: str) -> str:
    """What a member card's QR code holds: short, and typed by a scanner like a keyboard."""
    return CARD_PREFIX + member_id.lower()


def parse_card(raw: str) -> str | None:
    """The member public id in a scanned card payload, or None if ``raw`` is not one."""
    text = to_latin_digits(raw).translate(_LAYOUT_KEYS).strip().lower()
    match = _CARD.fullmatch(text)
    return match.group(1) if match else None


def _national_part(digits: str) -> str | None:
    """The national-number part of a typed phone start, if it reads as one."""
    for prefix in ("+" + COUNTRY_CODE, "00" + COUNTRY_CODE, "0"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    if digits.startswith("9"):
        return digits
    return None


def parse_query(raw: str) -> SearchQuery:
    card_id = parse_card(raw)
    if card_id:
        return SearchQuery(QueryKind.CARD, card_id=card_id)
    text = clean_digits(raw)
    if not text:
        return SearchQuery(QueryKind.EMPTY)
    if not _DIGITS.fullmatch(text):
        key = fold(raw)
        return SearchQuery(QueryKind.NAME, name_key=key) if key else SearchQuery(QueryKind.EMPTY)
    try:
        exact = normalize_phone(text)
    except InvalidPhone:
        exact = None
    national = _national_part(text)
    prefix = national if national and len(national) >= MIN_PREFIX_DIGITS else None
    if prefix and (not prefix.startswith("9") or len(prefix) > NATIONAL_LENGTH):
        prefix = None
    digits = text.lstrip("+")
    suffix = digits if MIN_SUFFIX_DIGITS <= len(digits) <= NATIONAL_LENGTH else None
    whole_length = national is not None and len(national) >= NATIONAL_LENGTH
    return SearchQuery(
        QueryKind.DIGITS,
        exact_phone=exact,
        national_prefix=None if exact else prefix,
        suffix=None if exact else suffix,
        invalid_phone=exact is None and (whole_length or len(digits) > NATIONAL_LENGTH),
        suffix_first=not text.startswith(("0", "+")),
    )
