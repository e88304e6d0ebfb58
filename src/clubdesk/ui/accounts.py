"""Accounts (Owner → Accounts…): owners and cashiers with PINs, and the cashier's redeem limit.

The owner adds people, resets a forgotten PIN, disables someone who left (the last active
owner cannot be), and sets how many points a cashier may redeem without the owner's PIN.
Every change runs in the background and goes through ``require``: a cashier who opens this
gets the owner's PIN prompt from ``run_op``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.roles import MAX_REDEEM_LIMIT, PIN_MAX, ROLE_LABELS, PinMismatch, Role, UserView
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.sign_in import role_text
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading, select_row

if TYPE_CHECKING:
    from clubdesk.services import ClubServices


def pin_field(name: str) -> QLineEdit:
    field = QLineEdit(objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    return field


class AccountsDialog(Retranslating, QDialog):
    changed = Signal()  # accounts were added or changed (the window re-renders who is in)

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.club = club
        self.users: list[UserView] = []
        self.title = heading()
        self.intro = QLabel(objectName="accountsIntro", wordWrap=True)
        self.empty = QLabel(objectName="accountsEmpty", wordWrap=True)
        self.table = QTableWidget(0, 3, objectName="accountsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(140)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_cells: self._render_selection())
        self.toggle = QPushButton(objectName="accountToggle")
        self.toggle.clicked.connect(self.toggle_active)

        self.add_box = QGroupBox(objectName="addAccount")
        self.name = QLineEdit(objectName="accountName", maxLength=60)
        self.role = QComboBox(objectName="accountRole")
        self.new_pin, self.new_pin_again = pin_field("accountPin"), pin_field("accountPinAgain")
        self.new_pin_again.returnPressed.connect(self.add)
        self.add_button = QPushButton(objectName="addAccountButton")
        self.add_button.clicked.connect(self.add)
        self.add_labels = [QLabel() for _ in range(4)]
        add_form = QFormLayout(self.add_box)
        for label, field in zip(
            self.add_labels, (self.name, self.role, self.new_pin, self.new_pin_again), strict=True
        ):
            label.setBuddy(field)
            add_form.addRow(label, field)
        add_form.addRow(self.add_button)

        self.pin_box = QGroupBox(objectName="changePin")
        self.reset_pin, self.reset_pin_again = pin_field("resetPin"), pin_field("resetPinAgain")
        self.reset_pin_again.returnPressed.connect(self.change_pin)
        self.pin_button = QPushButton(objectName="changePinButton")
        self.pin_button.clicked.connect(self.change_pin)
        self.pin_labels = [QLabel(), QLabel()]
        pin_form = QFormLayout(self.pin_box)
        for label, field in zip(
            self.pin_labels, (self.reset_pin, self.reset_pin_again), strict=True
        ):
            label.setBuddy(field)
            pin_form.addRow(label, field)
        pin_form.addRow(self.pin_button)

        self.limit_box = QGroupBox(objectName="redeemLimitBox")
        self.limit = QSpinBox(objectName="redeemLimit", maximum=MAX_REDEEM_LIMIT)
        self.limit.setGroupSeparatorShown(True)
        self.limit_button = QPushButton(objectName="saveRedeemLimit")
        self.limit_button.clicked.connect(self.save_limit)
        self.limit_note = QLabel(objectName="redeemLimitNote", wordWrap=True)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.limit, 1)
        limit_row.addWidget(self.limit_button)
        limit_layout = QVBoxLayout(self.limit_box)
        limit_layout.addWidget(self.limit_note)
        limit_layout.addLayout(limit_row)

        self.message = MessageLabel()
        self.message.setObjectName("accountsMessage")
        self.close_button = QPushButton(objectName="close", autoDefault=False)
        self.close_button.clicked.connect(self.accept)
        forms = QHBoxLayout()
        forms.addWidget(self.add_box, 1)
        forms.addWidget(self.pin_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.toggle)
        layout.addLayout(forms)
        layout.addWidget(self.limit_box)
        layout.addWidget(self.message)
        layout.addWidget(self.close_button)
        self.resize(760, 720)
        self.retranslate()
        self.reload()

    # ----------------------------------------------------------------- texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Accounts"))
        self.title.setText(self.tr("Owner and cashier accounts"))
        self.intro.setText(
            self.tr(
                "The owner can do everything. A cashier registers members, records sales and "
                "redeems points up to the limit below; changing settings, adjusting points, "
                "exports, imports, merges, older reversals and larger redemptions need the "
                "owner's PIN. Everything is in the audit log with who did it."
            )
        )
        self.empty.setText(
            self.tr(
                "No accounts yet: everyone at this computer acts as the owner. Add the owner "
                "first; from then on ClubDesk asks who is at the till when it starts."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("State")])
        self.add_box.setTitle(self.tr("Add an account"))
        add_texts = (
            self.tr("&Name"),
            self.tr("Role"),
            self.tr("PIN (4–8 digits)"),
            self.tr("PIN again"),
        )
        for label, text in zip(self.add_labels, add_texts, strict=True):
            label.setText(text)
        self.name.setPlaceholderText(self.tr("for example Sara"))
        self.add_button.setText(self.tr("Add account"))
        self.pin_box.setTitle(self.tr("New PIN for the selected account"))
        self.pin_labels[0].setText(self.tr("New PIN"))
        self.pin_labels[1].setText(self.tr("PIN again"))
        self.pin_button.setText(self.tr("Change PIN"))
        self.limit_box.setTitle(self.tr("Cashier's redeem limit"))
        self.limit_note.setText(
            self.tr(
                "A cashier may redeem up to this many points at once; more needs the "
                "owner's PIN. 0 means always ask."
            )
        )
        self.limit.setSuffix(" " + self.tr("points"))
        self.limit_button.setText(self.tr("Save limit"))
        self.close_button.setText(self.tr("Close"))
        self._render()

    # ----------------------------------------------------------------- state

    def reload(self) -> None:
        club = self.club
        run_op(self, lambda: (club.accounts(), club.redeem_limit()), self.show_state, self._failed)

    def show_state(self, state: tuple[list[UserView], int]) -> None:
        self.users, limit = state
        self.limit.setValue(limit)
        self._render()

    def _render(self) -> None:
        first = not self.users
        self.empty.setVisible(first)
        self.table.setVisible(not first)
        self.toggle.setVisible(not first)
        self.pin_box.setEnabled(not first)
        self.limit_box.setEnabled(not first)
        roles = [Role.OWNER] if first else [Role.CASHIER, Role.OWNER]
        chosen = self.role.currentData() if self.role.count() == len(roles) else None
        self.role.clear()
        for role in roles:  # a cashier is what the owner adds most: first in the list
            self.role.addItem(i18n.translate("roles", ROLE_LABELS[role]), role)
        if chosen in roles:
            self.role.setCurrentIndex(roles.index(chosen))
        row = self.table.currentRow()
        self.table.setRowCount(len(self.users))
        for n, user in enumerate(self.users):
            state = self.tr("active") if user.active else self.tr("disabled")
            for column, text in enumerate((user.name, role_text(user), state)):
                self.table.setItem(n, column, QTableWidgetItem(text))
        if self.users:
            select_row(self.table, min(max(row, 0), len(self.users) - 1))
        self._render_selection()

    def selected(self) -> UserView | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _render_selection(self) -> None:
        user = self.selected()
        self.toggle.setEnabled(user is not None)
        self.pin_button.setEnabled(user is not None)
        if user is not None and not user.active:
            self.toggle.setText(self.tr("Enable %1").replace("%1", user.name))
        elif user is not None:
            self.toggle.setText(self.tr("Disable %1").replace("%1", user.name))
        else:
            self.toggle.setText(self.tr("Disable"))

    # --------------------------------------------------------------- actions

    def _pins(self, first: QLineEdit, again: QLineEdit) -> str | None:
        if first.text() != again.text():
            self.message.error(i18n.error_text(PinMismatch()))
            first.clear()
            again.clear()
            first.setFocus()
            return None
        return first.text()

    def add(self) -> None:
        pin = self._pins(self.new_pin, self.new_pin_again)
        if pin is None:
            return
        name, role, club = self.name.text(), self.role.currentData(), self.club

        def added(user: UserView) -> None:
            self.name.clear()
            self.new_pin.clear()
            self.new_pin_again.clear()
            self.message.success(self.tr("%1 can now sign in.").replace("%1", user.name))
            self.changed.emit()
            self.reload()

        run_op(self, lambda: club.add_account(name, role, pin), added, self._failed)

    def change_pin(self) -> None:
        user = self.selected()
        pin = self._pins(self.reset_pin, self.reset_pin_again)
        if user is None or pin is None:
            return
        club = self.club

        def changed(_none: None) -> None:
            self.reset_pin.clear()
            self.reset_pin_again.clear()
            self.message.success(self.tr("New PIN saved for %1.").replace("%1", user.name))

        run_op(self, lambda: club.change_pin(user.name, pin), changed, self._failed)

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        club, active = self.club, not user.active

        def done(_user: UserView) -> None:
            self.message.clear_message()
            self.changed.emit()
            self.reload()

        run_op(self, lambda: club.set_account_active(user.name, active), done, self._failed)

    def save_limit(self) -> None:
        club, points = self.club, self.limit.value()

        def saved(limit: int) -> None:
            self.message.success(
                self.tr("Saved: a cashier may redeem up to %1 points at once.").replace(
                    "%1", i18n.number(limit)
                )
            )

        run_op(self, lambda: club.set_redeem_limit(points), saved, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.message.error(i18n.error_text(error))
