"""Who is at the till: choose your name, type your PIN, Enter.

Shown at start when the shop has accounts, and from File → Switch user (Ctrl+Shift+L).
Everything works from the keyboard: the PIN field has the focus, Up/Down choose the name,
Enter signs in; Persian digits are fine. The PIN is checked in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.roles import PIN_MAX, ROLE_LABELS, UserView
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

LAST_USER_SETTING = "roles/last_user"


def role_text(user: UserView) -> str:
    return i18n.translate("roles", ROLE_LABELS[user.role])


class SignInDialog(Retranslating, QDialog):
    """At start (``at_start``) the only ways out are signing in or quitting the app."""

    signed_in = Signal(object)  # UserView

    def __init__(
        self, club: ClubServices, parent: QWidget | None = None, *, at_start: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.club = club
        self.at_start = at_start
        self.users: list[UserView] = []
        self.title = heading()
        self.intro = QLabel(objectName="signInIntro", wordWrap=True)
        self.names = QListWidget(objectName="signInNames")
        self.names.itemActivated.connect(lambda _item: self.pin.setFocus())
        self.pin = QLineEdit(objectName="signInPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_MAX)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin.returnPressed.connect(self.sign_in)
        self.pin.installEventFilter(self)
        self.message = MessageLabel()
        self.message.setObjectName("signInMessage")
        self.buttons = QDialogButtonBox()
        self.go = QPushButton(objectName="signIn", default=True)
        self.go.clicked.connect(self.sign_in)
        self.leave = QPushButton(objectName="signInLeave", autoDefault=False)
        self.leave.clicked.connect(self._leave)
        self._leaving = False
        self.buttons.addButton(self.go, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.leave, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.names, self.pin, self.message, self.buttons):
            layout.addWidget(widget)
        self.setMinimumSize(380, 360)
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in"))
        self.title.setText(self.tr("Who is at the till?"))
        self.intro.setText(self.tr("Choose your name (Up/Down), type your PIN and press Enter."))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.go.setText(self.tr("Sign in"))
        self.leave.setText(self.tr("Quit ClubDesk") if self.at_start else self.tr("Cancel"))
        self._render_names()

    def load(self) -> None:
        run_op(self, self.club.accounts, self.show_users, self._failed)

    def show_users(self, users: list[UserView]) -> None:
        self.users = [u for u in users if u.active]
        self._render_names()
        last = QSettings().value(LAST_USER_SETTING, "")
        names = [u.name for u in self.users]
        self.names.setCurrentRow(names.index(last) if last in names else 0)
        if not self.users:
            self.message.hint(self.tr("No active accounts. The owner adds them in Accounts."))
        self.pin.setFocus()

    def _render_names(self) -> None:
        row = self.names.currentRow()
        self.names.clear()
        for user in self.users:
            item = QListWidgetItem(f"{user.name}  ·  {role_text(user)}")
            item.setData(Qt.ItemDataRole.UserRole, user.name)
            self.names.addItem(item)
        if 0 <= row < self.names.count():
            self.names.setCurrentRow(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the PIN field choose the name: no mouse needed."""
        if watched is self.pin and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if step is not None and self.names.count():
                row = min(max(self.names.currentRow() + step, 0), self.names.count() - 1)
                self.names.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _leave(self) -> None:
        self._leaving = True
        self.reject()

    def reject(self) -> None:
        """At start, Esc does not get past the question: only the Quit button leaves."""
        if self.at_start and not self._leaving:
            return
        super().reject()

    def chosen(self) -> str | None:
        item = self.names.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def sign_in(self) -> None:
        name, pin = self.chosen(), self.pin.text()
        if name is None:
            self.message.error(self.tr("Choose your name in the list first."))
            return
        if not pin.strip():
            self.message.error(self.tr("Type your PIN, then press Enter."))
            self.pin.setFocus()
            return
        self.go.setEnabled(False)
        club = self.club
        run_op(self, lambda: club.sign_in(name, pin), self._signed_in, self._failed)

    def _signed_in(self, user: UserView) -> None:
        QSettings().setValue(LAST_USER_SETTING, user.name)
        self.signed_in.emit(user)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.go.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.message.error(i18n.error_text(error))
