"""The SMS outbox: every message the server means to send, sent by a job, never twice.

``idempotency_key`` is unique, e.g. ``expiry_reminder:<licence>:<paid_until date>``: a job that
runs twice finds the row and sends nothing new. Recipients are E.164; logs mask them. A sent
message's ``delivery_status`` is asked of the provider for a day after it went out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clubdesk.core.ids import new_public_id
from clubdesk_server.models.base import Base, UTCDateTime

# queued -> sent | failed (will retry at next_attempt_at) -> sent | given_up
SMS_STATES = ("queued", "sent", "failed", "given_up")
# expiry_reminder (10 days before), expiry_day, renewal_receipt, deletion_warning, text
SMS_KINDS = ("expiry_reminder", "expiry_day", "renewal_receipt", "deletion_warning", "text")


class SmsMessage(Base):
    __tablename__ = "sms_outbox"
    __table_args__ = (
        CheckConstraint("state IN (" + ", ".join(f"'{s}'" for s in SMS_STATES) + ")", name="state"),
        Index("ix_sms_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_sms_outbox_state_sent_at", "state", "sent_at"),  # delivery checks, status
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    licence_id: Mapped[int | None] = mapped_column(
        ForeignKey("licences.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    recipient: Mapped[str | None] = mapped_column(String(16))  # E.164; NULL once data deleted
    template: Mapped[str | None] = mapped_column(String(60))  # Kavenegar verify/lookup template
    tokens: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # template tokens
    text: Mapped[str | None] = mapped_column(Text)  # free text (sms/send) and console rendering
    state: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    provider_id: Mapped[str | None] = mapped_column(String(40))  # Kavenegar messageid
    provider_status: Mapped[int | None] = mapped_column(Integer)  # the answer to the last send
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What became of a sent message, as the provider last said (sms/status; the codes are
    # clubdesk_server.sms.sender.DELIVERY_STATUSES: 10 delivered, 11 undelivered, ...).
    delivery_status: Mapped[int | None] = mapped_column(Integer)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first seen delivered
