"""Persian and English: direction, digits, font, and switching without losing work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.main_window import MainWindow
from qt_keys import focused, type_text


def test_vazirmatn_is_loaded_and_used(window: MainWindow) -> None:
    assert "Vazirmatn" in QFontDatabase.families()
    assert QApplication.font().family() == "Vazirmatn"


def test_direction_follows_language(window: MainWindow, lang: Lang) -> None:
    expected = Qt.LayoutDirection.RightToLeft if lang is Lang.FA else Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() == expected
    assert window.counter.search.layoutDirection() == expected


def test_switching_language_keeps_typed_text_and_rerenders(
    qtbot, club: ClubServices, window: MainWindow, lang: Lang
) -> None:
    member = club.register(MemberDraft(phone="09121234567", first_name="Ali")).member
    club.record_purchase(member.id, 1_230_000)
    counter = window.counter
    counter.open_member(member.id)
    qtbot.waitUntil(lambda: counter.card.card is not None)
    counter.focus_search()
    type_text(focused(), "0912")
    counter.card.amount.setText("5000")
    other = Lang.EN if lang is Lang.FA else Lang.FA

    window.act_language.trigger()

    assert i18n.current() is other
    spent = counter.card.stat_values["spent"]
    if other is Lang.FA:
        qtbot.waitUntil(lambda: spent.text() == "۱٬۲۳۰٬۰۰۰ تومان")
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.tabs.tabText(0).startswith("پیشخوان")
    else:
        qtbot.waitUntil(lambda: spent.text() == "1,230,000 tomans")
        assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert window.tabs.tabText(0).startswith("Counter")
    assert counter.search.text() == "0912"
    assert counter.card.amount.text() == "5000"


def test_persian_screens_show_no_latin_digits(
    qtbot, club: ClubServices, window: MainWindow
) -> None:
    if i18n.current() is not Lang.FA:
        return
    member = club.register(MemberDraft(phone="09121234567", first_name="مریم")).member
    club.record_purchase(member.id, 250_000)
    window.counter.open_member(member.id)
    qtbot.waitUntil(lambda: window.counter.card.card is not None)
    card = window.counter.card
    texts = [label.text() for label in card.stat_values.values()]
    texts += [card.phone.text(), card.details.text()]
    texts += [card.purchases.item(0, col).text() for col in range(3)]
    assert not any(ch.isascii() and ch.isdigit() for text in texts for ch in text), texts
