"""The member card at the counter: who this is, their points, and the purchase being rung up.

Amount then Enter records the purchase; the card shows the points earned and the new balance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import ClubDeskError, InvalidAmount
from clubdesk.core.members import MemberCard, MemberView, PurchaseResult
from clubdesk.core.money import parse_tomans
from clubdesk.core.points import PointsRule, parse_points
from clubdesk.core.programme import EarningRules, as_rules
from clubdesk.core.receipt import Receipt, ReceiptSettings
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

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
        self.last_result: PurchaseResult | None = None
        self.receipt_settings = ReceiptSettings()
        self.shop_name = ""
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
        for column, key in enumerate(("points", "visits", "spent", "last_visit")):
            title, value = QLabel(), heading(size=14)
            value.setObjectName(f"stat_{key}")
            for label in (title, value):  # numbers alone would align to the left in RTL
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stats.addWidget(title, 0, column)
            self.stats.addWidget(value, 1, column)
            self.stat_titles.append(title)
            self.stat_values[key] = value
        self.details = QLabel(objectName="memberDetails")
        self.details.setWordWrap(True)

        self.amount = QLineEdit(objectName="amount")
        self.amount.setClearButtonEnabled(True)
        font = self.amount.font()
        font.setPointSize(16)
        self.amount.setFont(font)
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
        spend = QHBoxLayout()
        spend.addWidget(self.redeem_points)
        spend.addWidget(self.redeem_button)
        spend.addStretch(1)
        spend.addWidget(self.edit_button)
        spend.addWidget(self.archive_button)
        layout = QVBoxLayout(page)
        layout.addLayout(head)
        layout.addLayout(self.stats)
        layout.addWidget(self.details)
        layout.addSpacing(8)
        layout.addLayout(buy)
        layout.addWidget(self.preview)
        sale = QHBoxLayout()
        sale.addWidget(self.result, 1)
        sale.addWidget(self.receipt_button)
        layout.addLayout(sale)
        layout.addLayout(spend)
        layout.addWidget(self.purchases_title)
        layout.addWidget(self.purchases, 1)

        QShortcut(QKeySequence(Qt.Key.Key_F4), page, self._edit)
        QShortcut(QKeySequence("Ctrl+P"), page, self.open_receipt)
        QShortcut(QKeySequence("Ctrl+Shift+P"), page, self.print_card)
        for field in (self.amount, self.redeem_points):
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
        for widget in (self.amount, self.record, self.redeem_points, self.redeem_button):
            widget.setEnabled(not m.archived)
        self.stat_values["points"].setText(i18n.number(m.points))
        self.stat_values["visits"].setText(i18n.number(m.visits))
        self.stat_values["spent"].setText(i18n.tomans(m.total_spent))
        self.stat_values["last_visit"].setText(
            i18n.day(m.last_visit_at.date()) if m.last_visit_at else self.tr("never")
        )
        parts = []
        if m.created_at:
            parts.append(self.tr("Member since %1").replace("%1", i18n.day(m.created_at.date())))
        if m.birthday:
            parts.append(self.tr("Birthday %1").replace("%1", i18n.birthday(m.birthday)))
        parts.append(self.tr("SMS: yes") if m.sms_consent else self.tr("SMS: no"))
        if m.note:
            parts.append(m.note)
        self.details.setText("  ·  ".join(parts))
        self.purchases.setRowCount(len(card.recent_purchases))
        for row, purchase in enumerate(card.recent_purchases):
            values = (
                i18n.moment(purchase.created_at),
                i18n.tomans(purchase.amount),
                i18n.number(purchase.points_earned),
            )
            for column, value in enumerate(values):
                self.purchases.setItem(row, column, QTableWidgetItem(value))
        if card.recent_purchases:
            self.purchases_title.setText(self.tr("Latest purchases"))
        else:
            self.purchases_title.setText(self.tr("No purchases yet."))
        if self.last_result is not None:
            self._show_result(self.last_result)

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
        # The amount read back with separators: a missing or extra zero is easy to see.
        preview = self.tr("%1 earns %2 points")
        points = i18n.number(as_rules(self.rule).points_for(amount, self.club.clock()).total)
        self.preview.hint(preview.replace("%1", i18n.tomans(amount)).replace("%2", points))

    # --------------------------------------------------------------- actions

    def record_purchase(self) -> None:
        if self.card is None or not self.amount.isEnabled():
            return
        member_id, amount = self.card.member.id, self.amount.text()
        try:
            parse_tomans(amount)
        except ClubDeskError as error:
            self.preview.error(i18n.error_text(error))
            return
        self.amount.setEnabled(False)
        self.record.setEnabled(False)

        def work() -> tuple[PurchaseResult, MemberCard, ReceiptSettings, str]:
            result = self.club.record_purchase(member_id, amount)
            # Read with the sale, off the GUI thread: the receipt needs them right after.
            extras = self.club.receipt_settings(), self.club.shop_name()
            return result, self.club.card(member_id), *extras

        run_op(self, work, self._recorded, self._failed)

    def _recorded(self, outcome: tuple[PurchaseResult, MemberCard, ReceiptSettings, str]) -> None:
        result, card, self.receipt_settings, self.shop_name = outcome
        self.amount.clear()
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
        self.result.success(text)
        self.receipt_button.setVisible(True)

    # --------------------------------------------------------------- receipts

    def receipt(self, result: PurchaseResult) -> Receipt:
        """The receipt of ``result``, with the earning breakdown when the rules explain it."""
        try:
            earning = as_rules(self.rule).points_for(
                result.purchase.amount, result.purchase.created_at
            )
        except ClubDeskError:
            earning = None
        return Receipt.from_purchase(result, self.shop_name, earning)

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
        member = self.card.member
        run_op(self, self.club.shop_name, lambda shop: self._open_card_print(member, shop))

    def _open_card_print(self, member: MemberView, shop: str) -> None:
        from clubdesk.ui.card_print import CardPrintDialog

        self.card_print = CardPrintDialog(member, shop, self)
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

    def reload(self, member: MemberView) -> None:
        """Fetch the card again (after an edit elsewhere)."""
        run_op(
            self,
            lambda: self.club.card(member.id),
            lambda card: self.show_card(card, keep_result=True),
        )
