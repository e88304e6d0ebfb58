"""Member names: stored as typed, searched through a folded key.

Persian text arrives from many keyboards: Arabic Yeh/Kaf instead of Persian ones, a ZWNJ or a
space inside compound names, diacritics, Arabic-Indic digits. The search key folds all of that
so that "علي" finds "علی" and "محمد‌رضا" finds "محمدرضا".
"""

from __future__ import annotations

import re
import unicodedata

from clubdesk.core.errors import InvalidName
from clubdesk.core.i18n import to_latin_digits

MAX_NAME_LENGTH = 60

_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic Yeh -> Persian Yeh
        "\u0649": "\u06cc",  # Alef Maksura -> Persian Yeh
        "\u0643": "\u06a9",  # Arabic Kaf -> Persian Keheh
        "\u0629": "\u0647",  # Teh Marbuta -> Heh
        "\u0623": "\u0627",  # Alef with Hamza above -> Alef
        "\u0625": "\u0627",  # Alef with Hamza below -> Alef
        "\u0671": "\u0627",  # Alef Wasla -> Alef
        "\u200c": None,  # ZWNJ
        "\u200d": None,  # ZWJ
        "\u0640": None,  # Tatweel (kashida)
    }
)
_SPACES = re.compile(r"\s+")


def _strip_marks(text: str) -> str:
    """Remove combining marks (Arabic harakat, Latin accents) but keep Alef Madda (آ)."""
    decomposed = unicodedata.normalize("NFD", text).replace("\u0627\u0653", "\u0622")
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", kept)


def fold(text: str) -> str:
    """Search form of any text: folded letters, Latin digits, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _strip_marks(text).translate(_FOLD)
    text = to_latin_digits(text).casefold()
    return _SPACES.sub(" ", text).strip()


def clean_name(raw: str | None) -> str:
    """A name as the member wants it shown: trimmed, single spaces, no control characters."""
    if raw is None:
        return ""
    # Pasted line breaks and tabs separate words; other control characters are noise.
    text = "".join(
        (" " if ch.isspace() else "") if unicodedata.category(ch) == "Cc" else ch for ch in raw
    )
    text = _strip_invisible(_SPACES.sub(" ", text))
    if len(text) > MAX_NAME_LENGTH:
        raise InvalidName(entered=raw)
    return text


def _strip_invisible(text: str) -> str:
    """Trim spaces and invisible marks (ZWNJ, bidi marks, BOM) from both ends; a ZWNJ inside a
    compound name stays, but a name made only of marks is empty."""
    invisible = {"Cf", "Zs", "Zl", "Zp"}
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start]) in invisible:
        start += 1
    while end > start and unicodedata.category(text[end - 1]) in invisible:
        end -= 1
    return text[start:end]


def search_keys(first_name: str, last_name: str) -> tuple[str, str]:
    """Keys for prefix search by 'first last' and by 'last first'."""
    first, last = fold(first_name), fold(last_name)
    return f"{first} {last}".strip(), f"{last} {first}".strip()
