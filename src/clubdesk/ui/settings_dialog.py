"""Shop settings the owner changes: language and the earning rules (with a live example)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.dates import TEHRAN
from clubdesk.core.errors import ClubDeskError, InvalidSetting
from clubdesk.core.i18n import Lang, to_latin_digits
from clubdesk.core.money import parse_whole
from clubdesk.core.points import PointsRule
from clubdesk.core.programme import (
    PRESETS,
    WEEKDAY_NAMES,
    EarningRules,
    HappyHour,
    Weekday,
    as_rules,
    matching_preset,
)
from clubdesk.core.receipt import PAPERS, ReceiptSettings
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

EXAMPLE_PURCHASE = 250_000
LANGUAGES = (Lang.FA, Lang.EN)
FIRST_SATURDAY = (2025, 1, 4)  # any Saturday: the example's happy-hour day is counted from it
PERSIAN_DECIMAL = "\u066b"


def weekday_name(day: int) -> str:
    return QCoreApplication.translate("programme", WEEKDAY_NAMES[day])


def format_multiplier(value: object) -> str:
    text = i18n.digits(str(value))
    return text.replace(".", PERSIAN_DECIMAL) if i18n.current().rtl else text


def localize_as_typed(field: QLineEdit) -> None:
    """Digits show in the UI's language while the owner types (Persian digits in Persian)."""

    def edited(text: str) -> None:
        shown = i18n.digits(text)
        if shown != text:
            cursor = field.cursorPosition()
            field.setText(shown)
            field.setCursorPosition(cursor)

    field.textEdited.connect(edited)


def _number_or(raw: str, empty: int, invalid: int) -> int:
    """A typed whole number; ``empty`` when blank, ``invalid`` (out of range) otherwise."""
    if not raw.strip():
        return empty
    try:
        return parse_whole(raw)
    except ValueError:
        return invalid


class HappyHourRow:
    """The widgets of one happy-hour row."""

    def __init__(self, hour: HappyHour) -> None:
        self.day = QComboBox(objectName="happyDay")
        self.day.addItems([weekday_name(d) for d in range(7)])
        self.day.setCurrentIndex(int(hour.weekday))
        self.start = QLineEdit(i18n.digits(str(hour.start)), objectName="happyStart")
        self.end = QLineEdit(i18n.digits(str(hour.end)), objectName="happyEnd")
        self.multiplier = QLineEdit(format_multiplier(hour.multiplier), objectName="happyTimes")
        for field in (self.start, self.end, self.multiplier):
            localize_as_typed(field)

    def widgets(self) -> list[QWidget]:
        return [self.day, self.start, self.end, self.multiplier]

    def value(self) -> HappyHour:
        multiplier = to_latin_digits(self.multiplier.text()).replace(PERSIAN_DECIMAL, ".")
        return HappyHour(
            Weekday(self.day.currentIndex()),
            _number_or(self.start.text(), -1, -1),
            _number_or(self.end.text(), -1, -1),
            multiplier,  # type: ignore[arg-type]  # checked and converted by HappyHour
        )

    def retranslate(self) -> None:
        for day in range(7):
            self.day.setItemText(day, weekday_name(day))
        self.start.setText(i18n.digits(self.start.text()))
        self.end.setText(i18n.digits(self.end.text()))
        value = to_latin_digits(self.multiplier.text()).replace(PERSIAN_DECIMAL, ".")
        self.multiplier.setText(format_multiplier(value))


def rules_example(rules: EarningRules) -> str:
    """'A 250,000 toman purchase on Saturday at 11:00 earns 50 points: 25 + 25 happy
    hour.' The purchase is at least the minimum, and in the first happy hour if any.
    (Shared by Settings and the first-run wizard; the texts keep the SettingsDialog context.)"""
    translate = i18n.translate
    amount = max(EXAMPLE_PURCHASE, rules.minimum_purchase)
    when: datetime | None = None
    if rules.happy_hours:
        first = rules.happy_hours[0]
        year, month, day = FIRST_SATURDAY
        hour = (first.start + first.end) // 2
        when = datetime(year, month, day + int(first.weekday), hour, tzinfo=TEHRAN)
    earning = rules.points_for(amount, when or datetime(*FIRST_SATURDAY, 23, tzinfo=TEHRAN))
    parts = [i18n.number(earning.base)]
    if earning.happy_hour:
        text = translate("SettingsDialog", "%1 happy hour")
        parts.append(text.replace("%1", i18n.number(earning.happy_hour)))
    if earning.per_visit:
        text = translate("SettingsDialog", "%1 for the visit")
        parts.append(text.replace("%1", i18n.number(earning.per_visit)))
    total = i18n.number(earning.total)
    if when is not None:
        text = translate("SettingsDialog", "A %1 purchase on %2 at %3 earns %4 points")
        text = text.replace("%2", weekday_name(int(rules.happy_hours[0].weekday)))
        text = text.replace("%3", i18n.digits(f"{when.hour:02d}:00")).replace("%4", total)
    else:
        text = translate("SettingsDialog", "A %1 purchase earns %2 points").replace("%2", total)
    text = text.replace("%1", i18n.tomans(amount))
    sentences = [f"{text}:\n{' + '.join(parts)}." if len(parts) > 1 else f"{text}."]
    if rules.minimum_purchase:
        text = translate("SettingsDialog", "Purchases under %1 earn no points for the amount.")
        sentences.append(text.replace("%1", i18n.tomans(rules.minimum_purchase)))
    if rules.joining_bonus:
        text = translate("SettingsDialog", "A new member gets %1 points on joining.")
        sentences.append(text.replace("%1", i18n.number(rules.joining_bonus)))
    return "\n".join(sentences)


class SettingsDialog(Retranslating, QDialog):
    rule_changed = Signal(object)  # EarningRules
    backups_requested = Signal()  # the backup schedule lives on the Backups screen

    def __init__(
        self,
        club: ClubServices,
        rule: EarningRules | PointsRule,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings")
        self.setMinimumWidth(760)  # the tabs with the rewards table
        self.club = club
        self.rows: list[HappyHourRow] = []
        self._filling = False
        self.language = QComboBox(objectName="language")
        self.language.addItems(["فارسی", "English"])
        self.language.setCurrentIndex(LANGUAGES.index(i18n.current()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.backups_button = QPushButton(objectName="openBackups")
        self.backups_button.clicked.connect(self._open_backups)
        self.business_button = QPushButton(objectName="openBusiness")
        self.business_button.clicked.connect(self.open_business)
        self.business_dialog: QDialog | None = None
        self.language_label, self.backups_label = QLabel(), QLabel()
        self.business_label = QLabel()
        self.form = QFormLayout()
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.business_label, self.business_button)
        self.form.addRow(self.backups_label, self.backups_button)

        self.earning = self._build_earning()
        self.receipts = self._build_receipts()
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        from clubdesk.ui.club_settings import ProgrammeTabs  # it reuses this module's helpers

        self.programme = ProgrammeTabs(club, self.earning, self.receipts)
        self.programme.changed.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.programme)
        layout.addWidget(self.buttons)
        self._fill(as_rules(rule))
        self.retranslate()

    def _build_earning(self) -> QGroupBox:
        group = QGroupBox(objectName="earningGroup")
        self.preset = QComboBox(objectName="earningPreset")
        self.preset.addItems([""] * (len(PRESETS) + 1))  # the presets, then "Custom"
        self.preset.activated.connect(self._preset_chosen)
        self.per_point = QLineEdit(objectName="tomansPerPoint")
        self.minimum = QLineEdit(objectName="minimumPurchase")
        self.per_visit = QLineEdit(objectName="pointsPerVisit")
        self.bonus = QLineEdit(objectName="joiningBonus")
        for field in (self.per_point, self.minimum, self.per_visit, self.bonus):
            field.textChanged.connect(self._edited)
            localize_as_typed(field)
        self.hours = QTableWidget(0, 4, objectName="happyHours")
        self.hours.verticalHeader().setVisible(False)
        self.hours.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hours.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.hours.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hours.setMinimumHeight(150)
        self.add_hour = QPushButton(objectName="addHappyHour")
        self.add_hour.clicked.connect(self._add_clicked)
        self.remove_hour = QPushButton(objectName="removeHappyHour")
        self.remove_hour.clicked.connect(self._remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_hour)
        buttons.addWidget(self.remove_hour)
        buttons.addStretch(1)
        self.example = MessageLabel()
        self.example.setObjectName("ruleExample")
        # One sentence a line, unwrapped: a wrapping label in a dialog gets the height of one
        # line and clips the rest; unwrapped, the dialog grows to show it all.
        self.example.setWordWrap(False)
        self.labels = [QLabel() for _ in range(6)]
        form = QFormLayout(group)
        form.addRow(self.labels[0], self.preset)
        form.addRow(self.labels[1], self.per_point)
        form.addRow(self.labels[2], self.minimum)
        form.addRow(self.labels[3], self.per_visit)
        form.addRow(self.labels[4], self.bonus)
        form.addRow(self.labels[5])
        form.addRow(self.hours)
        form.addRow(buttons)
        form.addRow(self.example)
        return group

    def _build_receipts(self) -> QGroupBox:
        """Paper width and automatic printing; filled from the database in the background."""
        group = QGroupBox(objectName="receiptsGroup")
        self.receipt_width = QComboBox(objectName="receiptWidth")
        self.receipt_width.addItems([""] * len(PAPERS))
        self.auto_print = QCheckBox(objectName="receiptAutoPrint")
        self.receipt_width_label = QLabel()
        form = QFormLayout(group)
        form.addRow(self.receipt_width_label, self.receipt_width)
        form.addRow(self.auto_print)
        group.setEnabled(False)  # until the saved choice is shown: never save a guess
        run_op(self, self.club.receipt_settings, self.show_receipt_settings, self._failed)
        return group

    def show_receipt_settings(self, chosen: ReceiptSettings) -> None:
        self.receipt_width.setCurrentIndex(list(PAPERS).index(chosen.width_mm))
        self.auto_print.setChecked(chosen.auto_print)
        self.receipts.setEnabled(True)

    def receipt_settings(self) -> ReceiptSettings:
        return ReceiptSettings(
            list(PAPERS)[self.receipt_width.currentIndex()], self.auto_print.isChecked()
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.receipts.setTitle(self.tr("Receipts"))
        self.receipt_width_label.setText(self.tr("Paper width"))
        for index, width in enumerate(PAPERS):
            self.receipt_width.setItemText(
                index, self.tr("%1 mm").replace("%1", i18n.number(width))
            )
        self.auto_print.setText(self.tr("Print a receipt on the default printer after each sale"))
        self.language_label.setText(self.tr("Language"))
        self.business_label.setText(self.tr("Business"))
        self.business_button.setText(self.tr("Name, logo, address and phone…"))
        self.backups_label.setText(self.tr("Backups"))
        self.backups_button.setText(self.tr("Schedule, export and restore…"))
        self.earning.setTitle(self.tr("Earning points"))
        texts = [
            self.tr("Preset"),
            self.tr("Tomans for one point"),
            self.tr("Minimum purchase (tomans)"),
            self.tr("Points per visit"),
            self.tr("Joining bonus (points)"),
            self.tr("Happy hours (Tehran time): points times the multiplier"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        for index, preset in enumerate(PRESETS):
            self.preset.setItemText(index, QCoreApplication.translate("programme", preset.name))
        self.preset.setItemText(len(PRESETS), self.tr("Custom"))
        self.hours.setHorizontalHeaderLabels(
            [self.tr("Day"), self.tr("From hour"), self.tr("To hour"), self.tr("Multiplier")]
        )
        self.add_hour.setText(self.tr("Add happy hour"))
        self.remove_hour.setText(self.tr("Remove selected"))
        self._filling = True
        for field in (self.per_point, self.minimum, self.per_visit, self.bonus):
            field.setText(i18n.digits(field.text()))
        for row in self.rows:
            row.retranslate()
        self._filling = False
        retranslate_buttons(self.buttons)
        self._check()

    def open_business(self) -> None:
        """The business profile the first run saved (its own dialog, saved on its own)."""
        from clubdesk.ui.business import BusinessDialog

        self.business_dialog = BusinessDialog(self.club, self)
        self.business_dialog.open()

    def _open_backups(self) -> None:
        """This dialog is modal to the window: it closes so the Backups screen can be used."""
        self.reject()
        self.backups_requested.emit()

    def _language_chosen(self, index: int) -> None:
        i18n.apply_language(LANGUAGES[index])

    # ------------------------------------------------------------- the rules

    def _fill(self, rules: EarningRules) -> None:
        """Show ``rules`` in the fields (a preset or the saved rules)."""
        self._filling = True
        self.per_point.setText(i18n.digits(str(rules.tomans_per_point)))
        self.minimum.setText(i18n.digits(str(rules.minimum_purchase)))
        self.per_visit.setText(i18n.digits(str(rules.points_per_visit)))
        self.bonus.setText(i18n.digits(str(rules.joining_bonus)))
        self.hours.setRowCount(0)
        self.rows.clear()
        for hour in rules.happy_hours:
            self._add_row(hour)
        self._filling = False
        self._check()

    def _add_row(self, hour: HappyHour) -> None:
        row = HappyHourRow(hour)
        index = self.hours.rowCount()
        self.hours.insertRow(index)
        for column, widget in enumerate(row.widgets()):
            self.hours.setCellWidget(index, column, widget)
        row.day.currentIndexChanged.connect(self._edited)
        for field in (row.start, row.end, row.multiplier):
            field.textChanged.connect(self._edited)
        self.rows.append(row)

    def _add_clicked(self) -> None:
        self._add_row(HappyHour(Weekday.SATURDAY, 10, 12))
        self._edited()

    def _remove_clicked(self) -> None:
        index = self.hours.currentRow()
        if index < 0 and self.rows:
            index = len(self.rows) - 1  # nothing selected: the last row goes
        if index < 0:
            return
        self.hours.removeRow(index)
        del self.rows[index]
        self._edited()

    def _preset_chosen(self, index: int) -> None:
        if index < len(PRESETS):
            self._fill(PRESETS[index].rules)

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self._check()

    def rules(self) -> EarningRules:
        """The rules as typed; raises the first problem (``InvalidSetting``)."""
        happy = []
        for number, row in enumerate(self.rows, start=1):
            try:
                happy.append(row.value())
            except InvalidSetting as error:
                prefix = self.tr("Happy hour %1:").replace("%1", i18n.number(number))
                raise InvalidSetting(
                    f"{prefix} {i18n.translate('errors', error.message)}",
                    error.hint,
                    **error.params,
                ) from None
        return EarningRules(
            tomans_per_point=_number_or(self.per_point.text(), 0, 0),
            minimum_purchase=_number_or(self.minimum.text(), 0, -1),
            points_per_visit=_number_or(self.per_visit.text(), 0, -1),
            joining_bonus=_number_or(self.bonus.text(), 0, -1),
            happy_hours=tuple(happy),
        )

    def rule(self) -> PointsRule:
        """The tomans-per-point part (what older callers asked for)."""
        return self.rules().points_rule

    def _check(self) -> bool:
        try:
            rules = self.rules()
        except ClubDeskError as error:
            self.example.error(i18n.error_text(error))
            self.save_button.setEnabled(False)
            return False
        preset = matching_preset(rules)
        self.preset.setCurrentIndex(len(PRESETS) if preset is None else PRESETS.index(preset))
        self.example.hint(rules_example(rules))
        valid = self.programme.is_valid()  # rewards, wallet, expiry, levels: all or nothing
        self.save_button.setEnabled(valid)
        return valid

    def _save(self) -> None:
        if not self._check():
            return
        rules = self.rules()
        club_rules = self.programme.rules()  # None until the saved ones were shown
        receipts = self.receipt_settings() if self.receipts.isEnabled() else None
        self.save_button.setEnabled(False)

        def save() -> None:
            if club_rules is not None:
                self.club.set_club_rules(club_rules)
            self.club.set_earning_rules(rules)
            if receipts is not None:
                self.club.set_receipt_settings(receipts)

        run_op(
            self,
            save,
            lambda _r: self._saved(rules),
            self._failed,
        )

    def _saved(self, rules: EarningRules) -> None:
        self.rule_changed.emit(rules)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.programme.setCurrentIndex(self.programme.EARNING)  # where the message shows
        self.example.error(i18n.error_text(error))
        self.save_button.setEnabled(True)
