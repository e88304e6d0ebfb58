"""Sync as the app uses it: switch it on (which queues the shop's existing data), push this
device's changes and pull the others', and say how it stands.

Network trouble never loses anything: the outbox is emptied only after the server confirmed a
batch (a batch sent again is stored once), and the pull cursor moves in the same transaction
that applies the page (a page pulled again applies as a no-op).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from clubdesk.core.ids import utcnow
from clubdesk.protocol import SYNC_BATCH_LIMIT, SyncChange, SyncPage
from clubdesk.storage.database import Database
from clubdesk.storage.models import SyncFlag, SyncOutbox, SyncParked
from clubdesk.sync import record, state
from clubdesk.sync.apply import Applier, Outcome

if TYPE_CHECKING:
    from clubdesk.licensing.client import LicenceClient

log = logging.getLogger(__name__)

Connection = Callable[[], "tuple[LicenceClient, str]"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncStatus:
    enabled: bool
    pending: int  # changes of this device the server has not confirmed
    last_sync: datetime | None
    flags: int  # open flags for the owner (overdrawn balances, damaged changes)
    device: str


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    pulled: int
    applied: int
    merged: int
    flagged: int
    parked: int
    members: frozenset[str]  # public ids whose data changed here


class SyncService:
    def __init__(
        self,
        db: Database,
        connection: Connection,
        device: Callable[[], str],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.connection = connection
        self.device = device
        self.clock = clock

    # ----------------------------------------------------------------- settings

    def status(self) -> SyncStatus:
        with self.db.read() as session:
            last = state.get(session, state.LAST_SYNC)
            return SyncStatus(
                enabled=state.enabled(session),
                pending=session.scalar(select(func.count()).select_from(SyncOutbox)) or 0,
                last_sync=datetime.fromisoformat(last) if last else None,
                flags=session.scalar(
                    select(func.count()).select_from(SyncFlag).where(SyncFlag.resolved_at.is_(None))
                )
                or 0,
                device=state.device(session),
            )

    def enable(self) -> int:
        """Switch sync on for this device and queue what the database already holds (the
        other devices and a new PC get the whole shop). Returns how many changes were queued."""
        with self.db.write() as session:
            self._adopt_device(session)
            state.put(session, state.ENABLED, True)
            clock = state.clock(session)
            queued = record.seed(session, clock, state.device(session))
            state.save_clock(session, clock)
        log.info("sync switched on: %d changes queued", queued)
        return queued

    def disable(self) -> None:
        """Stop recording and syncing; what is queued stays queued for when it is back on."""
        with self.db.write() as session:
            state.put(session, state.ENABLED, False)

    def _adopt_device(self, session: Session) -> None:
        """Changes carry the licence's device id; a database restored onto another PC takes
        that PC's id from then on (its clock stays, so its stamps keep growing)."""
        device = self.device()
        if device and state.device(session) != device:
            state.put(session, state.DEVICE, device)

    # ----------------------------------------------------------------- syncing

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Push everything pending, then pull until caught up. Raises the client's errors
        (ServerUnreachable, ServerRefused) with nothing lost; ``progress`` may raise Cancelled."""
        with self.db.write() as session:
            if not state.enabled(session):
                return SyncReport(0, 0, 0, 0, 0, 0, frozenset())
            self._adopt_device(session)
        client, token = self.connection()
        pushed = self._push(client, token, progress)
        pulled, outcome = self._pull(client, token, progress)
        with self.db.write() as session:
            state.put(session, state.LAST_SYNC, self.clock().isoformat())
            parked = session.scalar(select(func.count()).select_from(SyncParked)) or 0
        return SyncReport(
            pushed=pushed,
            pulled=pulled,
            applied=outcome.applied,
            merged=outcome.merged,
            flagged=outcome.flagged,
            parked=parked,
            members=frozenset(outcome.members),
        )

    def _push(self, client: LicenceClient, token: str, progress: Progress | None) -> int:
        pushed = 0
        with self.db.read() as session:
            total = session.scalar(select(func.count()).select_from(SyncOutbox)) or 0
        while True:
            with self.db.read() as session:
                rows = session.scalars(
                    select(SyncOutbox).order_by(SyncOutbox.id).limit(SYNC_BATCH_LIMIT)
                ).all()
            if not rows:
                return pushed
            changes = [
                SyncChange(
                    change_id=r.change_id,
                    device=r.device,
                    hlc=r.hlc,
                    kind=r.kind,  # type: ignore[arg-type]
                    member=r.member,
                    data=r.data,
                )
                for r in rows
            ]
            client.sync_push(token, changes)
            with self.db.write() as session:
                session.execute(delete(SyncOutbox).where(SyncOutbox.id <= rows[-1].id))
            pushed += len(rows)
            _report(progress, pushed, max(total, pushed))

    def _pull(
        self, client: LicenceClient, token: str, progress: Progress | None
    ) -> tuple[int, Outcome]:
        total = Outcome()
        pulled = 0
        while True:
            with self.db.read() as session:
                cursor = int(state.get(session, state.CURSOR, 0))
            page = client.sync_pull(token, cursor, SYNC_BATCH_LIMIT)
            if not page.changes:
                return pulled, total
            outcome = self._apply_page(page, cursor)
            pulled += len(page.changes)
            total.applied += outcome.applied
            total.merged += outcome.merged
            total.flagged += outcome.flagged
            total.members |= outcome.members
            _report(progress, page.changes[-1].seq, page.head)
            if page.changes[-1].seq >= page.head:
                return pulled, total

    def _apply_page(self, page: SyncPage, cursor: int) -> Outcome:
        with self.db.write() as session:
            if int(state.get(session, state.CURSOR, 0)) != cursor:
                return Outcome()  # another sync of this database applied it meanwhile
            clock = state.clock(session)
            applier = Applier(session, clock, self.clock())
            for synced in page.changes:
                if not applier.apply(synced.change):
                    session.merge(SyncParked(seq=synced.seq, change=synced.change.model_dump()))
            self._retry_parked(session, applier)
            state.put(session, state.CURSOR, page.changes[-1].seq)
            state.save_clock(session, clock)
            return applier.outcome

    @staticmethod
    def _retry_parked(session: Session, applier: Applier) -> None:
        """Parked changes whose member or lot may have arrived, oldest first, until none moves."""
        while True:
            parked = session.scalars(select(SyncParked).order_by(SyncParked.seq)).all()
            moved = False
            for row in parked:
                if applier.apply(SyncChange.model_validate(row.change)):
                    session.delete(row)
                    moved = True
            session.flush()
            if not moved:
                return


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


__all__ = ["SyncReport", "SyncService", "SyncStatus"]
