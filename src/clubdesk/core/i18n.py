"""Language-neutral helpers for text shown to people: digits, and translation markers.

``core`` must not import Qt, yet its messages must be translatable. ``QT_TRANSLATE_NOOP``
marks a source string so that ``pyside6-lupdate`` collects it; the UI translates it later.
"""

from __future__ import annotations

from enum import StrEnum

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)


class Lang(StrEnum):
    FA = "fa"
    EN = "en"

    @property
    def rtl(self) -> bool:
        return self is Lang.FA


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:
    return text


def to_latin_digits(text: str) -> str:
    return text.translate(_TO_LATIN)


def to_persian_digits(text: str) -> str:
    return text.translate(_TO_PERSIAN)


def localize_digits(text: str, lang: Lang) -> str:
    return to_persian_digits(text) if lang is Lang.FA else to_latin_digits(text)
