"""Tables of the shop's database. Every change to them is an Alembic migration.

Integer ids are for joins inside this file only; ``public_id`` (UUIDv7) is what crosses the wire
or appears in exports. The ledger is append-only; the members' ``points``/``visits``/... columns
are caches maintained in the same transaction as the ledger and re-derivable from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite itself keeps naive text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store UTC-aware times only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)  # E.164
    phone_rev: Mapped[str] = mapped_column(String(16), index=True)  # reversed national digits
    first_name: Mapped[str] = mapped_column(String(60), default="")
    last_name: Mapped[str] = mapped_column(String(60), default="")
    name_key: Mapped[str] = mapped_column(String(130), index=True)  # folded "first last"
    name_key_rev: Mapped[str] = mapped_column(String(130), index=True)  # folded "last first"
    birthday: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(12), default="unspecified")
    note: Mapped[str] = mapped_column(Text, default="")
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # reports
    created_by: Mapped[str] = mapped_column(String(60))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Caches of the ledger and purchases, updated in the same transaction.
    points: Mapped[int] = mapped_column(Integer, default=0, index=True)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    total_spent: Mapped[int] = mapped_column(Integer, default=0)
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The programme (issue 7): level by spend (a cache re-derived by the level rules), wallet
    # credit in tomans (a cache of the credit lots, including credit not usable yet), the
    # wedding anniversary for occasions, and who referred the member (a member public id).
    level: Mapped[str] = mapped_column(
        String(20), default="", server_default=text("''"), index=True
    )
    credit: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    anniversary: Mapped[date | None] = mapped_column(Date)
    referred_by: Mapped[str | None] = mapped_column(String(36))


class Purchase(Base):
    __tablename__ = "purchases"
    __table_args__ = (
        Index("ix_purchases_member_id_created_at", "member_id", "created_at"),
        Index(  # reports: a period's sums read only this index (migration 0004)
            "ix_purchases_created_at_report",
            "created_at", "member_id", "amount", "discount", "points_earned", "reverses_id",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    amount: Mapped[int] = mapped_column(Integer)  # whole tomans
    points_earned: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(60))
    # Part of ``amount`` paid with a reward or wallet credit (tomans); points are earned on
    # the rest. A reversal is a row of its own with the negated figures and ``reverses_id``.
    discount: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reverses_id: Mapped[int | None] = mapped_column(Integer, index=True)  # purchases.id


class LedgerEntry(Base):
    """One change of a member's points; never updated or deleted."""

    __tablename__ = "ledger"
    __table_args__ = (
        Index("ix_ledger_member_id_id", "member_id", "id"),
        Index("ix_ledger_expires_at", "expires_at"),  # the expiry job finds due lots
        Index("ix_ledger_created_at_report", "created_at", "unit", "kind", "points"),  # reports
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(10))  # core.points.LedgerKind
    points: Mapped[int] = mapped_column(Integer)  # signed; tomans when unit is "credit"
    unit: Mapped[str] = mapped_column(String(6), default="points", server_default="points")
    available_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # credit usable from
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(60))


class LotAllocation(Base):
    """Which earning lots a redeem (or expiry) used, oldest first."""

    __tablename__ = "lot_allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("ledger.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)


class User(Base):
    """A person at the till: the owner or a cashier, each with a PIN (hashed)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(10))  # core.roles.Role
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SmsCampaign(Base):
    """A message sent to a segment of members, with the count and cost shown before sending."""

    __tablename__ = "sms_campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    template: Mapped[str] = mapped_column(Text)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[int] = mapped_column(Integer, default=0)  # estimated, rials
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(60))


class SmsMessage(Base):
    """One SMS to one member: queued until sent once, then its delivery status."""

    __tablename__ = "sms_messages"
    __table_args__ = (Index("ix_sms_messages_status_next_try_at", "status", "next_try_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("sms_campaigns.id"), index=True)
    phone: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(10))  # "service" or "marketing"
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(14))  # queued, sending, sent, delivered, ...
    provider_id: Mapped[str | None] = mapped_column(String(40))
    cost: Mapped[int] = mapped_column(Integer, default=0)  # rials, as the provider reports
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Who changed what and when, with old -> new values."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity_id_at", "entity_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    """Shop settings live in the database so that backups and sync carry them."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(60))


# --- cloud sync (issue 6) ------------------------------------------------------------------


class SyncOutbox(Base):
    """This device's changes not yet acknowledged by the server, in the order they were made
    (the order is causal: a member's registration before its purchases, a lot before its
    redeem). Acknowledged rows are deleted."""

    __tablename__ = "sync_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    device: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))
    member: Mapped[str] = mapped_column(String(36))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class SyncParked(Base):
    """A pulled change that cannot apply yet (its member or lot has not arrived): retried after
    every pull, so no change is ever dropped."""

    __tablename__ = "sync_parked"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    change: Mapped[dict[str, Any]] = mapped_column(JSON)


class MemberClock(Base):
    """The hybrid-clock stamp of each member field's current value: per-field last writer wins."""

    __tablename__ = "member_clocks"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    clocks: Mapped[dict[str, str]] = mapped_column(JSON)


class MemberAlias(Base):
    """A member id that became another (the same phone registered on two counters)."""

    __tablename__ = "member_aliases"

    alias: Mapped[str] = mapped_column(String(36), primary_key=True)
    into: Mapped[str] = mapped_column(String(36), index=True)


class SyncFlag(Base):
    """Something a merge produced that the owner should look at (a redeem that overdrew)."""

    __tablename__ = "sync_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    member: Mapped[str] = mapped_column(String(36), index=True)
    entry: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncState(Base):
    """This device's sync bookkeeping (on/off, device id, clock, cursor, last sync)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
