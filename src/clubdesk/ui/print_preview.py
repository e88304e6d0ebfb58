"""The preview every printable thing shares (member cards, receipts, reports): the picture,
Print…, Save as PDF…, Close and a line that says what happened. Subclasses draw and write;
this class owns the dialog, the file chooser and the messages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import ClubDeskError
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.ui import i18n
from clubdesk.ui.widgets import MessageLabel, Retranslating

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

CONTEXT = "PrintPreview"  # one context for the shared words, whatever the subclass
TEXTS = {
    "print": QT_TRANSLATE_NOOP("PrintPreview", "Print…"),
    "pdf": QT_TRANSLATE_NOOP("PrintPreview", "Save as PDF…"),
    "close": QT_TRANSLATE_NOOP("PrintPreview", "Close"),
    "saved": QT_TRANSLATE_NOOP("PrintPreview", "Saved: %1"),
    "not_written": QT_TRANSLATE_NOOP("PrintPreview", "The PDF could not be written to %1."),
}


class PrintPreview(Retranslating, QDialog):
    """Subclasses pass ``body`` (the preview widget) and implement ``draw_to`` and
    ``write_pdf`` (each raising a ClubDeskError that says what went wrong), ``pdf_name`` and
    ``pdf_title``; ``printer()`` may set the paper. Print support is imported when used."""

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = MessageLabel()
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_dialog)
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_dialog)

    def retranslate(self) -> None:
        self.print_button.setText(i18n.translate(CONTEXT, TEXTS["print"]))
        self.pdf_button.setText(i18n.translate(CONTEXT, TEXTS["pdf"]))
        self.close_button.setText(i18n.translate(CONTEXT, TEXTS["close"]))

    # ------------------------------------------------------------ to override

    def printer(self) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        return QPrinter(QPrinter.PrinterMode.HighResolution)

    def draw_to(self, printer: QPrinter) -> str:
        """Print; returns the message to show (raises a ClubDeskError when it failed)."""
        raise NotImplementedError

    def write_pdf(self, path: Path) -> bool:
        """Write the PDF; False (or a ClubDeskError that says why) when it could not."""
        raise NotImplementedError

    def pdf_name(self) -> str:
        raise NotImplementedError

    def pdf_title(self) -> str:
        raise NotImplementedError

    # ---------------------------------------------------------------- actions

    def print_dialog(self) -> None:
        from PySide6 import QtPrintSupport  # looked up here, so tests can stand in for it

        printer = self.printer()
        if QtPrintSupport.QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        try:
            self.message.success(self.draw_to(printer))
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))

    def choose_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.pdf_title(), str(Path.home() / self.pdf_name()), "PDF (*.pdf)"
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> bool:
        """Write the PDF (".pdf" added when missing); says where it went or why not."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            written = self.write_pdf(path)
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return False
        shown = f"{i18n.LRI}{path}{i18n.PDI}"  # a path is never turned into Persian digits
        if not written:
            self.message.error(i18n.translate(CONTEXT, TEXTS["not_written"]).replace("%1", shown))
            return False
        self.message.success(i18n.translate(CONTEXT, TEXTS["saved"]).replace("%1", shown))
        return True
