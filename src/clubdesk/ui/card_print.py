"""A printable member card: shop, name, phone, member since, and a QR of ``cd:<member id>``.

The card is painted with QPainter at credit-card size (85.6 x 54 mm, ISO/IEC 7810 ID-1), the same
code for the on-screen preview, the printer and the PDF. Scanning the QR with a USB scanner types
the payload into the counter's search box and opens the member (see ``core.search.parse_card``).
The QR matrix comes from ``qrcode`` and is painted here, so no PIL is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import qrcode
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPen,
    QPixmap,
    QTextOption,
)
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from clubdesk.core.errors import ClubDeskError
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.members import MemberView
from clubdesk.core.search import card_payload
from clubdesk.ui import i18n
from clubdesk.ui.print_preview import PrintPreview

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

CARD_MM = QSizeF(85.6, 54.0)
PREVIEW_PX_PER_MM = 7.0
_ACCENT = QColor("#00695c")


@dataclass(frozen=True)
class CardFacts:
    """What one printed card shows, already in the UI's language."""

    shop: str
    title: str  # on the band: the shop's name, or "Member card" when it is not known
    name: str
    phone: str  # localised, LTR-isolated in Persian
    since: str  # "Member since ..." line, or empty
    payload: str  # what the QR holds
    rtl: bool


def qr_image(payload: str, module_px: int = 8) -> QImage:
    """The QR code as a black-on-white square image, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix) * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(
                    x * module_px, y * module_px, module_px, module_px, Qt.GlobalColor.black
                )
    painter.end()
    return image


def paint_card(painter: QPainter, rect: QRectF, facts: CardFacts) -> None:
    """Paint the card into ``rect`` (any device); every size is a share of the card height."""
    h = rect.height()
    pad = h * 0.07
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#9e9e9e"), max(1.0, h * 0.004)))
    painter.setBrush(Qt.GlobalColor.white)
    painter.drawRoundedRect(rect, h * 0.06, h * 0.06)
    band = QRectF(rect.left(), rect.top(), rect.width(), h * 0.2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_ACCENT)
    painter.drawRoundedRect(band, h * 0.06, h * 0.06)
    painter.drawRect(band.adjusted(0, band.height() / 2, 0, 0))

    qr_side = h * 0.66
    qr_top = band.bottom() + (rect.bottom() - band.bottom() - qr_side) / 2
    qr_left = rect.left() + pad if facts.rtl else rect.right() - pad - qr_side
    painter.drawImage(QRectF(qr_left, qr_top, qr_side, qr_side), qr_image(facts.payload))

    option = QTextOption()
    direction = Qt.LayoutDirection.RightToLeft if facts.rtl else Qt.LayoutDirection.LeftToRight
    option.setTextDirection(direction)
    side = Qt.AlignmentFlag.AlignRight if facts.rtl else Qt.AlignmentFlag.AlignLeft
    # Absolute: in right-to-left text Qt would otherwise mirror "right" to the left edge.
    option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)

    def line(text: str, box: QRectF, share: float, *, bold: bool, color: QColor) -> None:
        font = QFont(i18n.FONT_FAMILY)
        font.setBold(bold)
        size = max(1, round(h * share))
        font.setPixelSize(size)
        painter.setFont(font)
        # Long names and dates shrink to fit (down to 60%) before anything is cut off.
        while (
            painter.fontMetrics().horizontalAdvance(text) > box.width() and size > h * share * 0.6
        ):
            size -= 1
            font.setPixelSize(size)
            painter.setFont(font)
        painter.setPen(color)
        metrics = painter.fontMetrics()
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, round(box.width()))
        painter.drawText(box, shown, option)

    line(facts.title, band.adjusted(pad, 0, -pad, 0), 0.095, bold=True, color=QColor("white"))
    text_left = rect.left() + pad + (qr_side + pad if facts.rtl else 0)
    text_width = rect.width() - 3 * pad - qr_side
    row = (rect.bottom() - band.bottom() - 2 * pad) / 3
    top = band.bottom() + pad
    rows = [
        (facts.name, 0.11, True, QColor("#212121")),
        (facts.phone, 0.095, False, QColor("#212121")),
        (facts.since, 0.07, False, QColor("#616161")),
    ]
    for index, (text, share, bold, color) in enumerate(rows):
        box = QRectF(text_left, top + index * row, text_width, row)
        line(text, box, share, bold=bold, color=color)
    painter.restore()


def card_rect(device: QPaintDevice) -> QRectF:
    """The card's size in the device's pixels, at its top-left corner."""
    px_per_mm_x = device.logicalDpiX() / 25.4
    px_per_mm_y = device.logicalDpiY() / 25.4
    return QRectF(0, 0, CARD_MM.width() * px_per_mm_x, CARD_MM.height() * px_per_mm_y)


def card_page_size() -> QPageSize:
    return QPageSize(CARD_MM, QPageSize.Unit.Millimeter, "CR80")


def print_card(facts: CardFacts, printer: QPrinter) -> bool:
    """Paint one card on ``printer``'s first page; False when the printer could not start."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    paint_card(painter, card_rect(printer), facts)
    return painter.end()


def save_card_pdf(facts: CardFacts, path: Path) -> bool:
    """A one-page PDF exactly the size of the card, for a card printer or a print shop."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageLayout(
        QPageLayout(
            card_page_size(),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    printer.setFullPage(True)
    return print_card(facts, printer)


def preview_image(facts: CardFacts, px_per_mm: float = PREVIEW_PX_PER_MM) -> QImage:
    width = round(CARD_MM.width() * px_per_mm)
    height = round(CARD_MM.height() * px_per_mm)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_card(painter, QRectF(0, 0, width, height).adjusted(1, 1, -1, -1), facts)
    painter.end()
    return image


class CardNotPrinted(ClubDeskError):
    code = "CARD_NOT_PRINTED"
    default_message = QT_TRANSLATE_NOOP("errors", "The printer could not be started.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Check it and try again.")


class CardPrintDialog(PrintPreview):
    """Preview of one member's card, with Print… and Save as PDF…."""

    def __init__(
        self, member: MemberView, shop: str = "", parent: QWidget | None = None, level: str = ""
    ) -> None:
        self.level = level  # the level's name, printed with the member-since line
        self.preview = QLabel(objectName="cardPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        super().__init__(self.preview, parent)
        self.setObjectName("cardPrint")
        self.message.setObjectName("cardPrintMessage")
        self.member = member
        self.shop = shop
        self.retranslate()
        self.print_button.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Member card"))
        self.preview.setPixmap(QPixmap.fromImage(preview_image(self.facts())))

    def facts(self) -> CardFacts:
        m = self.member
        since = ""
        if m.created_at:
            since = self.tr("Member since %1").replace("%1", i18n.day(m.created_at))
        since = "  ·  ".join(part for part in (self.level, since) if part)
        return CardFacts(
            shop=self.shop,
            title=self.shop or self.tr("Member card"),
            name=m.full_name or self.tr("Club member"),
            phone=i18n.phone(m.phone),
            since=since,
            payload=card_payload(m.id),
            rtl=i18n.current().rtl,
        )

    def printer(self) -> QPrinter:
        printer = super().printer()
        printer.setPageSize(card_page_size())
        return printer

    def draw_to(self, printer: QPrinter) -> str:
        if not print_card(self.facts(), printer):
            raise CardNotPrinted()
        return self.tr("The card was sent to the printer.")

    def write_pdf(self, path: Path) -> bool:
        return save_card_pdf(self.facts(), path) and path.exists() and path.stat().st_size > 0

    def pdf_name(self) -> str:
        return self.tr("member-card.pdf")

    def pdf_title(self) -> str:
        return self.tr("Save the member card")
