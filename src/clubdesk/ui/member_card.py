"""The member card at the counter: who this is, their points, and the purchase being rung up.

Amount then Enter records the purchase; the card shows the points earned and the new balance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.club import ClubRules, Reward, parse_credit
from clubdesk.core.errors import ClubDeskError, InvalidAmount
from clubdesk.core.members import MemberCard, MemberView, PurchaseResult, PurchaseView
from clubdesk.core.money import parse_tomans
from clubdesk.core.points import PointsRule, parse_points
from clubdesk.core.programme import EarningRules, as_rules
from clubdesk.core.receipt import Receipt, ReceiptSettings
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, ask, heading

if TYPE_CHECKING:  # services import SQLAlchemy; the window must not wait for it
    from clubdesk.services import ClubServices


class MemberCardView(Retranslating, QWidget):
    """Shows one member; emits what the counter must react to."""

    purchase_recorded = Signal(object)  # PurchaseResult
    edit_requested = Signal(object)  # MemberView
    member_changed = Signal(object)  # MemberView (archived, restored, redeemed)
    done = Signal()  # the cashier is finished with this customer (Esc)
    status = Signal(str)  # a short message for the status bar (receipt printing)

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memberCard")
        self.club = club
        self.card: MemberCard | None = None
        self.rule: EarningRules | PointsRule = EarningRules()
        self.club_rules = ClubRules()
        self.chosen_reward: Reward | None = None  # applied to the next purchase
        self.confirm_box: QMessageBox | None = None
        self.rewards_menu: QMenu | None = None
        self.adjust_dialog: AdjustDialog | None = None
        self.last_result: PurchaseResult | None = None
        self.receipt_settings = ReceiptSettings()
        self.shop_name = ""
        self.shop_details = ""  # phone and address under the name on receipts
        self.receipt_dialog: QWidget | None = None

        self.stack = QStackedWidget(self)
        self.empty = QLabel(objectName="cardEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self._build_card())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.retranslate()

    def _build_card(self) -> QWidget:
        page = QWidget()
        self.name = heading(size=18)
        self.name.setObjectName("memberName")
        self.phone = QLabel(objectName="memberPhone")
        self.badge = QLabel(objectName="archivedBadge")
        self.badge.setStyleSheet("color: white; background: #8d6e63; padding: 2px 8px;")
        self.stats = QGridLayout()
        self.stat_titles: list[QLabel] = []
        self.stat_values: dict[str, QLabel] = {}
        self.stat_title: dict[str, QLabel] = {}
        for column, key in enumerate(
            ("points", "level", "credit", "visits", "spent", "last_visit")
        ):
            title, value = QLabel(), heading(size=14)
            value.setObjectName(f"stat_{key}")
            for label in (title, value):  # numbers alone would align to the left in RTL
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stats.addWidget(title, 0, column)
            self.stats.addWidget(value, 1, column)
            self.stat_titles.append(title)
            self.stat_values[key] = value
            self.stat_title[key] = title
        self.details = QLabel(objectName="memberDetails")
        self.details.setWordWrap(True)

        self.amount = QLineEdit(objectName="amount")
        self.amount.setClearButtonEnabled(True)
        font = self.amount.font()
        font.setPointSize(16)
        self.amount.setFont(font)
        self.amount.setMinimumWidth(200)
        self.amount.returnPressed.connect(self.record_purchase)
        self.amount.textChanged.connect(self._preview)
        self.record = QPushButton(objectName="recordPurchase")
        self.record.clicked.connect(self.record_purchase)
        self.amount_label = QLabel()
        self.preview = MessageLabel()
        self.result = MessageLabel()
        self.result.setObjectName("purchaseResult")
        self.receipt_button = QPushButton(objectName="printReceiptButton")
        self.receipt_button.clicked.connect(self.open_receipt)
        self.receipt_button.setVisible(False)
        self.credit_field = QLineEdit(objectName="useCredit")
        self.credit_field.setMinimumWidth(170)
        self.credit_field.returnPressed.connect(self.record_purchase)
        self.credit_field.textChanged.connect(self._preview)
        self.rewards_button = QPushButton(objectName="rewardsButton")
        self.rewards_button.clicked.connect(self.show_rewards)
        self.reward_chip = QPushButton(objectName="rewardChip")
        self.reward_chip.setFlat(True)
        self.reward_chip.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.reward_chip.clicked.connect(self.clear_reward)
        self.reward_chip.setVisible(False)
        self.reverse_button = QPushButton(objectName="reversePurchase")
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.adjust_button = QPushButton(objectName="adjustPoints")
        self.adjust_button.clicked.connect(self.adjust_points)

        self.redeem_points = QLineEdit(objectName="redeemPoints")
        self.redeem_points.setMinimumWidth(180)
        self.redeem_points.returnPressed.connect(self.redeem)
        self.redeem_button = QPushButton(objectName="redeem")
        self.redeem_button.clicked.connect(self.redeem)
        self.edit_button = QPushButton(objectName="edit")
        self.edit_button.clicked.connect(self._edit)
        self.archive_button = QPushButton(objectName="archive")
        self.archive_button.clicked.connect(self._toggle_archive)
        self.print_card_button = QPushButton(objectName="printMemberCard")
        self.print_card_button.clicked.connect(self.print_card)

        self.purchases_title = QLabel()
        self.purchases = QTableWidget(0, 3, objectName="recentPurchases")
        self.purchases.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.purchases.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.purchases.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.purchases.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.purchases.itemSelectionChanged.connect(self._selection_changed)
        self.purchases.verticalHeader().setVisible(False)
        self.purchases.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        head = QHBoxLayout()
        head.addWidget(self.name)
        head.addWidget(self.badge)
        head.addStretch(1)
        head.addWidget(self.phone)
        head.addWidget(self.print_card_button)
        buy = QHBoxLayout()
        buy.addWidget(self.amount_label)
        buy.addWidget(self.amount, 1)
        buy.addWidget(self.record)
        pay = QHBoxLayout()  # how the customer pays: a reward, wallet credit
        pay.addWidget(self.rewards_button)
        pay.addWidget(self.reward_chip)
        pay.addStretch(1)
        pay.addWidget(self.credit_field)
        spend = QHBoxLayout()
        spend.addWidget(self.redeem_points)
        spend.addWidget(self.redeem_button)
        spend.addWidget(self.adjust_button)
        spend.addStretch(1)
        spend.addWidget(self.edit_button)
        spend.addWidget(self.archive_button)
        layout = QVBoxLayout(page)
        layout.addLayout(head)
        layout.addLayout(self.stats)
        layout.addWidget(self.details)
        layout.addSpacing(8)
        layout.addLayout(buy)
        layout.addLayout(pay)
        layout.addWidget(self.preview)
        sale = QHBoxLayout()
        sale.addWidget(self.result, 1)
        sale.addWidget(self.receipt_button)
        layout.addLayout(sale)
        layout.addLayout(spend)
        history = QHBoxLayout()
        history.addWidget(self.purchases_title, 1)
        history.addWidget(self.reverse_button)
        layout.addLayout(history)
        layout.addWidget(self.purchases, 1)

        QShortcut(QKeySequence(Qt.Key.Key_F4), page, self._edit)
        QShortcut(QKeySequence("Ctrl+P"), page, self.open_receipt)
        QShortcut(QKeySequence("Ctrl+Shift+P"), page, self.print_card)
        QShortcut(QKeySequence(Qt.Key.Key_F3), page, self.show_rewards)
        QShortcut(QKeySequence(Qt.Key.Key_F6), page, self.use_all_credit)
        QShortcut(QKeySequence(Qt.Key.Key_F8), page, self.reverse_selected)
        for field in (self.amount, self.redeem_points, self.credit_field):
            escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), field, self.done.emit)
            escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        return page

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.empty.setText(
            self.tr("No member selected.\nType a mobile number or a name in the search box above.")
        )
        titles = (
            self.tr("Points"),
            self.tr("Level"),
            self.tr("Wallet credit"),
            self.tr("Visits"),
            self.tr("Total spent"),
            self.tr("Last visit"),
        )
        for label, text in zip(self.stat_titles, titles, strict=True):
            label.setText(text)
        self.amount_label.setText(self.tr("Purchase amount (tomans)"))
        self.amount.setPlaceholderText(i18n.digits("250000"))
        self.record.setText(self.tr("Record purchase (Enter)"))
        self.receipt_button.setText(self.tr("Print receipt (Ctrl+P)"))
        self.credit_field.setPlaceholderText(self.tr("Credit to use (F6)"))
        self.rewards_button.setText(self.tr("Rewards (F3)"))
        self.reverse_button.setText(self.tr("Reverse purchase… (F8)"))
        self.reverse_button.setToolTip(self.tr("F8: reverse the selected or the latest sale"))
        self.adjust_button.setText(self.tr("Adjust points…"))
        self.redeem_points.setPlaceholderText(self.tr("Points to redeem"))
        self.redeem_button.setText(self.tr("Redeem"))
        self.edit_button.setText(self.tr("Edit (F4)"))
        self.print_card_button.setText(self.tr("Print card…"))
        self.print_card_button.setToolTip(self.tr("Ctrl+Shift+P"))
        self.badge.setText(self.tr("Archived"))
        self.purchases_title.setText(self.tr("Latest purchases"))
        self.purchases.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Amount"), self.tr("Points")]
        )
        if self.card is not None:
            self._render(self.card)
        self._preview()

    # ------------------------------------------------------------------ show

    def show_card(self, card: MemberCard, *, keep_result: bool = False) -> None:
        if not keep_result or self.card is None or self.card.member.id != card.member.id:
            self.result.clear_message()
            self.last_result = None
            self.receipt_button.setVisible(False)
        self.card = card
        self._render(card)
        self.stack.setCurrentIndex(1)

    def clear(self) -> None:
        self.card = None
        self.stack.setCurrentIndex(0)

    def focus_amount(self) -> None:
        self.amount.setFocus()
        self.amount.selectAll()

    def _render(self, card: MemberCard) -> None:
        m = card.member
        self.name.setText(m.full_name or self.tr("(no name)"))
        self.phone.setText(i18n.phone(m.phone))
        self.badge.setVisible(m.archived)
        self.archive_button.setText(self.tr("Restore") if m.archived else self.tr("Archive"))
        active = (
            self.amount,
            self.record,
            self.redeem_points,
            self.redeem_button,
            self.credit_field,
            self.rewards_button,
        )
        for widget in active:
            widget.setEnabled(not m.archived)
        points = m.points if card.usable_points is None else card.usable_points
        self.stat_values["points"].setText(i18n.number(points))
        self.stat_values["points"].setToolTip(
            self.tr("%1 points have expired and will be removed by the next expiry run.").replace(
                "%1", i18n.number(m.points - points)
            )
            if points != m.points
            else ""
        )
        # A shop without levels or a wallet is not shown empty columns for them.
        self._show_stat("level", bool(card.level))
        self._show_stat("credit", bool(m.credit))
        self.stat_values["level"].setText(card.level or "—")
        self.stat_values["credit"].setText(i18n.tomans(card.usable_credit))
        self.stat_values["credit"].setToolTip(
            self.tr("%1 more becomes usable after the cashback delay.").replace(
                "%1", i18n.tomans(card.pending_credit)
            )
            if card.pending_credit
            else ""
        )
        self.credit_field.setVisible(card.usable_credit > 0)
        self.stat_values["visits"].setText(i18n.number(m.visits))
        self.stat_values["spent"].setText(i18n.tomans(m.total_spent))
        self.stat_values["last_visit"].setText(
            i18n.day(m.last_visit_at) if m.last_visit_at else self.tr("never")
        )
        parts = []
        if m.created_at:
            parts.append(self.tr("Member since %1").replace("%1", i18n.day(m.created_at)))
        if m.birthday:
            parts.append(self.tr("Birthday %1").replace("%1", i18n.birthday(m.birthday)))
        parts.append(self.tr("SMS: yes") if m.sms_consent else self.tr("SMS: no"))
        if m.note:
            parts.append(m.note)
        self.details.setText("  ·  ".join(parts))
        self.purchases.setRowCount(len(card.recent_purchases))
        for row, purchase in enumerate(card.recent_purchases):
            when = i18n.moment(purchase.created_at)
            if purchase.reverses:
                when = self.tr("%1 (reversal)").replace("%1", when)
            elif purchase.reversed:
                when = self.tr("%1 (reversed)").replace("%1", when)
            values = (when, i18n.tomans(purchase.amount), i18n.number(purchase.points_earned))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if purchase.reverses or purchase.reversed:
                    item.setForeground(Qt.GlobalColor.gray)
                self.purchases.setItem(row, column, item)
        self._selection_changed()
        self._show_reward()
        if card.recent_purchases:
            self.purchases_title.setText(self.tr("Latest purchases"))
        else:
            self.purchases_title.setText(self.tr("No purchases yet."))
        if self.last_result is not None:
            self._show_result(self.last_result)

    def _show_stat(self, key: str, shown: bool) -> None:
        self.stat_values[key].setVisible(shown)
        self.stat_title[key].setVisible(shown)

    def _preview(self) -> None:
        """Live 'earns N points' under the amount, or what is wrong with it."""
        text = self.amount.text().strip()
        if not text:
            self.preview.clear_message()
            return
        try:
            amount = parse_tomans(text)
        except InvalidAmount as error:
            self.preview.error(i18n.error_text(error))
            return
        try:
            discount = self._discount(amount)
        except ClubDeskError as error:
            self.preview.error(i18n.error_text(error))
            return
        level = self.card.member.level if self.card is not None else ""
        multiplier = self.club_rules.levels.multiplier(level)
        earned = as_rules(self.rule).points_for(amount - discount, self.club.clock(), multiplier)
        # The amount read back with separators: a missing or extra zero is easy to see.
        preview = self.tr("%1 earns %2 points")
        text = preview.replace("%1", i18n.tomans(amount)).replace("%2", i18n.number(earned.total))
        if discount:
            text += "  ·  " + self.tr("to pay: %1").replace("%1", i18n.tomans(amount - discount))
        self.preview.hint(text)

    def _discount(self, amount: int) -> int:
        """Tomans the chosen reward and the credit typed take off ``amount`` (raises what the
        till would refuse, so the cashier sees it before pressing Enter)."""
        off = 0
        if self.chosen_reward is not None:
            off = self.club_rules.rewards.discount(self.chosen_reward, amount)
        return off + parse_credit(self.credit_field.text())

    # --------------------------------------------------------------- actions

    def record_purchase(self) -> None:
        if self.card is None or not self.amount.isEnabled():
            return
        member_id, amount = self.card.member.id, self.amount.text()
        credit = self.credit_field.text() if self.credit_field.isVisible() else ""
        reward_id = self.chosen_reward.id if self.chosen_reward is not None else None
        try:
            parse_tomans(amount)
            parse_credit(credit)
        except ClubDeskError as error:
            self.preview.error(i18n.error_text(error))
            return
        self.amount.setEnabled(False)
        self.record.setEnabled(False)

        def work() -> tuple[PurchaseResult, MemberCard, ReceiptSettings, tuple[str, str]]:
            result = self.club.record_purchase(
                member_id, amount, reward_id=reward_id, credit=credit
            )
            # Read with the sale, off the GUI thread: the receipt needs them right after.
            extras = self.club.receipt_settings(), self.club.shop_header()
            return result, self.club.card(member_id), *extras

        run_op(self, work, self._recorded, self._failed)

    def _recorded(
        self, outcome: tuple[PurchaseResult, MemberCard, ReceiptSettings, tuple[str, str]]
    ) -> None:
        result, card, self.receipt_settings, (self.shop_name, self.shop_details) = outcome
        self.amount.clear()
        self.credit_field.clear()
        self.chosen_reward = None
        self.show_card(card)
        self.last_result = result
        self._show_result(result)
        self.purchase_recorded.emit(result)
        if self.receipt_settings.auto_print:
            self.auto_print(self.receipt(result))

    def _show_result(self, result: PurchaseResult) -> None:
        text = self.tr("%1 recorded: +%2 points. Balance: %3 points.")
        text = (
            text.replace("%1", i18n.tomans(result.purchase.amount))
            .replace("%2", i18n.number(result.purchase.points_earned))
            .replace("%3", i18n.number(result.member.points))
        )
        if result.reward:
            text += " " + self.tr("%1 for %2 points.").replace("%1", result.reward).replace(
                "%2", i18n.number(result.points_spent)
            )
        if result.purchase.discount:
            paid = result.purchase.amount - result.purchase.discount
            text += " " + self.tr("To pay: %1.").replace("%1", i18n.tomans(paid))
        if result.cashback:
            text += " " + self.tr("+%1 credit, usable later.").replace(
                "%1", i18n.tomans(result.cashback)
            )
        if result.promoted:
            text += " " + self.tr("Now %1!").replace("%1", result.level)
        self.result.success(text)
        self.receipt_button.setVisible(True)

    # --------------------------------------------------------------- receipts

    def receipt(self, result: PurchaseResult) -> Receipt:
        """The receipt of ``result``, with the breakdown the sale itself computed."""
        return Receipt.from_purchase(result, self.shop_name, shop_details=self.shop_details)

    def open_receipt(self) -> None:
        """Ctrl+P: preview the last sale's receipt, with Print… and Save as PDF…."""
        from clubdesk.ui.receipt_print import ReceiptPreview

        if self.card is None or self.last_result is None:
            text = self.tr("No sale to print: record a purchase first.")
            self.preview.hint(text)
            self.status.emit(text)
            return
        dialog = ReceiptPreview(
            self.receipt(self.last_result), self.receipt_settings.width_mm, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.receipt_dialog = dialog
        dialog.open()

    def auto_print(self, receipt: Receipt) -> None:
        """Print on the default printer from a worker: the till never waits, and a failure
        only shows in the status bar (the sale is already saved)."""
        from clubdesk.ui.receipt_print import default_printer_name, print_image, render_image

        width = self.receipt_settings.width_mm
        image = render_image(receipt, width)  # text needs the GUI thread; pixels do not

        def printed(name: str) -> None:
            self.status.emit(self.tr("Receipt printed on %1.").replace("%1", name))

        def failed(error: BaseException) -> None:
            self.status.emit(i18n.error_text(error))

        run_op(self, lambda: print_image(image, width, default_printer_name()), printed, failed)

    def _failed(self, error: BaseException) -> None:
        if self.card is not None:
            self._render(self.card)
        self.preview.error(i18n.error_text(error))
        self.amount.setFocus()

    def redeem(self) -> None:
        if self.card is None:
            return
        member_id = self.card.member.id
        try:
            points = parse_points(self.redeem_points.text())
        except ClubDeskError as error:
            self.preview.error(i18n.error_text(error))
            return
        run_op(
            self,
            lambda: (self.club.redeem(member_id, points), self.club.card(member_id))[1],
            self._redeemed,
            self._failed,
        )

    def _redeemed(self, card: MemberCard) -> None:
        self.redeem_points.clear()
        self.show_card(card)
        self.result.success(
            self.tr("Points redeemed. Balance: %1 points.").replace(
                "%1", i18n.number(card.member.points)
            )
        )
        self.member_changed.emit(card.member)

    def print_card(self) -> None:
        """Preview this member's printable card (QR of their id) to print or save as PDF."""
        if self.card is None:
            return
        member, level = self.card.member, self.card.level
        run_op(self, self.club.shop_name, lambda shop: self._open_card_print(member, shop, level))

    def _open_card_print(self, member: MemberView, shop: str, level: str = "") -> None:
        from clubdesk.ui.card_print import CardPrintDialog

        self.card_print = CardPrintDialog(member, shop, self, level=level)
        self.card_print.open()

    def _edit(self) -> None:
        if self.card is not None:
            self.edit_requested.emit(self.card.member)

    def _toggle_archive(self) -> None:
        if self.card is None:
            return
        member = self.card.member

        def work() -> MemberCard:
            self.club.set_archived(member.id, not member.archived)
            return self.club.card(member.id)

        run_op(self, work, self._archived, self._failed)

    def _archived(self, card: MemberCard) -> None:
        self.show_card(card)
        self.member_changed.emit(card.member)

    # ---------------------------------------------------------------- rewards

    def show_rewards(self) -> None:
        """F3: the catalogue as a menu; a digit picks a reward (two keystrokes at the till).
        A discount waits for the purchase; a free item or credit is redeemed at once."""
        if self.card is None or not self.rewards_button.isEnabled():
            return
        rewards = self.club_rules.rewards.rewards
        menu = QMenu(self)
        menu.setObjectName("rewardsMenu")
        if not rewards:
            empty = menu.addAction(self.tr("No rewards yet: the owner adds them in Settings."))
            empty.setEnabled(False)
        balance = self.card.usable_points
        balance = self.card.member.points if balance is None else balance
        for number, reward in enumerate(rewards[:9], 1):
            text = self.tr("&%1  %2 — %3 points").replace("%1", str(number))
            text = text.replace("%2", reward.name).replace("%3", i18n.number(reward.cost))
            action = menu.addAction(text)
            action.setEnabled(reward.cost <= balance)
            action.triggered.connect(lambda _=False, r=reward: self.choose_reward(r))
        self.rewards_menu = menu
        point = self.rewards_button.mapToGlobal(self.rewards_button.rect().bottomLeft())
        menu.popup(point)

    def choose_reward(self, reward: Reward) -> None:
        if self.card is None:
            return
        if reward.needs_invoice:
            self.chosen_reward = reward
            self._show_reward()
            self._preview()
            self.focus_amount()
            return
        member_id = self.card.member.id

        def work() -> MemberCard:
            self.club.redeem_reward(member_id, reward.id)
            return self.club.card(member_id)

        def done(card: MemberCard) -> None:
            self.show_card(card)
            text = self.tr("%1 given for %2 points. Balance: %3 points.")
            text = text.replace("%1", reward.name).replace("%2", i18n.number(reward.cost))
            self.result.success(text.replace("%3", i18n.number(card.member.points)))
            self.member_changed.emit(card.member)

        run_op(self, work, done, self._failed)

    def clear_reward(self) -> None:
        self.chosen_reward = None
        self._show_reward()
        self._preview()

    def _show_reward(self) -> None:
        reward = self.chosen_reward
        self.reward_chip.setVisible(reward is not None)
        if reward is not None:
            text = self.tr("Reward: %1 (%2 points) ✕")
            self.reward_chip.setText(
                text.replace("%1", reward.name).replace("%2", i18n.number(reward.cost))
            )
            self.reward_chip.setToolTip(self.tr("Click to remove the reward from this purchase."))

    def use_all_credit(self) -> None:
        """F6: pay as much of the amount as the usable credit allows."""
        if self.card is None or not self.card.usable_credit:
            return
        try:
            amount = parse_tomans(self.amount.text())
            discount = (
                self.club_rules.rewards.discount(self.chosen_reward, amount)
                if self.chosen_reward is not None
                else 0
            )
        except ClubDeskError:
            amount, discount = self.card.usable_credit, 0
        self.credit_field.setText(i18n.digits(str(min(self.card.usable_credit, amount - discount))))
        self.credit_field.setFocus()

    # ------------------------------------------------------------- corrections

    def _selected_sale(self) -> PurchaseView | None:
        """The selected row when it is a sale not yet reversed; else the latest such sale."""
        if self.card is None:
            return None
        sales = self.card.recent_purchases
        rows = self.purchases.selectionModel().selectedRows() if self.purchases.model() else []
        if rows:
            chosen = sales[rows[0].row()]
            return None if chosen.reverses or chosen.reversed else chosen
        return next((p for p in sales if not p.reverses and not p.reversed), None)

    def _selection_changed(self) -> None:
        self.reverse_button.setEnabled(self._selected_sale() is not None)

    def reverse_selected(self) -> None:
        sale = self._selected_sale()
        if self.card is None or sale is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Reverse purchase"),
            self.tr("Reverse the purchase of %1 on %2? Its %3 points are taken back.")
            .replace("%1", i18n.tomans(sale.amount))
            .replace("%2", i18n.moment(sale.created_at))
            .replace("%3", i18n.number(sale.points_earned)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Reverse"))
        if not ask(self, box):
            return
        member_id = self.card.member.id

        def work() -> MemberCard:
            self.club.reverse_purchase(sale.id)
            return self.club.card(member_id)

        def done(card: MemberCard) -> None:
            self.last_result = None
            self.receipt_button.setVisible(False)
            self.show_card(card)
            text = self.tr("Purchase reversed. Balance: %1 points.")
            self.result.success(text.replace("%1", i18n.number(card.member.points)))
            self.member_changed.emit(card.member)

        run_op(self, work, done, self._failed)

    def adjust_points(self) -> None:
        """The owner's correction by hand (the services ask for the owner's PIN)."""
        if self.card is None:
            return
        dialog = AdjustDialog(self.card.member, self)
        self.adjust_dialog = dialog
        member_id = self.card.member.id

        def accepted() -> None:
            points, note = dialog.points.text(), dialog.note.text()

            def work() -> MemberCard:
                self.club.adjust_points(member_id, points, note)
                return self.club.card(member_id)

            def done(card: MemberCard) -> None:
                self.show_card(card)
                text = self.tr("Points adjusted. Balance: %1 points.")
                self.result.success(text.replace("%1", i18n.number(card.member.points)))
                self.member_changed.emit(card.member)

            run_op(self, work, done, self._failed)

        dialog.accepted.connect(accepted)
        dialog.open()

    def reload(self, member: MemberView) -> None:
        """Fetch the card again (after an edit elsewhere)."""
        run_op(
            self,
            lambda: self.club.card(member.id),
            lambda card: self.show_card(card, keep_result=True),
        )


class AdjustDialog(QDialog):
    """Points to add (or take away with a minus) and the reason, which the audit keeps."""

    def __init__(self, member: MemberView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjustDialog")
        self.setWindowTitle(self.tr("Adjust points"))
        self.points = QLineEdit(objectName="adjustAmount")
        self.points.setPlaceholderText(i18n.digits(self.tr("50 or -50")))
        self.note = QLineEdit(objectName="adjustNote")
        self.note.setPlaceholderText(self.tr("Why (kept in the audit log)"))
        self.message = MessageLabel()
        form = QFormLayout(self)
        form.addRow(QLabel(member.full_name or i18n.phone(member.phone)))
        form.addRow(self.tr("Points"), self.points)
        form.addRow(self.tr("Reason"), self.note)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Adjust"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        """Refuse an empty reason or a bad number here, before any background work."""
        from clubdesk.core.club import NoteRequired, parse_adjustment

        try:
            parse_adjustment(self.points.text())
            if not self.note.text().strip():
                raise NoteRequired()
        except ClubDeskError as error:
            self.message.error(i18n.error_text(error))
            return
        self.accept()
