"""Member cards at the counter: a scanned card opens its member, and the card prints to PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog

from clubdesk.core.errors import UnknownCard
from clubdesk.core.i18n import PERSIAN_DIGITS, Lang
from clubdesk.core.members import MemberDraft
from clubdesk.core.search import card_payload
from clubdesk.services import ClubServices
from clubdesk.ui import card_print, i18n
from clubdesk.ui.card_print import CardPrintDialog, qr_image
from clubdesk.ui.main_window import MainWindow
from qt_keys import focused, press, type_text

PHONE = "09121234567"
OTHER_PHONE = "09351234567"
UNKNOWN_ID = "0190abcd-ef12-7abc-8def-0123456789ab"
_PERSIAN_KEYS = str.maketrans("0123456789abcdef", PERSIAN_DIGITS + "شذزیثب")


def _scanned(payload: str, lang: Lang) -> str:
    """What a scanner types: with the Persian layout on, the same keys give Persian characters."""
    return payload.translate(_PERSIAN_KEYS) if lang is Lang.FA else payload.upper()


def _scan(window: MainWindow, text: str) -> None:
    type_text(window.counter.search, text)
    press(window.counter.search, Qt.Key.Key_Return)


def _open_print_dialog(qtbot, window: MainWindow, club: ClubServices) -> CardPrintDialog:
    member = club.register(MemberDraft(phone=PHONE, first_name="سارا", last_name="کریمی")).member
    _scan(window, card_payload(member.id))
    card = window.counter.card
    qtbot.waitUntil(lambda: card.card is not None)
    card.print_card_button.click()
    qtbot.waitUntil(lambda: getattr(card, "card_print", None) is not None)
    dialog = card.card_print
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_scanned_card_opens_the_member(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    member = club.register(MemberDraft(phone=PHONE, first_name="Sara", last_name="Karimi")).member
    _scan(window, _scanned(card_payload(member.id), lang))
    counter = window.counter
    qtbot.waitUntil(lambda: focused() is counter.card.amount)
    assert counter.card.card.member.id == member.id
    assert counter.form is None
    assert [hit.id for hit in counter.results_for] == [member.id]


def test_card_of_a_merged_member_still_opens_them(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    keep = club.register(MemberDraft(phone=PHONE, first_name="Sara", last_name="Karimi")).member
    other = club.register(MemberDraft(phone=OTHER_PHONE, first_name="Sara", last_name="K")).member
    club.merge_members(keep.id, other.id)
    _scan(window, _scanned(card_payload(other.id), lang))
    qtbot.waitUntil(lambda: window.counter.card.card is not None)
    assert window.counter.card.card.member.id == keep.id


def test_unknown_card_says_so_and_opens_nothing(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    counter = window.counter
    _scan(window, _scanned(card_payload(UNKNOWN_ID), lang))
    expected = i18n.error_text(UnknownCard())
    qtbot.waitUntil(lambda: counter.message.text() == expected)
    assert counter.message.isVisible()
    if lang is Lang.EN:
        assert "This card is not a member of this shop." in expected
    else:
        assert "This card" not in expected  # translated
    assert counter.card.card is None
    assert focused() is counter.search


def test_card_by_scan_refuses_what_is_not_a_card(club: ClubServices) -> None:
    with pytest.raises(UnknownCard):
        club.card_by_scan("09121234567")
    with pytest.raises(UnknownCard):
        club.card_by_scan(card_payload(UNKNOWN_ID))


def test_print_dialog_writes_a_card_sized_pdf(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, tmp_path: Path, artifacts: Path
) -> None:
    dialog = _open_print_dialog(qtbot, window, club)
    assert dialog.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if lang is Lang.FA else Qt.LayoutDirection.LeftToRight
    )
    facts = dialog.facts()
    assert facts.name == "سارا کریمی"
    assert facts.shop == ""  # no licence in tests: no shop name
    assert facts.payload == card_payload(dialog.member.id)
    if lang is Lang.FA:
        assert facts.phone.startswith(i18n.LRI)
        assert "۰۹۱۲" in facts.phone
        assert "۱۴" in facts.since  # a Jalali year in Persian digits
        assert not any(c.isdigit() and c.isascii() for c in facts.since + facts.phone)
    else:
        assert "0912" in facts.phone

    assert dialog.save_pdf(tmp_path / "card")  # the .pdf suffix is added
    pdf = tmp_path / "card.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert dialog.message.isVisible()
    assert str(pdf) in dialog.message.text()

    image = qr_image(facts.payload)
    assert image.width() == image.height() > 0
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(0, 64)}
    assert colours == {QColor("black").name(), QColor("white").name()}

    screens = artifacts / "screens"
    screens.mkdir(exist_ok=True)
    assert dialog.grab().save(str(screens / f"{lang.value}-member-card-print.png"))


def test_pdf_that_cannot_be_written_is_reported(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, tmp_path: Path
) -> None:
    dialog = _open_print_dialog(qtbot, window, club)
    target = tmp_path / "missing-folder" / "card.pdf"
    assert not dialog.save_pdf(target)
    assert not target.exists()
    assert dialog.message.isVisible()
    not_written = i18n.translate("PrintPreview", "The PDF could not be written to %1.")
    assert dialog.message.text() == not_written.replace("%1", f"{i18n.LRI}{target}{i18n.PDI}")


@pytest.mark.parametrize(
    ("accepted", "printed", "expected"),
    [
        (True, True, "The card was sent to the printer."),
        (True, False, "printer-failed"),
        (False, True, ""),
    ],
    ids=["printed", "printer-failed", "cancelled"],
)
def test_print_button_reports_the_outcome(
    qtbot,
    window: MainWindow,
    club: ClubServices,
    monkeypatch: pytest.MonkeyPatch,
    accepted: bool,
    printed: bool,
    expected: str,
) -> None:
    from PySide6 import QtPrintSupport

    class FakePrintDialog:
        def __init__(self, printer: object, parent: object) -> None:
            self.printer = printer

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted if accepted else QDialog.DialogCode.Rejected

    sent: list[object] = []
    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", FakePrintDialog)
    monkeypatch.setattr(
        card_print, "print_card", lambda facts, printer: sent.append(facts) or printed
    )
    dialog = _open_print_dialog(qtbot, window, club)
    dialog.print_button.click()
    assert len(sent) == (1 if accepted else 0)
    if expected == "printer-failed":
        expected_text = i18n.error_text(card_print.CardNotPrinted())
    else:
        expected_text = dialog.tr(expected) if expected else ""
    assert dialog.message.text() == expected_text


def test_ctrl_shift_p_opens_the_preview_and_no_card_does_nothing(
    qtbot, window: MainWindow, club: ClubServices
) -> None:
    card = window.counter.card
    card.print_card()  # no member on screen: nothing to print
    assert getattr(card, "card_print", None) is None
    member = club.register(MemberDraft(phone=PHONE, first_name="Sara", last_name="Karimi")).member
    window.counter.open_member(member.id)
    qtbot.waitUntil(lambda: focused() is card.amount)
    qtbot.keyClick(card.amount, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: getattr(card, "card_print", None) is not None)
    assert card.card_print.member.id == member.id
