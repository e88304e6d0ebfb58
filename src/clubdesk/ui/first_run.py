"""The first run: from a new installation to the counter in a few minutes, without help.

Seven short pages: language; the business; the licence (a 14-day trial from the vendor's server,
or a licence key); backups (passphrase, recovery sheet, and an optional second folder); how
members earn points; the owner's and the first cashier's accounts; done. Every page can be
changed later (Settings, Backups, Owner → Accounts, the Licence menu).

Network and database work runs in the background (``run_op``); what is typed is checked by the
same rules the services use, before anything is written. The settings, rules and accounts are
written together at Finish, so cancelling the wizard leaves no half-made shop behind (only a
licence already activated, which is the owner's either way).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from clubdesk.core.business import BusinessProfile
from clubdesk.core.errors import ClubDeskError, InvalidSetting
from clubdesk.core.i18n import Lang
from clubdesk.core.money import parse_whole
from clubdesk.core.programme import PRESETS, EarningRules
from clubdesk.core.renewal import tehran_day
from clubdesk.core.roles import AccountExists, PinMismatch, Role, parse_name, parse_pin
from clubdesk.paths import FIRST_RUN_PENDING
from clubdesk.protocol import TermsAcceptance
from clubdesk.ui import i18n
from clubdesk.ui.accounts import pin_field
from clubdesk.ui.business import BusinessForm
from clubdesk.ui.ops import run_op
from clubdesk.ui.settings_dialog import rules_example
from clubdesk.ui.widgets import MessageLabel, Retranslating
from clubdesk.vendor import default_server

if TYPE_CHECKING:
    from clubdesk.core.licence import Status
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.protocol import TermsInfo, TrialActivation
    from clubdesk.services import ClubServices

RESTORE = 2  # the wizard's result when the owner chose to restore a backup instead


@dataclass(frozen=True)
class Accounts:
    """The owner's and the first cashier's accounts, or none (one person, no PINs)."""

    owner: tuple[str, str] | None = None  # (name, pin)
    cashier: tuple[str, str] | None = None


def finish_setup(
    club: ClubServices,
    profile: BusinessProfile,
    logo: bytes | None,
    rules: EarningRules,
    accounts: Accounts,
) -> None:
    """What Finish writes, in the order the permissions allow: the shop's settings while
    nobody is signed in (the first run is the owner), then the accounts; the owner ends up
    signed in. Running it again after a failure skips accounts that exist already."""
    club.set_business_profile(profile)
    club.set_business_logo(logo)
    club.set_earning_rules(rules)
    if accounts.owner is None:
        return
    existing = {user.name for user in club.accounts()}
    name, pin = accounts.owner
    if name not in existing:
        club.add_account(name, Role.OWNER, pin)
    else:
        club.sign_in(name, pin)
    if accounts.cashier is not None and accounts.cashier[0] not in existing:
        club.add_account(accounts.cashier[0], Role.CASHIER, accounts.cashier[1])


class Page(Retranslating, QWizardPage):
    """A page that re-renders its texts when the language changes on the first page."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.owner = wizard


class LanguagePage(Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("languagePage")
        self.persian = QRadioButton("فارسی", objectName="choosePersian")
        self.english = QRadioButton("English", objectName="chooseEnglish")
        (self.persian if i18n.current() is Lang.FA else self.english).setChecked(True)
        self.persian.toggled.connect(lambda on: on and wizard.set_language(Lang.FA))
        self.english.toggled.connect(lambda on: on and wizard.set_language(Lang.EN))
        self.intro = QLabel(objectName="welcomeIntro")
        self.intro.setWordWrap(True)
        self.restore_button = QPushButton(objectName="restoreInstead")
        self.restore_button.clicked.connect(wizard.restore_instead)
        self.restore_hint = QLabel(objectName="restoreHint")
        self.restore_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(12)
        layout.addWidget(self.persian)
        layout.addWidget(self.english)
        layout.addStretch(1)
        layout.addWidget(self.restore_hint)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to ClubDesk"))
        self.setSubTitle(self.tr("Step 1 of 7: language"))
        self.intro.setText(
            self.tr("A few questions and your customer club is ready: about three minutes. "
                    "Everything you choose here can be changed later in Settings.")
        )  # fmt: skip
        self.restore_hint.setText(
            self.tr("Moving from another computer? Restore its backup instead of starting a "
                    "new shop.")
        )  # fmt: skip
        self.restore_button.setText(self.tr("Restore a backup…"))


class BusinessPage(Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("businessPage")
        self.form = BusinessForm()
        QVBoxLayout(self).addWidget(self.form)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Your business"))
        self.setSubTitle(
            self.tr("Step 2 of 7. The name is printed on receipts and member cards; the "
                    "owner's mobile gets the licence reminders.")
        )  # fmt: skip

    def validatePage(self) -> bool:
        profile = self.form.profile()
        if profile is None:
            return False
        self.owner.profile = profile
        return True


class LicencePage(Page):
    """Start the trial or activate a key, here and now: Next waits until it worked (or the
    owner chose to do it later, leaving the app locked until then)."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("licencePage")
        self.done = False
        self.trial = QRadioButton(objectName="chooseTrial")
        self.key_choice = QRadioButton(objectName="chooseKey")
        self.later = QRadioButton(objectName="chooseLater")
        self.trial.setChecked(True)
        self.key = QLineEdit(objectName="wizardLicenceKey")
        self.key.setPlaceholderText("CD-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.device_name = QLineEdit(objectName="wizardDeviceName")
        self.server = QLineEdit(objectName="wizardServer")
        self.server.setText(default_server())
        self.go = QPushButton(objectName="licenceGo")
        self.go.setDefault(True)
        self.go.clicked.connect(self.start)
        self.message = MessageLabel()
        self.message.setObjectName("licenceMessage")
        self.key_label, self.device_label, self.server_label = QLabel(), QLabel(), QLabel()
        for choice in (self.trial, self.key_choice, self.later):
            choice.toggled.connect(self._choice_changed)
        # The vendor's terms of service, shown and accepted with the trial or the activation.
        self.terms: TermsInfo | None = None
        self.terms_label = QLabel(objectName="wizardTermsLabel")
        self.terms_label.setWordWrap(True)
        self.read_terms = QPushButton(objectName="readTerms")
        self.read_terms.clicked.connect(self.show_terms)
        self.accept_terms = QCheckBox(objectName="acceptTerms")
        self.accept_terms.toggled.connect(lambda _on: self.message.clear_message())
        self.server.editingFinished.connect(self.load_terms)
        form = QFormLayout()
        form.addRow(self.key_label, self.key)
        form.addRow(self.device_label, self.device_name)
        form.addRow(self.server_label, self.server)
        terms_row = QHBoxLayout()
        terms_row.addWidget(self.accept_terms, 1)
        terms_row.addWidget(self.read_terms)
        self.terms_box = QWidget(objectName="wizardTerms")
        terms_layout = QVBoxLayout(self.terms_box)
        terms_layout.setContentsMargins(0, 0, 0, 0)
        terms_layout.addWidget(self.terms_label)
        terms_layout.addLayout(terms_row)
        self.terms_box.hide()  # until the server says there are terms
        layout = QVBoxLayout(self)
        layout.addWidget(self.trial)
        layout.addWidget(self.key_choice)
        layout.addWidget(self.later)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.terms_box)
        row = QHBoxLayout()
        row.addWidget(self.go)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Licence"))
        self.setSubTitle(
            self.tr("Step 3 of 7. Try ClubDesk free for 14 days, or enter the licence key you "
                    "bought. You can renew from inside the app at any time.")
        )  # fmt: skip
        self.trial.setText(self.tr("Start a free 14-day trial"))
        self.key_choice.setText(self.tr("I have a licence key"))
        self.later.setText(self.tr("Later (ClubDesk stays locked until a licence is entered)"))
        self.key_label.setText(self.tr("Licence key"))
        self.device_label.setText(self.tr("Name of this computer"))
        self.server_label.setText(self.tr("Licence server"))
        if not self.device_name.text() or self.device_name.property("default"):
            self.device_name.setText(self.tr("Till 1"))
            self.device_name.setProperty("default", True)
        self.read_terms.setText(self.tr("Read them…"))
        self.accept_terms.setText(self.tr("I have read and accept the terms of service"))
        self._render_terms()
        self._choice_changed()

    # ------------------------------------------------------------ terms of service

    def load_terms(self) -> None:
        """The current terms from the server in the field (in the background)."""
        server, licence = self.server.text().strip(), self.owner.licence
        if server:
            run_op(
                self, lambda: licence.fetch_terms(server), self._terms_loaded, lambda _error: None
            )  # fmt: skip  (offline: the start says so)

    def _terms_loaded(self, terms: TermsInfo | None) -> None:
        if terms is None or self.terms is None or terms.version != self.terms.version:
            self.accept_terms.setChecked(False)  # another text: read and accept it anew
        self.terms = terms
        self._render_terms()

    def _render_terms(self) -> None:
        self.terms_box.setVisible(self.terms is not None and not self.done)
        if self.terms is not None:
            self.terms_label.setText(
                self.tr("Using ClubDesk means accepting the vendor's terms of service "
                        "(version %1).").replace("%1", i18n.number(self.terms.version))
            )  # fmt: skip

    def show_terms(self) -> None:
        from clubdesk.ui.terms import TermsDialog

        if self.terms is not None:
            self.terms_dialog = TermsDialog(self.terms, self)
            self.terms_dialog.open()

    def terms_acceptance(self) -> TermsAcceptance | None:
        """The terms accepted with the trial or the activation, in the owner's name."""
        if self.terms is None:
            return None
        profile = self.owner.profile
        who = (profile.owner_name or profile.name) if profile is not None else ""
        return TermsAcceptance(version=self.terms.version, accepted_by=who or "owner")

    def _choice_changed(self) -> None:
        trial, key = self.trial.isChecked(), self.key_choice.isChecked()
        self.key.setEnabled(key and not self.done)
        self.go.setVisible((trial or key) and not self.done)
        self.go.setText(self.tr("Start my trial") if trial else self.tr("Activate"))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done or self.later.isChecked()

    def initializePage(self) -> None:
        """The terms to accept; and a first run left after activating comes back here with
        its licence: it counts."""
        status = self.owner.licence.status()
        if not self.done and not status.locked:
            self._started((status, None))
        else:
            self.load_terms()

    def start(self) -> None:
        server = self.server.text().strip()
        device = self.device_name.text().strip() or self.tr("Till 1")
        if not server:
            self.message.error(self.tr("Type the licence server's address."))
            return
        licence = self.owner.licence
        if self.terms is not None and not self.accept_terms.isChecked():
            self.message.error(self.tr("Read and accept the terms of service first."))
            self.accept_terms.setFocus()
            return
        terms = self.terms_acceptance()
        if self.trial.isChecked():
            profile = self.owner.profile
            self.message.hint(self.tr("Asking the vendor for a trial licence…"))
            work = lambda: licence.start_trial(server, profile, device, terms)  # noqa: E731
        else:
            key = self.key.text().strip()
            if not key:
                self.message.error(self.tr("Type the licence key."))
                self.key.setFocus()
                return
            self.message.hint(self.tr("Activating…"))
            work = lambda: (licence.activate(server, key, device, terms), None)  # noqa: E731
        self.go.setEnabled(False)
        run_op(self, work, self._started, self._failed)

    def _started(self, result: tuple[Status, TrialActivation | None]) -> None:
        status, trial = result
        self.go.setEnabled(True)
        if status.locked:
            self.message.error(self.tr("The licence was activated but is not valid now."))
            return
        self.done = True
        self.owner.activated = status
        paid = i18n.day(tehran_day(status.paid_until)) if status.paid_until else ""
        if trial is not None:
            key = f"{i18n.LRI}{trial.licence_key}{i18n.PDI}"
            self.message.success(
                self.tr("Your trial runs until %1. Your licence key is %2: keep it; you renew "
                        "from the app.").replace("%1", paid).replace("%2", key)
            )  # fmt: skip
        else:
            self.message.success(self.tr("Activated: paid until %1.").replace("%1", paid))
        for choice in (self.trial, self.key_choice, self.later):
            choice.setEnabled(False)
        self._render_terms()
        self._choice_changed()

    def _failed(self, error: BaseException) -> None:
        self.go.setEnabled(True)
        self.message.error(i18n.error_text(error))
        if getattr(error, "server_code", "") == "TERMS_OUTDATED":  # new terms meanwhile
            self.load_terms()


class BackupPage(Page):
    """The passphrase and recovery sheet go through the Backups set-up dialog (the same one
    the Backups screen uses); this page adds the second folder every backup is copied to."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("backupPage")
        self.configured = False  # backups set up (as last asked)
        self.intro = QLabel(objectName="backupIntro")
        self.intro.setWordWrap(True)
        self.state = MessageLabel()
        self.state.setObjectName("backupState")
        self.setup_button = QPushButton(objectName="wizardSetUpBackups")
        self.setup_button.clicked.connect(self.set_up)
        self.folder = QLineEdit(objectName="mirrorFolder")
        self.folder.setReadOnly(True)
        self.choose = QPushButton(objectName="chooseMirror")
        self.choose.clicked.connect(self.choose_folder)
        self.clear = QPushButton(objectName="clearMirror")
        self.clear.clicked.connect(lambda: self.use_folder(None))
        self.folder_label = QLabel(objectName="mirrorLabel")
        self.folder_label.setWordWrap(True)
        self.message = MessageLabel()
        self.message.setObjectName("mirrorMessage")
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addStretch(1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        folder_row.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.state)
        layout.addSpacing(12)
        layout.addWidget(self.folder_label)
        layout.addLayout(folder_row)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Backups"))
        self.setSubTitle(self.tr("Step 4 of 7. Your members and points, safe if this computer "
                                 "breaks."))  # fmt: skip
        self.intro.setText(
            self.tr("ClubDesk backs up by itself, encrypted, every half hour after changes and "
                    "when it closes. Choose a passphrase and keep the recovery sheet.")
        )  # fmt: skip
        self.setup_button.setText(self.tr("Choose the backup passphrase…"))
        self.folder_label.setText(
            self.tr("Also copy every backup to (optional; another disk or a USB stick):")
        )
        self.folder.setPlaceholderText(self.tr("only in ClubDesk's data folder"))
        self.choose.setText(self.tr("Choose…"))
        self.clear.setText(self.tr("None"))
        self.render()

    def initializePage(self) -> None:
        self.render()

    def render(self) -> None:
        """Whether backups are set up (the keyring and the shop's settings: a worker asks)."""
        club = self.owner.club
        self._show_configured(self.configured)
        if club is not None:
            run_op(self, lambda: club.backups().configured(), self._show_configured,
                   lambda _error: None)  # fmt: skip

    def _show_configured(self, configured: bool) -> None:
        self.configured = configured
        if configured:
            self.state.success(self.tr("Backups are set up."))
            self.setup_button.setText(self.tr("Change the passphrase…"))
        else:
            self.state.hint(self.tr("Not set up yet. You can also do it later from File → "
                                    "Backups (Ctrl+B)."))  # fmt: skip

    def set_up(self) -> None:
        from clubdesk.ui.backup_setup import BackupSetupDialog

        club = self.owner.club
        if club is None:
            return
        dialog = BackupSetupDialog(club, self, change=self.configured)
        dialog.finished_setup.connect(self.render)
        self.owner.backup_dialog = dialog
        dialog.open()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder for copies"))
        if chosen:
            self.use_folder(Path(chosen))

    def use_folder(self, folder: Path | None) -> None:
        club = self.owner.club
        if club is None:
            return
        self.message.clear_message()
        service = club.backups()

        def done(_none: None) -> None:
            self.folder.setText(str(folder) if folder is not None else "")

        run_op(self, lambda: service.set_mirror_folder(folder), done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.message.error(i18n.error_text(error))


class PointsPage(Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("pointsPage")
        self.preset = QComboBox(objectName="wizardPreset")
        self.preset.addItems([""] * len(PRESETS))
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.per_point = QLineEdit(objectName="wizardTomansPerPoint")
        self.per_point.textChanged.connect(self.render)
        self.example = MessageLabel()
        self.example.setObjectName("wizardExample")
        self.later = QLabel(objectName="pointsLater")
        self.later.setWordWrap(True)
        self.preset_label, self.per_point_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.preset_label, self.preset)
        form.addRow(self.per_point_label, self.per_point)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.example)
        layout.addStretch(1)
        layout.addWidget(self.later)
        self._preset_chosen(0)

    def retranslate(self) -> None:
        self.setTitle(self.tr("How members earn points"))
        self.setSubTitle(self.tr("Step 5 of 7. Pick the closest one; fine-tune it later."))
        for index, preset in enumerate(PRESETS):
            self.preset.setItemText(index, i18n.translate("programme", preset.name))
        self.preset_label.setText(self.tr("Programme"))
        self.per_point_label.setText(self.tr("One point for every (tomans)"))
        self.later.setText(
            self.tr("Rewards, levels, cashback, expiry and happy hours are in Settings "
                    "(Ctrl+,).")
        )  # fmt: skip
        self.render()

    def _preset_chosen(self, index: int) -> None:
        self.per_point.setText(i18n.number(PRESETS[index].rules.tomans_per_point))

    def rules(self) -> EarningRules:
        """The chosen preset with the typed tomans per point; raises the problem."""
        chosen = PRESETS[max(self.preset.currentIndex(), 0)].rules
        try:
            per_point = parse_whole(self.per_point.text())
        except ValueError:
            per_point = 0
        if per_point <= 0:
            raise InvalidSetting(setting="tomans per point")
        return replace(chosen, tomans_per_point=per_point)

    def render(self) -> None:
        try:
            self.example.hint(rules_example(self.rules()))
        except ClubDeskError as error:
            self.example.error(i18n.error_text(error))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        try:
            self.rules()
        except ClubDeskError:
            return False
        return True

    def validatePage(self) -> bool:
        self.owner.rules = self.rules()
        return True


class AccountsPage(Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("accountsPage")
        self.alone = QCheckBox(objectName="workAlone")
        self.alone.toggled.connect(self._alone_toggled)
        self.owner_name = QLineEdit(objectName="ownerName")
        self.owner_pin = pin_field("ownerPin")
        self.owner_pin_again = pin_field("ownerPinAgain")
        self.cashier_name = QLineEdit(objectName="cashierName")
        self.cashier_pin = pin_field("cashierPin")
        self.cashier_pin_again = pin_field("cashierPinAgain")
        self.message = MessageLabel()
        self.message.setObjectName("accountsMessage")
        self.labels = [QLabel() for _ in range(6)]
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        rows = (self.owner_name, self.owner_pin, self.owner_pin_again, self.cashier_name,
                self.cashier_pin, self.cashier_pin_again)  # fmt: skip
        for label, field in zip(self.labels, rows, strict=True):
            form.addRow(label, field)
            field.textChanged.connect(lambda _text: self.message.clear_message())
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.alone)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Who works at the till"))
        self.setSubTitle(
            self.tr("Step 6 of 7. Each person signs in with a PIN; cashiers need the owner's "
                    "PIN for settings, refunds and exports.")
        )  # fmt: skip
        texts = (self.tr("Owner's name"), self.tr("Owner's PIN (4 to 8 digits)"),
                 self.tr("Owner's PIN again"), self.tr("First cashier's name"),
                 self.tr("Cashier's PIN"), self.tr("Cashier's PIN again"))  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.alone.setText(self.tr("Only I use this computer: no accounts or PINs for now"))
        if not self.owner_name.text() and self.owner.profile is not None:
            self.owner_name.setText(self.owner.profile.owner_name)

    def initializePage(self) -> None:
        if not self.owner_name.text() and self.owner.profile is not None:
            self.owner_name.setText(self.owner.profile.owner_name)

    def _alone_toggled(self, alone: bool) -> None:
        self.fields.setEnabled(not alone)
        self.message.clear_message()

    def accounts(self) -> Accounts:
        """The two accounts as typed; raises the first problem (name, PIN or a mismatch)."""
        if self.alone.isChecked():
            return Accounts()
        owner = (parse_name(self.owner_name.text()), parse_pin(self.owner_pin.text()))
        if self.owner_pin.text() != self.owner_pin_again.text():
            raise PinMismatch()
        cashier = (parse_name(self.cashier_name.text()), parse_pin(self.cashier_pin.text()))
        if self.cashier_pin.text() != self.cashier_pin_again.text():
            raise PinMismatch()
        if cashier[0] == owner[0]:
            raise AccountExists(name=cashier[0])
        return Accounts(owner, cashier)

    def validatePage(self) -> bool:
        try:
            self.owner.accounts = self.accounts()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return False
        self.message.clear_message()
        return True


class DonePage(Page):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("donePage")
        self.summary = QLabel(objectName="doneSummary")
        self.summary.setWordWrap(True)
        self.next_steps = QLabel(objectName="doneNext")
        self.next_steps.setWordWrap(True)
        self.message = MessageLabel()
        self.message.setObjectName("finishMessage")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.finished = False

    def retranslate(self) -> None:
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("Step 7 of 7. Press Finish to open the counter."))
        self.next_steps.setText(
            self.tr("To register your first member: type the customer's mobile number in the "
                    "search box and press Enter, type the name, press Enter again. Then type "
                    "the purchase amount and press Enter: the points are added.")
        )  # fmt: skip
        self.initializePage()

    def initializePage(self) -> None:
        wizard = self.owner
        lines = []
        if wizard.profile is not None:
            lines.append(self.tr("Business: %1").replace("%1", wizard.profile.name))
        if wizard.activated is not None and wizard.activated.paid_until is not None:
            paid = i18n.day(tehran_day(wizard.activated.paid_until))
            lines.append(self.tr("Licence: active until %1").replace("%1", paid))
        else:
            lines.append(self.tr("Licence: not entered yet (ClubDesk opens locked)"))
        if wizard.accounts.owner is not None:
            lines.append(self.tr("Accounts: %1 (owner), %2 (cashier)")
                         .replace("%1", wizard.accounts.owner[0])
                         .replace("%2", wizard.accounts.cashier[0] if wizard.accounts.cashier
                                  else "—"))  # fmt: skip
        self.summary.setText("\n".join(lines))

    def validatePage(self) -> bool:
        """Finish: write everything in the background; the wizard closes when it is saved."""
        if self.finished:
            return True
        wizard = self.owner
        club = wizard.club
        if club is None or wizard.profile is None:
            return False
        profile, logo = wizard.profile, wizard.business_page.form.logo
        rules, accounts = wizard.rules, wizard.accounts
        self.message.hint(self.tr("Saving…"))
        wizard.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        run_op(
            self,
            lambda: finish_setup(club, profile, logo, rules, accounts),
            self._saved,
            self._failed,
        )
        return False

    def _saved(self, _none: None) -> None:
        self.finished = True
        self.owner.accept()

    def _failed(self, error: BaseException) -> None:
        self.owner.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.message.error(i18n.error_text(error))


class FirstRunWizard(Retranslating, QWizard):
    """Opens the shop (``club``) and its licence in the background as it starts; the caller
    takes ``club`` over when the wizard is accepted (the owner is signed in on it)."""

    opened = Signal()

    def __init__(
        self,
        data_path: Path,
        licence: LicenceManager | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from clubdesk.licensing.manager import LicenceManager

        self.setObjectName("firstRun")
        self.data_path = data_path
        self.licence = licence or LicenceManager(data_path)
        self.club: ClubServices | None = None
        self.profile: BusinessProfile | None = None
        self.activated: Status | None = None
        self.rules = PRESETS[0].rules
        self.accounts = Accounts()
        self.backup_dialog: QWidget | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.language_page = LanguagePage(self)
        self.business_page = BusinessPage(self)
        self.licence_page = LicencePage(self)
        self.backup_page = BackupPage(self)
        self.points_page = PointsPage(self)
        self.accounts_page = AccountsPage(self)
        self.done_page = DonePage(self)
        for page in (self.language_page, self.business_page, self.licence_page,
                     self.backup_page, self.points_page, self.accounts_page,
                     self.done_page):  # fmt: skip
            self.addPage(page)
        self.resize(780, 700)
        self.retranslate()
        licence_manager = self.licence
        data_path.mkdir(parents=True, exist_ok=True)
        (data_path / FIRST_RUN_PENDING).touch()  # quitting before Finish brings the wizard back
        run_op(self, lambda: _open_club(data_path, licence_manager), self._opened, self._failed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("ClubDesk: first start"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Quit"))
        for page_id in self.pageIds():
            page = self.page(page_id)
            if isinstance(page, Page):
                page.retranslate()

    def set_language(self, lang: Lang) -> None:
        if lang is not i18n.current():
            i18n.apply_language(lang)

    def _opened(self, club: ClubServices) -> None:
        self.club = club
        self.backup_page.render()
        self.opened.emit()

    def _failed(self, error: BaseException) -> None:
        self.language_page.restore_hint.setText(i18n.error_text(error))

    def restore_instead(self) -> None:
        """Close the wizard; the window opens on the Backups screen to restore from."""
        self._finished()
        self.done(RESTORE)

    def accept(self) -> None:
        self._finished()
        super().accept()

    def _finished(self) -> None:
        (self.data_path / FIRST_RUN_PENDING).unlink(missing_ok=True)

    def validateCurrentPage(self) -> bool:
        """Past the first page only once the shop is open (it takes about a second)."""
        if self.club is None and self.currentPage() is not self.language_page:
            return False
        return super().validateCurrentPage()


def _open_club(data_path: Path, licence: LicenceManager) -> ClubServices:
    from clubdesk.services import ClubServices

    return ClubServices.open(data_path, licence=licence)
