"""The Support screen: the shop's tickets, each conversation, replies, and new tickets.

Reachable from the lock screen too (support is one of the three things a locked app allows), so
it shows nothing of the shop's members. A payment ticket carries the payment's details, shown
read-only: the server attaches them from the payment itself, so support sees what the bank saw.
"""

from __future__ import annotations

import html
import time
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.i18n import QT_TRANSLATE_NOOP, Lang
from clubdesk.core.renewal import tehran_day
from clubdesk.protocol import PaymentInfo, TicketInfo
from clubdesk.ui import i18n
from clubdesk.ui.ops import run_op
from clubdesk.ui.renew import reference, when
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading

if TYPE_CHECKING:
    from clubdesk.renewal import RenewalService

KINDS = {
    "general": QT_TRANSLATE_NOOP("support", "A question or a problem"),
    "payment": QT_TRANSLATE_NOOP("support", "A payment"),
    "delist": QT_TRANSLATE_NOOP("support", "Remove my shop from the public customer list"),
}
STATES = {
    "open": QT_TRANSLATE_NOOP("support", "Waiting for support"),
    "answered": QT_TRANSLATE_NOOP("support", "Answered"),
    "closed": QT_TRANSLATE_NOOP("support", "Closed"),
}


def _tr(text: str) -> str:
    return i18n.translate("support", text)


class SupportDialog(Retranslating, QDialog):
    """``unread_changed(unread, asked_at)`` whenever the list's unread count may have changed,
    so the window's "new reply" indicator follows what the owner reads here; ``asked_at`` is
    when the list was fetched (``time.monotonic``), so the window can tell which is newer."""

    unread_changed = Signal(int, float)

    EMPTY, CONVERSATION, NEW = range(3)

    def __init__(self, service: RenewalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supportDialog")
        self.service = service
        self.tickets: list[TicketInfo] | None = None
        self.current: TicketInfo | None = None
        self.payment: PaymentInfo | None = None  # attached to the new ticket being written
        self.loaded_at = 0.0  # when the shown list was asked for
        self._open_unread = False

        self.list_title = heading(size=14)
        self.ticket_list = QListWidget(objectName="ticketList")
        self.ticket_list.itemClicked.connect(self._ticket_clicked)
        self.ticket_list.itemActivated.connect(self._ticket_clicked)
        self.list_message = MessageLabel()
        self.list_message.setObjectName("ticketListMessage")
        self.new_button = QPushButton(objectName="newTicket")
        self.new_button.clicked.connect(lambda: self.new_ticket())
        self.refresh_button = QPushButton(objectName="refreshTickets")
        self.refresh_button.clicked.connect(self.load)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.refresh_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list_title)
        left_layout.addWidget(self.ticket_list, 1)
        left_layout.addWidget(self.list_message)
        left_layout.addLayout(list_buttons)

        self.pages = QStackedWidget(objectName="supportPages")
        self.pages.addWidget(self._build_empty_page())
        self.pages.addWidget(self._build_conversation_page())
        self.pages.addWidget(self._build_new_page())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        self.close_button = QPushButton(objectName="close")
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+N"), self, lambda: self.new_ticket())
        self.resize(940, 620)
        self.retranslate()

    def _build_empty_page(self) -> QWidget:
        page = QWidget(objectName="supportEmpty")
        self.empty_text = QLabel(objectName="supportEmptyText")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(page)
        layout.addWidget(self.empty_text)
        return page

    def _build_conversation_page(self) -> QWidget:
        page = QWidget(objectName="conversationPage")
        self.subject = heading(size=14)
        self.subject.setObjectName("ticketSubject")
        self.subject.setWordWrap(True)
        self.ticket_state = QLabel(objectName="ticketState")
        self.ticket_payment = QLabel(objectName="ticketPayment")
        self.ticket_payment.setWordWrap(True)
        self.ticket_payment.setStyleSheet("color: #5f6368;")
        self.conversation = QTextBrowser(objectName="conversation")
        self.conversation.setOpenLinks(False)
        self.reply_box = QPlainTextEdit(objectName="replyBox")
        self.reply_box.setFixedHeight(90)
        self.reply_button = QPushButton(objectName="sendReply")
        self.reply_button.clicked.connect(self.send_reply)
        self.reply_message = MessageLabel()
        self.reply_message.setObjectName("replyMessage")
        reply_row = QHBoxLayout()
        reply_row.addWidget(self.reply_message, 1)
        reply_row.addStretch(0)
        reply_row.addWidget(self.reply_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.subject)
        layout.addWidget(self.ticket_state)
        layout.addWidget(self.ticket_payment)
        layout.addWidget(self.conversation, 1)
        layout.addWidget(self.reply_box)
        layout.addLayout(reply_row)
        return page

    def _build_new_page(self) -> QWidget:
        page = QWidget(objectName="newTicketPage")
        self.new_title = heading(size=14)
        self.kind = QComboBox(objectName="ticketKind")
        for code in KINDS:
            self.kind.addItem("", code)
        self.new_subject = QLineEdit(objectName="ticketSubjectInput")
        self.new_subject.setMaxLength(200)
        self.new_text = QPlainTextEdit(objectName="ticketText")
        self.payment_box = QGroupBox(objectName="paymentDetails")
        self.payment_details = QLabel(objectName="paymentDetailsText")
        self.payment_details.setWordWrap(True)
        self.payment_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(self.payment_box).addWidget(self.payment_details)
        self.payment_box.hide()
        self.kind_label, self.subject_label, self.text_label = QLabel(), QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.subject_label, self.new_subject)
        form.addRow(self.text_label, self.new_text)
        self.new_message = MessageLabel()
        self.new_message.setObjectName("newTicketMessage")
        self.send_button = QPushButton(objectName="sendTicket")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send_ticket)
        self.cancel_button = QPushButton(objectName="cancelTicket")
        self.cancel_button.clicked.connect(self._cancel_new)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_message, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.new_title)
        layout.addLayout(form, 1)
        layout.addWidget(self.payment_box)
        layout.addLayout(buttons)
        return page

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Support"))
        self.list_title.setText(self.tr("Your tickets"))
        self.new_button.setText(self.tr("New ticket (Ctrl+N)"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.close_button.setText(self.tr("Close"))
        self.empty_text.setText(
            self.tr("Choose a ticket to read the conversation, or write to support with "
                    "New ticket. Support answers here, usually within one working day.")
        )  # fmt: skip
        self.reply_box.setPlaceholderText(self.tr("Write a reply…"))
        self.reply_button.setText(self.tr("Send reply"))
        self.new_title.setText(self.tr("New ticket"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, _tr(KINDS[self.kind.itemData(index)]))
        self.kind_label.setText(self.tr("About"))
        self.subject_label.setText(self.tr("Subject"))
        self.text_label.setText(self.tr("Message"))
        self.new_text.setPlaceholderText(
            self.tr("Describe what happened and what you expected. Never write passwords here.")
        )
        self.payment_box.setTitle(self.tr("Payment details sent with the ticket"))
        self.send_button.setText(self.tr("Send"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._render_list()
        if self.current is not None:
            self._render_ticket(self.current)
        if self.payment is not None:
            self.payment_details.setText(self._payment_text(self.payment))

    # ------------------------------------------------------------------ list

    def load(self, *, open_unread: bool = False) -> None:
        """Fetch the list; with ``open_unread``, then open the latest ticket with a new reply
        (the owner came from the "new reply" indicator to read it, not to pick from a list)."""
        self.list_message.hint(self.tr("Loading the tickets…"))
        self._open_unread = open_unread
        asked_at = time.monotonic()
        run_op(
            self,
            lambda: self.service.tickets(),
            lambda tickets: self.show_tickets(tickets, asked_at),
            self._list_failed,
        )

    def show_tickets(self, tickets: list[TicketInfo], asked_at: float = 0.0) -> None:
        self.tickets = tickets
        self.loaded_at = asked_at
        self.list_message.clear_message()
        self._render_list()
        self._report_unread()
        unread = next((t for t in tickets if t.unread), None)
        if self._open_unread and unread is not None:
            self.open_ticket(unread.ticket_id)
        self._open_unread = False

    def _report_unread(self) -> None:
        if self.tickets is not None:
            self.unread_changed.emit(sum(t.unread for t in self.tickets), self.loaded_at)

    def _list_failed(self, error: BaseException) -> None:
        self.list_message.error(i18n.error_text(error))

    def _render_list(self) -> None:
        if self.tickets is None:
            return
        chosen = self.current.ticket_id if self.current is not None else None
        self.ticket_list.clear()
        for ticket in self.tickets:
            item = QListWidgetItem(self._item_text(ticket))
            item.setData(Qt.ItemDataRole.UserRole, ticket.ticket_id)
            if ticket.unread:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.ticket_list.addItem(item)
            if ticket.ticket_id == chosen:
                item.setSelected(True)
        if not self.tickets:
            self.list_message.hint(self.tr("No tickets yet. Press New ticket to write to support."))

    def _item_text(self, ticket: TicketInfo) -> str:
        parts = [_tr(STATES.get(ticket.state, ticket.state)), when(ticket.updated_at)]
        if ticket.unread:
            parts.insert(0, self.tr("%1 new").replace("%1", i18n.number(ticket.unread)))
        return f"{ticket.subject}\n" + "  ·  ".join(parts)

    def unread(self, ticket_id: str) -> int:
        for ticket in self.tickets or []:
            if ticket.ticket_id == ticket_id:
                return ticket.unread
        raise KeyError(ticket_id)

    # ---------------------------------------------------------------- conversation

    def _ticket_clicked(self, item: QListWidgetItem) -> None:
        self.open_ticket(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_ticket(self, ticket_id: str) -> None:
        self.reply_message.hint(self.tr("Loading…"))
        run_op(self, lambda: self.service.ticket(ticket_id), self.show_ticket, self._reply_failed)

    def show_ticket(self, ticket: TicketInfo) -> None:
        """Show one conversation; the server has now marked support's replies read."""
        self.current = ticket
        self.reply_message.clear_message()
        if self.tickets is not None:
            read = ticket.model_copy(update={"unread": 0})
            others = [t for t in self.tickets if t.ticket_id != ticket.ticket_id]
            self.tickets = sorted([read, *others], key=lambda t: t.updated_at, reverse=True)
            self._render_list()
            self._report_unread()
        self._render_ticket(ticket)
        self.pages.setCurrentIndex(self.CONVERSATION)

    def _render_ticket(self, ticket: TicketInfo) -> None:
        self.subject.setText(ticket.subject)
        self.ticket_state.setText(
            f"{_tr(KINDS.get(ticket.kind, ticket.kind))}  ·  "
            f"{_tr(STATES.get(ticket.state, ticket.state))}"
        )
        details = ticket.payment or {}
        self.ticket_payment.setVisible(bool(details))
        if details:
            self.ticket_payment.setText(self._details_text(details))
        rtl = i18n.current() is Lang.FA
        blocks = []
        for message in ticket.messages:
            ours = message.author == "shop"
            who = self.tr("You") if ours else self.tr("Support")
            colour = "#e8f0fe" if ours else "#e6f4ea"
            indent = "margin-left: 60px;" if ours != rtl else "margin-right: 60px;"
            body = html.escape(message.text).replace("\n", "<br>")
            blocks.append(
                f'<p dir="{"rtl" if rtl else "ltr"}" style="background-color: {colour}; '
                f'{indent} margin-bottom: 8px;"><b>{html.escape(who)}</b>'
                f' <span style="color: #5f6368;">{html.escape(when(message.at))}</span>'
                f"<br>{body}</p>"
            )
        self.conversation.setHtml("".join(blocks))
        self.reply_box.setEnabled(ticket.state != "closed")
        self.reply_button.setEnabled(ticket.state != "closed")

    def send_reply(self) -> None:
        if self.current is None:
            return
        text = self.reply_box.toPlainText().strip()
        if not text:
            self.reply_message.error(self.tr("Write a reply first."))
            return
        ticket_id = self.current.ticket_id
        self.reply_button.setEnabled(False)
        self.reply_message.hint(self.tr("Sending…"))
        run_op(self, lambda: self.service.reply(ticket_id, text), self._replied, self._reply_failed)

    def _replied(self, ticket: TicketInfo) -> None:
        self.reply_box.clear()
        self.reply_button.setEnabled(True)
        self.show_ticket(ticket)

    def _reply_failed(self, error: BaseException) -> None:
        self.reply_button.setEnabled(True)
        self.reply_message.error(i18n.error_text(error))

    # ---------------------------------------------------------------- new ticket

    def new_ticket(self, payment: PaymentInfo | None = None) -> None:
        """The new-ticket form; with ``payment``, a payment ticket carrying its details."""
        self.payment = payment
        self.new_message.clear_message()
        self.new_subject.clear()
        self.new_text.clear()
        self.kind.setEnabled(payment is None)
        self.payment_box.setVisible(payment is not None)
        if payment is not None:
            self.kind.setCurrentIndex(self.kind.findData("payment"))
            self.new_subject.setText(
                self.tr("Payment of %1 on %2 did not renew the licence")
                .replace("%1", i18n.tomans(payment.amount_tomans))
                .replace("%2", i18n.day(tehran_day(payment.created_at)))
            )
            self.new_subject.setCursorPosition(0)  # its start, not its end, in view
            self.new_text.setPlainText(
                self.tr("Money was taken from my account for this payment, the licence was not "
                        "renewed, and the money has not come back after 72 hours. Please check "
                        "this payment.")
            )  # fmt: skip
            self.payment_details.setText(self._payment_text(payment))
        else:
            self.kind.setCurrentIndex(0)
        self.pages.setCurrentIndex(self.NEW)
        self.new_subject.setFocus()

    def _payment_text(self, payment: PaymentInfo) -> str:
        return self._details_text(
            {
                "amount_tomans": payment.amount_tomans,
                "at": payment.created_at,
                "authority": payment.authority,
                "ref_id": payment.ref_id,
                "card_pan": payment.card_pan,
            }
        )

    def _details_text(self, details: dict[str, object]) -> str:
        lines = []
        amount = details.get("amount_tomans")
        if isinstance(amount, int):
            lines.append(self.tr("Amount: %1").replace("%1", i18n.tomans(amount)))
        at = details.get("at")
        if at:
            moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            lines.append(self.tr("Time: %1").replace("%1", when(moment)))
        if details.get("authority"):
            lines.append(
                self.tr("Payment id at the bank: %1").replace(
                    "%1", reference(str(details["authority"]))
                )
            )
        if details.get("ref_id"):
            lines.append(
                self.tr("Bank reference: %1").replace("%1", reference(str(details["ref_id"])))
            )
        if details.get("card_pan"):
            lines.append(self.tr("Card: %1").replace("%1", reference(str(details["card_pan"]))))
        return "\n".join(lines)

    def send_ticket(self) -> None:
        subject = self.new_subject.text().strip()
        text = self.new_text.toPlainText().strip()
        if not subject or not text:
            self.new_message.error(self.tr("Write a subject and a message."))
            return
        kind = str(self.kind.currentData())
        payment_id = self.payment.payment_id if self.payment is not None else None
        self.send_button.setEnabled(False)
        self.new_message.hint(self.tr("Sending…"))
        run_op(
            self,
            lambda: self.service.open_ticket(subject, text, kind, payment_id),  # type: ignore[arg-type]
            self._opened,
            self._open_failed,
        )

    def _opened(self, ticket: TicketInfo) -> None:
        self.send_button.setEnabled(True)
        self.payment = None
        self.tickets = [ticket, *(self.tickets or [])]
        self.show_ticket(ticket)

    def _open_failed(self, error: BaseException) -> None:
        self.send_button.setEnabled(True)
        self.new_message.error(i18n.error_text(error))

    def _cancel_new(self) -> None:
        self.payment = None
        self.pages.setCurrentIndex(self.CONVERSATION if self.current is not None else self.EMPTY)
