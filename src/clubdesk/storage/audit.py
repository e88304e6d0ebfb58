"""The audit log: who changed what and when, with old -> new values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from clubdesk.storage.models import AuditEntry


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    details: dict[str, Any],
    now: datetime,
) -> None:
    session.execute(
        insert(AuditEntry.__table__).values(
            at=now, actor=actor, action=action, entity=entity, entity_id=entity_id, details=details
        )
    )


def history(session: Session, entity_id: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )
