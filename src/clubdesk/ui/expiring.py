"""The owner's "Expiring points" list: members whose points expire within 7 to 90 days,
soonest first, to call or text them before the points are lost; and a button to expire the
points that are already due (the hourly job does the same) with progress and Cancel."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.dates import local
from clubdesk.core.members import MemberHit
from clubdesk.ui import i18n
from clubdesk.ui.ops import Progress, run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading, table

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

DAYS = (7, 30, 60, 90)
DEFAULT_DAYS = 30
LIMIT = 500  # the owner reads a list, not a report: the soonest 500 members
Expiring = tuple[MemberHit, int, datetime]


class ExpiringDialog(Retranslating, QDialog):
    """Double-click (or Enter on) a member to open the card at the counter."""

    open_member = Signal(str)  # public id
    expired = Signal(int)  # lots expired by "Expire due points now"

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expiringDialog")
        self.club = club
        self.found: list[Expiring] | None = None  # None while loading
        self.busy = False
        self.notice = ""  # what "Expire due points now" did, shown over the list's hint
        self.title = heading()
        self.days = QComboBox(objectName="expiringDays")
        self.days.addItems([""] * len(DAYS))
        self.days.setCurrentIndex(DAYS.index(DEFAULT_DAYS))
        self.days.currentIndexChanged.connect(lambda _i: self.reload())  # the notice goes
        self.days_label = QLabel()
        self.days_label.setBuddy(self.days)
        self.summary = QLabel(objectName="expiringSummary")
        self.table = table(4, "expiringTable")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name
        self.table.setMinimumHeight(260)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.message = MessageLabel()
        self.message.setObjectName("expiringMessage")
        self.expire_button = QPushButton(objectName="expireNow")
        self.expire_button.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.expire_button.clicked.connect(self.expire_now)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.days_label)
        bar.addWidget(self.days)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        bottom = QHBoxLayout()
        bottom.addWidget(self.expire_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(720, 480)
        self.retranslate()

    def chosen_days(self) -> int:
        return DAYS[self.days.currentIndex()]

    def reload(self, notice: str = "") -> None:
        """Ask for the list in the background; the answer for an older choice is dropped."""
        days = self.chosen_days()
        self.found = None
        self.notice = notice
        self.message.hint(self.tr("Loading…"))
        run_op(
            self,
            lambda: self.club.expiring_soon(days, LIMIT),
            lambda found: self._loaded(days, found),
            self._failed,
        )

    def _loaded(self, days: int, found: list[Expiring]) -> None:
        if days != self.chosen_days():
            return
        self.found = found
        self._render()

    def _failed(self, error: BaseException) -> None:
        self.found = []
        self.busy = False
        self.expire_button.setEnabled(True)
        self._render()
        self.message.error(i18n.error_text(error))

    def _render(self) -> None:
        found = self.found or []
        self.table.setRowCount(len(found))
        for row, (member, points, first) in enumerate(found):
            texts = [
                member.full_name,
                i18n.phone(member.phone),
                i18n.number(points),
                i18n.day(local(first).date()),
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, member.id)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        total = sum(points for _member, points, _first in found)
        summary = self.tr("%1 members, %2 points")
        self.summary.setText(
            summary.replace("%1", i18n.number(len(found))).replace("%2", i18n.number(total))
        )
        if self.found is None:
            return
        if self.notice:
            self.message.success(self.notice)
        elif not found:
            self.message.hint(
                self.tr(
                    "No points expire in the next %1 days. Points expire only when Settings"
                    " → Wallet and expiry gives them a lifetime."
                ).replace("%1", i18n.number(self.chosen_days()))
            )
        elif len(found) >= LIMIT:
            self.message.hint(
                self.tr("Showing the %1 members whose points expire soonest.").replace(
                    "%1", i18n.number(LIMIT)
                )
            )
        else:
            self.message.hint(self.tr("Double-click a member to open the card."))

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is None:
            return
        self.open_member.emit(item.data(Qt.ItemDataRole.UserRole))
        self.accept()

    def expire_now(self) -> None:
        """Expire what is already due (as the hourly job would), then reload the list."""
        if self.busy:
            return
        self.busy = True
        self.expire_button.setEnabled(False)

        def work(progress: Progress) -> int:
            return self.club.expire_now(progress.update)

        run_op(
            self,
            work,
            self._expired,
            self._failed,
            progress_label=self.tr("Expiring due points…"),
        )

    def _expired(self, lots: int) -> None:
        self.busy = False
        self.expire_button.setEnabled(True)
        self.expired.emit(lots)
        self.reload(
            self.tr("Nothing was due to expire.")
            if not lots
            else self.tr("Expired the points of %1 earnings that were due.").replace(
                "%1", i18n.number(lots)
            )
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Expiring points"))
        self.title.setText(self.tr("Points that expire soon"))
        self.days_label.setText(self.tr("Expiring within"))
        for index, days in enumerate(DAYS):
            self.days.setItemText(index, self.tr("%1 days").replace("%1", i18n.number(days)))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Mobile"), self.tr("Points"), self.tr("First expiry")]
        )
        self.expire_button.setText(self.tr("Expire due points now"))
        self.expire_button.setToolTip(self.tr("Ctrl+Shift+E"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        if self.found is not None:
            self._render()
