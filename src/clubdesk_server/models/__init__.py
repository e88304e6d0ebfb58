"""The vendor's tables, one module per area; import them from here."""

from clubdesk_server.models.base import NAMING, Base, UTCDateTime
from clubdesk_server.models.cloud import CLOUD_BACKUP_STATES, CloudBackup, CloudChunk
from clubdesk_server.models.licensing import (
    STATUSES,
    AuditEntry,
    Business,
    Device,
    LeaseRecord,
    Licence,
)
from clubdesk_server.models.member_sms import (
    MEMBER_SMS_STATES,
    MemberSmsAccount,
    MemberSmsSend,
)
from clubdesk_server.models.operations import (
    JOB_OUTCOMES,
    JobRun,
    TermsAcceptance,
    TermsVersion,
)
from clubdesk_server.models.payments import (
    DEFAULT_CLOUD_QUOTA,
    PAYMENT_STATES,
    TOMAN,
    Payment,
    Plan,
    SandboxPayment,
)
from clubdesk_server.models.releases import NEWS_KINDS, NewsItem, Release
from clubdesk_server.models.sms import SMS_KINDS, SMS_STATES, SmsMessage
from clubdesk_server.models.support import (
    TICKET_KINDS,
    TICKET_STATES,
    Communication,
    Ticket,
    TicketMessage,
)
from clubdesk_server.models.sync import SyncChangeRow, SyncHead

__all__ = [
    "CLOUD_BACKUP_STATES",
    "DEFAULT_CLOUD_QUOTA",
    "JOB_OUTCOMES",
    "MEMBER_SMS_STATES",
    "NAMING",
    "NEWS_KINDS",
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
    "CloudBackup",
    "CloudChunk",
    "Communication",
    "Device",
    "JobRun",
    "LeaseRecord",
    "Licence",
    "MemberSmsAccount",
    "MemberSmsSend",
    "NewsItem",
    "Payment",
    "Plan",
    "Release",
    "SandboxPayment",
    "SmsMessage",
    "SyncChangeRow",
    "SyncHead",
    "TermsAcceptance",
    "TermsVersion",
    "Ticket",
    "TicketMessage",
    "UTCDateTime",
]
