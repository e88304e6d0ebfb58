"""Money is whole tomans everywhere in the app: parsed strictly, shown with separators."""

from __future__ import annotations

import re

from clubdesk.core.errors import InvalidAmount
from clubdesk.core.i18n import Lang, to_latin_digits, to_persian_digits

MAX_TOMANS = 100_000_000_000  # 100 billion tomans: far above any single purchase
PERSIAN_THOUSANDS = "\u066c"  # ARABIC THOUSANDS SEPARATOR, as Persian typesetting uses
_UNIT = {Lang.FA: "تومان", Lang.EN: "tomans"}
_GROUPING = re.compile(r"[\s,\u066c\u060c_']")


def parse_whole(raw: str | int) -> int:
    """A non-negative whole number typed in any digits, with or without separators."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = _GROUPING.sub("", to_latin_digits(str(raw)))
    if not text.isascii() or not text.isdigit():
        raise ValueError(raw)
    return int(text)


def parse_tomans(raw: str | int) -> int:
    """A positive whole number of tomans from what a person typed, or ``InvalidAmount``."""
    try:
        value = parse_whole(raw)
    except ValueError as exc:
        raise InvalidAmount(entered=str(raw)) from exc
    if not 0 < value <= MAX_TOMANS:
        raise InvalidAmount(entered=str(raw))
    return value


def format_number(value: int, lang: Lang) -> str:
    """Thousands-separated integer: '123,450' or '۱۲۳٬۴۵۰'."""
    text = f"{value:,}"
    if lang is Lang.FA:
        return to_persian_digits(text.replace(",", PERSIAN_THOUSANDS)).replace("-", "\u2212")
    return text


def format_tomans(value: int, lang: Lang) -> str:
    return f"{format_number(value, lang)} {_UNIT[lang]}"
