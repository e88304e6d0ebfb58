"""What the server records about running itself: each scheduled job run (one row per job and
scheduled moment, so however many workers are up only one of them runs it), and the terms of
service with each business's acceptance of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clubdesk.core.ids import new_public_id
from clubdesk_server.models.base import Base, UTCDateTime

JOB_OUTCOMES = ("running", "ok", "failed")


class JobRun(Base):
    """A scheduled job's run for one scheduled moment (``slot``). The unique (job, slot) is
    the lock: the worker whose insert succeeds runs it; the others skip it."""

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "slot"),
        CheckConstraint("outcome IN ('running', 'ok', 'failed')", name="outcome"),
        Index("ix_job_runs_job_started_at", "job", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    slot: Mapped[datetime] = mapped_column(UTCDateTime)  # the moment the schedule named
    worker: Mapped[str] = mapped_column(String(120))  # host:pid that ran it
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(12), default="running")
    error: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class TermsVersion(Base):
    """The vendor's terms of service, numbered 1, 2, 3...; the newest one is current."""

    __tablename__ = "terms_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    text_fa: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    summary_fa: Mapped[str] = mapped_column(String(500), default="")  # what changed
    summary_en: Mapped[str] = mapped_column(String(500), default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by: Mapped[str] = mapped_column(String(80))


class TermsAcceptance(Base):
    """A business accepting a version: who (the person the app names), when, from where and
    on which device. Kept as evidence: never updated, never deleted with the licence's data."""

    __tablename__ = "terms_acceptances"
    __table_args__ = (Index("ix_terms_acceptances_business_id_version", "business_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id"))
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("licences.id"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))
    version: Mapped[int] = mapped_column(Integer)
    accepted_by: Mapped[str] = mapped_column(String(120))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source_ip: Mapped[str | None] = mapped_column(String(45))
