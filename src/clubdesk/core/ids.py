"""Public ids and time: every record gets a UUIDv7 made on the device, and times are UTC."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import uuid_utils


def new_public_id() -> str:
    """Time-ordered, globally unique: sync can merge devices without renumbering."""
    return str(uuid_utils.uuid7())


def utcnow() -> datetime:
    return datetime.now(UTC)


_DERIVED = uuid.UUID("6f1d7c2e-3b8a-4c55-9a61-0c1d2e3f4a5b")  # ClubDesk's namespace


def derived_id(*parts: str) -> str:
    """The same id on every till for an entry every till would make (a lot's expiry, a
    birthday gift): sync keeps one of them."""
    return str(uuid.uuid5(_DERIVED, ":".join(parts)))
