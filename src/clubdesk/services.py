"""The application layer: every use case the UI and the CLI run, each in one transaction.

Callers get plain views (``core.members``), never database rows. Every method is safe to call
from a worker thread: each opens its own session. ``gate`` is where the licence check plugs in:
it runs before every read or write of member data.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from clubdesk.core.demo import demo_members
from clubdesk.core.errors import (
    DatabaseCorrupt,
    DuplicatePhone,
    InvalidInput,
    MemberArchived,
    MemberNotFound,
)
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import utcnow
from clubdesk.core.members import (
    MemberCard,
    MemberDraft,
    MemberHit,
    MemberView,
    PurchaseResult,
    Registration,
    SortKey,
    changes,
)
from clubdesk.core.money import parse_tomans
from clubdesk.core.phone import normalize_phone
from clubdesk.core.points import DEFAULT_TOMANS_PER_POINT, PointsRule, parse_points
from clubdesk.core.search import parse_query
from clubdesk.storage import audit, bulk, ledger, members, settings
from clubdesk.storage.database import DB_FILENAME, Database, check_integrity, open_database
from clubdesk.sync import record
from clubdesk.sync import state as sync_state

if TYPE_CHECKING:
    from clubdesk.backup.service import BackupInfo, BackupService
    from clubdesk.licensing.client import LicenceClient
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.sync.service import SyncReport, SyncService

SEARCH_LIMIT = 20
RECENT_PURCHASES = 10
POINTS_RULE_KEY = "points.tomans_per_point"


def default_actor() -> str:
    try:
        return getpass.getuser()[:60] or "cashier"
    except OSError:
        return "cashier"


def _no_gate() -> None:
    return None


def backup_before_migrate(db_path: Path) -> None:
    """open_database's hook: back the old schema up before changing it (when set up).
    Imported only when a migration is due: start-up stays fast."""
    from clubdesk.backup.service import BackupService

    BackupService(db_path.parent).pre_migration(db_path)


class ClubServices:
    def __init__(
        self,
        db: Database,
        actor: str | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.actor = actor or default_actor()
        self.clock = clock
        self.gate: Callable[[], None] = _no_gate
        self.licence: LicenceManager | None = None
        self.damage: DatabaseCorrupt | None = None
        self._backups: BackupService | None = None
        self._sync: SyncService | None = None

    @classmethod
    def open(
        cls, data_dir: Path, actor: str | None = None, licence: LicenceManager | None = None
    ) -> ClubServices:
        """The shop in ``data_dir``; with ``licence``, every use of member data first asks it
        (the lock is enforced here, for the UI and the CLI alike).

        A restore cut short by a crash is finished or undone first; a schema migration is
        preceded by a backup when backups are set up."""
        from clubdesk.backup.restore import recover

        recover(data_dir)
        club = cls(
            open_database(data_dir / DB_FILENAME, before_migrate=backup_before_migrate), actor
        )
        if licence is not None:
            club.licence = licence
            club.gate = licence.require_open
        return club

    def close(self) -> None:
        self.db.close()

    # --------------------------------------------------------------- backups

    @property
    def data_dir(self) -> Path:
        return self.db.path.parent

    def backups(self) -> BackupService:
        """Backups of this shop. Not behind the licence gate: they protect the data, so they
        keep running while the licence is locked."""
        from clubdesk.backup.service import BackupService

        if self._backups is None:
            self._backups = BackupService(self.data_dir, db=self.db, business=self._business())
        return self._backups

    def _business(self) -> str:
        if self.licence is None:
            return ""
        try:
            return self.licence.status().business_name
        except Exception:
            return ""

    def reload(self) -> None:
        """Reopen the database after a restore, so the UI shows the restored data without a
        restart. The licence gate stays; damage found in the old file no longer applies."""
        from clubdesk.backup.restore import recover

        path = self.db.path
        self.db.close()
        recover(path.parent, db_name=path.name)
        self.db = open_database(path, before_migrate=backup_before_migrate)
        self.damage = None
        self.backups().db = self.db
        if self._sync is not None:
            self._sync.db = self.db

    def backup_on_exit(
        self, progress: Callable[[int, int], None] | None = None
    ) -> BackupInfo | None:
        """The backup taken when the app closes: only when set up and something changed."""
        from clubdesk.core.errors import BackupBusy

        service = self.backups()
        if not service.configured() or not service.changed_since_last():
            return None
        try:
            return service.create("on_exit", progress=progress)
        except BackupBusy:  # the automatic one is running: it has the latest changes
            return None

    # ------------------------------------------------------------------ sync

    def sync_service(self) -> SyncService:
        """Cloud sync of this shop through the licence's server, as this activated device."""
        from clubdesk.sync.service import SyncService

        if self._sync is None:
            self._sync = SyncService(
                self.db, self._licence_connection, self._device_id, clock=self.clock
            )
        return self._sync

    def _licence_connection(self) -> tuple[LicenceClient, str]:
        if self.licence is None:
            from clubdesk.licensing.manager import NotActivated

            raise NotActivated()
        return self.licence.connection()

    def _device_id(self) -> str:
        return self.licence.device_hash if self.licence is not None else ""

    def sync_now(self, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Push and pull now; a locked licence (or damaged database) cannot sync."""
        self._guard()
        return self.sync_service().sync(progress)

    def _guard(self) -> None:
        """Before any member data is read or written: a damaged file is left alone, and the
        licence gate may refuse."""
        if self.damage is not None:
            raise self.damage
        self.gate()

    def check_integrity(self) -> None:
        """Read the whole file for damage (slow: run it in the background). Once damage is
        found, every later use of member data refuses with the same error."""
        try:
            check_integrity(self.db)
        except DatabaseCorrupt as error:
            self.damage = error
            raise

    # ----------------------------------------------------------------- reads

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[MemberHit]:
        """The counter's search: exact phone, phone start, last digits, or name prefix."""
        self._guard()
        query = parse_query(text)
        if not query.searchable:
            return []
        with self.db.read() as session:
            return [members.to_hit(row) for row in members.search(session, query, limit)]

    def find_phone(self, phone: str) -> MemberView | None:
        self._guard()
        e164 = normalize_phone(phone)
        with self.db.read() as session:
            row = members.by_phone(session, e164)
            return None if row is None else members.to_view(row)

    def member_by_phone(self, phone: str) -> MemberView:
        """Like ``find_phone`` but a missing member is an error (CLI commands by phone)."""
        found = self.find_phone(phone)
        if found is None:
            raise MemberNotFound()
        return found

    def card(self, member_id: str) -> MemberCard:
        self._guard()
        with self.db.read() as session:
            row = members.by_public_id(session, member_id)
            recent = ledger.recent_purchases(session, row.id, RECENT_PURCHASES)
            return MemberCard(members.to_view(row), [ledger.to_view(p) for p in recent])

    def count_members(self, filter_text: str = "") -> int:
        self._guard()
        with self.db.read() as session:
            return members.count(session, parse_query(filter_text))

    def members_page(
        self,
        filter_text: str,
        sort: SortKey,
        descending: bool,
        offset: int,
        limit: int,
    ) -> list[MemberView]:
        self._guard()
        stmt = members.listing(parse_query(filter_text), sort, descending)
        with self.db.read() as session:
            rows = session.execute(stmt.offset(offset).limit(limit))
            return [members.to_view(row) for row in rows]

    def history(self, member_id: str) -> list[dict[str, Any]]:
        """The member's audit trail, oldest first."""
        self._guard()
        with self.db.read() as session:
            return [
                {"at": e.at, "actor": e.actor, "action": e.action, "details": e.details}
                for e in audit.history(session, member_id)
            ]

    def points_rule(self) -> PointsRule:
        with self.db.read() as session:
            return PointsRule(settings.get(session, POINTS_RULE_KEY, DEFAULT_TOMANS_PER_POINT))

    # ---------------------------------------------------------------- writes

    def register(self, draft: MemberDraft) -> Registration:
        """A new member, or the existing one with that phone (nothing saved twice)."""
        self._guard()
        phone = normalize_phone(draft.phone)
        existing = self.find_phone(phone)
        if existing is not None:
            return Registration(existing, existing=True)
        clean = draft.validated()
        now = self.clock()
        try:
            with self.db.write() as session:
                row = members.insert(session, clean, self.actor, now)
                self._audit(session, "member.register", row.public_id, changes({}, clean.fields()))
                record.member(session, row, None, self.actor, now)
                return Registration(members.to_view(row), existing=False)
        except IntegrityError:  # registered by another counter between our check and insert
            found = self.find_phone(clean.phone)
            if found is None:
                raise
            return Registration(found, existing=True)

    def update_member(self, member_id: str, draft: MemberDraft) -> MemberView:
        self._guard()
        clean = draft.validated()
        now = self.clock()
        with self.db.write() as session:
            row = members.by_public_id(session, member_id)
            other = members.by_phone(session, clean.phone)
            if other is not None and other.id != row.id:
                raise DuplicatePhone(name=members.to_view(other).full_name)
            old = members.to_view(row).draft().fields()
            diff = changes(old, clean.fields())
            if diff:
                before = record.fields_of(row)
                for key, value in members.row_values(clean, now, row.sms_consent_at).items():
                    setattr(row, key, value)
                self._audit(session, "member.edit", row.public_id, diff)
                record.member(session, row, before, self.actor, now)
            return members.to_view(row)

    def set_archived(self, member_id: str, archived: bool) -> MemberView:
        """Archive hides nothing and deletes nothing: the member stays findable and restorable."""
        self._guard()
        now = self.clock()
        with self.db.write() as session:
            row = members.by_public_id(session, member_id)
            if (row.archived_at is not None) != archived:
                before = record.fields_of(row)
                row.archived_at = now if archived else None
                row.updated_at = now
                action = "member.archive" if archived else "member.restore"
                self._audit(session, action, row.public_id, {"archived": [not archived, archived]})
                record.member(session, row, before, self.actor, now)
            return members.to_view(row)

    def record_purchase(self, member_id: str, amount: str | int) -> PurchaseResult:
        self._guard()
        tomans = parse_tomans(amount)
        now = self.clock()
        with self.db.write() as session:
            member = members.locate(session, member_id)
            if member.archived_at is not None:
                raise MemberArchived()
            rule = PointsRule(settings.get(session, POINTS_RULE_KEY, DEFAULT_TOMANS_PER_POINT))
            purchase, row = ledger.record_purchase(
                session, member.id, tomans, rule, self.actor, now
            )
            details = {"purchase": purchase.id, "amount": tomans, "points": purchase.points_earned}
            self._audit(session, "purchase.record", row.public_id, details)
            record.purchase(session, purchase.id, row.public_id)
            return PurchaseResult(purchase, members.to_view(row))

    def redeem(self, member_id: str, points: str | int) -> MemberView:
        self._guard()
        points = parse_points(points)
        now = self.clock()
        with self.db.write() as session:
            member = members.locate(session, member_id)
            if member.archived_at is not None:
                raise MemberArchived()
            entry_id, row = ledger.redeem(session, member.id, points, self.actor, now)
            self._audit(
                session, "points.redeem", row.public_id, {"entry": entry_id, "points": points}
            )
            record.ledger(session, entry_id, row.public_id)
            return members.to_view(row)

    def set_points_rule(self, rule: PointsRule) -> None:
        now = self.clock()
        with self.db.write() as session:
            old = settings.put(session, POINTS_RULE_KEY, rule.tomans_per_point, self.actor, now)
            self._audit(
                session, "settings.change", POINTS_RULE_KEY, {"value": [old, rule.tomans_per_point]}
            )

    def add_demo_members(
        self, count: int, seed: int = 1405, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Synthetic members for demos and benchmarks; returns how many were new."""
        self._guard()
        if count <= 0:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "The number of members must be above zero."),
                entered=str(count),
            )
        added = bulk.load_members(
            self.db,
            demo_members(count, seed),
            count,
            actor=self.actor,
            now=self.clock(),
            progress=progress,
        )
        with self.db.write() as session:
            self._audit(session, "demo.load", "demo", {"members": [0, added]})
            if sync_state.enabled(session):  # bulk rows bypass the log: queue them for sync
                clock = sync_state.clock(session)
                record.seed(session, clock, sync_state.device(session))
                sync_state.save_clock(session, clock)
        return added

    def _audit(self, session: Any, action: str, entity_id: str, details: dict[str, Any]) -> None:
        entity = action.split(".", 1)[0]
        audit.record(
            session,
            actor=self.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
            now=self.clock(),
        )


__all__ = ["ClubServices", "SortKey"]
