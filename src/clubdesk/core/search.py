"""What the cashier typed, read as the counter reads it.

A query of digits may be a whole mobile number (exact match), the start of one (prefix), or the
last digits a customer says aloud (suffix, four or more). Anything else is a name prefix.
Every kind maps to an index range, never a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from clubdesk.core.errors import InvalidPhone
from clubdesk.core.names import fold
from clubdesk.core.phone import COUNTRY_CODE, clean_digits, normalize_phone

MIN_SUFFIX_DIGITS = 4
MIN_PREFIX_DIGITS = 2  # of the national number: '091' is the first prefix searched
NATIONAL_LENGTH = 10
_DIGITS = re.compile(r"\+?\d+")


class QueryKind(StrEnum):
    EMPTY = "empty"
    DIGITS = "digits"
    NAME = "name"


@dataclass(frozen=True)
class SearchQuery:
    kind: QueryKind
    exact_phone: str | None = None  # E.164, when the digits are a whole valid number
    national_prefix: str | None = None  # start of the national number ('912' for '0912')
    suffix: str | None = None  # last digits as typed
    name_key: str | None = None  # folded name prefix
    invalid_phone: bool = False  # looks like a whole number, but is not a valid mobile
    suffix_first: bool = False  # digits without 0/+: most likely the last digits read aloud

    @property
    def searchable(self) -> bool:
        return bool(self.exact_phone or self.national_prefix or self.suffix or self.name_key)


def _national_part(digits: str) -> str | None:
    """The national-number part of a typed phone start, if it reads as one."""
    for prefix in ("+" + COUNTRY_CODE, "00" + COUNTRY_CODE, "0"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    if digits.startswith("9"):
        return digits
    return None


def parse_query(raw: str) -> SearchQuery:
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
