"""The "Owner's PIN" prompt: a cashier's restricted action waits for the owner to type theirs.

``ui.ops.run_op`` opens it for any job refused with OwnerPinRequired, so every restricted
action in the app gets it without code of its own. The PIN is checked in the background
(scrypt takes a moment); a wrong one says so and asks again; Cancel does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.roles import PERMISSION_LABELS, PIN_MAX, Permission
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

Wrap = Callable[[Callable[..., Any]], Callable[..., Any]]


class PinAuthority(Protocol):
    """What the prompt needs from ClubServices."""

    def authorise(self, pin: str) -> str: ...

    def approved(self, fn: Callable[..., Any]) -> Callable[..., Any]: ...


def find_authority(widget: QWidget | None) -> PinAuthority | None:
    """The ``pin_authority`` of the nearest widget up the parent chain (the main window)."""
    while widget is not None:
        authority = getattr(widget, "pin_authority", None)
        if authority is not None:
            return authority
        widget = widget.parentWidget()
    return None


def ask_owner_pin(
    parent: QWidget,
    permission: Permission,
    again: Callable[[Wrap], None],
    cancelled: Callable[[], None],
) -> bool:
    """Open the prompt (window-modal, it does not block); once the PIN is right ``again``
    re-runs the job as one approved job. False when nobody up the chain can check a PIN."""
    authority = find_authority(parent)
    if authority is None:
        return False
    prompt = PinPrompt(authority, permission, parent)
    prompt.authorised.connect(lambda _owner: again(authority.approved))
    prompt.rejected.connect(cancelled)
    prompt.open()
    prompt.pin.setFocus()
    return True


class PinPrompt(Retranslating, QDialog):
    authorised = Signal(str)  # the owner's name

    def __init__(
        self, authority: PinAuthority, permission: Permission, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pinPrompt")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.authority = authority
        self.permission = permission
        self.title = heading(size=14)
        self.explain = QLabel(objectName="pinExplain", wordWrap=True)
        self.pin = QLineEdit(objectName="ownerPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_MAX)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = MessageLabel()
        self.message.setObjectName("pinMessage")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.allow = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.allow.setObjectName("allow")
        self.allow.setDefault(True)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setObjectName("cancel")
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.explain, self.pin, self.message, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(360)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Owner's PIN"))
        self.title.setText(self.tr("The owner's PIN is needed"))
        action = i18n.translate("roles", PERMISSION_LABELS[self.permission])
        self.explain.setText(
            self.tr("To %1, the owner types their PIN here. It allows this one action.").replace(
                "%1", action
            )
        )
        self.pin.setPlaceholderText(self.tr("Owner's PIN"))
        self.allow.setText(self.tr("Allow"))
        self.cancel.setText(self.tr("Cancel"))

    def check(self) -> None:
        pin = self.pin.text()
        if not pin.strip():
            self.message.error(self.tr("Type the owner's PIN, or press Cancel."))
            return
        self.allow.setEnabled(False)
        authority = self.authority
        run_op(self, lambda: authority.authorise(pin), self._allowed, self._refused)

    def _allowed(self, owner: str) -> None:
        self.authorised.emit(owner)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.allow.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.message.error(i18n.error_text(error))
