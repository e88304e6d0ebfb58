"""Register or edit a member. Checks as the cashier types; Save stays off until it would work."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.dates import jalali, parse_jalali
from clubdesk.core.errors import ClubDeskError, InvalidDate, InvalidPhone
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.members import (
    Gender,
    InvalidReferrer,
    MemberDraft,
    MemberView,
    Registration,
)
from clubdesk.core.phone import format_phone, normalize_phone
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import (
    MessageLabel,
    Retranslating,
    retranslate_buttons,
    save_cancel_buttons,
)

if TYPE_CHECKING:  # services import SQLAlchemy; the window must not wait for it
    from clubdesk.services import ClubServices

GENDERS = (Gender.UNSPECIFIED, Gender.FEMALE, Gender.MALE)
FIELD_LABELS = {
    "phone": QT_TRANSLATE_NOOP("MemberForm", "Mobile number"),
    "first_name": QT_TRANSLATE_NOOP("MemberForm", "First name"),
    "last_name": QT_TRANSLATE_NOOP("MemberForm", "Last name"),
    "birthday": QT_TRANSLATE_NOOP("MemberForm", "Birthday (Jalali)"),
    "anniversary": QT_TRANSLATE_NOOP("MemberForm", "Wedding anniversary (Jalali)"),
    "referrer": QT_TRANSLATE_NOOP("MemberForm", "Referred by (mobile)"),
    "gender": QT_TRANSLATE_NOOP("MemberForm", "Gender"),
    "note": QT_TRANSLATE_NOOP("MemberForm", "Note"),
}


class MemberForm(Retranslating, QDialog):
    """Emits ``saved(Registration)`` for a registration, ``saved(MemberView)`` for an edit."""

    saved = Signal(object)

    def __init__(
        self,
        club: ClubServices,
        parent: QWidget | None = None,
        *,
        phone: str = "",
        member: MemberView | None = None,
    ) -> None:
        super().__init__(parent)
        self.club = club
        self.member = member
        self.setObjectName("memberForm")
        self.setMinimumWidth(460)
        self.phone = QLineEdit(objectName="phone")
        self.first_name = QLineEdit(objectName="firstName")
        self.last_name = QLineEdit(objectName="lastName")
        self.birthday = QLineEdit(objectName="birthday")
        self.anniversary = QLineEdit(objectName="anniversary")
        self.referrer = QLineEdit(objectName="referrer")
        self.gender = QComboBox(objectName="gender")
        self.gender.addItems(["", "", ""])
        self.note = QPlainTextEdit(objectName="note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.sms_consent = QCheckBox(objectName="smsConsent")
        self.phone_message = MessageLabel()
        self.birthday_message = MessageLabel()
        self.anniversary_message = MessageLabel()
        self.referrer_message = MessageLabel()
        self.message = MessageLabel()
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        self.labels = {key: QLabel() for key in FIELD_LABELS}
        self.form = QFormLayout()
        self.form.addRow(self.labels["phone"], self.phone)
        self.form.addRow(None, self.phone_message)
        self.form.addRow(self.labels["first_name"], self.first_name)
        self.form.addRow(self.labels["last_name"], self.last_name)
        self.form.addRow(self.labels["birthday"], self.birthday)
        self.form.addRow(None, self.birthday_message)
        self.form.addRow(self.labels["anniversary"], self.anniversary)
        self.form.addRow(None, self.anniversary_message)
        if member is None:  # who referred them is asked once, at registration
            self.form.addRow(self.labels["referrer"], self.referrer)
            self.form.addRow(None, self.referrer_message)
        else:
            self.labels["referrer"].hide()
            self.referrer.hide()
        self.form.addRow(self.labels["gender"], self.gender)
        self.form.addRow(self.labels["note"], self.note)
        self.form.addRow(None, self.sms_consent)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        fields = (
            self.phone,
            self.first_name,
            self.last_name,
            self.birthday,
            self.anniversary,
            self.referrer,
        )
        for field in fields:
            field.textChanged.connect(self.check)
        self._fill(member.draft() if member else MemberDraft(phone=phone))
        self.retranslate()
        (self.first_name if self.phone.text() else self.phone).setFocus()

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit member") if self.member else self.tr("New member"))
        for key, text in FIELD_LABELS.items():
            self.labels[key].setText(self.tr(text))
        self.phone.setPlaceholderText(i18n.digits("0912 345 6789"))
        self.birthday.setPlaceholderText(i18n.digits("1370/05/12") + "  " + self.tr("(optional)"))
        self.anniversary.setPlaceholderText(
            i18n.digits("1395/05/14") + "  " + self.tr("(optional)")
        )
        self.referrer.setPlaceholderText(
            i18n.digits("0912 345 6789") + "  " + self.tr("(optional)")
        )
        for index, text in enumerate(
            (self.tr("Not specified"), self.tr("Female"), self.tr("Male"))
        ):
            self.gender.setItemText(index, text)
        self.sms_consent.setText(self.tr("Agrees to receive SMS from the shop"))
        retranslate_buttons(self.buttons)
        self.check()

    # ------------------------------------------------------------ validation

    def _fill(self, draft: MemberDraft) -> None:
        stored = draft.phone.startswith("+98")
        self.phone.setText(format_phone(draft.phone, i18n.current()) if stored else draft.phone)
        self.first_name.setText(draft.first_name)
        self.last_name.setText(draft.last_name)
        self.birthday.setText(i18n.digits(jalali(draft.birthday)) if draft.birthday else "")
        self.anniversary.setText(
            i18n.digits(jalali(draft.anniversary)) if draft.anniversary else ""
        )
        self.gender.setCurrentIndex(GENDERS.index(Gender(draft.gender)))
        self.note.setPlainText(draft.note)
        self.sms_consent.setChecked(draft.sms_consent)

    def _birthday(self) -> date | None:
        text = self.birthday.text().strip()
        return parse_jalali(text) if text else None

    def _anniversary(self) -> date | None:
        text = self.anniversary.text().strip()
        return parse_jalali(text) if text else None

    def check(self) -> bool:
        """Show what is wrong next to its field; Save is enabled only when nothing is."""
        ok = True
        phone = self.phone.text().strip()
        try:
            normalize_phone(phone)
            self.phone_message.clear_message()
        except InvalidPhone as error:
            ok = False
            if phone:
                self.phone_message.error(i18n.error_text(error))
            else:
                self.phone_message.hint(self.tr("Type the customer's mobile number."))
        try:
            self._birthday()
            self.birthday_message.clear_message()
        except InvalidDate as error:
            ok = False
            self.birthday_message.error(i18n.error_text(error))
        try:
            self._anniversary()
            self.anniversary_message.clear_message()
        except InvalidDate as error:
            ok = False
            self.anniversary_message.error(i18n.error_text(error))
        referrer = self.referrer.text().strip()
        try:
            if referrer:
                normalize_phone(referrer)
            self.referrer_message.clear_message()
        except InvalidPhone:
            ok = False
            self.referrer_message.error(i18n.error_text(InvalidReferrer(entered=referrer)))
        if not (self.first_name.text().strip() or self.last_name.text().strip()):
            ok = False
            self.message.hint(self.tr("Type a first or last name."))
        elif self.message.kind == "hint":
            self.message.clear_message()
        self.save_button.setEnabled(ok)
        return ok

    def draft(self) -> MemberDraft:
        return MemberDraft(
            phone=self.phone.text(),
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            birthday=self._birthday(),
            gender=GENDERS[self.gender.currentIndex()],
            note=self.note.toPlainText(),
            sms_consent=self.sms_consent.isChecked(),
            anniversary=self._anniversary(),
            referrer=self.referrer.text() if self.member is None else "",
        )

    # ------------------------------------------------------------------ save

    def submit(self) -> None:
        if not self.check():
            return
        try:
            draft = self.draft()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return
        self.save_button.setEnabled(False)
        member = self.member
        if member is None:
            run_op(self, lambda: self.club.register(draft), self._saved, self._failed)
        else:
            run_op(
                self, lambda: self.club.update_member(member.id, draft), self._saved, self._failed
            )

    def _saved(self, result: Registration | MemberView) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        """Nothing was saved: say why and let the cashier correct it."""
        self.message.error(i18n.error_text(error))
        self.check()
