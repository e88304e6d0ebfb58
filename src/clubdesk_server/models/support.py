"""Support tickets, their messages, and the communications log kept per business."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clubdesk.core.ids import new_public_id
from clubdesk_server.models.base import Base, UTCDateTime

TICKET_KINDS = ("general", "payment", "delist")  # delist: leave the public customer list
TICKET_STATES = ("open", "answered", "closed")


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in TICKET_KINDS) + ")", name="kind"),
        CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in TICKET_STATES) + ")", name="state"
        ),
        Index("ix_tickets_state_updated_at", "state", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("licences.id"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(12), default="general")
    subject: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(12), default="open")
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    # The payment as the shop saw it when it wrote (amount, time, authority, ref id, card).
    payment_details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # e.g. delisting approved

    messages: Mapped[list[TicketMessage]] = relationship(
        back_populates="ticket", order_by="TicketMessage.id", cascade="all, delete-orphan"
    )


class TicketMessage(Base):
    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(80))  # "shop" or "support:<name>"
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_by_shop_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship(back_populates="messages")


class Communication(Base):
    """The communications log: one summary line per conversation or message with a business."""

    __tablename__ = "communications"
    __table_args__ = (Index("ix_communications_business_id_at", "business_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(12))  # "ticket", "sms", "phone", "email"
    direction: Mapped[str] = mapped_column(String(4))  # "in" (from the shop) or "out"
    summary: Mapped[str] = mapped_column(String(500))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
