"""Plans the vendor sells and the payments that renew licences.

Money is whole tomans with its unit stored beside it (``unit``); rials exist only on the
Zarinpal wire. A payment's ``authority`` (the gateway's id for it) is unique: one verification
and one extension per authority, however often the callback arrives.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clubdesk.core.ids import new_public_id
from clubdesk_server.models.base import Base, UTCDateTime
from clubdesk_server.models.licensing import Licence

# pending -> paid (verified) -> applied; or failed / cancelled / amount_mismatch /
# expired_unverified. Only "pending" and "paid" ever change again.
PAYMENT_STATES = (
    "pending",
    "paid",
    "applied",
    "failed",
    "cancelled",
    "amount_mismatch",
    "expired_unverified",
)
TOMAN = "IRT"  # the unit every stored amount is in
DEFAULT_CLOUD_QUOTA = 1 << 30


class Plan(Base):
    """A licence package on sale: its length, price and device limit. Retired plans stay."""

    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("days >= 1", name="days"),
        CheckConstraint("price > 0", name="price"),
        CheckConstraint("device_limit >= 1", name="device_limit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # "yearly", shown in leases
    name_fa: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    days: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(Integer)  # whole tomans
    unit: Mapped[str] = mapped_column(String(3), default=TOMAN)
    device_limit: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Off-site backup storage the plan includes (issue 6); 1 GiB unless the vendor sets it.
    cloud_quota_bytes: Mapped[int] = mapped_column(
        BigInteger, default=DEFAULT_CLOUD_QUOTA, server_default=text(str(DEFAULT_CLOUD_QUOTA))
    )


class Payment(Base):
    """One attempt to pay for a plan. The plan's days and price are copied at the start."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(
            "state IN (" + ", ".join(f"'{s}'" for s in PAYMENT_STATES) + ")", name="state"
        ),
        CheckConstraint("amount > 0", name="amount"),
        Index("ix_payments_state_created_at", "state", "created_at"),
        Index("ix_payments_licence_id_created_at", "licence_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="SET NULL"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    plan_code: Mapped[str] = mapped_column(String(40))
    days: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)  # whole tomans, from our own plan record
    unit: Mapped[str] = mapped_column(String(3), default=TOMAN)
    gateway: Mapped[str] = mapped_column(String(20))  # "zarinpal" or "sandbox"
    # The gateway's id for this payment; NULL only until the gateway has answered the request.
    authority: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Where the gateway said to send the payer's browser (shown only while pending).
    pay_url: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    gateway_code: Mapped[int | None] = mapped_column(Integer)  # the last code the gateway gave
    ref_id: Mapped[str | None] = mapped_column(String(40))  # bank reference once verified
    card_pan: Mapped[str | None] = mapped_column(String(24))  # masked by the gateway
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_until_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_until_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verify_attempts: Mapped[int] = mapped_column(Integer, default=0)
    source_ip: Mapped[str | None] = mapped_column(String(45))

    licence: Mapped[Licence] = relationship()
    plan: Mapped[Plan] = relationship()


class SandboxPayment(Base):
    """The sandbox gateway's own side of a payment (what a bank would hold), for demos."""

    __tablename__ = "sandbox_payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority: Mapped[str] = mapped_column(String(64), unique=True)
    amount_rials: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(255))
    callback_url: Mapped[str] = mapped_column(String(500))
    # "waiting" until the payer chooses; then "paid" or "cancelled".
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    ref_id: Mapped[str | None] = mapped_column(String(40))
    card_pan: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
