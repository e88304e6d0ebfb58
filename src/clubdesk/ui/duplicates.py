"""Find duplicate members: the same name with numbers one slip apart, side by side, and a merge
that keeps the details the owner chooses and both histories.

The scan reads every member (seconds at a million): it runs in the background with progress
and Cancel; a merge asks first and says what happens to the other id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.duplicates import DuplicatePair, Slip
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.members import MemberView
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, ask, heading

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

SLIPS = {
    Slip.ONE_DIGIT: QT_TRANSLATE_NOOP("DuplicatesDialog", "one digit differs"),
    Slip.SWAPPED: QT_TRANSLATE_NOOP("DuplicatesDialog", "two digits swapped"),
}


def member_text(member: MemberView) -> str:
    """Name, number (kept left-to-right inside Persian text) and points."""
    phone = f"\u2066{i18n.phone(member.phone)}\u2069"
    points = i18n.translate("DuplicatesDialog", "{points} points").format(
        points=i18n.number(member.points)
    )
    return f"{member.full_name}  {phone}  ·  {points}"


class DuplicatesDialog(Retranslating, QDialog):
    merged = Signal(object)  # the MemberView that remains

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.club = club
        self.pairs: list[DuplicatePair] | None = None
        self.confirm_box: QMessageBox | None = None
        self._merging: set[str] = set()
        self.title = heading()
        self.intro = QLabel(objectName="duplicatesIntro", wordWrap=True)
        self.table = QTableWidget(0, 3, objectName="duplicatesTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda *_cells: self._render_buttons())
        self.empty = QLabel(objectName="duplicatesEmpty", wordWrap=True)
        self.message = MessageLabel()
        self.scan_button = QPushButton(objectName="duplicatesScan")
        self.scan_button.clicked.connect(self.scan)
        self.keep_first = QPushButton(objectName="keepFirst")
        self.keep_first.clicked.connect(lambda: self.merge_selected(first=True))
        self.keep_second = QPushButton(objectName="keepSecond")
        self.keep_second.clicked.connect(lambda: self.merge_selected(first=False))
        self.close_button = QPushButton(objectName="closeDuplicates")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.scan_button, self.keep_first, self.keep_second):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.table, self.empty, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(880, 480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Duplicate members"))
        self.title.setText(self.tr("Duplicate members"))
        self.intro.setText(
            self.tr(
                "Members with the same name whose mobile numbers differ by one slip (one "
                "digit, or two digits swapped) are probably one customer registered twice. "
                "Merging keeps the details you choose and both histories; the other card "
                "still finds the member."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("First member"), self.tr("Second member"), self.tr("Difference")]
        )
        self.scan_button.setText(self.tr("Find duplicates"))
        self.keep_first.setText(self.tr("Merge, keeping the first"))
        self.keep_second.setText(self.tr("Merge, keeping the second"))
        self.close_button.setText(self.tr("Close"))
        self._render()

    # ------------------------------------------------------------------ scan

    def scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.message.clear_message()
        run_op(
            self,
            lambda progress: self.club.duplicates(progress.update),
            self.show_pairs,
            self._failed,
            progress_label=self.tr("Looking for duplicate members…"),
        )

    def show_pairs(self, pairs: list[DuplicatePair]) -> None:
        self.pairs = pairs
        self.table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            cells = (
                member_text(pair.first),
                member_text(pair.second),
                i18n.translate("DuplicatesDialog", SLIPS[pair.slip]),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.scan_button.setEnabled(True)
        self._render()  # shown first: a hidden table keeps no current row
        if pairs:
            self.table.setCurrentCell(0, 0)
        self._render_buttons()

    def _failed(self, error: BaseException) -> None:
        self.scan_button.setEnabled(True)
        self.message.error(i18n.error_text(error))
        self._render()

    def _render(self) -> None:
        scanned = self.pairs is not None
        has_pairs = bool(self.pairs)
        self.table.setVisible(has_pairs)
        self.empty.setVisible(not has_pairs)
        self.empty.setText(
            self.tr("No likely duplicates: every member's name and number are distinct.")
            if scanned
            else self.tr("Press Find duplicates to look through the members.")
        )
        self._render_buttons()

    def _render_buttons(self) -> None:
        chosen = self.selected() is not None
        self.keep_first.setEnabled(chosen)
        self.keep_second.setEnabled(chosen)

    def selected(self) -> DuplicatePair | None:
        row = self.table.currentRow()
        if not self.pairs or not 0 <= row < len(self.pairs):
            return None
        return self.pairs[row]

    # ------------------------------------------------------------------ merge

    def merge_question(self, keep: MemberView, other: MemberView) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Merge members"),
            self.tr("Merge these two members into {keep}?").format(keep=member_text(keep)),
            parent=self,
        )
        box.setObjectName("mergeConfirm")
        box.setInformativeText(
            self.tr(
                "The purchases and points of {other} move to this member. This cannot be undone."
            ).format(other=member_text(other))
        )
        yes = box.addButton(self.tr("Merge"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        return box

    def merge_selected(self, *, first: bool) -> None:
        pair = self.selected()
        if pair is None:
            return
        keep, other = (pair.first, pair.second) if first else (pair.second, pair.first)
        if not ask(self, self.merge_question(keep, other)):
            return
        self._merging = {keep.id, other.id}
        run_op(
            self,
            lambda: self.club.merge_members(keep.id, other.id),
            self._merged,
            self._failed,
        )

    def _merged(self, member: MemberView) -> None:
        self.message.success(self.tr("Merged into {name}.").format(name=member_text(member)))
        self.merged.emit(member)
        if self.pairs is not None:
            gone = self._merging
            self.show_pairs(
                [p for p in self.pairs if p.first.id not in gone and p.second.id not in gone]
            )
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
