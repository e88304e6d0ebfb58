"""The audit log viewer (Owner → Audit log…): who changed what and when, with filters.

The table is a model over the whole filtered log that fetches pages of rows in the
background as they scroll into view, so a million entries cost one count and the pages
looked at. Filters: a Jalali (or Gregorian) date range, the person, the kind of action, a
member's phone or id, and free text in the details.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.audit import AuditFilter, AuditRow, day_start, describe, parse_day
from clubdesk.core.errors import ClubDeskError
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

PAGE = 200
MAX_PAGES = 40  # at most 8,000 entries held; others are fetched again when seen
LOADING = "…"
LRI, PDI = "\u2066", "\u2069"

# The action filter: a label and the prefix of the action names it finds.
KINDS: list[tuple[str, str]] = [
    (QT_TRANSLATE_NOOP("AuditDialog", "Every kind"), ""),
    (QT_TRANSLATE_NOOP("AuditDialog", "Members"), "member"),
    (QT_TRANSLATE_NOOP("AuditDialog", "Purchases"), "purchase"),
    (QT_TRANSLATE_NOOP("AuditDialog", "Points"), "points"),
    (QT_TRANSLATE_NOOP("AuditDialog", "Settings"), "settings"),
    (QT_TRANSLATE_NOOP("AuditDialog", "Accounts and sign-ins"), "account"),
    (QT_TRANSLATE_NOOP("AuditDialog", "Export"), "data"),
]

ACTIONS: dict[str, str] = {
    "member.register": QT_TRANSLATE_NOOP("AuditDialog", "member registered"),
    "member.edit": QT_TRANSLATE_NOOP("AuditDialog", "member edited"),
    "member.archive": QT_TRANSLATE_NOOP("AuditDialog", "member archived"),
    "member.level": QT_TRANSLATE_NOOP("AuditDialog", "level changed"),
    "members.import": QT_TRANSLATE_NOOP("AuditDialog", "members imported"),
    "purchase.record": QT_TRANSLATE_NOOP("AuditDialog", "purchase"),
    "purchase.reverse": QT_TRANSLATE_NOOP("AuditDialog", "purchase reversed"),
    "points.earn": QT_TRANSLATE_NOOP("AuditDialog", "points earned"),
    "points.redeem": QT_TRANSLATE_NOOP("AuditDialog", "points redeemed"),
    "points.adjust": QT_TRANSLATE_NOOP("AuditDialog", "points adjusted"),
    "points.expire": QT_TRANSLATE_NOOP("AuditDialog", "points expired"),
    "settings.change": QT_TRANSLATE_NOOP("AuditDialog", "setting changed"),
    "data.export": QT_TRANSLATE_NOOP("AuditDialog", "data exported"),
    "account.add": QT_TRANSLATE_NOOP("AuditDialog", "account added"),
    "account.pin": QT_TRANSLATE_NOOP("AuditDialog", "PIN changed"),
    "account.enable": QT_TRANSLATE_NOOP("AuditDialog", "account enabled"),
    "account.disable": QT_TRANSLATE_NOOP("AuditDialog", "account disabled"),
    "account.role": QT_TRANSLATE_NOOP("AuditDialog", "role changed"),
    "account.sign_in": QT_TRANSLATE_NOOP("AuditDialog", "signed in"),
    "account.sign_out": QT_TRANSLATE_NOOP("AuditDialog", "signed out"),
    "account.sign_in_failed": QT_TRANSLATE_NOOP("AuditDialog", "wrong PIN at sign-in"),
    "account.authorise_failed": QT_TRANSLATE_NOOP("AuditDialog", "wrong owner's PIN"),
}

HEADERS = [
    QT_TRANSLATE_NOOP("AuditDialog", "When"),
    QT_TRANSLATE_NOOP("AuditDialog", "Who"),
    QT_TRANSLATE_NOOP("AuditDialog", "What"),
    QT_TRANSLATE_NOOP("AuditDialog", "Member or item"),
    QT_TRANSLATE_NOOP("AuditDialog", "Details (old → new)"),
    QT_TRANSLATE_NOOP("AuditDialog", "Allowed by"),
]


def action_text(action: str) -> str:
    label = ACTIONS.get(action)
    return i18n.translate("AuditDialog", label) if label else action


def cell_text(row: AuditRow, column: int) -> str:
    """What one cell shows: times and details in the UI's digits, ids kept left-to-right."""
    if column == 0:
        return i18n.moment(row.at)
    if column == 1:
        return row.actor
    if column == 2:
        return action_text(row.action)
    if column == 3:
        return f"{LRI}{row.entity_id}{PDI}" if i18n.current().rtl else row.entity_id
    if column == 4:
        details = {k: v for k, v in row.details.items() if k != "authorised_by"}
        text = i18n.digits(describe(details))
        return f"{LRI}{text}{PDI}" if i18n.current().rtl and text else text  # keys read LTR
    return row.authorised_by


class AuditModel(QAbstractTableModel):
    """Rows of the filtered log, newest first, loaded a page at a time in the background.

    ``owner`` is the widget the background jobs belong to; a filter change starts a new
    generation, and pages of an older one are dropped when they arrive."""

    def __init__(self, club: ClubServices, owner: QWidget) -> None:
        super().__init__(owner)
        self.club = club
        self.owner = owner
        self.filters = AuditFilter()
        self.total = 0
        self.pages: dict[int, list[AuditRow]] = {}
        self.pending: set[int] = set()
        self.generation = 0
        self.on_count: Any = lambda _total: None
        self.on_error: Any = lambda _error: None

    def load(self, filters: AuditFilter) -> None:
        """Count the filtered log, then show it from the top."""
        self.generation += 1
        generation, club = self.generation, self.club
        self.filters = filters
        run_op(
            self.owner,
            lambda: club.audit_count(filters),
            lambda total: self._counted(generation, total),
            self.on_error,
        )

    def _counted(self, generation: int, total: int) -> None:
        if generation != self.generation:
            return
        self.beginResetModel()
        self.total, self.pages, self.pending = total, {}, set()
        self.endResetModel()
        self.on_count(total)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return i18n.translate("AuditDialog", HEADERS[section])
        return None

    def row_at(self, row: int) -> AuditRow | None:
        """The entry, or None while its page is being fetched (asked for here)."""
        page, offset = divmod(row, PAGE)
        rows = self.pages.get(page)
        if rows is None:
            self._fetch(page)
            return None
        return rows[offset] if offset < len(rows) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.row_at(index.row())
        if entry is None:
            return LOADING
        return cell_text(entry, index.column())

    def _fetch(self, page: int) -> None:
        if page in self.pending:
            return
        self.pending.add(page)
        generation, club, filters = self.generation, self.club, self.filters
        run_op(
            self.owner,
            lambda: club.audit_page(filters, page * PAGE, PAGE),
            lambda rows: self._fetched(generation, page, rows),
            self.on_error,
        )

    def _fetched(self, generation: int, page: int, rows: list[AuditRow]) -> None:
        if generation != self.generation:
            return
        self.pending.discard(page)
        self.pages[page] = rows
        while len(self.pages) > MAX_PAGES:
            del self.pages[next(iter(self.pages))]  # the page fetched longest ago
        first = page * PAGE
        last = min(first + PAGE, self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))


class AuditDialog(Retranslating, QDialog):
    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.club = club
        self.title = heading()
        self.start = QLineEdit(objectName="auditFrom")
        self.end = QLineEdit(objectName="auditTo")
        self.person = QComboBox(objectName="auditPerson")
        self.kind = QComboBox(objectName="auditKind")
        self.member = QLineEdit(objectName="auditMember")
        self.text = QLineEdit(objectName="auditText")
        for field in (self.start, self.end, self.member, self.text):
            field.returnPressed.connect(self.search)
        self.search_button = QPushButton(objectName="auditSearch", default=True)
        self.search_button.clicked.connect(self.search)
        self.labels = [QLabel() for _ in range(6)]
        grid = QGridLayout()
        fields = (self.start, self.end, self.person, self.kind, self.member, self.text)
        for n, (label, field) in enumerate(zip(self.labels, fields, strict=True)):
            label.setBuddy(field)
            grid.addWidget(label, n // 3 * 2, n % 3)
            grid.addWidget(field, n // 3 * 2 + 1, n % 3)
        grid.addWidget(self.search_button, 3, 3)
        self.model = AuditModel(club, self)
        self.model.on_count = self._counted
        self.model.on_error = self._failed
        self.table = QTableView(objectName="auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (1, 110), (2, 150), (3, 150), (5, 100)):
            header.resizeSection(column, width)
        self.count = QLabel(objectName="auditCount")
        self.counted = False
        self.message = MessageLabel()
        self.message.setObjectName("auditMessage")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.resize(1000, 620)
        self.retranslate()
        club_ref = self.club
        run_op(self, club_ref.audit_actors, self.show_people, self._failed)
        self.search()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit log"))
        self.title.setText(self.tr("Who changed what, and when"))
        texts = (
            self.tr("&From (day)"),
            self.tr("&To (day)"),
            self.tr("&Person"),
            self.tr("&Kind"),
            self.tr("&Member (phone or id)"),
            self.tr("Te&xt in details"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        example = i18n.digits("1405/09/01")
        self.start.setPlaceholderText(example)
        self.end.setPlaceholderText(self.tr("today"))
        self.member.setPlaceholderText(i18n.digits("0912…"))
        self.search_button.setText(self.tr("Search"))
        chosen = self.kind.currentIndex()
        self.kind.clear()
        for label, prefix in KINDS:
            self.kind.addItem(i18n.translate("AuditDialog", label), prefix)
        self.kind.setCurrentIndex(max(chosen, 0))
        if self.person.count():
            self.person.setItemText(0, self.tr("Everyone"))
        else:
            self.person.addItem(self.tr("Everyone"), "")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self.counted:
            self._counted(self.model.total)
        else:
            self.count.setText(self.tr("Reading the log…"))

    def show_people(self, names: list[str]) -> None:
        for name in names:
            self.person.addItem(name, name)

    def filters(self) -> AuditFilter:
        """The typed filters; a day that cannot be read raises InvalidDate."""
        start = parse_day(self.start.text()) if self.start.text().strip() else None
        end = parse_day(self.end.text()) if self.end.text().strip() else None
        return AuditFilter(
            start=day_start(start) if start else None,
            end=day_start(end + timedelta(days=1)) if end else None,
            actor=self.person.currentData() or "",
            action=self.kind.currentData() or "",
            entity_id=self.member.text().strip(),
            text=self.text.text().strip(),
        )

    def search(self) -> None:
        try:
            chosen = self.filters()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return
        self.message.clear_message()
        self.model.load(chosen)

    def _counted(self, total: int) -> None:
        self.counted = True
        if total:
            self.count.setText(
                self.tr("%1 entries, newest first").replace("%1", i18n.number(total))
            )
        else:
            self.count.setText(self.tr("No entries match. Widen the dates or clear a filter."))

    def _failed(self, error: BaseException) -> None:
        self.message.error(i18n.error_text(error))
