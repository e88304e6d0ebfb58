"""Receipts at the till: Ctrl+P after a sale, the preview, PDF pages, auto-print failures."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from clubdesk.core.business import BusinessProfile
from clubdesk.core.i18n import LATIN_DIGITS, Lang
from clubdesk.core.members import MemberDraft, MemberView, PurchaseResult, PurchaseView
from clubdesk.core.programme import Earning
from clubdesk.core.receipt import Receipt, ReceiptNotPrinted, ReceiptSettings
from clubdesk.services import ClubServices
from clubdesk.ui import i18n, receipt_print
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.receipt_print import ReceiptPreview, print_image, render_image, save_pdf
from clubdesk.ui.settings_dialog import SettingsDialog
from qt_keys import focused, press, type_text

WAIT = 10_000
PHONE = "09121234567"


def sample() -> Receipt:
    member = MemberView(
        id="m1",
        phone="+989123456789",
        first_name="سارا",
        last_name="کریمی",
        points=1250,
        archived=False,
        visits=3,
        total_spent=900_000,
        last_visit_at=None,
    )
    purchase = PurchaseView("p1", 250_000, 55, datetime(2025, 1, 4, 8, 0, tzinfo=UTC), "t")
    return Receipt.from_purchase(
        PurchaseResult(purchase, member), "فروشگاه لوازم خانگی بهار", Earning(25, 25, 5)
    )


def sell(qtbot, window: MainWindow, club: ClubServices, amount: str = "250000") -> MemberView:
    """Open a member at the counter and record a sale, as the cashier does."""
    member = club.register(MemberDraft(phone=PHONE, first_name="Sara", last_name="Karimi")).member
    counter = window.counter
    type_text(focused(), PHONE)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is counter.card.amount, timeout=WAIT)
    type_text(focused(), amount)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.card.last_result is not None, timeout=WAIT)
    return member


def test_ctrl_p_after_a_sale_opens_the_preview_with_the_figures(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    sell(qtbot, window, club)
    card = window.counter.card
    assert card.receipt_button.isVisible()
    qtbot.waitUntil(lambda: focused() is window.counter.search, timeout=WAIT)
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: isinstance(card.receipt_dialog, ReceiptPreview) and card.receipt_dialog.isVisible()
    )
    dialog = card.receipt_dialog
    assert isinstance(dialog, ReceiptPreview)
    receipt = dialog.receipt
    assert (receipt.amount, receipt.points_earned, receipt.balance) == (250_000, 25, 25)
    assert receipt.masked_phone == "0912***4567"
    assert receipt.level is None
    assert dialog.width_mm == 80  # the default
    shown = receipt_print.receipt_html(receipt, 80)
    if lang is Lang.FA:
        assert "۲۵۰٬۰۰۰ تومان" in shown
        assert "۰۹۱۲***۴۵۶۷" in shown
    else:
        assert "250,000 tomans" in shown
        assert "Balance" in shown
    assert dialog.paper_view.pixmap().width() == round(80 / 25.4 * receipt_print.PREVIEW_DPI)
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_button_opens_the_preview_at_the_shops_width(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts
) -> None:
    club.set_receipt_settings(ReceiptSettings(58, False))
    club.set_business_profile(
        BusinessProfile.parse(name="کافه بهار", phone="02188881234", address="تهران، ولیعصر")
    )
    sell(qtbot, window, club)
    card = window.counter.card
    card.receipt_button.click()
    qtbot.waitUntil(lambda: card.receipt_dialog is not None and card.receipt_dialog.isVisible())
    assert card.receipt_dialog.width_mm == 58
    receipt = card.receipt_dialog.receipt
    assert receipt.shop_name == "کافه بهار"  # the business profile's name and details
    assert receipt.shop_details == "\u2066021 8888 1234\u2069 · تهران، ولیعصر"
    shown = receipt_print.receipt_html(receipt, 58)
    assert ("۰۲۱ ۸۸۸۸ ۱۲۳۴" if lang is Lang.FA else "021 8888 1234") in shown
    card.receipt_dialog.grab().save(str(artifacts / f"receipt-shop-details-{lang.value}.png"))


def test_ctrl_p_without_a_sale_says_what_to_do(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    club.register(MemberDraft(phone=PHONE, first_name="Sara"))
    counter = window.counter
    type_text(focused(), PHONE)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is counter.card.amount, timeout=WAIT)
    assert not counter.card.receipt_button.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.card.preview.kind == "hint")
    assert counter.card.receipt_dialog is None
    message = i18n.translate("MemberCardView", "No sale to print: record a purchase first.")
    assert counter.card.preview.text() == message
    assert window.statusBar().currentMessage() == message


@pytest.mark.parametrize("width", [58, 80])
def test_save_pdf_writes_a_page_as_wide_as_the_roll(tmp_path: Path, lang: Lang, width: int) -> None:
    path = save_pdf(sample(), tmp_path / f"receipt-{width}.pdf", width)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    width_mm = float(box.group(1)) / 72 * 25.4
    assert width_mm == pytest.approx(width, abs=0.5)
    assert 40 < float(box.group(2)) / 72 * 25.4 < 200  # as tall as the receipt, no A4 page


def test_save_pdf_to_a_folder_that_does_not_exist_fails_clearly(tmp_path: Path, lang: Lang) -> None:
    with pytest.raises(ReceiptNotPrinted) as caught:
        save_pdf(sample(), tmp_path / "missing" / "receipt.pdf", 80)
    assert caught.value.params["path"].endswith("receipt.pdf")


def test_the_preview_saves_a_pdf_and_reports_failures(qtbot, tmp_path: Path, lang: Lang) -> None:
    dialog = ReceiptPreview(sample(), 58)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_pdf(tmp_path / "receipt")  # the .pdf is added
    assert (tmp_path / "receipt.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.message.kind == "success"
    dialog.save_pdf(tmp_path / "missing" / "receipt.pdf")
    assert dialog.message.kind == "error"


def test_the_preview_prints_and_reports_a_printer_that_refuses(
    qtbot, tmp_path: Path, lang: Lang
) -> None:
    dialog = ReceiptPreview(sample(), 80)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    assert dialog.message.kind == "success"
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    broken = QPrinter(QPrinter.PrinterMode.HighResolution)
    broken.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    broken.setOutputFileName(str(tmp_path / "missing" / "printed.pdf"))
    dialog.print_to(broken)
    assert dialog.message.kind == "error"


def test_print_dialog_cancelled_prints_nothing(
    qtbot, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Cancelled:
        def __init__(self, *_args: object) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    from PySide6 import QtPrintSupport

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", Cancelled)
    dialog = ReceiptPreview(sample(), 80)
    qtbot.addWidget(dialog)
    dialog.print_dialog()
    assert dialog.message.kind != "success"


def test_printing_without_a_printer_is_refused_with_a_hint(lang: Lang) -> None:
    image = render_image(sample(), 58)
    with pytest.raises(ReceiptNotPrinted) as none:
        print_image(image, 58, "")
    assert "printer" in none.value.render()
    with pytest.raises(ReceiptNotPrinted) as unknown:
        print_image(image, 58, "no-such-printer-for-clubdesk-tests")
    assert unknown.value.params["printer"] == "no-such-printer-for-clubdesk-tests"


def test_auto_print_without_a_printer_reports_in_the_status_bar_and_never_blocks(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    if receipt_print.default_printer_name():  # a real printer here: take the offscreen path
        monkeypatch.setattr(receipt_print, "default_printer_name", lambda: "")
    club.set_receipt_settings(ReceiptSettings(58, True))
    member = sell(qtbot, window, club)
    counter = window.counter
    assert club.card(member.id).member.points == 25  # the sale is saved regardless
    expected = i18n.translate("errors", "No printer is set up for receipts.")
    qtbot.waitUntil(lambda: expected in window.statusBar().currentMessage(), timeout=WAIT)
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in window.findChildren(QDialog))
    qtbot.waitUntil(lambda: focused() is counter.search, timeout=WAIT)
    assert counter.card.amount.isEnabled()  # ready for the next sale


def test_settings_show_and_save_the_receipt_choices(qtbot, club: ClubServices, lang: Lang) -> None:
    club.set_receipt_settings(ReceiptSettings(58, False))
    dialog = SettingsDialog(club, club.earning_rules())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.receipts.isEnabled, timeout=WAIT)
    assert dialog.receipt_settings() == ReceiptSettings(58, False)
    texts = [dialog.receipt_width.itemText(i) for i in range(dialog.receipt_width.count())]
    if lang is Lang.FA:
        assert texts == ["۵۸ میلی‌متر", "۸۰ میلی‌متر"]
    else:
        assert texts == ["58 mm", "80 mm"]
    dialog.receipt_width.setCurrentIndex(1)
    dialog.auto_print.setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    assert club.receipt_settings() == ReceiptSettings(80, True)


def test_a_failed_receipt_settings_save_shows_why(
    qtbot, club: ClubServices, lang: Lang, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_chosen: ReceiptSettings) -> None:
        raise ReceiptNotPrinted()

    monkeypatch.setattr(club, "set_receipt_settings", refuse)
    dialog = SettingsDialog(club, club.earning_rules())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.receipts.isEnabled, timeout=WAIT)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.example.kind == "error", timeout=WAIT)
    assert dialog.isVisible()


@pytest.mark.parametrize("width", [58, 80])
def test_preview_screenshots(qtbot, artifacts: Path, lang: Lang, width: int) -> None:
    receipt = sample()
    if lang is Lang.EN:
        receipt = Receipt.from_purchase(
            PurchaseResult(
                PurchaseView("p1", 250_000, 55, receipt.at, "t"),
                MemberView("m1", "+989123456789", "Sara", "Karimi", 1250, False, 3, 0, None),
            ),
            "Bahar Household Goods",
            Earning(25, 25, 5),
        )
    dialog = ReceiptPreview(receipt, width)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    dialog.resize(dialog.width(), dialog.paper_view.pixmap().height() + 120)  # all of it
    qtbot.waitUntil(lambda: dialog.paper_view.visibleRegion().boundingRect().height() >= 400)
    shots = artifacts / "screens"
    shots.mkdir(exist_ok=True)
    dialog.grab().save(str(shots / f"{lang.value}-receipt-{width}.png"))
    html = receipt_print.receipt_html(receipt, width)
    if lang is Lang.FA:  # no Latin digit anywhere in the Persian receipt's text
        text = re.sub(r"<[^>]+>", "", html).replace("&nbsp;", "")
        assert not set(text) & set(LATIN_DIGITS), text
