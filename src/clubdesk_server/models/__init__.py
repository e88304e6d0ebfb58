"""The vendor's tables, one module per area; import them from here."""

from clubdesk_server.models.base import NAMING, Base, UTCDateTime
from clubdesk_server.models.licensing import (
    STATUSES,
    AuditEntry,
    Business,
    Device,
    LeaseRecord,
    Licence,
)
from clubdesk_server.models.payments import (
    PAYMENT_STATES,
    TOMAN,
    Payment,
    Plan,
    SandboxPayment,
)
from clubdesk_server.models.sms import SMS_KINDS, SMS_STATES, SmsMessage
from clubdesk_server.models.support import (
    TICKET_KINDS,
    TICKET_STATES,
    Communication,
    Ticket,
    TicketMessage,
)

__all__ = [
    "NAMING",
    "PAYMENT_STATES",
    "SMS_KINDS",
    "SMS_STATES",
    "STATUSES",
    "TICKET_KINDS",
    "TICKET_STATES",
    "TOMAN",
    "AuditEntry",
    "Base",
    "Business",
    "Communication",
    "Device",
    "LeaseRecord",
    "Licence",
    "Payment",
    "Plan",
    "SandboxPayment",
    "SmsMessage",
    "Ticket",
    "TicketMessage",
    "UTCDateTime",
]
