"""The lock screen: why the app is locked, what to do, and licence entry.

While locked, this replaces the counter and the members list: no member data is on screen.
From here only renewal (the Renew screen, or the vendor's contact and the licence id to quote),
another licence key, checking again, and support are reachable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.licence import REASON_TEXT, LockReason, Status
from clubdesk.core.renewal import tehran_day
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, SupportNews, heading
from clubdesk.vendor import default_server, vendor_info

if TYPE_CHECKING:
    from clubdesk.licensing.manager import LicenceManager


class LockScreen(Retranslating, QWidget):
    """Emits ``changed(Status)`` after activation or a check, whatever the outcome;
    ``renew_requested``/``support_requested`` when the owner asks for renewal or support;
    ``replies_requested`` from the "new reply from support" link (``support_news``)."""

    changed = Signal(object)
    renew_requested = Signal()
    support_requested = Signal()
    backups_requested = Signal()  # backups protect the data, so they stay reachable here
    replies_requested = Signal()

    def __init__(self, licence: LicenceManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.licence = licence
        self.status: Status | None = None
        self.title = heading(size=20)
        self.title.setObjectName("lockTitle")
        self.reason = heading(size=14)
        self.reason.setObjectName("lockReason")
        self.reason.setWordWrap(True)
        self.details = QLabel(objectName="lockDetails")
        self.details.setWordWrap(True)
        self.contact = QLabel(objectName="vendorContact")
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton(objectName="checkAgain")
        self.check_button.clicked.connect(self.check_again)
        self.renew_button = QPushButton(objectName="lockRenew")
        self.renew_button.setDefault(True)
        self.renew_button.clicked.connect(self.renew_requested.emit)
        self.support_button = QPushButton(objectName="lockSupport")
        self.support_button.clicked.connect(self.support_requested.emit)
        self.backups_button = QPushButton(objectName="lockBackups")
        self.backups_button.clicked.connect(self.backups_requested.emit)
        self.support_news = SupportNews(objectName="lockSupportNews")
        self.support_news.clicked.connect(self.replies_requested.emit)
        self.message = MessageLabel()
        self.message.setObjectName("lockMessage")

        self.entry = QGroupBox(objectName="licenceEntry")
        self.server = QLineEdit(objectName="serverUrl")
        self.key = QLineEdit(objectName="licenceKey")
        self.device_name = QLineEdit(objectName="deviceName")
        self.activate_button = QPushButton(objectName="activate")
        self.activate_button.clicked.connect(self.activate)
        self.key.returnPressed.connect(self.activate)
        self.server_label, self.key_label, self.device_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self.entry)
        form.addRow(self.key_label, self.key)
        form.addRow(self.device_label, self.device_name)
        form.addRow(self.server_label, self.server)
        form.addRow(None, self.activate_button)

        buttons = QHBoxLayout()
        buttons.addWidget(self.renew_button)
        buttons.addWidget(self.support_button)
        buttons.addWidget(self.backups_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.support_news)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.entry)
        layout.addWidget(self.contact)
        layout.addStretch(1)
        saved = licence.saved
        self.server.setText(saved.server_url or default_server())
        self.device_name.setText(saved.device_name)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("ClubDesk is locked"))
        self.check_button.setText(self.tr("Check again"))
        self.renew_button.setText(self.tr("Renew…"))
        self.support_button.setText(self.tr("Support…"))
        self.backups_button.setText(self.tr("Backups…"))
        self.entry.setTitle(self.tr("Enter a licence key"))
        self.key_label.setText(self.tr("Licence key"))
        self.device_label.setText(self.tr("Name of this computer"))
        self.server_label.setText(self.tr("Licence server"))
        self.activate_button.setText(self.tr("Activate"))
        self.key.setPlaceholderText("CD-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.device_name.setPlaceholderText(self.tr("for example: Till 1"))
        if self.status is not None:
            self.show_status(self.status)

    def show_status(self, status: Status) -> None:
        self.status = status
        reason = status.reason or LockReason.NO_LICENCE
        self.reason.setText(i18n.translate("licence", REASON_TEXT[reason]))
        lines = []
        if status.business_name:
            lines.append(self.tr("Business: %1").replace("%1", status.business_name))
        if status.paid_until is not None:
            paid = i18n.day(tehran_day(status.paid_until))
            lines.append(self.tr("Paid until: %1").replace("%1", paid))
        if self.licence.saved.licence_id:
            lines.append(
                self.tr("Licence id to quote: %1").replace("%1", self.licence.saved.licence_id)
            )
        lines.append(self.tr("Your members and points are kept safe; they show again as soon "
                             "as the licence is valid."))  # fmt: skip
        self.details.setText("\n".join(lines))
        self.contact.setText(self._contact_text(reason))

    def _contact_text(self, reason: LockReason) -> str:
        info: dict[str, Any] = vendor_info()
        name = info.get("name_fa" if i18n.current().rtl else "name_en", "")
        first = (
            self.tr("Renew online with the Renew button, or contact %1:")
            if reason is LockReason.EXPIRED
            else self.tr("Contact %1:")
        ).replace("%1", name)
        contacts = "  ·  ".join(
            i18n.digits(info[k]) if k == "phone" else info[k]
            for k in ("phone", "email", "website")
            if info.get(k)
        )
        return f"{first}\n{contacts}"

    def check_again(self) -> None:
        self.check_button.setEnabled(False)
        self.message.hint(self.tr("Checking with the licence server…"))
        run_op(self, self.licence.refresh, self._checked, self._failed)

    def activate(self) -> None:
        server, key = self.server.text().strip(), self.key.text().strip()
        name = self.device_name.text().strip() or self.tr("Till")
        if not key or not server:
            self.message.error(self.tr("Type the licence key and the licence server address."))
            return
        self.activate_button.setEnabled(False)
        self.message.hint(self.tr("Activating…"))
        run_op(self, lambda: self.licence.activate(server, key, name), self._checked, self._failed)

    def _checked(self, status: Status) -> None:
        self.check_button.setEnabled(True)
        self.activate_button.setEnabled(True)
        if status.locked:
            self.message.error(self.tr("Still locked."))
        else:
            self.message.clear_message()
            self.key.clear()
        self.show_status(status)
        self.changed.emit(status)

    def _failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.activate_button.setEnabled(True)
        self.message.error(i18n.error_text(error))
