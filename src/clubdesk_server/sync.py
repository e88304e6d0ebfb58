"""Cloud sync on the server: store each licence's changes once, in one gap-free order.

The server never interprets a change (the devices merge them, ``clubdesk.sync``); it keeps each
licence's log apart and numbers it. A push locks the licence's ``SyncHead`` row (``SELECT ...
FOR UPDATE`` on PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``, which already
serialises writers), so two pushes of one licence never interleave: the numbers a push takes
become visible together with the head, and a pull that reads the head first and then the
changes up to it never misses one still being committed. The licence always comes from the
device's token, never from the request. A locked licence (revoked, suspended or past its
``paid_until``) can neither push nor pull.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clubdesk.protocol import (
    SYNC_BATCH_LIMIT,
    SyncChange,
    SyncedChange,
    SyncPage,
    SyncPushResult,
)
from clubdesk_server import licensing
from clubdesk_server.errors import LicenceExpired
from clubdesk_server.models import Device, Licence, SyncChangeRow, SyncHead
from clubdesk_server.retention import register_cloud_deleter


def check_can_sync(licence: Licence, now: datetime) -> None:
    """Sync is for a licence in use: revoked, suspended and expired ones are refused (the
    devices keep their data; renewal makes sync work again)."""
    licensing.check_usable(licence)
    if licence.paid_until <= now:
        raise LicenceExpired()


def _locked_head(session: Session, licence_id: int, now: datetime) -> SyncHead:
    """The licence's head row, locked for this transaction; made on its first push."""
    query = select(SyncHead).where(SyncHead.licence_id == licence_id).with_for_update()
    head = session.scalars(query).one_or_none()
    if head is not None:
        return head
    # Two first pushes may race to make it: the savepoint lets the loser's primary-key error
    # undo only its insert, and it then waits for and locks the winner's row.
    try:
        with session.begin_nested():
            session.add(SyncHead(licence_id=licence_id, seq=0, updated_at=now))
    except IntegrityError:
        pass
    return session.scalars(query).one()


def push(
    session: Session, device: Device, changes: list[SyncChange], now: datetime
) -> SyncPushResult:
    """Store the changes this licence does not have yet, numbered in the batch's order.

    Idempotent: a change already stored (or repeated within the batch) counts as a duplicate
    and takes no number, so a batch sent twice is applied once.
    """
    licence = device.licence
    check_can_sync(licence, now)
    head = _locked_head(session, licence.id, now)
    wanted = {change.change_id for change in changes}
    known = set(
        session.scalars(
            select(SyncChangeRow.change_id).where(
                SyncChangeRow.licence_id == licence.id, SyncChangeRow.change_id.in_(wanted)
            )
        )
    )
    rows: list[dict[str, Any]] = []
    for change in changes:
        if change.change_id in known:
            continue
        known.add(change.change_id)
        rows.append(
            {
                "licence_id": licence.id,
                "seq": head.seq + len(rows) + 1,
                "change_id": change.change_id,
                "device_id": device.id,
                "device": change.device,
                "hlc": change.hlc,
                "kind": change.kind,
                "member": change.member,
                "data": change.data,
                "received_at": now,
            }
        )
    if rows:
        session.execute(insert(SyncChangeRow), rows)
        head.seq += len(rows)
        head.updated_at = now
    return SyncPushResult(accepted=len(rows), duplicates=len(changes) - len(rows), head=head.seq)


def pull(session: Session, licence: Licence, after: int, limit: int) -> SyncPage:
    """The licence's changes after ``after``, oldest first, at most ``limit`` (and never more
    than SYNC_BATCH_LIMIT); the caller has checked the licence (``check_can_sync``).

    The head is read first and bounds the page: everything up to it is committed (a push
    commits its changes and the head together), so a page never has a gap.
    """
    head = session.scalar(select(SyncHead.seq).where(SyncHead.licence_id == licence.id)) or 0
    rows = session.scalars(
        select(SyncChangeRow)
        .where(
            SyncChangeRow.licence_id == licence.id,
            SyncChangeRow.seq > after,
            SyncChangeRow.seq <= head,
        )
        .order_by(SyncChangeRow.seq)
        .limit(max(0, min(limit, SYNC_BATCH_LIMIT)))
    )
    return SyncPage(
        changes=[
            SyncedChange(
                seq=row.seq,
                change=SyncChange(
                    change_id=row.change_id,
                    device=row.device,
                    hlc=row.hlc,
                    kind=row.kind,  # type: ignore[arg-type]
                    member=row.member,
                    data=row.data,
                ),
            )
            for row in rows
        ],
        head=head,
    )


@register_cloud_deleter
def delete_sync_data(session: Session, licence: Licence, now: datetime) -> int:
    """Retention's deletion (``retention.delete_licence_data``, 30 days after expiry): the
    licence's change log and its head; returns how many rows went.

    A licence renewed afterwards starts a new log at seq 1: a device whose cursor lies past
    the head it is told can tell that the server's copy was deleted.
    """
    changes: Any = session.execute(
        delete(SyncChangeRow).where(SyncChangeRow.licence_id == licence.id)
    )
    heads: Any = session.execute(delete(SyncHead).where(SyncHead.licence_id == licence.id))
    return int(changes.rowcount or 0) + int(heads.rowcount or 0)
