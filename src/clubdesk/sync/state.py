"""This device's sync bookkeeping in the ``sync_state`` table, read and written inside the
caller's transaction (so a change and the clock stamp it used commit together)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from clubdesk.core.hlc import ZERO, Clock, Stamp, node_of
from clubdesk.storage.models import SyncState

ENABLED = "enabled"
DEVICE = "device"
CLOCK = "clock"
CURSOR = "cursor"
LAST_SYNC = "last_sync"
LAST_ERROR = "last_error"


def get(session: Session, key: str, default: Any = None) -> Any:
    value = session.scalar(select(SyncState.value).where(SyncState.key == key))
    return default if value is None else value


def put(session: Session, key: str, value: Any) -> None:
    stmt = insert(SyncState).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))
    if key == ENABLED:
        session.info[_ENABLED_CACHE] = bool(value)


_ENABLED_CACHE = "sync.enabled"


def enabled(session: Session) -> bool:
    """Read once per session: a sale records several changes and asks each time."""
    if _ENABLED_CACHE not in session.info:
        session.info[_ENABLED_CACHE] = bool(get(session, ENABLED, False))
    return bool(session.info[_ENABLED_CACHE])


def device(session: Session) -> str:
    return str(get(session, DEVICE, "") or "")


def clock(session: Session) -> Clock:
    """The device's clock as last saved; ``save_clock`` after using it."""
    last = get(session, CLOCK)
    return Clock(node_of(device(session)), Stamp.parse(last) if last else ZERO)


def save_clock(session: Session, used: Clock) -> None:
    if used.last != ZERO:
        put(session, CLOCK, used.last.encode())
