"""Print a purchase receipt on a 58 or 80 mm thermal roll, save it as a PDF, or preview it.

The page is as wide as the roll and exactly as tall as the receipt (a thermal printer cuts
where the page ends). Text is laid out by QTextDocument on the target device itself, so
point sizes match the paper in the preview, the PDF and the printer alike.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QWidget,
)

from clubdesk.core.i18n import Lang, localize_digits
from clubdesk.core.receipt import (
    DEFAULT_WIDTH_MM,
    NO_PRINTER,
    NO_PRINTER_HINT,
    PDF_HINT,
    PDF_NOT_WRITTEN,
    Receipt,
    ReceiptNotPrinted,
    paper,
)
from clubdesk.ui import i18n
from clubdesk.ui.print_preview import PrintPreview

log = logging.getLogger(__name__)

MM_PER_INCH = 25.4
TOP_BOTTOM_MM = 3.0  # blank paper above and below, so the cutter never cuts through text
THERMAL_DPI = 203  # the usual print head: auto-print sends an image at this resolution
PREVIEW_DPI = 150  # near the paper's real size on a typical screen, and still crisp
APP_NAME = "ClubDesk"
FONT_SIZES = {58: (8, 12), 80: (10, 15)}  # body and shop name, in points


def receipt_html(receipt: Receipt, width_mm: int, lang: Lang | None = None) -> str:
    """The receipt as rich text. Rich text tables do not mirror in RTL, so in Persian the
    value column comes first (on the left) and the label sits on the right."""
    lang = lang or i18n.current()
    body, big = FONT_SIZES[paper(width_mm).width_mm]
    start, end = ("right", "left") if lang.rtl else ("left", "right")
    direction = "rtl" if lang.rtl else "ltr"
    shop = html.escape(receipt.shop_name or APP_NAME)
    details = (
        f'<p align="center" style="margin-top: 0;">'
        f"{html.escape(localize_digits(receipt.shop_details, lang))}</p>"
        if receipt.shop_details
        else ""
    )
    rows = []
    for row in receipt.rows(lang, i18n.translate):
        label, value = html.escape(row.label), html.escape(row.value)
        if row.detail:
            style = f"font-size: {body - 1}pt; color: #333;"
            label_cell = f'<td align="{start}" style="{style} padding-{start}: 8px;">{label}</td>'
            value_cell = f'<td align="{end}" style="{style}">{value}</td>'
        else:
            weight = "font-weight: bold;" if row.key in ("earned", "balance", "level") else ""
            label_cell = f'<td align="{start}" style="{weight}">{label}</td>'
            value_cell = f'<td align="{end}" style="{weight}">{value}</td>'
        cells = value_cell + label_cell if lang.rtl else label_cell + value_cell
        rows.append(f"<tr>{cells}</tr>")
    thanks = html.escape(receipt.thanks(i18n.translate))
    return (
        f'<div dir="{direction}" style="font-size: {body}pt; color: black;">'
        f'<p align="center" style="font-size: {big}pt; font-weight: bold; margin-bottom: 0;">'
        f"{shop}</p>"
        f"{details}"
        "<hr/>"
        f'<table width="100%" cellspacing="0" cellpadding="1">{"".join(rows)}</table>'
        "<hr/>"
        f'<p align="center">{thanks}</p>'
        "</div>"
    )


def receipt_document(receipt: Receipt, width_mm: int, device: QPaintDevice) -> QTextDocument:
    """The receipt laid out for ``device`` across the printable width of the roll."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    font = i18n.app_font()
    font.setPointSize(FONT_SIZES[paper(width_mm).width_mm][0])
    document.setDefaultFont(font)
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if i18n.current().rtl else Qt.LayoutDirection.LeftToRight
    )
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # never clipped
    document.setDefaultTextOption(option)
    document.setDocumentMargin(0)
    document.setHtml(receipt_html(receipt, width_mm))
    document.setTextWidth(paper(width_mm).printable_mm / MM_PER_INCH * device.logicalDpiX())
    return document


def _draw(document: QTextDocument, painter: QPainter) -> None:
    """Black on white whatever the desktop theme (a dark palette must not print grey)."""
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    context.palette = palette
    document.documentLayout().draw(painter, context)


def _height_mm(document: QTextDocument, device: QPaintDevice) -> float:
    return document.size().height() / device.logicalDpiY() * MM_PER_INCH + 2 * TOP_BOTTOM_MM


def _page_layout(width_mm: int, height_mm: float) -> QPageLayout:
    side = (paper(width_mm).width_mm - paper(width_mm).printable_mm) / 2
    size = QPageSize(
        QSizeF(paper(width_mm).width_mm, height_mm),
        QPageSize.Unit.Millimeter,
        f"Receipt {width_mm} mm",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )
    margins = QMarginsF(side, TOP_BOTTOM_MM, side, TOP_BOTTOM_MM)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)


def print_receipt(receipt: Receipt, printer: QPrinter, width_mm: int = DEFAULT_WIDTH_MM) -> None:
    """Print on ``printer`` (a real printer or a PDF file) as vector text; GUI thread only,
    because text layout needs the application's fonts."""
    document = receipt_document(receipt, width_mm, printer)
    if not printer.setPageLayout(_page_layout(width_mm, _height_mm(document, printer))):
        log.warning("printer %s refused a %s mm page", printer.printerName(), width_mm)
    painter = QPainter()
    if not painter.begin(printer):
        raise ReceiptNotPrinted()
    try:
        _draw(document, painter)
    finally:
        painter.end()


def save_pdf(receipt: Receipt, path: Path, width_mm: int = DEFAULT_WIDTH_MM) -> Path:
    """Write the receipt as a one-page PDF as wide as the roll."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    try:
        print_receipt(receipt, printer, width_mm)
    except ReceiptNotPrinted:
        raise ReceiptNotPrinted(PDF_NOT_WRITTEN, PDF_HINT, path=str(path)) from None
    if not path.is_file() or path.stat().st_size == 0:
        raise ReceiptNotPrinted(PDF_NOT_WRITTEN, PDF_HINT, path=str(path))
    return path


def render_image(receipt: Receipt, width_mm: int, dpi: int = THERMAL_DPI) -> QImage:
    """The whole paper strip as an image at the print head's resolution: the preview shows
    it, and automatic printing sends it from a worker thread (no fonts needed there)."""
    dots_per_metre = round(dpi / MM_PER_INCH * 1000)
    probe = QImage(1, 1, QImage.Format.Format_RGB32)
    probe.setDotsPerMeterX(dots_per_metre)
    probe.setDotsPerMeterY(dots_per_metre)
    document = receipt_document(receipt, width_mm, probe)
    width = round(paper(width_mm).width_mm / MM_PER_INCH * dpi)
    height = round(_height_mm(document, probe) / MM_PER_INCH * dpi)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    painter = QPainter(image)
    side = (paper(width_mm).width_mm - paper(width_mm).printable_mm) / 2
    painter.translate(side / MM_PER_INCH * dpi, TOP_BOTTOM_MM / MM_PER_INCH * dpi)
    _draw(document, painter)
    painter.end()
    return image


def default_printer_name() -> str:
    """The system's default printer, '' when there is none (then nothing is printed)."""
    info = QPrinterInfo.defaultPrinter()
    return "" if info.isNull() else info.printerName()


def print_image(image: QImage, width_mm: int, printer_name: str) -> str:
    """Send a rendered receipt to ``printer_name`` without a dialog. Safe on a worker thread
    (Qt paints QImage onto QPrinter there); returns the printer's name for the status bar."""
    if not printer_name:
        raise ReceiptNotPrinted(NO_PRINTER, NO_PRINTER_HINT)
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise ReceiptNotPrinted(NO_PRINTER, NO_PRINTER_HINT, printer=printer_name)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    height_mm = image.height() / (image.dotsPerMeterY() / 1000)
    printer.setFullPage(True)
    printer.setPageLayout(_page_layout(width_mm, height_mm))
    painter = QPainter()
    if not painter.begin(printer):
        raise ReceiptNotPrinted(printer=printer_name)
    try:
        target = printer.paperRect(QPrinter.Unit.DevicePixel)
        painter.drawImage(target, image)
    finally:
        painter.end()
    return printer_name


class ReceiptPreview(PrintPreview):
    """The receipt as it will come out of the printer, with Print… and Save as PDF…."""

    def __init__(self, receipt: Receipt, width_mm: int, parent: QWidget | None = None) -> None:
        self.paper_view = QLabel(objectName="receiptImage")
        self.paper_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.paper_view)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: #9e9e9e; }")
        super().__init__(scroll, parent)
        self.setObjectName("receiptPreview")
        self.message.setObjectName("receiptMessage")
        self.receipt = receipt
        self.width_mm = paper(width_mm).width_mm
        self.print_button.setDefault(True)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Receipt (%1 mm)").replace("%1", i18n.number(self.width_mm)))
        self.render()

    def render(self) -> None:
        """Redraw in the current language (the receipt follows the UI's language)."""
        image = render_image(self.receipt, self.width_mm, PREVIEW_DPI)
        self.paper_view.setPixmap(QPixmap.fromImage(image))
        screen = QGuiApplication.primaryScreen()
        tall = screen.availableGeometry().height() - 160 if screen is not None else 800
        self.resize(image.width() + 80, min(image.height() + 140, max(tall, 400)))

    def draw_to(self, printer: QPrinter) -> str:
        print_receipt(self.receipt, printer, self.width_mm)
        return self.tr("The receipt was sent to the printer.")

    def write_pdf(self, path: Path) -> bool:
        save_pdf(self.receipt, path, self.width_mm)  # raises ReceiptNotPrinted saying why
        return True

    def pdf_name(self) -> str:
        return self.tr("receipt.pdf")

    def pdf_title(self) -> str:
        return self.tr("Save the receipt")
