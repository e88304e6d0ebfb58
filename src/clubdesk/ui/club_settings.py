"""Settings tabs for the rest of the programme: points and credit that expire, wallet credit
(cashback), the rewards catalogue and levels.

Each editor shows the saved rules, checks what the owner types at every keystroke (the reason
right under its own fields, with an example of what the rules mean) and hands back the
``core.club`` values; ``SettingsDialog`` saves them with the earning rules in one job.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.club import (
    REWARD_KIND_NAMES,
    ClubRules,
    ExpiryRules,
    Level,
    LevelRules,
    Reward,
    RewardKind,
    RewardsCatalogue,
    WalletRules,
)
from clubdesk.core.dates import local
from clubdesk.core.errors import ClubDeskError, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits
from clubdesk.core.ids import new_public_id
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.settings_dialog import (
    PERSIAN_DECIMAL,
    _number_or,
    format_multiplier,
    localize_as_typed,
)
from clubdesk.ui.widgets import MessageLabel, Retranslating

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

CASHBACK_EXAMPLE = 200_000  # tomans: the wallet example's purchase
SHARE_EXAMPLE = 250_000  # tomans: the invoice the rewards example pays part of
KINDS = list(RewardKind)
RawReward = tuple[str, int, str, str, str, str]  # id, kind index, name, cost, value, cap
PERCENT_UNIT = QT_TRANSLATE_NOOP("RewardsEditor", "percent")
TOMANS_UNIT = QT_TRANSLATE_NOOP("RewardsEditor", "tomans")
NO_CAP = QT_TRANSLATE_NOOP("RewardsEditor", "no cap")
NEW_LEVEL_STEP = 5_000_000  # tomans above the highest level, for a level the owner adds


def decimal_text(field: QLineEdit) -> str:
    """What the owner typed as a decimal number, in Latin digits with a dot."""
    return to_latin_digits(field.text()).replace(PERSIAN_DECIMAL, ".").strip()


def number_field(name: str, on_edit: Callable[..., None]) -> QLineEdit:
    """A field for a number: digits in the UI's language as typed, checked at every change."""
    field = QLineEdit(objectName=name)
    localize_as_typed(field)
    field.textChanged.connect(on_edit)
    return field


def in_row(error: InvalidSetting, prefix: str) -> InvalidSetting:
    """The same error, saying which row of a table it is about."""
    text = f"{prefix} {i18n.translate('errors', error.message)}"
    return InvalidSetting(text, error.hint, **error.params)


def right_to_left(text: str) -> str:
    """In Persian every line reads right to left, even one that starts with a Latin name."""
    if not i18n.current().rtl:
        return text
    return "\n".join(f"\u200f{line}" for line in text.split("\n"))


def relocalize(fields: list[QLineEdit]) -> None:
    """Digits of what is typed follow the language (the decimal sign too)."""
    for field in fields:
        if "." in field.text() or PERSIAN_DECIMAL in field.text():
            field.setText(format_multiplier(decimal_text(field)))
        else:
            field.setText(i18n.digits(field.text()))


class Editor(Retranslating, QWidget):
    """One tab's rules: ``value()`` raises the first problem; ``message`` shows it or an
    example of what the rules mean."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = MessageLabel()
        # One sentence a line, unwrapped: a wrapping label gets one line's height and clips.
        self.message.setWordWrap(False)
        self.valid = True
        self._filling = False

    def value(self) -> Any:
        raise NotImplementedError

    def example(self, value: Any) -> str:
        raise NotImplementedError

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self.check()

    def check(self) -> bool:
        try:
            value = self.value()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            self.valid = False
        else:
            self.message.hint(right_to_left(self.example(value)))
            self.valid = True
        self.changed.emit()
        return self.valid


class RowsTable(QTableWidget):
    """A table of editable rows (cell widgets): focusing a field selects its row, so Remove
    and Move act on the row being edited."""

    def __init__(self, columns: int, name: str) -> None:
        super().__init__(0, columns, objectName=name)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(170)

    def place(self, widgets: list[QWidget]) -> int:
        """Add a row of ``widgets``; returns its index. Each sits in a holder: the view shows
        its cell widgets whenever it lays them out, so only a field inside one stays hidden."""
        index = self.rowCount()
        self.insertRow(index)
        for column, widget in enumerate(widgets):
            holder = QWidget()
            box = QHBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            self.setCellWidget(index, column, holder)
            widget.installEventFilter(self)
        return index

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for row in range(self.rowCount()):
                for column in range(self.columnCount()):
                    holder = self.cellWidget(row, column)
                    if holder is not None and holder.isAncestorOf(watched):  # type: ignore[arg-type]
                        self.setCurrentCell(row, column)
        return super().eventFilter(watched, event)

    def chosen(self) -> int:
        """The row being edited, else the last row; -1 when empty."""
        index = self.currentRow()
        return index if 0 <= index < self.rowCount() else self.rowCount() - 1


class RowsEditor(Editor):
    """An editor whose rules are rows of a table (rewards, levels); each row object has a
    ``name`` field and ``widgets()``."""

    rows: list[Any]
    table: RowsTable

    def _clear_rows(self) -> None:
        self.table.setRowCount(0)
        self.rows.clear()

    def _added(self, row: Any) -> None:
        """A row the owner added: selected, its name ready to type over."""
        self.table.setCurrentCell(len(self.rows) - 1, 0)
        row.name.setFocus()
        row.name.selectAll()
        self._edited()

    def remove_row(self) -> None:
        """The row being edited goes (the last one when none is)."""
        index = self.table.chosen()
        if index < 0:
            return
        self.table.removeRow(index)
        del self.rows[index]
        self._edited()

    def rows_value(self, prefix: str) -> list[Any]:
        """Each row's value; the first problem names its row (``prefix`` holds %1)."""
        values = []
        for number, row in enumerate(self.rows, start=1):
            try:
                values.append(row.value())
            except InvalidSetting as error:
                raise in_row(error, prefix.replace("%1", i18n.number(number))) from None
        return values


# --------------------------------------------------------------------------- expiry


class ExpiryEditor(Editor):
    """Months until points and wallet credit expire, with the date it means for today."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self.message.setObjectName("expiryExample")
        self.points_months = number_field("pointsMonths", self._edited)
        self.credit_months = number_field("creditMonths", self._edited)
        self.points_label, self.credit_label, self.intro = QLabel(), QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.intro)
        form.addRow(self.points_label, self.points_months)
        form.addRow(self.credit_label, self.credit_months)
        form.addRow(self.message)
        self.fill(ExpiryRules())
        self.retranslate()

    def fill(self, rules: ExpiryRules) -> None:
        self._filling = True
        self.points_months.setText(i18n.digits(str(rules.points_months)))
        self.credit_months.setText(i18n.digits(str(rules.credit_months)))
        self._filling = False
        self.check()

    def value(self) -> ExpiryRules:
        return ExpiryRules(
            _number_or(self.points_months.text(), 0, -1),
            _number_or(self.credit_months.text(), 0, -1),
        )

    def example(self, value: ExpiryRules) -> str:
        now = self.now()
        points = value.points_expiry(now)
        credit = value.credit_expiry(now)
        lines = [
            self.tr("Points earned today expire on %1.").replace("%1", i18n.day(local(points)))
            if points
            else self.tr("Points never expire."),
            self.tr("Wallet credit usable from today expires on %1.").replace(
                "%1", i18n.day(local(credit))
            )
            if credit
            else self.tr("Wallet credit never expires."),
        ]
        return "\n".join(lines)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr("Each purchase's points and credit last this many months (0 = never).")
        )
        self.points_label.setText(self.tr("Points expire after (months)"))
        self.credit_label.setText(self.tr("Wallet credit expires after (months)"))
        self._filling = True
        relocalize([self.points_months, self.credit_months])
        self._filling = False
        self.check()


# --------------------------------------------------------------------------- wallet


class WalletEditor(Editor):
    """Cashback: a percent of each purchase as wallet credit, usable after a delay."""

    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = now
        self.message.setObjectName("walletExample")
        self.percent = number_field("cashbackPercent", self._edited)
        self.delay = number_field("cashbackDelay", self._edited)
        self.percent_label, self.delay_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.percent_label, self.percent)
        form.addRow(self.delay_label, self.delay)
        form.addRow(self.message)
        self.fill(WalletRules())
        self.retranslate()

    def fill(self, rules: WalletRules) -> None:
        self._filling = True
        self.percent.setText(format_multiplier(rules.percent))
        self.delay.setText(i18n.digits(str(rules.delay_hours)))
        self._filling = False
        self.check()

    def value(self) -> WalletRules:
        percent = decimal_text(self.percent) or "0"
        return WalletRules(percent, _number_or(self.delay.text(), 0, -1))  # type: ignore[arg-type]

    def example(self, value: WalletRules) -> str:
        if not value.percent:
            return self.tr("Cashback is off: purchases give no wallet credit.")
        text = self.tr("A %1 purchase gives %2 of credit, usable %3.")
        text = text.replace("%2", i18n.tomans(value.cashback(CASHBACK_EXAMPLE)))
        text = text.replace("%3", self.usable_text(value.delay_hours))
        return text.replace("%1", i18n.tomans(CASHBACK_EXAMPLE))

    def usable_text(self, hours: int) -> str:
        """'at once', 'from today 18:00', 'from tomorrow 14:00' or 'from <date> <time>'."""
        if not hours:
            return self.tr("at once")
        now = local(self.now())
        usable = local(self.now() + timedelta(hours=hours))
        clock = i18n.digits(usable.strftime("%H:%M"))
        if usable.date() == now.date():
            return self.tr("from today %1").replace("%1", clock)
        if usable.date() == now.date() + timedelta(days=1):
            return self.tr("from tomorrow %1").replace("%1", clock)
        return self.tr("from %1").replace("%1", i18n.moment(usable))

    def retranslate(self) -> None:
        self.percent_label.setText(self.tr("Cashback (% of the amount paid)"))
        self.delay_label.setText(self.tr("Usable after (hours)"))
        self.percent.setPlaceholderText(self.tr("0 = off"))
        self._filling = True
        relocalize([self.percent, self.delay])
        self._filling = False
        self.check()


# -------------------------------------------------------------------------- rewards


def kind_name(kind: RewardKind) -> str:
    return QCoreApplication.translate("programme", REWARD_KIND_NAMES[kind])


class RewardRow:
    """The widgets of one reward; value and cap show only for the kinds that use them."""

    def __init__(self, reward: Reward) -> None:
        self.id = reward.id
        self.name = QLineEdit(reward.name, objectName="rewardName")
        self.kind = QComboBox(objectName="rewardKind")
        self.kind.addItems([kind_name(kind) for kind in KINDS])
        self.cost = QLineEdit(objectName="rewardCost")
        self.amount = QLineEdit(objectName="rewardValue")
        self.cap = QLineEdit(objectName="rewardCap")
        for field in (self.cost, self.amount, self.cap):
            localize_as_typed(field)
        self.kind.currentIndexChanged.connect(lambda _i: self.render())
        self.display(reward)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.kind, self.cost, self.amount, self.cap]

    def display(self, reward: Reward) -> None:
        self.id = reward.id
        self.name.setText(reward.name)
        self.kind.setCurrentIndex(KINDS.index(reward.kind))
        self.cost.setText(i18n.digits(str(reward.cost)))
        self.amount.setText(i18n.digits(str(reward.value)) if reward.value else "")
        self.cap.setText(i18n.digits(str(reward.cap)) if reward.cap else "")
        self.render()

    def raw(self) -> RawReward:
        """What is typed, unchecked (to move rows around without losing a half-typed row)."""
        texts = (self.name.text(), self.cost.text(), self.amount.text(), self.cap.text())
        return (self.id, self.kind.currentIndex(), *texts)

    def restore(self, raw: RawReward) -> None:
        self.id, kind, name, cost, amount, cap = raw
        self.name.setText(name)
        self.kind.setCurrentIndex(kind)
        self.cost.setText(cost)
        self.amount.setText(amount)
        self.cap.setText(cap)
        self.render()

    def kind_value(self) -> RewardKind:
        return KINDS[self.kind.currentIndex()]

    def value(self) -> Reward:
        kind = self.kind_value()
        uses_value = kind is not RewardKind.ITEM
        return Reward(
            self.id,
            self.name.text(),
            kind,
            _number_or(self.cost.text(), 0, 0),
            _number_or(self.amount.text(), 0, 0) if uses_value else 0,
            _number_or(self.cap.text(), 0, -1) if kind is RewardKind.PERCENT else 0,
        )

    def render(self) -> None:
        """Value and cap only where they apply, with their unit as the placeholder."""
        kind = self.kind_value()
        self.amount.setVisible(kind is not RewardKind.ITEM)
        self.cap.setVisible(kind is RewardKind.PERCENT)
        unit = PERCENT_UNIT if kind is RewardKind.PERCENT else TOMANS_UNIT
        self.amount.setPlaceholderText(i18n.translate("RewardsEditor", unit))
        self.cap.setPlaceholderText(i18n.translate("RewardsEditor", NO_CAP))

    def retranslate(self) -> None:
        for index, kind in enumerate(KINDS):
            self.kind.setItemText(index, kind_name(kind))
        for field in (self.cost, self.amount, self.cap):
            field.setText(i18n.digits(field.text()))
        self.render()


class RewardsEditor(RowsEditor):
    """The catalogue: rows to add, edit, remove and reorder; the share of an invoice points
    may pay; what a point is worth in the liability report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message.setObjectName("rewardsExample")
        self.rows: list[RewardRow] = []
        self.table = RowsTable(5, "rewardsTable")
        self.add_button = QPushButton(objectName="addReward")
        self.add_button.clicked.connect(self.add_reward)
        self.remove_button = QPushButton(objectName="removeReward")
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button = QPushButton(objectName="rewardUp")
        self.up_button.setShortcut(QKeySequence("Alt+Up"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(objectName="rewardDown")
        self.down_button.setShortcut(QKeySequence("Alt+Down"))
        self.down_button.clicked.connect(lambda: self.move(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.max_share = number_field("maxShare", self._edited)
        self.point_value = number_field("pointValue", self._edited)
        self.share_label, self.point_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.share_label, self.max_share)
        form.addRow(self.point_label, self.point_value)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.fill(RewardsCatalogue())
        self.retranslate()

    def fill(self, catalogue: RewardsCatalogue) -> None:
        self._filling = True
        self._clear_rows()
        for reward in catalogue.rewards:
            self._add_row(reward)
        self.max_share.setText(i18n.digits(str(catalogue.max_share)))
        self.point_value.setText(i18n.digits(str(catalogue.point_value)))
        self._filling = False
        self.check()

    def _add_row(self, reward: Reward) -> RewardRow:
        row = RewardRow(reward)
        self.table.place(row.widgets())
        row.render()  # a cell widget is shown when placed: hide what this kind does not use
        row.name.textChanged.connect(self._edited)
        row.kind.currentIndexChanged.connect(self._edited)
        for field in (row.cost, row.amount, row.cap):
            field.textChanged.connect(self._edited)
        self.rows.append(row)
        return row

    def add_reward(self) -> None:
        """A ready example row (its name selected, to type over)."""
        name = self.tr("Reward %1").replace("%1", i18n.number(len(self.rows) + 1))
        row = self._add_row(Reward(new_public_id(), name, RewardKind.DISCOUNT, 100, 50_000))
        self._added(row)

    def move(self, step: int) -> None:
        """Swap the row being edited with its neighbour (the till lists rewards in order)."""
        index = self.table.chosen()
        other = index + step
        if index < 0 or not 0 <= other < len(self.rows):
            return
        first, second = self.rows[index].raw(), self.rows[other].raw()
        self._filling = True
        self.rows[index].restore(second)
        self.rows[other].restore(first)
        self._filling = False
        column = max(self.table.currentColumn(), 0)
        self.table.setCurrentCell(other, column)
        self.rows[other].widgets()[column].setFocus()
        self._edited()

    def value(self) -> RewardsCatalogue:
        rewards = self.rows_value(self.tr("Reward %1:"))
        return RewardsCatalogue(
            tuple(rewards),
            _number_or(self.max_share.text(), 0, 0),
            _number_or(self.point_value.text(), 0, -1),
        )

    def example(self, value: RewardsCatalogue) -> str:
        limit = SHARE_EXAMPLE * value.max_share // 100
        share = self.tr("Points can pay at most %1% of an invoice: %2 of a %3 purchase.")
        share = share.replace("%1", i18n.number(value.max_share))
        share = share.replace("%2", i18n.tomans(limit)).replace("%3", i18n.tomans(SHARE_EXAMPLE))
        lines = [share]
        if value.point_value:
            lines.append(
                self.tr("Unspent points count as %1 each in the liability report.").replace(
                    "%1", i18n.tomans(value.point_value)
                )
            )
        if not value.rewards:
            lines.append(self.tr("No rewards yet: add one, e.g. 50,000 tomans off for 100 points."))
        return "\n".join(lines)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Type"),
                self.tr("Cost (points)"),
                self.tr("Value"),
                self.tr("Cap (tomans)"),
            ]
        )
        self.add_button.setText(self.tr("Add reward"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.up_button.setToolTip(self.tr("Alt+Up"))
        self.down_button.setToolTip(self.tr("Alt+Down"))
        self.share_label.setText(self.tr("Points can pay at most (% of the invoice)"))
        self.point_label.setText(self.tr("A point is worth (tomans, for reports)"))
        self._filling = True
        for row in self.rows:
            row.retranslate()
        relocalize([self.max_share, self.point_value])
        self._filling = False
        self.check()


# --------------------------------------------------------------------------- levels


class LevelRow:
    """The widgets of one level."""

    def __init__(self, level: Level) -> None:
        self.name = QLineEdit(level.name, objectName="levelName")
        self.spend = QLineEdit(i18n.digits(str(level.min_spend)), objectName="levelSpend")
        self.multiplier = QLineEdit(format_multiplier(level.multiplier), objectName="levelTimes")
        for field in (self.spend, self.multiplier):
            localize_as_typed(field)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.spend, self.multiplier]

    def value(self) -> Level:
        return Level(
            self.name.text(),
            _number_or(self.spend.text(), -1, -1),
            decimal_text(self.multiplier) or "0",  # type: ignore[arg-type]
        )


class LevelsEditor(RowsEditor):
    """Levels by spend in a rolling window of days, each with a points multiplier."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message.setObjectName("levelsExample")
        self.rows: list[LevelRow] = []
        self.table = RowsTable(3, "levelsTable")
        self.add_button = QPushButton(objectName="addLevel")
        self.add_button.clicked.connect(self.add_level)
        self.remove_button = QPushButton(objectName="removeLevel")
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.window_days = number_field("levelWindow", self._edited)
        self.window_label = QLabel()
        self.intro = QLabel(objectName="levelsIntro")
        form = QFormLayout()
        form.addRow(self.window_label, self.window_days)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.fill(LevelRules())
        self.retranslate()

    def fill(self, rules: LevelRules) -> None:
        self._filling = True
        self._clear_rows()
        for level in rules.levels:
            self._add_row(level)
        self.window_days.setText(i18n.digits(str(rules.window_days)))
        self._filling = False
        self.check()

    def _add_row(self, level: Level) -> LevelRow:
        row = LevelRow(level)
        self.table.place(row.widgets())
        for field in row.widgets():
            field.textChanged.connect(self._edited)  # type: ignore[attr-defined]
        self.rows.append(row)
        return row

    def add_level(self) -> None:
        """A row above the highest level (the first starts at 0), its name selected."""
        spends = [_number_or(row.spend.text(), 0, 0) for row in self.rows]
        spend = max(spends) + NEW_LEVEL_STEP if spends else 0
        name = self.tr("Level %1").replace("%1", i18n.number(len(self.rows) + 1))
        row = self._add_row(Level(name, spend))
        self._added(row)

    def value(self) -> LevelRules:
        levels = self.rows_value(self.tr("Level %1:"))
        return LevelRules(tuple(levels), _number_or(self.window_days.text(), 0, 0))

    def example(self, value: LevelRules) -> str:
        lines = [self.tr("The lowest level usually starts at 0, so every member has a level.")]
        if not value.levels:
            lines.append(self.tr("No levels: every purchase earns the same points."))
            return "\n".join(lines)
        for level in value.levels:
            text = self.tr("%1: from %2 in the last %3 days, points × %4")
            text = text.replace("%2", i18n.tomans(level.min_spend))
            text = text.replace("%3", i18n.number(value.window_days))
            text = text.replace("%4", format_multiplier(level.multiplier))
            # isolated: a Latin name first must not turn a Persian line left-to-right
            lines.append(text.replace("%1", f"\u2068{level.name}\u2069"))
        if value.levels[0].min_spend:
            lines.append(
                self.tr("Members who spent less than %1 have no level.").replace(
                    "%1", i18n.tomans(value.levels[0].min_spend)
                )
            )
        return "\n".join(lines)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Members move up at a purchase and back down when old purchases leave the window."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Minimum spend (tomans)"), self.tr("Points multiplier")]
        )
        self.add_button.setText(self.tr("Add level"))
        self.remove_button.setText(self.tr("Remove"))
        self.window_label.setText(self.tr("Spend counted over the last (days)"))
        self._filling = True
        for row in self.rows:
            relocalize([row.spend, row.multiplier])
        relocalize([self.window_days])
        self._filling = False
        self.check()


# ----------------------------------------------------------------------------- tabs


class ProgrammeTabs(Retranslating, QTabWidget):
    """The Settings dialog's body: the earning rules, rewards, wallet and expiry, levels and
    receipts, one tab each. The club's rules load in the background; until they are shown
    the tabs are disabled and ``rules()`` is None (never save a guess)."""

    changed = Signal()
    EARNING, REWARDS, WALLET, LEVELS, RECEIPTS = range(5)

    def __init__(self, club: ClubServices, earning: QWidget, receipts: QWidget) -> None:
        super().__init__()
        self.setObjectName("settingsTabs")
        self.club = club
        self.loaded = False
        self.load_error = MessageLabel()
        self.load_error.setObjectName("clubRulesError")
        self.expiry = ExpiryEditor(lambda: club.clock())
        self.wallet = WalletEditor(lambda: club.clock())
        self.rewards = RewardsEditor()
        self.levels = LevelsEditor()
        wallet_page = QWidget(objectName="walletPage")
        column = QVBoxLayout(wallet_page)
        self.wallet_title, self.expiry_title = QLabel(), QLabel()
        for title, editor in ((self.wallet_title, self.wallet), (self.expiry_title, self.expiry)):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            column.addWidget(title)
            column.addWidget(editor)
        column.addWidget(self.load_error)
        column.addStretch(1)
        receipts_page = QWidget(objectName="receiptsPage")
        QVBoxLayout(receipts_page).addWidget(receipts)
        receipts_page.layout().addStretch(1)  # type: ignore[union-attr]
        for page in (earning, self.rewards, wallet_page, self.levels, receipts_page):
            self.addTab(page, "")
        self.editors: dict[int, list[Editor]] = {
            self.REWARDS: [self.rewards],
            self.WALLET: [self.wallet, self.expiry],
            self.LEVELS: [self.levels],
        }
        for editors in self.editors.values():
            for editor in editors:
                editor.setEnabled(False)
                editor.changed.connect(self._changed)
        self.setMinimumWidth(720)  # the rewards table's five columns
        self.retranslate()
        run_op(self, club.club_rules, self.show_rules, self._load_failed)

    def show_rules(self, rules: ClubRules) -> None:
        self.expiry.fill(rules.expiry)
        self.wallet.fill(rules.wallet)
        self.rewards.fill(rules.rewards)
        self.levels.fill(rules.levels)
        for editors in self.editors.values():
            for editor in editors:
                editor.setEnabled(True)
        self.loaded = True
        self._changed()

    def _load_failed(self, error: BaseException) -> None:
        """Unreadable saved rules: say so; the other tabs can still be saved."""
        self.load_error.error(i18n.error_text(error))
        self.setCurrentIndex(self.WALLET)

    def is_valid(self) -> bool:
        return all(editor.valid for eds in self.editors.values() for editor in eds)

    def rules(self) -> ClubRules | None:
        """The rules as typed (raises the first problem), or None until the saved ones
        were shown."""
        if not self.loaded:
            return None
        return ClubRules(
            self.expiry.value(), self.wallet.value(), self.rewards.value(), self.levels.value()
        )

    def _changed(self) -> None:
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, editors in self.editors.items():
            ok = all(editor.valid for editor in editors)
            self.setTabIcon(index, QIcon() if ok else warning)
        self.changed.emit()

    def retranslate(self) -> None:
        titles = [
            self.tr("Earning"),
            self.tr("Rewards"),
            self.tr("Wallet and expiry"),
            self.tr("Levels"),
            self.tr("Receipts"),
        ]
        for index, title in enumerate(titles):
            self.setTabText(index, title)
        self.wallet_title.setText(self.tr("Wallet credit (cashback)"))
        self.expiry_title.setText(self.tr("Points and credit that expire"))
