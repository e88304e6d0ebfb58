"""Backup setup: choose the backup passphrase, then print or save the recovery sheet.

The passphrase (or the recovery code on the sheet) is the only way to open the shop's backups
on a new computer after a disk failure, so the owner types it twice, sees at once what is wrong
with it, and leaves with the sheet printed or saved as a PDF. Making the keys runs a
memory-hard KDF (a second or more), so it runs on a worker while the dialog says so.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.backup import MIN_PASSPHRASE
from clubdesk.core.dates import local
from clubdesk.core.ids import utcnow
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from clubdesk.backup.service import BackupService
    from clubdesk.services import ClubServices

LRI, PDI = i18n.LRI, i18n.PDI
LRM = "\u200e"


def code_groups(code: str, size: int = 4) -> list[str]:
    """The recovery code in short groups, as people copy it by hand."""
    parts = [part for part in re.split(r"[\s\-]+", code.strip()) if part]
    if len(parts) > 1:
        return parts
    return [code[i : i + size] for i in range(0, len(code), size)]


@dataclass(frozen=True)
class SheetFacts:
    """What the recovery sheet prints besides the code."""

    code: str
    business: str
    folder: str
    made_at: datetime


def sheet_facts(service: BackupService, code: str) -> SheetFacts:
    """Read from a BackupService (on a worker): the shop's name and the backups folder."""
    folder = service.auto_dir
    return SheetFacts(
        code=code,
        business=service.business,
        folder=str(folder or ""),
        made_at=utcnow(),
    )


def _t(text: str) -> str:
    """Translated and escaped for the sheet's rich text."""
    return html.escape(text)


def sheet_html(facts: SheetFacts) -> str:
    """The recovery sheet as rich text, for the screen, the printer and the PDF alike."""
    rtl = i18n.current().rtl
    opening = f'<div dir="{"rtl" if rtl else "ltr"}" align="{"right" if rtl else "left"}">'
    when = html.escape(i18n.day(local(facts.made_at).date()))
    code = "&nbsp;&nbsp;".join(html.escape(group) for group in code_groups(facts.code))
    steps = [
        i18n.translate("backups", "Install ClubDesk on the new computer."),
        i18n.translate(
            "backups", "Copy the backup files (ending in .cdbak) from the USB drive to a folder."
        ),
        i18n.translate(
            "backups", "Open ClubDesk; if it asks, choose a data folder. Open File → Backups."
        ),
        i18n.translate(
            "backups", "Press “Add folder…” and choose the folder with the backup files."
        ),
        i18n.translate(
            "backups", "Press “Restore nearest good…”; type the passphrase or this code."
        ),
    ]
    shop = html.escape(facts.business) if facts.business else "—"
    # Left-to-right marks keep a path's slashes in place inside Persian text (rich text
    # ignores dir= on spans); steps are numbered by hand, as <ol> counts in Latin digits.
    folder = f"{LRM}{html.escape(facts.folder)}{LRM}" if facts.folder else "—"
    items = "".join(f"<p>{i18n.number(n)}. {_t(step)}</p>" for n, step in enumerate(steps, start=1))
    title = _t(i18n.translate("backups", "ClubDesk backup recovery sheet"))
    code_intro = _t(
        i18n.translate("backups", "Recovery code (it opens every backup of this shop):")
    )
    kept = _t(i18n.translate("backups", "Backups are kept in"))
    usb = _t(i18n.translate("backups", "and on the USB drives you export them to."))
    how = _t(i18n.translate("backups", "To restore on a new computer"))
    warning = _t(
        i18n.translate("backups", "Keep this sheet safe, away from the computer: anyone with "
                                  "this code and a backup file can read the members list.")
    )  # fmt: skip
    shop_label = _t(i18n.translate("backups", "Shop"))
    date_label = _t(i18n.translate("backups", "Date"))
    return (
        f"{opening}<h2>{title}</h2>"
        f"<p><b>{shop_label}:</b> {shop}<br/>"
        f"<b>{date_label}:</b> {when}</p>"
        f"<p>{code_intro}</p></div>"
        '<p dir="ltr" align="center" style="font-family: monospace; font-size: 20pt; '
        f'font-weight: bold;">{code}</p>'
        f"{opening}<p><b>{kept}:</b> {folder}<br/>{usb}</p>"
        f"<h3>{how}</h3>{items}"
        f"<p><i>{warning}</i></p></div>"
    )


def sheet_document(facts: SheetFacts) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(i18n.app_font())
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if i18n.current().rtl else Qt.LayoutDirection.LeftToRight
    )
    document.setDefaultTextOption(option)
    document.setHtml(sheet_html(facts))
    return document


def print_sheet(facts: SheetFacts, printer: QPrinter) -> None:
    """One page of rich text: quick enough for the GUI thread, and QTextDocument must live
    there anyway (fonts)."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    sheet_document(facts).print_(printer)


def save_sheet_pdf(facts: SheetFacts, path: Path) -> Path:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    print_sheet(facts, printer)
    return path


class BackupSetupDialog(Retranslating, QDialog):
    """First run (``change=False``): a new passphrase; from Backups (``change=True``): the old
    one and a new one. ``finished_setup`` after the owner confirms the sheet is kept."""

    finished_setup = Signal()

    PASSPHRASE, SHEET = range(2)

    def __init__(
        self, club: ClubServices, parent: QWidget | None = None, *, change: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupSetup")
        self.club = club
        self.change = change
        self.facts: SheetFacts | None = None
        self.minimum = MIN_PASSPHRASE
        self.pages = QStackedWidget(objectName="setupPages")
        self.pages.addWidget(self._build_passphrase_page())
        self.pages.addWidget(self._build_sheet_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(720, 460)
        self.retranslate()

    def _build_passphrase_page(self) -> QWidget:
        page = QWidget(objectName="passphrasePage")
        self.title = heading(size=18)
        self.title.setWordWrap(True)
        self.intro = QLabel(objectName="setupIntro")
        self.intro.setWordWrap(True)
        self.old = QLineEdit(objectName="oldPassphrase")
        self.first = QLineEdit(objectName="passphrase")
        self.second = QLineEdit(objectName="passphraseAgain")
        for field in (self.old, self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self.validate)
        self.second.returnPressed.connect(self.save)
        self.show_box = QCheckBox(objectName="showPassphrase")
        self.show_box.toggled.connect(self._show_toggled)
        self.message = MessageLabel()
        self.message.setObjectName("setupMessage")
        self.old_label, self.first_label, self.second_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        if self.change:
            form.addRow(self.old_label, self.old)
        else:
            self.old.hide()
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        form.addRow(None, self.show_box)
        form.addRow(None, self.message)
        self.save_button = QPushButton(objectName="savePassphrase")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.later_button = QPushButton(objectName="setupLater")
        self.later_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _build_sheet_page(self) -> QWidget:
        page = QWidget(objectName="sheetPage")
        self.sheet_title = heading(size=18)
        self.sheet_title.setWordWrap(True)
        self.sheet_intro = QLabel(objectName="sheetIntro")
        self.sheet_intro.setWordWrap(True)
        self.sheet = QTextBrowser(objectName="recoverySheet")
        self.sheet.setOpenLinks(False)
        self.sheet_message = MessageLabel()
        self.sheet_message.setObjectName("sheetMessage")
        self.print_button = QPushButton(objectName="printSheet")
        self.print_button.clicked.connect(self.print_dialog)
        self.pdf_button = QPushButton(objectName="saveSheetPdf")
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.done_button = QPushButton(objectName="writtenDown")
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self._done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.sheet_title)
        layout.addWidget(self.sheet_intro)
        layout.addWidget(self.sheet, 1)
        layout.addWidget(self.sheet_message)
        layout.addLayout(buttons)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Backup passphrase"))
        if self.change:
            self.title.setText(self.tr("Change the backup passphrase"))
            self.intro.setText(
                self.tr("Type the current passphrase (or the recovery code), then the new one "
                        "twice. New backups open with the new passphrase, older ones still with "
                        "the old one; the recovery code on your sheet opens all of them.")
            )  # fmt: skip
        else:
            self.title.setText(self.tr("Set up backups"))
            self.intro.setText(
                self.tr("ClubDesk backs up the members and points by itself, encrypted. Choose "
                        "a backup passphrase: with it (or the recovery code shown next) the "
                        "backups can be restored on a new computer if this one breaks. Nobody "
                        "can open a backup without it, not even support.")
            )  # fmt: skip
        self.old_label.setText(self.tr("Current passphrase"))
        self.first_label.setText(
            self.tr("New passphrase") if self.change else self.tr("Passphrase")
        )
        self.second_label.setText(self.tr("Type it again"))
        self.show_box.setText(self.tr("Show what I type"))
        self.save_button.setText(self.tr("Save"))
        self.later_button.setText(self.tr("Cancel") if self.change else self.tr("Later"))
        self.sheet_title.setText(self.tr("Your recovery sheet"))
        self.sheet_intro.setText(
            self.tr("Print this sheet or save it as a PDF on a USB drive, or write the code "
                    "down. Keep it away from this computer.")
        )  # fmt: skip
        self.print_button.setText(self.tr("Print…"))
        self.pdf_button.setText(self.tr("Save as PDF…"))
        self.done_button.setText(self.tr("I have written it down"))
        self.validate()
        if self.facts is not None:
            self.sheet.setHtml(sheet_html(self.facts))

    def _show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in (self.old, self.first, self.second):
            field.setEchoMode(mode)

    # ----------------------------------------------------------------- passphrase

    def problem(self) -> str:
        """What keeps Save disabled, in words; empty when the passphrase can be saved."""
        first, second = self.first.text().strip(), self.second.text().strip()
        if self.change and not self.old.text():
            return self.tr("Type the current passphrase.")
        if len(first) < self.minimum:
            return (
                self.tr("At least %1 characters; %2 typed so far.")
                .replace("%1", i18n.number(self.minimum))
                .replace("%2", i18n.number(len(first)))
            )
        if not second:
            return self.tr("Type the passphrase again below.")
        if first != second:
            return self.tr("The two passphrases are not the same.")
        return ""

    def validate(self) -> bool:
        problem = self.problem()
        started = bool(self.first.text() or self.second.text())
        if problem and started:
            self.message.error(problem)
        elif problem:
            self.message.hint(problem)
        else:
            self.message.success(self.tr("The passphrase can be saved."))
        self.save_button.setEnabled(not problem)
        return not problem

    def save(self) -> None:
        if not self.validate():
            return
        new, old = self.first.text(), self.old.text()
        club = self.club
        self._busy(True)
        self.message.hint(self.tr("Preparing the keys; this takes a few seconds…"))
        if self.change:
            run_op(
                self,
                lambda: _changed(club, old, new),
                self.show_sheet,
                self._failed,
            )
        else:
            run_op(
                self,
                lambda: _set_up(club, new),
                self.show_sheet,
                self._failed,
            )

    def _busy(self, busy: bool) -> None:
        for widget in (self.old, self.first, self.second, self.later_button):
            widget.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.validate()
        self.message.error(i18n.error_text(error))

    # ----------------------------------------------------------------- sheet

    def show_sheet(self, facts: SheetFacts | None) -> None:
        """The code to keep; a passphrase change that kept the old code only says so."""
        self._busy(False)
        self.first.clear()
        self.second.clear()
        self.old.clear()
        if facts is None or not facts.code:
            self.finished_setup.emit()
            self.accept()
            return
        self.facts = facts
        self.sheet.setHtml(sheet_html(facts))
        self.pages.setCurrentIndex(self.SHEET)
        self.resize(self.width(), max(self.height(), 760))  # the whole sheet, no scrolling
        self.done_button.setFocus()

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.facts is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_sheet(self.facts, printer)
            self.sheet_message.success(self.tr("The sheet was sent to the printer."))

    def choose_pdf(self) -> None:
        name = self.tr("clubdesk-recovery-sheet.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery sheet"), str(Path.home() / name), "PDF (*.pdf)"
        )
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        if self.facts is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        save_sheet_pdf(self.facts, path)
        if path.exists() and path.stat().st_size > 0:
            self.sheet_message.success(self.tr("Saved: %1").replace("%1", f"{LRI}{path}{PDI}"))
        else:
            self.sheet_message.error(
                self.tr("The PDF could not be written to %1.").replace("%1", f"{LRI}{path}{PDI}")
            )

    def _done(self) -> None:
        self.finished_setup.emit()
        self.accept()


def _set_up(club: ClubServices, passphrase: str) -> SheetFacts:
    service = club.backups()
    return sheet_facts(service, service.setup(passphrase))


def _changed(club: ClubServices, old: str, new: str) -> None:
    """The recovery code stays the same (the printed sheet keeps working): no new sheet."""
    club.backups().change_passphrase(old, new)
