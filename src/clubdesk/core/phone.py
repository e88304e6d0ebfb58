"""Iranian mobile numbers: the member's identity in a shop.

Cashiers type numbers in every shape (Persian or Arabic-Indic digits, spaces, dashes, +98, 0098,
a leading 0 or none). Everything is parsed by ``phonenumbers`` and stored as E.164.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

from clubdesk.core.errors import InvalidPhone
from clubdesk.core.i18n import Lang, localize_digits, to_latin_digits

COUNTRY_CODE = "98"
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Separators people type or paste: spaces, dashes of every kind, dots, brackets, and the
# invisible marks (ZWNJ, bidi marks, BOM) that copying from a web page or a phone brings.
_SEPARATORS = re.compile(
    r"[\s\-.()/\u061c\u200b-\u200f\u2010-\u2015\u2212\u202a-\u202e\u2066-\u2069\ufeff]"
)


def clean_digits(raw: str) -> str:
    """Latin digits (and a leading '+') with every separator removed."""
    return _SEPARATORS.sub("", to_latin_digits(raw))


# The usual shapes of a mobile (0912..., 912..., +98912..., 0098912...) and phonenumbers' own
# pattern of Iranian mobiles: for a 10-digit national number starting with 9 a match is exactly
# what ``is_valid_number`` + MOBILE accept (no other IR number type shares those prefixes), and
# skipping the full parse makes importing 100,000 members several times faster. Anything else
# takes the full path, which also gives every rejection.
_USUAL_SHAPE = re.compile(r"(?:\+98|0098|98|0)?(9\d{9})")
_IR_MOBILE = re.compile(
    phonenumbers.PhoneMetadata.metadata_for_region("IR").mobile.national_number_pattern
)


def normalize_phone(raw: str) -> str:
    """E.164 form of an Iranian mobile number, or ``InvalidPhone``."""
    text = clean_digits(raw)
    usual = _USUAL_SHAPE.fullmatch(text)
    if usual is not None and _IR_MOBILE.fullmatch(usual.group(1)):
        return f"+{COUNTRY_CODE}{usual.group(1)}"
    return _parse_phone(raw, text)


def _parse_phone(raw: str, text: str) -> str:
    """The full parse by ``phonenumbers`` (every shape, every rejection)."""
    if not re.fullmatch(r"\+?\d{10,14}", text):
        raise InvalidPhone(entered=raw)
    if text.startswith("98") and len(text) == 12:
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "IR")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(entered=raw) from exc
    if (
        number.country_code != int(COUNTRY_CODE)
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise InvalidPhone(entered=raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_valid_phone(raw: str) -> bool:
    try:
        normalize_phone(raw)
    except InvalidPhone:
        return False
    return True


def national_digits(e164: str) -> str:
    """'+989123456789' -> '9123456789' (the part that identifies the line)."""
    return e164.removeprefix("+" + COUNTRY_CODE)


def format_phone(e164: str, lang: Lang = Lang.EN) -> str:
    """Local form as Iranians write it: '0912 345 6789' (Persian digits in Persian)."""
    nsn = national_digits(e164)
    local = f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}"
    return localize_digits(local, lang)


def mask_phone(e164: str) -> str:
    """For logs: '+98912***6789'. Never log a full number."""
    if len(e164) < 10:
        return "***"
    return f"{e164[:6]}***{e164[-4:]}"
