"""The audit log: who changed what and when, with old -> new values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, cast, func, insert, or_, select
from sqlalchemy.orm import Session

from clubdesk.core.audit import MAX_PAGE, AuditFilter, AuditRow
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


# ------------------------------------------------------------------ the audit viewer


def _filtered(query: Select[Any], chosen: AuditFilter) -> Select[Any]:
    """``chosen`` as WHERE clauses; the time range and entity id use the indexes."""
    if chosen.start is not None:
        query = query.where(AuditEntry.at >= chosen.start)
    if chosen.end is not None:
        query = query.where(AuditEntry.at < chosen.end)
    if chosen.actor:
        query = query.where(AuditEntry.actor == chosen.actor)
    if chosen.action:
        prefix = chosen.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEntry.action.like(prefix + "%", escape="\\"))
    if chosen.entity_id:
        query = query.where(AuditEntry.entity_id == chosen.entity_id)
    if chosen.text:
        needle = chosen.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{needle}%"
        query = query.where(
            or_(
                cast(AuditEntry.details, String).like(pattern, escape="\\"),
                AuditEntry.action.like(pattern, escape="\\"),
                AuditEntry.entity_id.like(pattern, escape="\\"),
            )
        )
    return query


def page(session: Session, chosen: AuditFilter, offset: int, limit: int) -> list[AuditRow]:
    """Newest first; ``offset``/``limit`` rows of the filtered log."""
    limit = max(0, min(limit, MAX_PAGE))
    query = _filtered(select(AuditEntry), chosen)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    rows = session.scalars(query.offset(max(0, offset)).limit(limit))
    return [
        AuditRow(r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.details or {})
        for r in rows
    ]


def count(session: Session, chosen: AuditFilter) -> int:
    query = _filtered(select(func.count()).select_from(AuditEntry), chosen)
    return int(session.execute(query).scalar_one())


def actors(session: Session) -> list[str]:
    """Everyone who appears in the log (the viewer's person filter)."""
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))
