"""Shop settings the owner changes: language and the points rule (with a live example)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import ClubDeskError
from clubdesk.core.i18n import Lang
from clubdesk.core.money import parse_whole
from clubdesk.core.points import PointsRule
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


class SettingsDialog(Retranslating, QDialog):
    rule_changed = Signal(object)  # PointsRule
    backups_requested = Signal()  # the backup schedule lives on the Backups screen

    def __init__(self, club: ClubServices, rule: PointsRule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings")
        self.setMinimumWidth(440)
        self.club = club
        self.language = QComboBox(objectName="language")
        self.language.addItems(["فارسی", "English"])
        self.language.setCurrentIndex(LANGUAGES.index(i18n.current()))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.per_point = QLineEdit(objectName="tomansPerPoint")
        self.per_point.setText(i18n.digits(str(rule.tomans_per_point)))
        self.per_point.textChanged.connect(self._check)
        self.example = MessageLabel()
        self.example.setObjectName("ruleExample")
        self.buttons = save_cancel_buttons()
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.backups_button = QPushButton(objectName="openBackups")
        self.backups_button.clicked.connect(self._open_backups)
        self.language_label, self.per_point_label = QLabel(), QLabel()
        self.backups_label = QLabel()
        self.form = QFormLayout()
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.per_point_label, self.per_point)
        self.form.addRow(None, self.example)
        self.form.addRow(self.backups_label, self.backups_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.language_label.setText(self.tr("Language"))
        self.per_point_label.setText(self.tr("Tomans for one point"))
        self.backups_label.setText(self.tr("Backups"))
        self.backups_button.setText(self.tr("Schedule, export and restore…"))
        retranslate_buttons(self.buttons)
        self._check()

    def _open_backups(self) -> None:
        """This dialog is modal to the window: it closes so the Backups screen can be used."""
        self.reject()
        self.backups_requested.emit()

    def _language_chosen(self, index: int) -> None:
        i18n.apply_language(LANGUAGES[index])

    def rule(self) -> PointsRule:
        try:
            value = parse_whole(self.per_point.text())
        except ValueError:
            value = 0
        return PointsRule(value)

    def _check(self) -> bool:
        try:
            rule = self.rule()
        except ClubDeskError as error:
            self.example.error(i18n.error_text(error))
            self.save_button.setEnabled(False)
            return False
        text = self.tr("A %1 purchase earns %2 points.")
        self.example.hint(
            text.replace("%1", i18n.tomans(EXAMPLE_PURCHASE)).replace(
                "%2", i18n.number(rule.points_for(EXAMPLE_PURCHASE))
            )
        )
        self.save_button.setEnabled(True)
        return True

    def _save(self) -> None:
        if not self._check():
            return
        rule = self.rule()
        self.save_button.setEnabled(False)
        run_op(
            self,
            lambda: self.club.set_points_rule(rule),
            lambda _r: self._saved(rule),
            self._failed,
        )

    def _saved(self, rule: PointsRule) -> None:
        self.rule_changed.emit(rule)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.example.error(i18n.error_text(error))
        self.save_button.setEnabled(True)
