"""The Renew screen: choose a plan, pay in the browser, and see the licence renewed at once.

Three pages in one dialog: the plans (with the paid-until each would give) and the shop's past
payments; a waiting page while the owner pays in the system browser, which asks the server about
the payment every ``POLL_SECONDS`` (each ask is a background job, never a blocking wait); and a
result page: a receipt, or what went wrong and, per the vendor's 72-hour rule, what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core import renewal as rules
from clubdesk.licensing.client import ServerUnreachable
from clubdesk.protocol import FINAL_PAYMENT_STATES, PaymentInfo, PlanOffer
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading, select_row, table

if TYPE_CHECKING:
    from clubdesk.renewal import History, Plans, RenewalService, Renewed

LRI, PDI = i18n.LRI, i18n.PDI


def plan_name(offer: PlanOffer) -> str:
    return i18n.localized(offer.name_fa, offer.name_en)


def reference(text: str | None) -> str:
    """A bank reference or authority, kept left-to-right inside Persian text."""
    if not text:
        return "—"
    return f"{LRI}{i18n.digits(text)}{PDI}" if text.isdigit() else f"{LRI}{text}{PDI}"


def paragraph(text: str) -> str:
    """Selectable labels lay text out by its first strong letter: a date or reference alone
    would align left in Persian. A right-to-left mark keeps it with the rest of the page."""
    return f"\u200f{text}" if text and i18n.current().rtl else text


def state_text(state: str) -> str:
    return i18n.translate("renewal", rules.STATE_TEXT.get(state, state))


def when(moment: object) -> str:
    return i18n.moment(moment) if moment is not None else "—"  # type: ignore[arg-type]


class RenewDialog(Retranslating, QDialog):
    """``licence_changed(Status)`` after a payment renewed the licence (the window unlocks);
    ``support_requested(PaymentInfo | None)`` to open Support, with a payment's details."""

    licence_changed = Signal(object)
    support_requested = Signal(object)

    PLANS, WAITING, RESULT = range(3)

    def __init__(self, service: RenewalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renewDialog")
        self.service = service
        self.plans: Plans | None = None
        self.history: list[PaymentInfo] | None = None
        self.payment: PaymentInfo | None = None  # the one being paid or shown
        self.renewed: Renewed | None = None
        self._generation = 0  # bumped when the owner stops waiting: late answers are ignored
        self.poll_timer = QTimer(self, singleShot=True, interval=rules.POLL_SECONDS * 1000)
        self.poll_timer.timeout.connect(self._poll)
        self.pages = QStackedWidget(objectName="renewPages")
        self.pages.addWidget(self._build_plans_page())
        self.pages.addWidget(self._build_waiting_page())
        self.pages.addWidget(self._build_result_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(860, 620)
        self.retranslate()

    # ------------------------------------------------------------------ building

    def _build_plans_page(self) -> QWidget:
        page = QWidget(objectName="plansPage")
        self.title = heading(size=18)
        self.current = QLabel(objectName="currentPaidUntil")
        self.current.setWordWrap(True)
        self.plans_table = table(4, "plansTable")
        self.plans_table.itemSelectionChanged.connect(self._selection_changed)
        self.plans_table.itemDoubleClicked.connect(lambda _item: self.pay())
        self.plans_message = MessageLabel()
        self.plans_message.setObjectName("plansMessage")
        self.pay_button = QPushButton(objectName="pay")
        self.pay_button.setDefault(True)
        self.pay_button.setEnabled(False)
        self.pay_button.clicked.connect(self.pay)
        self.payments_title = heading(size=13)
        self.payments_table = table(5, "paymentsTable")
        self.payments_table.itemDoubleClicked.connect(self._open_payment_row)
        self.payments_table.itemSelectionChanged.connect(self._payment_selection_changed)
        self.payments_message = MessageLabel()
        self.payments_message.setObjectName("paymentsMessage")
        self.details_button = QPushButton(objectName="paymentDetails")
        self.details_button.setEnabled(False)
        self.details_button.clicked.connect(self._open_selected_payment)
        self.support_button = QPushButton(objectName="support")
        self.support_button.clicked.connect(lambda: self.support_requested.emit(None))
        self.close_button = QPushButton(objectName="close")
        self.close_button.clicked.connect(self.close)
        pay_row = QHBoxLayout()
        pay_row.addWidget(self.plans_message, 1)
        pay_row.addStretch(0)  # the button keeps its size while no message shows
        pay_row.addWidget(self.pay_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.support_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addWidget(self.current)
        layout.addWidget(self.plans_table, 3)
        layout.addLayout(pay_row)
        layout.addSpacing(8)
        layout.addWidget(self.payments_title)
        layout.addWidget(self.payments_table, 2)
        history_row = QHBoxLayout()
        history_row.addWidget(self.payments_message, 1)
        history_row.addStretch(0)
        history_row.addWidget(self.details_button)
        layout.addLayout(history_row)
        layout.addLayout(buttons)
        return page

    def _build_waiting_page(self) -> QWidget:
        page = QWidget(objectName="waitingPage")
        self.waiting_title = heading(size=18)
        self.waiting_plan = QLabel(objectName="waitingPlan")
        self.waiting_hint = QLabel(objectName="waitingHint")
        self.waiting_hint.setWordWrap(True)
        self.waiting_progress = QProgressBar(objectName="waitingProgress")
        self.waiting_progress.setRange(0, 0)  # busy: how long the bank takes is not known
        self.waiting_progress.setTextVisible(False)
        self.waiting_message = MessageLabel()
        self.waiting_message.setObjectName("waitingMessage")
        self.waiting_note = QLabel(objectName="waitingNote")
        self.waiting_note.setWordWrap(True)
        self.waiting_note.setStyleSheet("color: #5f6368;")
        self.reopen_button = QPushButton(objectName="reopenPayPage")
        self.reopen_button.clicked.connect(self._open_pay_page)
        self.stop_button = QPushButton(objectName="stopWaiting")
        self.stop_button.clicked.connect(self.stop_waiting)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.waiting_title)
        layout.addWidget(self.waiting_plan)
        layout.addSpacing(12)
        layout.addWidget(self.waiting_hint)
        layout.addWidget(self.waiting_progress)
        layout.addWidget(self.waiting_message)
        layout.addWidget(self.waiting_note)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _build_result_page(self) -> QWidget:
        page = QWidget(objectName="resultPage")
        self.result_title = heading(size=18)
        self.result_title.setObjectName("resultTitle")
        self.result_title.setWordWrap(True)
        self.result_text = QLabel(objectName="resultText")
        self.result_text.setWordWrap(True)
        self.refund_text = QLabel(objectName="refundText")
        self.refund_text.setWordWrap(True)
        self.refund_text.setStyleSheet("color: #7a4b00;")
        self.result_message = MessageLabel()
        self.result_message.setObjectName("resultMessage")
        self.details_box = QWidget(objectName="receipt")
        self.details = QFormLayout(self.details_box)
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.detail_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("plan", "amount", "time", "ref", "paid_until", "authority", "card"):
            name, value = QLabel(), QLabel(objectName=f"receipt_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(name, value)
            self.detail_labels[key] = (name, value)
        self.send_button = QPushButton(objectName="sendToSupport")
        self.send_button.clicked.connect(self._send_to_support)
        self.back_button = QPushButton(objectName="backToPlans")
        self.back_button.clicked.connect(self.show_plans_page)
        self.done_button = QPushButton(objectName="done")
        self.done_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_title)
        layout.addWidget(self.result_text)
        layout.addWidget(self.details_box)
        layout.addWidget(self.refund_text)
        layout.addWidget(self.result_message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Renew the licence"))
        self.title.setText(self.tr("Renew the licence"))
        self.plans_table.setHorizontalHeaderLabels(
            [self.tr("Plan"), self.tr("Days"), self.tr("Price"), self.tr("Paid until after paying")]
        )
        self.payments_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Plan"), self.tr("Amount"), self.tr("State"),
             self.tr("Bank reference")]
        )  # fmt: skip
        self.pay_button.setText(self.tr("Pay…"))
        self.payments_title.setText(self.tr("Your payments"))
        self.details_button.setText(self.tr("Details…"))
        self.support_button.setText(self.tr("Support…"))
        self.close_button.setText(self.tr("Close"))
        self.waiting_title.setText(self.tr("Waiting for the bank…"))
        self.waiting_hint.setText(
            self.tr("Pay in the browser window that opened. This window follows the payment by "
                    "itself; the licence is renewed as soon as the bank confirms.")
        )  # fmt: skip
        self.reopen_button.setText(self.tr("Open the payment page again"))
        self.stop_button.setText(self.tr("Stop waiting"))
        self.waiting_note.setText(
            self.tr("Stopping the wait does not cancel the payment: it stays in your payments "
                    "list, and a payment the bank confirms later still renews the licence.")
        )  # fmt: skip
        names = {
            "plan": self.tr("Plan"),
            "amount": self.tr("Amount"),
            "time": self.tr("Time"),
            "ref": self.tr("Bank reference"),
            "paid_until": self.tr("Paid until"),
            "authority": self.tr("Payment id at the bank"),
            "card": self.tr("Card"),
        }
        for key, (label, _value) in self.detail_labels.items():
            label.setText(names[key])
        self.send_button.setText(self.tr("Send the details to support"))
        self.back_button.setText(self.tr("Back to plans"))
        self.done_button.setText(self.tr("Close"))
        self._render_plans()
        self._render_history()
        if self.payment is not None:
            self._render_waiting(self.payment)
            if self.pages.currentIndex() == self.RESULT:
                self._render_result(self.payment)

    # ------------------------------------------------------------------ plans

    def load(self) -> None:
        """Fetch plans and payments in the background (on opening, and after a payment)."""
        self.plans_message.hint(self.tr("Loading the plans…"))
        self.payments_message.clear_message()
        run_op(self, lambda: self.service.plans(), self.show_plans, self._plans_failed)
        run_op(self, lambda: self.service.history(), self._history_loaded, self._history_failed)

    def show_plans(self, plans: Plans) -> None:
        self.plans = plans
        self.plans_message.clear_message()
        self._render_plans()
        if plans.choices and not self.plans_table.selectedItems():
            select_row(self.plans_table, 0)
        self._render_history()  # plan names for the payments list

    def _plans_failed(self, error: BaseException) -> None:
        self.plans_message.error(i18n.error_text(error))

    def _render_plans(self) -> None:
        current = self.plans.current_paid_until if self.plans is not None else None
        if current is None:
            self.current.setText(self.tr("Choose a plan and pay online; ClubDesk unlocks as soon "
                                         "as the bank confirms the payment."))  # fmt: skip
        else:
            day = i18n.day(rules.tehran_day(current))
            expired = current <= self.service.licence.clock()
            text = (
                self.tr("The licence expired on %1.")
                if expired
                else self.tr("The licence is paid until %1; a new plan is added after that day.")
            )
            self.current.setText(text.replace("%1", day))
        if self.plans is None:
            return
        selected = self.plans_table.currentRow()
        self.plans_table.setRowCount(len(self.plans.choices))
        for row, choice in enumerate(self.plans.choices):
            cells = [
                plan_name(choice.offer),
                i18n.number(choice.offer.days),
                i18n.tomans(choice.offer.price_tomans),
                i18n.day(rules.tehran_day(choice.paid_until)),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.plans_table.setItem(row, column, item)
        if 0 <= selected < len(self.plans.choices):
            select_row(self.plans_table, selected)
        if not self.plans.choices:
            self.plans_message.hint(self.tr("No plans are on sale right now. Contact support."))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.pay_button.setEnabled(self.selected_plan() is not None)

    def selected_plan(self) -> PlanOffer | None:
        if self.plans is None:
            return None
        rows = {index.row() for index in self.plans_table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.plans.choices[row].offer if row < len(self.plans.choices) else None

    def select_plan(self, code: str) -> None:
        assert self.plans is not None
        codes = [choice.offer.code for choice in self.plans.choices]
        select_row(self.plans_table, codes.index(code))

    # ---------------------------------------------------------------- payments list

    def _history_loaded(self, history: History) -> None:
        if history.refreshed is not None:  # paid while the app was not following the payment
            self.licence_changed.emit(history.refreshed)
        self.show_history(history.payments)

    def show_history(self, payments: list[PaymentInfo]) -> None:
        self.history = payments
        self._render_history()

    def _history_failed(self, error: BaseException) -> None:
        self.payments_message.error(i18n.error_text(error))

    def _render_history(self) -> None:
        if self.history is None:
            return
        names = {c.offer.code: plan_name(c.offer) for c in self.plans.choices} if self.plans else {}
        self.payments_table.clearSelection()  # rows move as payments arrive: choose again
        self.payments_table.setRowCount(len(self.history))
        for row, payment in enumerate(self.history):
            cells = [
                when(payment.created_at),
                names.get(payment.plan, payment.plan),
                i18n.tomans(payment.amount_tomans),
                state_text(payment.state),
                reference(payment.ref_id) if payment.ref_id else "",
            ]
            for column, text in enumerate(cells):
                self.payments_table.setItem(row, column, QTableWidgetItem(text))
        if self.history:
            self.payments_message.hint(
                self.tr("Choose a payment and press Details to see what happened and what to do.")
            )
        else:
            self.payments_message.hint(self.tr("No payments yet. Payments made here are listed "
                                               "with their bank reference."))  # fmt: skip

    def _open_payment_row(self, item: QTableWidgetItem) -> None:
        if self.history is not None and item.row() < len(self.history):
            self.show_payment(self.history[item.row()])

    def _selected_payment(self) -> PaymentInfo | None:
        rows = {index.row() for index in self.payments_table.selectionModel().selectedRows()}
        if self.history is None or len(rows) != 1:
            return None
        row = rows.pop()
        return self.history[row] if row < len(self.history) else None

    def _payment_selection_changed(self) -> None:
        self.details_button.setEnabled(self._selected_payment() is not None)

    def _open_selected_payment(self) -> None:
        payment = self._selected_payment()
        if payment is not None:
            self.show_payment(payment)

    def show_payment(self, payment: PaymentInfo) -> None:
        """A past payment: its receipt, or what went wrong and what to do now."""
        self.payment = payment
        if payment.state in FINAL_PAYMENT_STATES:
            self._render_result(payment)
            self.pages.setCurrentIndex(self.RESULT)
        else:
            self._wait(payment)

    # ------------------------------------------------------------------ paying

    def pay(self) -> None:
        offer = self.selected_plan()
        if offer is None:
            return
        self.pay_button.setEnabled(False)
        self.plans_message.hint(self.tr("Starting the payment…"))
        code = offer.code
        run_op(self, lambda: self.service.start_payment(code), self._started, self._start_failed)

    def _start_failed(self, error: BaseException) -> None:
        self._selection_changed()
        self.plans_message.error(i18n.error_text(error))

    def _started(self, payment: PaymentInfo) -> None:
        self._selection_changed()
        self.plans_message.clear_message()
        self.payment = payment
        self._open_pay_page()
        self._wait(payment)

    def _open_pay_page(self) -> None:
        url = self.payment.pay_url if self.payment is not None else None
        if url and not QDesktopServices.openUrl(QUrl(url)):
            self.waiting_message.error(
                self.tr(
                    "The browser could not be opened. Open this address in a browser: %1"
                ).replace("%1", url)
            )

    def _wait(self, payment: PaymentInfo, *, follow: bool = True) -> None:
        """The waiting page; ``follow`` starts asking the server (not for screenshots)."""
        self._generation += 1
        self.payment = payment
        self.waiting_message.clear_message()
        self._render_waiting(payment)
        self.reopen_button.setEnabled(bool(payment.pay_url))
        self.pages.setCurrentIndex(self.WAITING)
        if follow:
            self.poll_timer.start()

    def _render_waiting(self, payment: PaymentInfo) -> None:
        plan, amount = self._plan_label(payment.plan), i18n.tomans(payment.amount_tomans)
        self.waiting_plan.setText(f"{plan}  ·  {amount}")

    def _poll(self) -> None:
        if self.payment is None or self.pages.currentIndex() != self.WAITING:
            return
        generation, payment_id = self._generation, self.payment.payment_id
        run_op(
            self,
            lambda: self.service.payment(payment_id),
            lambda payment: self._polled(generation, payment),
            lambda error: self._poll_failed(generation, error),
        )

    def _polled(self, generation: int, payment: PaymentInfo) -> None:
        if generation != self._generation:
            return  # the owner stopped waiting meanwhile
        self.payment = payment
        self.waiting_message.clear_message()
        if payment.state == "applied":
            self.waiting_message.hint(self.tr("Paid. Renewing the licence…"))
            run_op(self, lambda: self.service.apply(payment), self._renewed, self._apply_failed)
        elif payment.state in FINAL_PAYMENT_STATES:
            self._finished(payment)
        else:
            self.poll_timer.start()

    def _poll_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.waiting_message.error(i18n.error_text(error))
        if isinstance(error, ServerUnreachable):
            self.poll_timer.start()  # the connection may come back while the owner pays

    def stop_waiting(self) -> None:
        """Stop following the payment; it stays in the payments list with its state."""
        self._generation += 1
        self.poll_timer.stop()
        self.show_plans_page()

    def show_plans_page(self) -> None:
        self.poll_timer.stop()
        self.pages.setCurrentIndex(self.PLANS)
        self.load()

    def _renewed(self, renewed: Renewed) -> None:
        self.renewed = renewed
        self.licence_changed.emit(renewed.status)
        self._finished(renewed.payment)

    def _apply_failed(self, error: BaseException) -> None:
        """Paid and applied on the server; only the refresh failed: the next check picks it up."""
        assert self.payment is not None
        self._finished(self.payment)
        self.result_message.error(i18n.error_text(error))

    def _finished(self, payment: PaymentInfo) -> None:
        self.poll_timer.stop()
        self.payment = payment
        self._render_result(payment)
        self.pages.setCurrentIndex(self.RESULT)

    # ------------------------------------------------------------------ result

    def _plan_label(self, code: str) -> str:
        if self.plans is not None:
            for choice in self.plans.choices:
                if choice.offer.code == code:
                    return plan_name(choice.offer)
        return code

    def _render_result(self, payment: PaymentInfo) -> None:
        advice = self.service.advice(payment)
        renewed = advice.outcome is rules.Outcome.RENEWED
        self.result_message.clear_message()
        values = {
            "plan": self.tr("%1 (%2 days)").replace("%1", self._plan_label(payment.plan))
            .replace("%2", i18n.number(payment.days)),
            "amount": i18n.tomans(payment.amount_tomans),
            "time": when(payment.created_at),
            "ref": reference(payment.ref_id),
            "paid_until": i18n.day(rules.tehran_day(payment.paid_until_after))
            if payment.paid_until_after else "",
            "authority": reference(payment.authority),
            "card": f"{LRI}{payment.card_pan}{PDI}" if payment.card_pan else "",
        }  # fmt: skip
        shown = (
            {"plan", "amount", "time", "ref", "paid_until"}
            if renewed
            else {"plan", "amount", "time", "authority", "ref", "card"}
        )
        for key, (label, value) in self.detail_labels.items():
            visible = key in shown and bool(values[key])
            label.setVisible(visible)
            value.setVisible(visible)
            value.setText(paragraph(values[key]))
        if renewed:
            self.result_title.setText(self.tr("Payment received: the licence is renewed"))
            self.result_title.setStyleSheet("color: #1e7d32;")
            self.result_text.setText(self.tr("Thank you. Keep the bank reference for your "
                                             "records."))  # fmt: skip
            self.refund_text.hide()
        elif advice.outcome is rules.Outcome.PROBLEM:
            self.result_title.setText(self.tr("The payment did not go through"))
            self.result_title.setStyleSheet("color: #b3261e;")
            self.result_text.setText(
                i18n.translate("renewal", rules.PROBLEM_TEXT.get(payment.state, ""))
            )
            if advice.send_to_support:
                refund = i18n.translate("renewal", rules.REFUND_OVER_TEXT)
            else:
                assert advice.refund_due is not None
                refund = i18n.translate("renewal", rules.REFUND_WAIT_TEXT).replace(
                    "%1", when(advice.refund_due)
                )
            self.refund_text.setText(refund)
            self.refund_text.show()
        self.send_button.setVisible(advice.send_to_support)
        self.back_button.setVisible(not renewed)

    def _send_to_support(self) -> None:
        if self.payment is not None:
            self.support_requested.emit(self.payment)

    def done(self, result: int) -> None:
        """Closing (also with Escape) stops following the payment; reopening the screen lists
        it, and a payment applied meanwhile renews the licence then."""
        self._generation += 1
        self.poll_timer.stop()
        super().done(result)
