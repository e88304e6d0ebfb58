"""'Now' for the whole server: read at the moment it is needed, never cached.

Tests move time with time-machine; calling ``datetime.now(UTC)`` on every request is what makes
the server follow them.
"""

from __future__ import annotations

from datetime import UTC, datetime


def clock() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """A stored moment as the JSON answers and the CLI show it (None stays None)."""
    return value.isoformat() if value is not None else None
