"""The counter: one search box, the matches, and the member card.

Keyboard flow: number -> Enter -> (registration if new) -> amount -> Enter, then the search box
again for the next customer. Every search runs off the GUI thread; an answer that arrives after
the cashier typed on is dropped, so the list always matches the box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.club import ClubRules
from clubdesk.core.errors import InvalidPhone
from clubdesk.core.members import (
    MemberCard,
    MemberHit,
    MemberView,
    PurchaseResult,
    Registration,
)
from clubdesk.core.search import QueryKind, SearchQuery, parse_query
from clubdesk.ui import i18n
from clubdesk.ui.member_card import MemberCardView
from clubdesk.ui.member_form import MemberForm
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating

if TYPE_CHECKING:  # services import SQLAlchemy; the window must not wait for it
    from clubdesk.services import ClubServices

SEARCH_POINT_SIZE = 18


class CounterView(Retranslating, QWidget):
    status = Signal(str)  # a short message for the status bar
    members_changed = Signal()  # a member was added or changed (the list may refresh)

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counter")
        self.club = club
        self.results_for: list[MemberHit] = []
        self._asked = 0  # number of the latest search sent
        self._shown = 0  # number of the search whose results are on screen
        self._enter_waiting = False
        self._steps_waiting = 0  # Up/Down pressed before the results arrived
        self.form: MemberForm | None = None

        self.search = QLineEdit(objectName="search")
        self.search.setClearButtonEnabled(True)
        font = self.search.font()
        font.setPointSize(SEARCH_POINT_SIZE)
        self.search.setFont(font)
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)
        self.message = MessageLabel()
        self.message.setObjectName("searchMessage")

        self.results = QTableWidget(0, 3, objectName="results")
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().setVisible(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.results.cellActivated.connect(lambda row, _col: self.open_row(row))
        self.results.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.empty_hint = MessageLabel()
        self.empty_hint.setObjectName("resultsHint")

        self.card = MemberCardView(club)
        self.card.purchase_recorded.connect(self._purchase_recorded)
        self.card.edit_requested.connect(self.edit_member)
        self.card.member_changed.connect(lambda _m: self.members_changed.emit())
        self.card.done.connect(self.focus_search)
        self.card.status.connect(self.status.emit)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.empty_hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.card)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 660])
        left.setMinimumWidth(360)
        top = QHBoxLayout()
        top.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        for key in (QKeySequence(Qt.Key.Key_F2), QKeySequence("Ctrl+F")):
            QShortcut(key, self, self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, lambda: self.register(""))
        self.retranslate()
        self.load_rule()

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Mobile number or name  (F2)"))
        self.results.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Mobile"), self.tr("Points")]
        )
        self._render_results()
        self._update_message(parse_query(self.search.text()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the matches without leaving the box."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step and self._shown != self._asked:  # applied when the answer arrives
                self._steps_waiting += step
                return True
            if step and self.results.rowCount():
                row = max(0, min(self.results.rowCount() - 1, self.results.currentRow() + step))
                self.results.setCurrentCell(row, 0)  # selectRow misses in RTL
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    # ---------------------------------------------------------------- search

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def load_rule(self) -> None:
        """The rules the card's live preview and rewards menu use (read in the background)."""
        run_op(self, lambda: (self.club.earning_rules(), self.club.club_rules()), self._set_rules)

    def _set_rules(self, rules: tuple[object, ClubRules]) -> None:
        self.card.rule, self.card.club_rules = rules  # type: ignore[assignment]
        self.card._preview()

    def _text_changed(self, text: str) -> None:
        query = parse_query(text)
        self._update_message(query)
        self._steps_waiting = 0
        self._asked += 1
        asked = self._asked
        if not query.searchable:
            self._show_results(asked, [])
            return
        run_op(self, lambda: self.club.search(text), lambda rows: self._show_results(asked, rows))

    def _update_message(self, query: SearchQuery) -> None:
        if query.invalid_phone:
            self.message.error(i18n.error_text(InvalidPhone()))
        elif query.exact_phone:
            self.message.hint(self.tr("Press Enter to open this member or register the number."))
        elif query.card_id:
            self.message.hint(self.tr("A member card: press Enter to open it."))
        else:
            self.message.clear_message()

    def _show_results(self, asked: int, rows: list[MemberHit]) -> None:
        if asked < self._shown:
            return  # an older search answered late
        self._shown = asked
        self.results_for = rows
        self._render_results()
        latest = asked == self._asked
        steps = self._steps_waiting if latest else 0
        if rows:
            self.results.setCurrentCell(max(0, min(len(rows) - 1, steps)), 0)
        if latest:
            self._steps_waiting = 0
        if self._enter_waiting and latest:
            self._enter_waiting = False
            self._enter()

    def _render_results(self) -> None:
        rows = self.results_for
        self.results.setRowCount(len(rows))
        for row, member in enumerate(rows):
            name = member.full_name + (f"  ({self.tr('archived')})" if member.archived else "")
            values = (name, i18n.phone(member.phone), i18n.number(member.points))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.results.setItem(row, column, item)
        query = parse_query(self.search.text())
        if rows:
            self.empty_hint.clear_message()
        elif query.kind is QueryKind.EMPTY:
            self.empty_hint.hint(
                self.tr(
                    "Type a mobile number (or its last 4 digits) or a name. "
                    "Enter on a new number registers the customer."
                )
            )
        elif query.exact_phone:
            self.empty_hint.hint(self.tr("No member has this number. Press Enter to register."))
        else:
            self.empty_hint.hint(self.tr("No member matches."))

    def _enter(self) -> None:
        """Open the member, or register a new number; waits for a search still under way."""
        query = parse_query(self.search.text())
        if query.invalid_phone:
            self.message.error(i18n.error_text(InvalidPhone()))
            return
        if query.exact_phone:
            phone = query.exact_phone
            run_op(
                self, lambda: self.club.find_phone(phone), lambda m: self._phone_entered(phone, m)
            )
            return
        if query.card_id:  # a scanned card: its member, or a clear "not ours"
            text = self.search.text()
            run_op(self, lambda: self.club.card_by_scan(text), self._card_loaded, self._scan_failed)
            return
        if self._shown != self._asked:
            self._enter_waiting = True
            return
        if self.results_for:
            self.open_row(max(0, self.results.currentRow()))
        elif query.kind is QueryKind.DIGITS:
            self.message.error(
                self.tr("Type the whole mobile number (11 digits starting with 09) to register.")
            )

    def _scan_failed(self, error: BaseException) -> None:
        self.message.error(i18n.error_text(error))
        self.focus_search()  # the next scan replaces the payload

    def _phone_entered(self, phone: str, member: MemberView | None) -> None:
        if member is None:
            self.register(phone)
        else:
            self.open_member(member.id)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.results_for):
            self.open_member(self.results_for[row].id)

    def open_member(self, member_id: str) -> None:
        run_op(self, lambda: self.club.card(member_id), self._card_loaded)

    def refresh_open_member(self, changed: frozenset[str] | set[str]) -> None:
        """Another counter changed the member on screen (sync): show the new figures, keeping
        what the cashier is typing. A member merged into another shows as that one."""
        shown = self.card.card
        if shown is None or shown.member.id not in changed:
            return
        member_id = shown.member.id
        run_op(
            self,
            lambda: self.club.card(member_id),
            lambda card: self.card.show_card(card, keep_result=True),
            lambda _error: None,
        )

    def _card_loaded(self, card: MemberCard) -> None:
        self.card.show_card(card)
        if card.member.archived:
            self.message.hint(self.tr("This member is archived. Restore them to record purchases."))
            self.focus_search()
        else:
            self.card.focus_amount()

    # ----------------------------------------------------------- registration

    def register(self, phone: str) -> None:
        self.form = MemberForm(self.club, self, phone=phone)
        self.form.saved.connect(self._registered)
        self.form.rejected.connect(self.focus_search)
        self._open_form(self.form)

    def _registered(self, registration: Registration) -> None:
        member = registration.member
        if registration.existing:
            self.status.emit(self.tr("Already a member: %1").replace("%1", member.full_name))
        else:
            self.status.emit(self.tr("Registered: %1").replace("%1", member.full_name))
        self.members_changed.emit()
        self._refresh_search()
        self.open_member(member.id)

    def edit_member(self, member: MemberView) -> None:
        self.form = MemberForm(self.club, self, member=member)
        self.form.saved.connect(self._edited)
        self._open_form(self.form)

    def _open_form(self, form: MemberForm) -> None:
        # Without a window manager (kiosk tills, Xvfb) nobody hands focus back when the dialog
        # closes; the counter takes it, so the cashier's next keystroke lands here.
        form.finished.connect(lambda _result: self.window().activateWindow())
        form.open()

    def _edited(self, member: MemberView) -> None:
        self.status.emit(self.tr("Saved: %1").replace("%1", member.full_name))
        self.members_changed.emit()
        self._refresh_search()
        self.card.reload(member)

    def _purchase_recorded(self, result: PurchaseResult) -> None:
        self.status.emit(self.card.result.text())
        self.members_changed.emit()
        self._refresh_search()
        self.focus_search()  # the next customer: typing replaces the selected text

    def _refresh_search(self) -> None:
        self._text_changed(self.search.text())
