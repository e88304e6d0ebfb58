"""Sync as the app uses it: switch it on (which queues the shop's existing data), push this
device's changes and pull the others', and say how it stands.

Network trouble never loses anything: the outbox is emptied only after the server confirmed a
batch (a batch sent again is stored once), and the pull cursor moves in the same transaction
that applies the page (a page pulled again applies as a no-op).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from clubdesk.core.ids import utcnow
from clubdesk.protocol import SYNC_BATCH_LIMIT, SyncChange, SyncPage
from clubdesk.storage.database import Database
from clubdesk.storage.models import Member, SyncFlag, SyncOutbox, SyncParked
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
class SyncFlagView:
    id: int
    kind: str  # "overdrawn" or "bad_change"
    member: str
    name: str
    phone: str
    details: dict[str, object]
    created_at: datetime


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

    def enable(self, progress: Progress | None = None) -> int:
        """Switch sync on for this device and queue what the database already holds (the
        other devices and a new PC get the whole shop). Returns how many changes were queued.
        ``progress`` may raise Cancelled: then nothing changes."""
        with self.db.write() as session:
            self._adopt_device(session)
            state.put(session, state.ENABLED, True)
            clock = state.clock(session)
            queued = record.seed(session, clock, state.device(session), progress)
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

    def flags(self) -> list[SyncFlagView]:
        """What merging produced that the owner should look at, newest first."""
        with self.db.read() as session:
            rows = session.execute(
                select(SyncFlag, Member.first_name, Member.last_name, Member.phone)
                .outerjoin(Member, Member.public_id == SyncFlag.member)
                .where(SyncFlag.resolved_at.is_(None))
                .order_by(SyncFlag.id.desc())
            ).all()
            return [
                SyncFlagView(
                    flag.id,
                    flag.kind,
                    flag.member,
                    " ".join(part for part in (first, last) if part),
                    phone or "",
                    dict(flag.details),
                    flag.created_at,
                )
                for flag, first, last, phone in rows
            ]

    def resolve_flags(self, ids: list[int]) -> None:
        """The owner has seen these flags (they stay in the database, marked)."""
        with self.db.write() as session:
            session.execute(
                update(SyncFlag).where(SyncFlag.id.in_(ids)).values(resolved_at=self.clock())
            )

    # ----------------------------------------------------------------- syncing

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Push everything pending, then pull until caught up. Raises the client's errors
        (ServerUnreachable, ServerRefused) with nothing lost; ``progress`` may raise Cancelled."""
        with self.db.read() as session:  # every minute, also while off: no write lock
            if not state.enabled(session):
                return SyncReport(0, 0, 0, 0, 0, 0, frozenset())
            adopt = bool(self.device()) and state.device(session) != self.device()
        if adopt:
            with self.db.write() as session:
                self._adopt_device(session)
        pushed = self.push(progress)
        pulled, outcome = self.pull(progress)
        pushed += self.push(progress)  # merges this pull decided: the others make them too
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

    def push(self, progress: Progress | None = None) -> int:
        """Send every pending change, oldest first, in batches; returns how many were sent."""
        client, token = self.connection()
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

    def pull(self, progress: Progress | None = None) -> tuple[int, Outcome]:
        """Apply the licence's changes after this device's cursor until caught up. Returns
        how many came from other devices (this device's own come back too, as no-ops).

        The next page is fetched while this one is applied (a new PC downloading a whole shop
        waits for the slower of the two, not for both)."""
        client, token = self.connection()
        total = Outcome()
        pulled = 0
        with self.db.read() as session:
            cursor = int(state.get(session, state.CURSOR, 0))
            mine = state.device(session)
        with ThreadPoolExecutor(1, thread_name_prefix="sync-pull") as fetcher:
            ahead = fetcher.submit(client.sync_pull, token, cursor, SYNC_BATCH_LIMIT)
            while True:
                page = ahead.result()
                if page.head < cursor:  # the server's copy was deleted (expired, renewed)
                    self._start_over()
                    cursor = 0
                    ahead = fetcher.submit(client.sync_pull, token, cursor, SYNC_BATCH_LIMIT)
                    continue
                if not page.changes:
                    return pulled, total
                last = page.changes[-1].seq
                more = last < page.head
                if more:
                    ahead = fetcher.submit(client.sync_pull, token, last, SYNC_BATCH_LIMIT)
                outcome = self._apply_page(page, cursor)
                cursor = last
                pulled += sum(1 for synced in page.changes if synced.change.device != mine)
                total.applied += outcome.applied
                total.merged += outcome.merged
                total.flagged += outcome.flagged
                total.members |= outcome.members
                _report(progress, last, page.head)
                if not more:
                    return pulled, total

    def _start_over(self) -> None:
        """The server no longer has this licence's changes: pull from the start and send the
        whole shop again (the next push), so the cloud copy is complete once more."""
        log.warning("the server's sync log was reset; sending the whole shop again")
        with self.db.write() as session:
            state.put(session, state.CURSOR, 0)
            clock = state.clock(session)
            record.seed(session, clock, state.device(session))
            state.save_clock(session, clock)

    def _apply_page(self, page: SyncPage, cursor: int) -> Outcome:
        with self.db.write() as session:
            if int(state.get(session, state.CURSOR, 0)) != cursor:
                return Outcome()  # another sync of this database applied it meanwhile
            clock = state.clock(session)
            applier = Applier(session, clock, self.clock())
            for index in applier.apply_page([synced.change for synced in page.changes]):
                synced = page.changes[index]
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


__all__ = ["SyncFlagView", "SyncReport", "SyncService", "SyncStatus"]
