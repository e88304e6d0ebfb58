"""Public ids and time: every record gets a UUIDv7 made on the device, and times are UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import uuid_utils


def new_public_id() -> str:
    """Time-ordered, globally unique: sync can merge devices without renumbering."""
    return str(uuid_utils.uuid7())


def utcnow() -> datetime:
    return datetime.now(UTC)
