"""Licences: businesses, licences, device activations, leases and the audit log.

Secrets are never stored: a licence key and a device's bearer token are kept as SHA-256 hashes
(plus the key's first group, so support can tell keys apart). Integer ids join rows inside this
database; ``public_id`` (UUIDv7) is what the API, the CLI and leases show.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clubdesk.core.ids import new_public_id
from clubdesk_server.models.base import Base, UTCDateTime

STATUSES = ("active", "suspended", "revoked")


class Business(Base):
    """Who holds a licence. A licence is never moved to another business."""

    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))  # legal name, or the person's name
    # National ID (code melli) of a person, or the company's national ID / registration number.
    national_id: Mapped[str | None] = mapped_column(String(20), index=True)
    owner_name: Mapped[str] = mapped_column(String(120), default="")
    mobile: Mapped[str] = mapped_column(String(16), index=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    is_legal_entity: Mapped[bool] = mapped_column(Boolean, default=False)
    listed_publicly: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    licences: Mapped[list[Licence]] = relationship(back_populates="business")


class Licence(Base):
    __tablename__ = "licences"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended', 'revoked')", name="status"),
        CheckConstraint("device_limit >= 1", name="device_limit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex of the key
    key_prefix: Mapped[str] = mapped_column(String(12))  # "CD-7KQ2M": enough for support
    plan: Mapped[str] = mapped_column(String(40))
    paid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    device_limit: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # After-expiry deletion (the terms: data may be deleted a month after expiry). ``data_hold``
    # (admin hold) keeps it; ``data_deleted_at`` says when the vendor-held data was removed.
    data_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    data_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    business: Mapped[Business] = relationship(back_populates="licences")
    devices: Mapped[list[Device]] = relationship(back_populates="licence")


class Device(Base):
    """One activation slot: a device fingerprint on a licence. Released slots stay as history."""

    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("licence_id", "fingerprint_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    # protocol.fingerprint_hash; indexed for the one-trial-per-computer check
    fingerprint_hash: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(80))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_ip: Mapped[str | None] = mapped_column(String(45))
    # SHA-256 hex of the current bearer token; NULL once released.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    licence: Mapped[Licence] = relationship(back_populates="devices")


class LeaseRecord(Base):
    """Every lease the server signed."""

    __tablename__ = "leases"
    __table_args__ = (Index("ix_leases_device_id_issued_at", "device_id", "issued_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lease_id: Mapped[str] = mapped_column(String(36), unique=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    refresh_by: Mapped[datetime] = mapped_column(UTCDateTime)
    grace_until: Mapped[datetime] = mapped_column(UTCDateTime)
    paid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12))
    key_id: Mapped[str] = mapped_column(String(16))


class AuditEntry(Base):
    """Every admin and client action, successful or not, with who and from where."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_licence_id_at", "licence_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(80))  # "admin:alice", "device:<public id>", ...
    action: Mapped[str] = mapped_column(String(40))  # "activate", "refresh", "admin.revoke", ...
    outcome: Mapped[str] = mapped_column(String(40))  # "ok" or the error code
    source_ip: Mapped[str | None] = mapped_column(String(45))
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("licences.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
