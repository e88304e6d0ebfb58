"""The business profile form (the first-run wizard's page and Settings → Business details…).

The logo is scaled to at most LOGO_SIDE pixels and kept as a PNG in the shop's settings, so it
travels with backups. Everything typed is checked by ``core.business``; a bad field gets its
message under it and nothing is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.business import (
    LOGO_SIDE,
    BusinessProfile,
    InvalidBusiness,
    UnreadableLogo,
    format_shop_phone,
)
from clubdesk.core.phone import format_phone
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import (
    MessageLabel,
    Retranslating,
    retranslate_buttons,
    save_cancel_buttons,
)

if TYPE_CHECKING:
    from clubdesk.services import ClubServices


def logo_png(path: str) -> bytes:
    """The picture at ``path`` scaled to fit LOGO_SIDE pixels, as PNG bytes."""
    image = QImage(path)
    if image.isNull():
        raise UnreadableLogo()
    if image.width() > LOGO_SIDE or image.height() > LOGO_SIDE:
        image = image.scaled(
            LOGO_SIDE,
            LOGO_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class BusinessForm(Retranslating, QWidget):
    """Name, person or company, national id, owner, mobile, shop phone, address and logo.
    ``profile()`` returns the checked profile or shows the first problem and returns None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("businessForm")
        self.logo: bytes | None = None
        self.logo_changed = False
        self.name = QLineEdit(objectName="businessName")
        self.person = QRadioButton(objectName="businessPerson")
        self.company = QRadioButton(objectName="businessCompany")
        self.person.setChecked(True)
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.person)
        self.kind.addButton(self.company)
        self.national_id = QLineEdit(objectName="businessNationalId")
        self.owner = QLineEdit(objectName="businessOwner")
        self.mobile = QLineEdit(objectName="businessMobile")
        self.phone = QLineEdit(objectName="businessPhone")
        self.address = QPlainTextEdit(objectName="businessAddress")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(52)
        self.logo_preview = QLabel(objectName="businessLogo")
        self.logo_preview.setFixedSize(72, 72)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #c4c7c5; border-radius: 6px;")
        self.logo_button = QPushButton(objectName="chooseLogo")
        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo = QPushButton(objectName="removeLogo")
        self.remove_logo.clicked.connect(lambda: self.set_logo(None, changed=True))
        self.messages = {
            field: MessageLabel()
            for field in ("name", "national_id", "owner_name", "mobile", "phone", "address")
        }
        self.messages["logo"] = MessageLabel()
        for field, label in self.messages.items():
            label.setObjectName(f"{field}Message")
        # A message about a field goes as soon as the field is edited again.
        for field, editor in self._editors().items():
            signal = editor.textChanged
            signal.connect(lambda *_args, field=field: self.messages[field].clear_message())
        self.labels = {key: QLabel() for key in ("name", "kind", "nid", "owner", "mobile",
                                                 "phone", "address", "logo")}  # fmt: skip
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.person)
        kind_row.addWidget(self.company)
        kind_row.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.remove_logo)
        logo_row.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.labels["name"], self.name)
        form.addRow(None, self.messages["name"])
        form.addRow(self.labels["kind"], kind_row)
        form.addRow(self.labels["nid"], self.national_id)
        form.addRow(None, self.messages["national_id"])
        form.addRow(self.labels["owner"], self.owner)
        form.addRow(None, self.messages["owner_name"])
        form.addRow(self.labels["mobile"], self.mobile)
        form.addRow(None, self.messages["mobile"])
        form.addRow(self.labels["phone"], self.phone)
        form.addRow(None, self.messages["phone"])
        form.addRow(self.labels["address"], self.address)
        form.addRow(None, self.messages["address"])
        form.addRow(self.labels["logo"], logo_row)
        form.addRow(None, self.messages["logo"])
        self.set_logo(None)
        self.retranslate()

    def retranslate(self) -> None:
        self.labels["name"].setText(self.tr("Business name"))
        self.labels["kind"].setText(self.tr("The business is"))
        self.person.setText(self.tr("a person (sole trader)"))
        self.company.setText(self.tr("a company (legal entity)"))
        self.labels["nid"].setText(self.tr("National id (optional)"))
        self.labels["owner"].setText(self.tr("Owner's name"))
        self.labels["mobile"].setText(self.tr("Owner's mobile"))
        self.labels["phone"].setText(self.tr("Shop phone"))
        self.labels["address"].setText(self.tr("Address"))
        self.labels["logo"].setText(self.tr("Logo"))
        self.name.setPlaceholderText(self.tr("as customers know it, for example Bahar Café"))
        self.national_id.setPlaceholderText(
            self.tr("a person's 10-digit national code, or the company's national id")
        )
        self.mobile.setPlaceholderText(
            self.tr("09121234567: licence reminders and receipts of payments go here")
        )
        self.phone.setPlaceholderText(self.tr("021 8888 1234: printed on receipts"))
        self.logo_button.setText(self.tr("Choose a picture…"))
        self.remove_logo.setText(self.tr("Remove"))
        if self.logo is None:
            self.logo_preview.setText(self.tr("No logo"))

    def fill(self, profile: BusinessProfile, logo: bytes | None) -> None:
        self.name.setText(profile.name)
        (self.company if profile.legal_entity else self.person).setChecked(True)
        self.national_id.setText(profile.national_id or "")
        self.owner.setText(profile.owner_name)
        # Editable fields: the digits of the language, without the isolates labels get.
        self.mobile.setText(format_phone(profile.mobile, i18n.current()) if profile.mobile else "")
        self.phone.setText(i18n.digits(format_shop_phone(profile.phone)) if profile.phone else "")
        self.address.setPlainText(profile.address)
        self.set_logo(logo)

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the logo"), "", self.tr("Pictures (*.png *.jpg *.jpeg *.bmp)")
        )
        if path:
            self.load_logo(path)

    def load_logo(self, path: str) -> None:
        self.messages["logo"].clear_message()
        try:
            self.set_logo(logo_png(path), changed=True)
        except InvalidBusiness as error:
            self.messages["logo"].error(i18n.error_text(error))

    def set_logo(self, png: bytes | None, *, changed: bool = False) -> None:
        self.logo = png
        self.logo_changed = self.logo_changed or changed
        self.remove_logo.setEnabled(png is not None)
        if png is None:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.tr("No logo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.logo_preview.setPixmap(
            pixmap.scaled(
                self.logo_preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def profile(self) -> BusinessProfile | None:
        """The checked profile, or None with the problem shown under its field."""
        for message in self.messages.values():
            if message is not self.messages["logo"]:
                message.clear_message()
        try:
            return BusinessProfile.parse(
                name=self.name.text(),
                legal_entity=self.company.isChecked(),
                national_id=self.national_id.text(),
                owner_name=self.owner.text(),
                mobile=self.mobile.text(),
                phone=self.phone.text(),
                address=self.address.toPlainText(),
            )
        except InvalidBusiness as error:
            field = str(error.params.get("field", "name"))
            self.messages.get(field, self.messages["name"]).error(i18n.error_text(error))
            self.focus_field(field)
            return None

    def _editors(self) -> dict[str, QLineEdit | QPlainTextEdit]:
        return {"name": self.name, "national_id": self.national_id, "owner_name": self.owner,
                "mobile": self.mobile, "phone": self.phone, "address": self.address}  # fmt: skip

    def focus_field(self, field: str) -> None:
        self._editors().get(field, self.name).setFocus()


class BusinessDialog(Retranslating, QDialog):
    """Settings → Business details…: the profile the first run saved, changed later."""

    saved = Signal(object)  # BusinessProfile

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("businessDialog")
        self.club = club
        self.form = BusinessForm()
        self.form.setEnabled(False)  # until the saved profile is shown: never save a guess
        self.message = MessageLabel()
        self.message.setObjectName("businessDialogMessage")
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.retranslate()
        run_op(self, lambda: (club.business_profile(), club.business_logo()), self._loaded,
               self._failed)  # fmt: skip

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Business details"))
        retranslate_buttons(self.buttons)

    def _loaded(self, loaded: tuple[BusinessProfile, bytes | None]) -> None:
        self.form.fill(*loaded)
        self.form.setEnabled(True)
        self.save_button.setEnabled(True)
        self.form.name.setFocus()

    def save(self) -> None:
        profile = self.form.profile()
        if profile is None:
            return
        logo, logo_changed = self.form.logo, self.form.logo_changed
        club = self.club

        def store() -> BusinessProfile:
            saved = club.set_business_profile(profile)
            if logo_changed:
                club.set_business_logo(logo)
            return saved

        self.save_button.setEnabled(False)
        run_op(self, store, self._saved, self._failed)

    def _saved(self, profile: BusinessProfile) -> None:
        self.saved.emit(profile)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(self.form.isEnabled())
        if isinstance(error, InvalidBusiness):
            field = str(error.params.get("field", "name"))
            self.form.messages.get(field, self.form.messages["name"]).error(i18n.error_text(error))
            return
        self.message.error(i18n.error_text(error))
