"""SMS settings: which line sends (the shop's own Kavenegar account or the vendor's line),
the API key (kept in the OS keyring, shown masked), the sender number, the price per part used
for cost estimates, and the service messages with a live preview.

Asking the provider for the credit left is network work: it runs in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core import sms
from clubdesk.core.errors import ClubDeskError
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits
from clubdesk.messaging.service import keyring_is_secure
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import (
    MessageLabel,
    Retranslating,
    heading,
    retranslate_buttons,
    save_cancel_buttons,
)

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

EVENT_LABELS = {
    "purchase": QT_TRANSLATE_NOOP("SmsSettingsDialog", "After each purchase"),
    "expiry": QT_TRANSLATE_NOOP("SmsSettingsDialog", "Before points expire"),
}


def parts_text(text: str) -> str:
    """'2 SMS parts' for a rendered message, in the UI's digits."""
    count = sms.parts(text)
    return i18n.translate("SmsSettingsDialog", "%1 SMS part(s)").replace("%1", i18n.number(count))


def follow_script(edit: QPlainTextEdit) -> None:
    """Persian message text reads right to left even when it starts with a {variable} (Qt
    would take the direction from the first Latin letter of the variable's name)."""

    def apply() -> None:
        persian = sms.is_persian(edit.toPlainText())
        direction = Qt.LayoutDirection.RightToLeft if persian else Qt.LayoutDirection.LeftToRight
        document = edit.document()
        option = document.defaultTextOption()
        if option.textDirection() == direction:
            return
        option.setTextDirection(direction)
        option.setAlignment(Qt.AlignmentFlag.AlignAbsolute | (
            Qt.AlignmentFlag.AlignRight if persian else Qt.AlignmentFlag.AlignLeft
        ))  # fmt: skip
        document.setDefaultTextOption(option)

    edit.textChanged.connect(apply)


class EventEditor(QGroupBox):
    """One service message: on/off, its template and what a member would receive."""

    def __init__(self, event: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.event_name = event
        self.setObjectName(f"smsEvent_{event}")
        self.enabled = QCheckBox(objectName=f"smsEventOn_{event}")
        self.template = QPlainTextEdit(objectName=f"smsEventTemplate_{event}")
        self.template.setTabChangesFocus(True)
        self.template.setFixedHeight(56)
        self.template.setMinimumWidth(420)
        self.preview = QLabel(objectName=f"smsEventPreview_{event}", wordWrap=True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.template.textChanged.connect(self.render_preview)
        follow_script(self.template)
        layout = QVBoxLayout(self)
        for widget in (self.enabled, self.template, self.preview):
            layout.addWidget(widget)

    def set_event(self, chosen: sms.ServiceEvent) -> None:
        self.enabled.setChecked(chosen.on)
        self.template.setPlainText(chosen.template)

    def value(self) -> sms.ServiceEvent:
        return sms.ServiceEvent(self.enabled.isChecked(), self.template.toPlainText().strip())

    def render_preview(self) -> None:
        """The message with sample values, or what is wrong with the template."""
        try:
            text = sms.render(self.template.toPlainText(), sms.sample_values(i18n.current()))
        except ClubDeskError as error:
            self.preview.setStyleSheet("color: #b3261e;")
            self.preview.setText(i18n.error_text(error))
            return
        self.preview.setStyleSheet("color: #5f6368;")
        label = i18n.translate("SmsSettingsDialog", "Preview:")
        self.preview.setText(f"{label} {text}  ({parts_text(text)})")


class SmsSettingsDialog(Retranslating, QDialog):
    saved = Signal()

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("smsSettingsDialog")
        self.club = club
        self.service = club.sms()
        self.title = heading()
        self.line_box = QGroupBox(objectName="smsLineBox")
        self.own_line = QRadioButton(objectName="smsOwnLine")
        self.vendor_line = QRadioButton(objectName="smsVendorLine")
        self.line_group = QButtonGroup(self)
        self.line_group.addButton(self.own_line)
        self.line_group.addButton(self.vendor_line)
        self.api_key = QLineEdit(objectName="smsApiKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.key_warning = MessageLabel()
        self.key_warning.setObjectName("smsKeyWarning")
        self.sender = QLineEdit(objectName="smsSender")
        self.sender.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.price = QSpinBox(objectName="smsPrice", maximum=sms.MAX_PRICE, singleStep=50)
        self.price.setGroupSeparatorShown(True)
        self.shop = QLineEdit(objectName="smsShop")
        self.credit_label = QLabel(objectName="smsCredit")
        self.credit_button = QPushButton(objectName="smsCheckCredit")
        self.credit_button.clicked.connect(self.check_credit)
        self.events = {name: EventEditor(name) for name in sms.EVENTS}
        self.message = MessageLabel()
        self.buttons = save_cancel_buttons()
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        self.own_line.toggled.connect(self._render_line)

        line_layout = QFormLayout(self.line_box)
        line_layout.addRow(self.own_line)
        self.key_label, self.sender_label = QLabel(), QLabel()
        line_layout.addRow(self.key_label, self.api_key)
        line_layout.addRow(self.sender_label, self.sender)
        line_layout.addRow(self.vendor_line)
        credit_row = QHBoxLayout()
        credit_row.addWidget(self.credit_label, 1)
        credit_row.addWidget(self.credit_button)
        self.credit_title = QLabel()
        line_layout.addRow(self.credit_title, credit_row)
        form = QFormLayout()
        self.price_label, self.shop_label = QLabel(), QLabel()
        form.addRow(self.price_label, self.price)
        form.addRow(self.shop_label, self.shop)
        self.variables = QLabel(objectName="smsVariables", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.line_box)
        layout.addWidget(self.key_warning)
        layout.addLayout(form)
        layout.addWidget(self.variables)
        for editor in self.events.values():
            layout.addWidget(editor)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(680, 940)
        self.load()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("SMS settings"))
        self.title.setText(self.tr("SMS to members"))
        self.line_box.setTitle(self.tr("Sending line"))
        self.own_line.setText(self.tr("My own Kavenegar account"))
        self.vendor_line.setText(
            self.tr("The vendor's line (paid from the SMS credit of your licence)")
        )
        self.key_label.setText(self.tr("API key:"))
        self.sender_label.setText(self.tr("Sender line:"))
        self.sender.setPlaceholderText(self.tr("e.g. 10004346"))
        self.credit_title.setText(self.tr("Credit:"))
        self.credit_button.setText(self.tr("Check credit"))
        if not self.credit_label.text():
            self.credit_label.setText(self.tr("Not checked yet"))
        self.price_label.setText(self.tr("Price per SMS part (rials):"))
        self.shop_label.setText(self.tr("Shop name in messages:"))
        self.shop.setPlaceholderText(self.tr("The {shop} variable, e.g. Nili boutique"))
        self.variables.setText(
            self.tr(
                "Service messages go to every member with a mobile number; campaigns only to "
                "members who agreed to receive SMS. Variables: {name} {points} {balance} "
                "{credit} {level} {shop} {amount} {expires_on}"
            )
        )
        for name, editor in self.events.items():
            editor.setTitle(i18n.translate("SmsSettingsDialog", EVENT_LABELS[name]))
            editor.enabled.setText(self.tr("Send this message"))
            editor.render_preview()
        self._render_key()
        retranslate_buttons(self.buttons)

    def load(self) -> None:
        chosen = self.service.settings()
        (self.vendor_line if chosen.line == sms.LINE_VENDOR else self.own_line).setChecked(True)
        self.sender.setText(chosen.sender)
        self.price.setValue(chosen.price_per_part)
        self.shop.setText(chosen.shop or self.club.shop_name())
        for name, editor in self.events.items():
            editor.set_event(chosen.event(name, i18n.current()))
        self._render_line()

    def _render_key(self) -> None:
        if not keyring_is_secure():
            self.key_warning.error(
                self.tr(
                    "This computer has no secure password store: the key is kept in a file "
                    "that other users of this computer may read."
                )
            )
        masked = self.service.masked_key()
        if masked:
            placeholder = self.tr("Stored in the system keyring (%1); type to replace")
            self.api_key.setPlaceholderText(placeholder.replace("%1", masked))
        else:
            self.api_key.setPlaceholderText(self.tr("Paste the key from your Kavenegar panel"))

    def _render_line(self) -> None:
        own = self.own_line.isChecked()
        self.api_key.setEnabled(own)
        self.sender.setEnabled(own)

    def chosen(self) -> sms.SmsSettings:
        line = sms.LINE_OWN if self.own_line.isChecked() else sms.LINE_VENDOR
        events = {name: editor.value() for name, editor in self.events.items()}
        return sms.SmsSettings(
            line, i18n_latin(self.sender.text()), self.price.value(), self.shop.text().strip(),
            events,
        )  # fmt: skip

    def save(self) -> None:
        """Nothing is saved unless all of it is valid; the key goes to the keyring. A cashier
        is asked for the owner's PIN (run_op's prompt)."""
        try:
            chosen = self.chosen()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return
        key = self.api_key.text().strip()
        self.buttons.setEnabled(False)
        run_op(self, lambda: self._store(chosen, key), self._saved, self._save_failed)

    def _store(self, chosen: sms.SmsSettings, key: str) -> None:
        self.service.save_settings(chosen)
        if key:
            self.service.set_api_key(key)

    def _saved(self, _result: object) -> None:
        self.buttons.setEnabled(True)
        self.api_key.clear()
        self.saved.emit()
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.error(i18n.error_text(error))

    def check_credit(self) -> None:
        """The credit of the line chosen on screen (saved or not), asked in the background."""
        line = sms.LINE_OWN if self.own_line.isChecked() else sms.LINE_VENDOR
        try:  # the line only: a template being edited does not matter here
            chosen = sms.SmsSettings(line, i18n_latin(self.sender.text()))
        except ClubDeskError as error:
            self._credit_failed(error)
            return
        self.credit_button.setEnabled(False)
        self.credit_label.setText(self.tr("Asking…"))
        run_op(self, lambda: self.service.line(chosen).credit(), self._credit_done,
               self._credit_failed)  # fmt: skip

    def _credit_done(self, rials: int) -> None:
        self.credit_button.setEnabled(True)
        self.credit_label.setText(self.tr("%1 rials").replace("%1", i18n.number(rials)))

    def _credit_failed(self, error: BaseException) -> None:
        self.credit_button.setEnabled(True)
        self.credit_label.setText(self.tr("Unknown"))
        self.message.error(i18n.error_text(error))


def i18n_latin(text: str) -> str:
    """A line number typed with Persian digits is still the same number."""
    return to_latin_digits(text.strip())
