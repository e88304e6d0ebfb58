"""Off-site backups: archives the devices encrypted before upload (the server never holds a key
or plaintext), received in chunks that survive a dropped connection.

The bytes live in files under the server's data folder (``cloud-backups/<licence>/<backup>``);
these rows say what each file is, which chunks of an upload have arrived, and count against
the plan's ``cloud_quota_bytes``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clubdesk.core.ids import new_public_id
from clubdesk_server.models.base import Base, UTCDateTime

CLOUD_BACKUP_STATES = ("uploading", "complete")


class CloudBackup(Base):
    __tablename__ = "cloud_backups"
    __table_args__ = (CheckConstraint("state IN ('uploading', 'complete')", name="state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))  # who uploaded it
    name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    chunk_size: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default="uploading")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)  # upload started
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CloudChunk(Base):
    """One received chunk of an upload (its bytes are in the upload's folder)."""

    __tablename__ = "cloud_chunks"
    __table_args__ = (UniqueConstraint("backup_id", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    backup_id: Mapped[int] = mapped_column(ForeignKey("cloud_backups.id"))
    index: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
