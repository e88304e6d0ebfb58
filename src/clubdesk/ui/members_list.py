"""All members in one table, smooth at a million rows.

The model knows only the row count and the pages the view has asked for. A missing page shows
placeholders and is fetched in the background; a small cache of pages bounds memory. Sorting
and filtering start a new generation, so pages of an older one are dropped when they arrive.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.members import MemberView, SortKey
from clubdesk.ui import i18n
from clubdesk.ui.duplicates import DuplicatesDialog
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating

PAGE_SIZE = 200
MAX_PAGES = 40  # at most 8,000 members held in memory
PLACEHOLDER = "…"
COLUMNS = (
    (QT_TRANSLATE_NOOP("MembersView", "Name"), SortKey.NAME),
    (QT_TRANSLATE_NOOP("MembersView", "Mobile"), SortKey.PHONE),
    (QT_TRANSLATE_NOOP("MembersView", "Points"), SortKey.POINTS),
    (QT_TRANSLATE_NOOP("MembersView", "Visits"), None),
    (QT_TRANSLATE_NOOP("MembersView", "Total spent"), None),
    (QT_TRANSLATE_NOOP("MembersView", "Last visit"), SortKey.LAST_VISIT),
    (QT_TRANSLATE_NOOP("MembersView", "Member since"), SortKey.CREATED),
)

if TYPE_CHECKING:  # services import SQLAlchemy; the window must not wait for it
    from clubdesk.services import ClubServices
ARCHIVED = QT_TRANSLATE_NOOP("MembersView", "archived")
_Index = QModelIndex | QPersistentModelIndex


class MembersModel(QAbstractTableModel):
    loaded = Signal()  # the count (and so the row count) is known

    def __init__(self, club: ClubServices, parent: QWidget) -> None:
        super().__init__(parent)
        self.club = club
        self.owner = parent
        self.filter_text = ""
        self.sort_key = SortKey.NAME
        self.descending = False
        self.total = 0
        self.generation = 0
        self.pages: OrderedDict[int, list[MemberView]] = OrderedDict()
        self.pending: set[int] = set()

    # -------------------------------------------------------------- Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return MembersView.column_title(section)
        return i18n.number(section + 1)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return Qt.AlignmentFlag.AlignCenter
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        member = self.member_at(index.row())
        if member is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.UserRole:
            return member.id
        return _cell(member, index.column())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # ---------------------------------------------------------------- paging

    def member_at(self, row: int) -> MemberView | None:
        page, offset = divmod(row, PAGE_SIZE)
        rows = self.pages.get(page)
        if rows is None:
            self._fetch(page)
            return None
        self.pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def _fetch(self, page: int) -> None:
        if page in self.pending:
            return
        self.pending.add(page)
        generation = self.generation
        args = (self.filter_text, self.sort_key, self.descending, page * PAGE_SIZE, PAGE_SIZE)
        run_op(
            self.owner,
            lambda: self.club.members_page(*args),
            lambda rows: self._page_arrived(generation, page, rows),
            lambda _error: self.pending.discard(page),
        )

    def _page_arrived(self, generation: int, page: int, rows: list[MemberView]) -> None:
        if generation != self.generation:
            return
        self.pending.discard(page)
        self.pages[page] = rows
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(self.total, first + PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self.reload()

    def reload(self) -> None:
        """Count again and forget every page (after a sort, a filter or a change)."""
        self.generation += 1
        generation, text = self.generation, self.filter_text
        run_op(
            self.owner,
            lambda: self.club.count_members(text),
            lambda total: self._counted(generation, total),
        )

    def _counted(self, generation: int, total: int) -> None:
        if generation != self.generation:
            return
        self.beginResetModel()
        self.total = total
        self.pages.clear()
        self.pending.clear()
        self.endResetModel()
        self.loaded.emit()

    def refresh_texts(self) -> None:
        """Values re-render in a new language; the rows are the same."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.total:
            self.dataChanged.emit(self.index(0, 0), self.index(self.total - 1, len(COLUMNS) - 1))


def _cell(member: MemberView, column: int) -> str:
    if column == 0:
        name = member.full_name
        return f"{name}  ({i18n.translate('MembersView', ARCHIVED)})" if member.archived else name
    if column == 1:
        return i18n.phone(member.phone)
    if column == 2:
        return i18n.number(member.points)
    if column == 3:
        return i18n.number(member.visits)
    if column == 4:
        return i18n.tomans(member.total_spent)
    if column == 5:
        return i18n.day(member.last_visit_at) if member.last_visit_at else ""
    return i18n.day(member.created_at) if member.created_at else ""


class MembersView(Retranslating, QWidget):
    open_member = Signal(str)  # public id

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("membersList")
        self.club = club
        self.model = MembersModel(club, self)
        self.filter = QLineEdit(objectName="membersFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter_label = QLabel()
        self.count = QLabel(objectName="membersCount")
        self.hint = MessageLabel()
        self.hint.setObjectName("membersHint")
        self.table = QTableView(objectName="membersTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 220)
        for column, width in ((1, 140), (2, 80), (3, 70), (4, 150), (5, 110)):
            header.resizeSection(column, width)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)

        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(lambda: self.model.set_filter(self.filter.text()))
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.model.loaded.connect(self._loaded)

        self.duplicates_button = QPushButton(objectName="findDuplicates")
        self.duplicates_button.clicked.connect(self.open_duplicates)
        self.duplicates_dialog: DuplicatesDialog | None = None
        bar = QHBoxLayout()
        bar.addWidget(self.filter_label)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.duplicates_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.retranslate()

    @staticmethod
    def column_title(section: int) -> str:
        return i18n.translate("MembersView", COLUMNS[section][0])

    def retranslate(self) -> None:
        self.filter_label.setText(self.tr("Search"))
        self.filter.setPlaceholderText(self.tr("Mobile number, last digits or name"))
        self.duplicates_button.setText(self.tr("Find duplicates…"))
        self.model.refresh_texts()
        self._loaded()

    def _loaded(self) -> None:
        total = self.model.total
        self.count.setText(self.tr("%1 members").replace("%1", i18n.number(total)))
        if total:
            self.hint.clear_message()
        elif self.model.filter_text:
            self.hint.hint(self.tr("No member matches this search."))
        else:
            self.hint.hint(self.tr("No members yet. Register customers at the counter (F2)."))

    def open_duplicates(self) -> None:
        """The owner's tool for customers registered twice; the list reloads after a merge."""
        self.duplicates_dialog = DuplicatesDialog(self.club, self)
        self.duplicates_dialog.merged.connect(lambda _member: self.model.reload())
        self.duplicates_dialog.open()
        self.duplicates_dialog.scan()

    def _activated(self, index: QModelIndex) -> None:
        member_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if member_id:
            self.open_member.emit(member_id)
