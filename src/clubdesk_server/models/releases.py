"""App releases per platform and the vendor's news (the terms: updates are announced in news).

A release names its installer by URL and SHA-256: the app downloads it from wherever the vendor
hosts it and installs only a file with that hash. A withdrawn release or news item stays as
history but is no longer served.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clubdesk.core.ids import new_public_id
from clubdesk.protocol import PLATFORMS
from clubdesk_server.models.base import Base, UTCDateTime

NEWS_KINDS = ("news", "release")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Release(Base):
    __tablename__ = "releases"
    __table_args__ = (
        CheckConstraint(_one_of("platform", PLATFORMS), name="platform"),
        # A version number names one file for good: a fixed installer is a new version.
        UniqueConstraint("platform", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    platform: Mapped[str] = mapped_column(String(12))
    version: Mapped[str] = mapped_column(String(40))
    notes_fa: Mapped[str] = mapped_column(Text)
    notes_en: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    min_supported: Mapped[str] = mapped_column(String(40))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_by: Mapped[str] = mapped_column(String(80))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NewsItem(Base):
    __tablename__ = "news"
    __table_args__ = (CheckConstraint(_one_of("kind", NEWS_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_public_id)
    kind: Mapped[str] = mapped_column(String(12), default="news")
    title_fa: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    body_fa: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    published_by: Mapped[str] = mapped_column(String(80))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    release: Mapped[Release | None] = relationship()
