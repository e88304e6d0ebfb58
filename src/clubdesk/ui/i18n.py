"""The UI's language: Qt translators, right-to-left layout, the Vazirmatn font, localised values.

Switching language installs a new translator; Qt then sends every widget a LanguageChange
event and each one re-renders its texts from what it already holds, so no typed text is lost.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QSettings,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from clubdesk.core import dates, money
from clubdesk.core.errors import ClubDeskError
from clubdesk.core.i18n import Lang, localize_digits
from clubdesk.core.phone import format_phone
from clubdesk.paths import resources_dir

FONT_FAMILY = "Vazirmatn"
BASE_POINT_SIZE = 11
LANG_SETTING = "ui/language"

_state: dict[str, object] = {"lang": Lang.FA, "translators": []}


def current() -> Lang:
    return _state["lang"]  # type: ignore[return-value]


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def load_fonts() -> list[str]:
    """Register the bundled Vazirmatn faces; returns the families Qt now knows from them."""
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def saved_language() -> Lang | None:
    value = QSettings().value(LANG_SETTING)
    return Lang(value) if value in {lang.value for lang in Lang} else None


def apply_language(lang: Lang, *, remember: bool = True) -> None:
    """Install translators and direction for ``lang``; widgets retranslate on LanguageChange."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _state["lang"] = lang
    persian = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
    QLocale.setDefault(persian if lang is Lang.FA else QLocale(QLocale.Language.English))
    direction = Qt.LayoutDirection.RightToLeft if lang.rtl else Qt.LayoutDirection.LeftToRight
    app.setLayoutDirection(direction)
    old: list[QTranslator] = _state["translators"]  # type: ignore[assignment]
    new = _translators(app, lang)
    _state["translators"] = new
    for translator in old:
        app.removeTranslator(translator)
    for translator in new:
        app.installTranslator(translator)
    if not old and not new:  # nothing changed Qt's catalogues, but values must re-render
        event = QEvent(QEvent.Type.LanguageChange)
        for widget in app.topLevelWidgets():
            QCoreApplication.sendEvent(widget, event)
    if remember:
        QSettings().setValue(LANG_SETTING, lang.value)


def _translators(app: QApplication, lang: Lang) -> list[QTranslator]:
    if lang is not Lang.FA:
        return []
    loaded = []
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "translations" / "clubdesk_fa.qm")):
        loaded.append(ours)
    qt = QTranslator(app)
    if qt.load("qtbase_fa", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        loaded.append(qt)
    return loaded


def app_font() -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSize(BASE_POINT_SIZE)
    return font


# Values shown to people, in the current language.


def localized(persian: str, english: str) -> str:
    """The one of a text the server sends in both languages that the app speaks now."""
    return persian if current() is Lang.FA else english


def number(value: int) -> str:
    return money.format_number(value, current())


def tomans(value: int) -> str:
    return money.format_tomans(value, current())


LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate: digit groups keep their order in RTL


def phone(e164: str) -> str:
    text = format_phone(e164, current())
    return f"{LRI}{text}{PDI}" if current().rtl else text


def day(value: date | datetime) -> str:
    """A day; a stored moment is the day it was in Tehran (after 20:30 UTC, the next one)."""
    if isinstance(value, datetime):
        value = dates.local(value).date()
    return dates.format_date(value, current())


def moment(value: datetime) -> str:
    return dates.format_datetime(value, current())


def birthday(value: date) -> str:
    return dates.format_birthday(value, current())


def digits(text: str) -> str:
    return localize_digits(text, current())


def error_text(error: BaseException) -> str:
    """A user-facing message for any error: ours translated, others a generic sentence."""
    if isinstance(error, ClubDeskError):
        text = digits(error.render(translate))
        if error.request_id:  # support finds the server's side of it by this id
            said = translate("errors", "Request id for support: {id}")
            text += "\n" + said.format(id=f"{LRI}{error.request_id}{PDI}")
        return text
    return translate(
        "errors", "Something went wrong. Try again; if it keeps happening, contact support."
    )
