"""Shop settings, stored in the database so that backups and sync carry them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clubdesk.storage.models import Setting


def get(session: Session, key: str, default: Any = None) -> Any:
    value = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return default if value is None else value


def put(session: Session, key: str, value: Any, actor: str, now: datetime) -> Any:
    """Store ``value``; returns the previous value (for the audit log)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_at=now, updated_by=actor))
        return None
    previous = row.value
    row.value, row.updated_at, row.updated_by = value, now, actor
    return previous


def get_many(session: Session, keys: tuple[str, ...]) -> dict[str, Any]:
    """Several settings in one query (the purchase path reads its rules this way)."""
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys)))
    return {key: value for key, value in rows if value is not None}
