"""Shop settings, stored in the database so that backups and sync carry them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from clubdesk.storage.models import Setting


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def put(session: Session, key: str, value: Any, actor: str, now: datetime) -> Any:
    """Store ``value``; returns the previous value (for the audit log)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=now, updated_by=actor))
        return None
    previous = row.value
    row.value, row.updated_at, row.updated_by = value, now, actor
    return previous
