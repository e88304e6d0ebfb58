"""Cloud sync: each licence's change log, in the order the server stored it.

The server does not interpret a change (the devices merge them); it keeps each licence's
changes apart, stores a change once however often it is pushed (``change_id``), and numbers
them per licence without gaps (``seq``, from the licence's ``SyncHead`` row, which a push locks
so that two pushes of one licence never interleave and a pull never skips a change still being
committed).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clubdesk_server.models.base import Base, UTCDateTime

# SQLite autoincrements only an INTEGER PRIMARY KEY; PostgreSQL gets 64 bits.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class SyncHead(Base):
    """The newest sequence number of a licence's change log."""

    __tablename__ = "sync_heads"

    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncChangeRow(Base):
    """One stored change (``clubdesk.protocol.SyncChange``) of one licence."""

    __tablename__ = "sync_changes"
    __table_args__ = (
        UniqueConstraint("licence_id", "seq"),
        UniqueConstraint("licence_id", "change_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    change_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), index=True)  # who pushed
    device: Mapped[str] = mapped_column(String(64))  # the device id the change names
    hlc: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))
    member: Mapped[str] = mapped_column(String(36))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
