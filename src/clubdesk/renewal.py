"""Renewal and support use cases: what the Renew and Support screens (and the CLI) call.

Every method does HTTP, so the UI runs them on a worker (``ui.ops.run_op``). The device token
from the keyring names the licence and its business on the server; the rules (what a plan would
give, the 72-hour refund window) live in ``core.renewal`` so they are testable without a server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from clubdesk.core import renewal as rules
from clubdesk.core.errors import InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.licence import Status
from clubdesk.protocol import PaymentInfo, PlanOffer, TicketInfo, TicketKind, TicketStart

if TYPE_CHECKING:
    from clubdesk.licensing.manager import LicenceManager


@dataclass(frozen=True)
class PlanChoice:
    """A plan on sale and the paid-until it would give this licence if bought now."""

    offer: PlanOffer
    paid_until: datetime


@dataclass(frozen=True)
class Plans:
    choices: list[PlanChoice]
    current_paid_until: datetime | None  # the lease's, before buying anything


@dataclass(frozen=True)
class History:
    """The shop's payments, newest first; ``refreshed`` when one of them was applied on the
    server after this computer's lease was issued (paid while nobody was waiting for it)."""

    payments: list[PaymentInfo]
    refreshed: Status | None = None


@dataclass(frozen=True)
class Renewed:
    """A payment that was applied, with the licence state after the refresh."""

    payment: PaymentInfo
    status: Status


class RenewalService:
    def __init__(self, licence: LicenceManager) -> None:
        self.licence = licence

    # ------------------------------------------------------------------ payments

    def plans(self) -> Plans:
        """Plans on sale, each with the paid-until it would give (from the current lease)."""
        client, _token = self.licence.connection()
        offers = client.plans()
        now = self.licence.clock()
        current = self.licence.paid_until
        choices = [
            PlanChoice(offer, rules.new_paid_until(current, now, offer.days)) for offer in offers
        ]
        return Plans(choices, current)

    def start_payment(self, plan: str) -> PaymentInfo:
        """Ask the server for a payment; the browser goes to its ``pay_url``."""
        client, token = self.licence.connection()
        return client.start_payment(token, plan)

    def payment(self, payment_id: str) -> PaymentInfo:
        """The payment now (the server asks the gateway again while it is pending)."""
        client, token = self.licence.connection()
        return client.payment(token, payment_id)

    def payments(self) -> list[PaymentInfo]:
        client, token = self.licence.connection()
        return client.payments(token)

    def history(self) -> History:
        """The payments list; fetches a fresh lease if a payment extended beyond this one."""
        payments = self.payments()
        current = self.licence.paid_until
        newest = max(
            (p.paid_until_after for p in payments if p.state == "applied" and p.paid_until_after),
            default=None,
        )
        if newest is not None and (current is None or newest > current):
            return History(payments, self.licence.refresh())
        return History(payments)

    def apply(self, payment: PaymentInfo) -> Renewed:
        """The server applied ``payment``: fetch the extended lease so the app unlocks now."""
        return Renewed(payment, self.licence.refresh())

    def advice(self, payment: PaymentInfo) -> rules.Advice:
        return rules.advice(payment.state, payment.created_at, self.licence.clock())

    # ------------------------------------------------------------------- support

    def tickets(self) -> list[TicketInfo]:
        client, token = self.licence.connection()
        return client.tickets(token)

    def unread_replies(self) -> int:
        """Support's replies the shop has not read yet, over all its tickets (listing them
        marks nothing read, so the background check can ask as often as it likes)."""
        return sum(ticket.unread for ticket in self.tickets())

    def ticket(self, ticket_id: str) -> TicketInfo:
        """The conversation; fetching it marks support's replies as read."""
        client, token = self.licence.connection()
        return client.ticket(token, ticket_id)

    def open_ticket(
        self, subject: str, text: str, kind: TicketKind = "general", payment_id: str | None = None
    ) -> TicketInfo:
        try:
            start = TicketStart(
                kind=kind, subject=subject.strip(), text=text.strip(), payment_id=payment_id
            )
        except ValidationError as exc:
            raise TicketIncomplete() from exc
        client, token = self.licence.connection()
        return client.open_ticket(token, start)

    def reply(self, ticket_id: str, text: str) -> TicketInfo:
        if not text.strip():
            raise TicketIncomplete()
        client, token = self.licence.connection()
        return client.reply(token, ticket_id, text.strip())


class TicketIncomplete(InvalidInput):
    code = "TICKET_INCOMPLETE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The subject or the message is empty or too long."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Write a subject of at most 200 letters and a message of at most 5000."
    )
