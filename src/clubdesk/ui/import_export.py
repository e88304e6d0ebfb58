"""File → Import members… and File → Export…: the owner's way in and out of Excel.

Import shows what it understood before it saves anything: one field per column (guessed from
the headers, changeable), the first rows with the status each would get, then one all-or-nothing
import with progress and Cancel, and a report of the rejected rows that can be saved as a CSV,
fixed in Excel and imported again. Export writes members, purchases or the ledger to a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import Cancelled
from clubdesk.core.importing import (
    FIELD_LABELS,
    REASON_MESSAGES,
    Field,
    ImportPreview,
    ImportReport,
    write_rejections,
)
from clubdesk.core.licence import LicenceLocked
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op, show_error
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading, table

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

FOLDER_SETTING = "import/last_folder"
PREVIEW_ROWS = 20
_BAD = QColor("#b3261e")
_GOOD = QColor("#1e7d32")


def _last_folder() -> str:
    return str(QSettings().value(FOLDER_SETTING, str(Path.home())))


def _remember_folder(path: Path) -> None:
    QSettings().setValue(FOLDER_SETTING, str(path.parent))


class ImportDialog(Retranslating, QDialog):
    """Choose a file, check the mapping and the preview, import, read the report."""

    imported = Signal(int)

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.club = club
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.combos: list[QComboBox] = []
        self.busy = False

        self.title = heading(size=14)
        self.choose = QPushButton(objectName="choose")
        self.choose.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.choose)
        top.addWidget(self.file_label, 1)

        self.mapping_title = QLabel()
        self.mapping_box = QWidget()
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping_grid.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel()
        self.table = table(0, "preview")
        self.summary = MessageLabel()

        self.report_label = MessageLabel()
        self.rejected_table = table(3, "rejected")
        self.rejected_table.setVisible(False)
        self.save_rejected_button = QPushButton(objectName="save_rejected")
        self.save_rejected_button.clicked.connect(self._ask_save_rejected)
        self.save_rejected_button.setVisible(False)

        self.import_button = QPushButton(objectName="import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton(objectName="close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_rejected_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.mapping_title)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.report_label)
        layout.addWidget(self.rejected_table, 1)
        layout.addLayout(buttons)
        self.resize(860, 620)
        self.retranslate()

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import members"))
        self.title.setText(self.tr("Import members from Excel or CSV"))
        self.choose.setText(self.tr("Choose a file…"))
        if self.path is None:
            self.file_label.setText(
                self.tr("A list with one member per row and a mobile number column.")
            )
        else:
            self.file_label.setText(self.path.name)
        self.mapping_title.setText(self.tr("What each column holds:"))
        self.preview_title.setText(self.tr("First rows of the file:"))
        self.import_button.setText(self.tr("Import"))
        self.close_button.setText(self.tr("Close"))
        self.save_rejected_button.setText(self.tr("Save rejected rows as CSV…"))
        self.rejected_table.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Value"), self.tr("Reason")]
        )
        for combo in self.combos:
            for index in range(combo.count()):
                label = FIELD_LABELS[Field(combo.itemData(index))]
                combo.setItemText(index, i18n.translate("import", label))
        if self.preview is not None:
            self._show_preview(self.preview)
        if self.report is not None:
            self._show_report(self.report)

    # --------------------------------------------------------------- preview

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a member list"),
            _last_folder(),
            self.tr("Member lists (*.xlsx *.csv);;All files (*)"),
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read the file's first rows and guess the mapping (in the background)."""
        _remember_folder(path)
        self.path, self.preview, self.report = path, None, None
        self.file_label.setText(path.name)
        self.import_button.setEnabled(False)
        self._clear_report()
        self._run_preview(None)

    def _run_preview(self, mapping: dict[int, Field] | None) -> None:
        path = self.path
        assert path is not None
        self.busy = True
        run_op(
            self,
            lambda: self.club.preview_import(path, mapping, PREVIEW_ROWS),
            self._previewed,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        if isinstance(error, LicenceLocked):
            show_error(self, error)  # the window swaps to its lock screen
        self.summary.error(i18n.error_text(error))

    def _previewed(self, preview: ImportPreview) -> None:
        self.busy = False
        first = self.preview is None or self.preview.header != preview.header
        self.preview = preview
        if first:
            self._build_combos(preview)
        self._show_preview(preview)

    def _build_combos(self, preview: ImportPreview) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.combos = []
        per_row = 3
        for index, name in enumerate(preview.header):
            combo = QComboBox(objectName=f"map{index}")
            for target in Field:
                combo.addItem(i18n.translate("import", FIELD_LABELS[target]), target)
            combo.setCurrentIndex(combo.findData(preview.mapping.get(index, Field.IGNORE)))
            combo.currentIndexChanged.connect(self._mapping_changed)
            label = QLabel(name or self.tr("Column %1").replace("%1", i18n.number(index + 1)))
            row, col = divmod(index, per_row)
            self.mapping_grid.addWidget(label, row, col * 2)
            self.mapping_grid.addWidget(combo, row, col * 2 + 1)
            self.combos.append(combo)

    def mapping(self) -> dict[int, Field]:
        """The mapping as the combos show it (one column per field: the last choice wins)."""
        chosen: dict[int, Field] = {}
        for index, combo in enumerate(self.combos):
            target = Field(combo.currentData())  # Qt hands the enum back as a plain str
            if target is not Field.IGNORE:
                chosen = {i: f for i, f in chosen.items() if f is not target}
                chosen[index] = target
        return chosen

    def set_mapping(self, column: int, target: Field) -> None:
        self.combos[column].setCurrentIndex(self.combos[column].findData(target))

    def _mapping_changed(self) -> None:
        if self.path is not None:  # skipped columns too, so the guess does not come back
            chosen = dict.fromkeys(range(len(self.combos)), Field.IGNORE)
            self._run_preview(chosen | self.mapping())

    def _show_preview(self, preview: ImportPreview) -> None:
        headers = [self.tr("Row"), self.tr("Status"), *preview.header]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(preview.rows))
        has_phone = Field.PHONE in preview.mapping.values()
        for r, row in enumerate(preview.rows):
            if row.rejection is None:
                status, color = self.tr("will be imported"), _GOOD
            else:
                status = i18n.translate("import", REASON_MESSAGES[row.rejection.reason])
                color = _BAD
            cells = [i18n.number(row.row), status if has_phone else "", *row.cells]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1 and has_phone:
                    item.setForeground(color)
                self.table.setItem(r, c, item)
        if not has_phone:
            self.summary.error(self.tr("Choose which column holds the mobile numbers."))
        else:
            text = self.tr("About %1 rows in the file; of the first %2, %3 can be imported.")
            self.summary.hint(
                text.replace("%1", i18n.number(preview.estimated_rows))
                .replace("%2", i18n.number(len(preview.rows)))
                .replace("%3", i18n.number(preview.ok))
            )
        self.import_button.setEnabled(has_phone and not self.busy)

    # ---------------------------------------------------------------- import

    def start_import(self) -> None:
        path, mapping = self.path, self.mapping()
        if path is None or Field.PHONE not in mapping.values():
            return
        self.busy = True
        self.import_button.setEnabled(False)
        self.progress = run_op(
            self,
            lambda progress: self.club.import_members(path, mapping, progress.update),
            self._imported,
            self._import_failed,
            progress_label=self.tr("Importing members…"),
        )

    def _import_failed(self, error: BaseException) -> None:
        self.busy = False
        self.import_button.setEnabled(True)
        if isinstance(error, Cancelled):
            self.report_label.hint(self.tr("Import cancelled: nothing was saved."))
        else:
            self.report_label.error(i18n.error_text(error))

    def _imported(self, report: ImportReport) -> None:
        self.busy = False
        self.report = report
        self._show_report(report)
        self.imported.emit(report.imported)

    def _clear_report(self) -> None:
        self.report_label.clear_message()
        self.rejected_table.setRowCount(0)
        self.rejected_table.setVisible(False)
        self.save_rejected_button.setVisible(False)

    def _show_report(self, report: ImportReport) -> None:
        text = self.tr("%1 members imported; %2 rows not imported.")
        text = text.replace("%1", i18n.number(report.imported)).replace(
            "%2", i18n.number(len(report.rejected))
        )
        if report.imported:
            self.report_label.success(text)
        else:
            self.report_label.error(text)
        self.rejected_table.setRowCount(len(report.rejected))
        for r, rejection in enumerate(report.rejected):
            values = [
                i18n.number(rejection.row),
                rejection.value,
                i18n.translate("import", rejection.message),
            ]
            for c, value in enumerate(values):
                self.rejected_table.setItem(r, c, QTableWidgetItem(value))
        self.rejected_table.setVisible(bool(report.rejected))
        self.save_rejected_button.setVisible(bool(report.rejected))
        self.import_button.setEnabled(False)  # imported once: choose a file to import again

    def _ask_save_rejected(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save rejected rows"), _last_folder(), self.tr("CSV (*.csv)")
        )
        if name:
            self.save_rejected(Path(name))

    def save_rejected(self, path: Path) -> None:
        if self.report is None:
            return
        try:
            write_rejections(path, self.report, i18n.translate)
        except Exception as error:  # ExportFailed: a message, never a traceback
            self.report_label.error(i18n.error_text(error))
            return
        self.report_label.success(self.tr("Rejected rows saved to %1.").replace("%1", path.name))


class ExportDialog(Retranslating, QDialog):
    """What to export, in which format, and where; progress and Cancel for large shops."""

    KINDS = ("members", "purchases", "ledger")
    FORMATS = (".xlsx", ".csv")

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.club = club
        self.busy = False
        self.result: int | None = None
        self.title = heading(size=14)
        self.kind = QComboBox(objectName="kind")
        for kind in self.KINDS:
            self.kind.addItem("", kind)
        self.format = QComboBox(objectName="format")
        for suffix in self.FORMATS:
            self.format.addItem("", suffix)
        self.kind.currentIndexChanged.connect(self._suggest_path)
        self.format.currentIndexChanged.connect(self._suggest_path)
        self.path = QLineEdit(objectName="path")
        self.browse = QPushButton(objectName="browse")
        self.browse.clicked.connect(self._browse)
        self.kind_label, self.format_label, self.path_label = QLabel(), QLabel(), QLabel()
        grid = QGridLayout()
        grid.addWidget(self.kind_label, 0, 0)
        grid.addWidget(self.kind, 0, 1, 1, 2)
        grid.addWidget(self.format_label, 1, 0)
        grid.addWidget(self.format, 1, 1, 1, 2)
        grid.addWidget(self.path_label, 2, 0)
        grid.addWidget(self.path, 2, 1)
        grid.addWidget(self.browse, 2, 2)
        grid.setColumnStretch(1, 1)
        self.message = MessageLabel()
        self.export_button = QPushButton(objectName="export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton(objectName="close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(560, 260)
        self._suggest_path()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        self.title.setText(self.tr("Export to Excel or CSV"))
        self.kind_label.setText(self.tr("What:"))
        self.format_label.setText(self.tr("Format:"))
        self.path_label.setText(self.tr("Save to:"))
        names = [self.tr("Members"), self.tr("Purchases"), self.tr("Points ledger")]
        for index, name in enumerate(names):
            self.kind.setItemText(index, name)
        self.format.setItemText(0, self.tr("Excel workbook (.xlsx)"))
        self.format.setItemText(1, self.tr("CSV for Excel (.csv)"))
        self.browse.setText(self.tr("Browse…"))
        self.export_button.setText(self.tr("Export"))
        self.close_button.setText(self.tr("Close"))

    def _suggest_path(self) -> None:
        folder = Path(_last_folder())
        current = Path(self.path.text()) if self.path.text() else None
        if current is not None:
            folder = current.parent
        name = f"clubdesk-{self.kind.currentData()}{self.format.currentData()}"
        self.path.setText(str(folder / name))

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path.text(), self.tr("Excel or CSV (*.xlsx *.csv)")
        )
        if name:
            self.path.setText(name)

    def start_export(self) -> None:
        path, kind = Path(self.path.text().strip()), self.kind.currentData()
        _remember_folder(path)
        self.busy = True
        self.export_button.setEnabled(False)
        self.message.clear_message()
        self.progress = run_op(
            self,
            lambda progress: self.club.export(kind, path, progress.update),
            lambda rows: self._exported(rows, path),
            self._failed,
            progress_label=self.tr("Exporting…"),
        )

    def _exported(self, rows: int, path: Path) -> None:
        self.busy = False
        self.result = rows
        self.export_button.setEnabled(True)
        text = self.tr("%1 rows saved to %2.")
        self.message.success(text.replace("%1", i18n.number(rows)).replace("%2", path.name))

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.export_button.setEnabled(True)
        if isinstance(error, Cancelled):
            self.message.hint(self.tr("Export cancelled: no file was written."))
        else:
            self.message.error(i18n.error_text(error))


def open_dialog(dialog: Any) -> None:
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
