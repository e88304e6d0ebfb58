"""SMS a shop sends to its own members through the vendor's line, paid from a per-licence
credit in rials. A send is recorded per (licence, key): the device's message id, so a batch
sent again after a timeout is answered from here and never sent twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clubdesk_server.models.base import Base, UTCDateTime

# sending (credit reserved, provider asked) -> sent | failed (refunded)
MEMBER_SMS_STATES = ("sending", "sent", "failed")


class MemberSmsAccount(Base):
    __tablename__ = "member_sms_accounts"

    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), primary_key=True)
    credit: Mapped[int] = mapped_column(BigInteger, default=0)  # rials
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MemberSmsSend(Base):
    __tablename__ = "member_sms_sends"
    __table_args__ = (UniqueConstraint("licence_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    key: Mapped[str] = mapped_column(String(36))  # the device's message public id
    # Masked ('+98912***6789'): enough for support, and the shop's customers' numbers are not
    # kept by the vendor after the message went out.
    recipient: Mapped[str] = mapped_column(String(16))
    parts: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(BigInteger)  # rials charged (0 once refunded)
    state: Mapped[str] = mapped_column(String(12))
    provider_id: Mapped[str | None] = mapped_column(String(40), index=True)
    error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
