"""The application layer: every use case the UI and the CLI run, each in one transaction.

Callers get plain views (``core.members``), never database rows. Every method is safe to call
from a worker thread: each opens its own session. ``gate`` is where the licence check plugs in:
it runs before every read or write of member data.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError

from clubdesk.core import importing
from clubdesk.core.demo import demo_members
from clubdesk.core.errors import (
    DatabaseCorrupt,
    DuplicatePhone,
    InvalidInput,
    InvalidSetting,
    MemberArchived,
    MemberNotFound,
    UnknownCard,
)
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import new_public_id, utcnow
from clubdesk.core.importing import Field, ImportPreview, ImportReport
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
from clubdesk.core.points import PointsRule, parse_points
from clubdesk.core.programme import JOINING_BONUS_NOTE, EarningRules
from clubdesk.core.receipt import AUTO_PRINT_KEY, WIDTH_KEY, ReceiptSettings
from clubdesk.core.search import parse_card, parse_query
from clubdesk.storage import audit, bulk, exchange, ledger, members, settings
from clubdesk.storage.database import DB_FILENAME, Database, check_integrity, open_database
from clubdesk.sync import record
from clubdesk.sync import state as sync_state

if TYPE_CHECKING:
    from clubdesk.backup.service import BackupInfo, BackupService
    from clubdesk.core.duplicates import DuplicatePair
    from clubdesk.licensing.client import LicenceClient
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.sync.service import SyncReport, SyncService

SEARCH_LIMIT = 20
DUPLICATES_LIMIT = 200  # pairs per scan: an owner works through a list, then scans again
RECENT_PURCHASES = 10
POINTS_RULE_KEY = "points.tomans_per_point"  # the old one-number rule, kept as a mirror
EARNING_RULES_KEY = "programme.earning"


def _earning_rules(session: Any) -> EarningRules:
    """The shop's rules in one settings query; before they were first saved, the old rule."""
    found = settings.get_many(session, (EARNING_RULES_KEY, POINTS_RULE_KEY))
    return EarningRules.from_settings(found.get(EARNING_RULES_KEY), found.get(POINTS_RULE_KEY))


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
            if query.card_id:  # a card printed before a merge still finds the member
                query = replace(query, card_id=members.current_id(session, query.card_id))
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

    def card_by_scan(self, text: str) -> MemberCard:
        """The member a scanned card names; a card not of this shop is an ``UnknownCard``."""
        member_id = parse_card(text)
        if member_id is None:
            raise UnknownCard()
        try:
            return self.card(member_id)
        except MemberNotFound:
            raise UnknownCard() from None

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
        return self.earning_rules().points_rule

    def earning_rules(self) -> EarningRules:
        with self.db.read() as session:
            return _earning_rules(session)

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
                bonus = _earning_rules(session).joining_bonus
                if not bonus:
                    return Registration(members.to_view(row), existing=False)
                entry_id, updated = ledger.award(
                    session, row.id, bonus, JOINING_BONUS_NOTE, self.actor, now
                )
                details = {"entry": entry_id, "points": bonus, "note": JOINING_BONUS_NOTE}
                self._audit(session, "points.earn", row.public_id, details)
                record.ledger(session, entry_id, row.public_id)
                return Registration(members.to_view(updated), existing=False)
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
            rules = _earning_rules(session)
            purchase, row = ledger.record_purchase(
                session, member.id, tomans, rules, self.actor, now
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
        """Change only the tomans per point (the other earning rules stay)."""
        now = self.clock()
        with self.db.write() as session:
            old = settings.put(session, POINTS_RULE_KEY, rule.tomans_per_point, self.actor, now)
            self._audit(
                session, "settings.change", POINTS_RULE_KEY, {"value": [old, rule.tomans_per_point]}
            )
            stored = settings.get(session, EARNING_RULES_KEY)
            if stored is not None:
                rules = EarningRules.from_json(stored)
                changed = EarningRules(
                    rule.tomans_per_point,
                    rules.minimum_purchase,
                    rules.points_per_visit,
                    rules.joining_bonus,
                    rules.happy_hours,
                )
                self._store_rules(session, changed, now)

    def set_earning_rules(self, rules: EarningRules) -> None:
        """Save the rules (audited); the old tomans-per-point key follows, so demo data and
        counters not yet updated earn the same per toman."""
        now = self.clock()
        with self.db.write() as session:
            self._store_rules(session, rules, now)
            if settings.get(session, POINTS_RULE_KEY) != rules.tomans_per_point:
                settings.put(session, POINTS_RULE_KEY, rules.tomans_per_point, self.actor, now)

    def _store_rules(self, session: Any, rules: EarningRules, now: datetime) -> None:
        try:
            before: Any = _earning_rules(session).to_json()
        except InvalidSetting:  # unreadable rules are replaced, and the audit keeps them
            before = settings.get(session, EARNING_RULES_KEY)
        new = rules.to_json()
        settings.put(session, EARNING_RULES_KEY, new, self.actor, now)
        if before != new:
            self._audit(session, "settings.change", EARNING_RULES_KEY, {"value": [before, new]})

    def shop_name(self) -> str:
        """The name printed at the top of receipts: the business on the licence."""
        return self._business()

    def receipt_settings(self) -> ReceiptSettings:
        with self.db.read() as session:
            found = settings.get_many(session, (WIDTH_KEY, AUTO_PRINT_KEY))
        return ReceiptSettings.from_settings(found.get(WIDTH_KEY), found.get(AUTO_PRINT_KEY))

    def set_receipt_settings(self, chosen: ReceiptSettings) -> None:
        """Save the paper width and auto-print (audited, like every settings change)."""
        chosen = ReceiptSettings(chosen.width_mm, chosen.auto_print)  # validated again
        now = self.clock()
        with self.db.write() as session:
            for key, value in ((WIDTH_KEY, chosen.width_mm), (AUTO_PRINT_KEY, chosen.auto_print)):
                old = settings.put(session, key, value, self.actor, now)
                if old != value:
                    self._audit(session, "settings.change", key, {"value": [old, value]})

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

    # -------------------------------------------------------- import and export

    def preview_import(
        self, path: Path, mapping: dict[int, Field] | None = None, limit: int = 20
    ) -> ImportPreview:
        """The file's columns, the guessed (or given) mapping and its first rows, each with the
        status it would get; reads only the first rows, so it answers at once."""
        self._guard()
        with importing.open_table(Path(path)) as table:
            head = [row for _, row in zip(range(limit), table.rows, strict=False)]
            chosen = importing.merged_mapping(
                importing.guess_mapping(table.header, [cells for _, cells in head]),
                mapping or {},
            )
            rows: list[importing.PreviewRow] = []
            if Field.PHONE in chosen.values():
                checker = importing.RowChecker(chosen)
                results = [checker.check(n, cells) for n, cells in head]
                accepted = [r.draft.phone for r in results if isinstance(r, importing.Accepted)]
                with self.db.read() as session:
                    known = exchange.existing_phones(session, accepted)
                for (n, cells), result in zip(head, results, strict=True):
                    if isinstance(result, importing.Accepted) and result.draft.phone in known:
                        result = importing.Rejection(
                            n, result.draft.phone, importing.Reason.ALREADY_MEMBER, cells
                        )
                    rejection = result if isinstance(result, importing.Rejection) else None
                    rows.append(importing.PreviewRow(n, cells, rejection))
            else:
                rows = [importing.PreviewRow(n, cells, None) for n, cells in head]
            return ImportPreview(table.name, table.header, chosen, rows, table.estimated_rows)

    def import_members(
        self,
        path: Path,
        mapping: dict[int, Field] | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        dry_run: bool = False,
    ) -> ImportReport:
        """New members from a CSV or Excel file, all or nothing in one transaction (a Cancel
        from ``progress`` rolls everything back). Existing members are never changed: their
        rows are reported as already members, like every other row that was not imported."""
        self._guard()
        path = Path(path)
        now = self.clock()
        with importing.open_table(path) as table, self.db.write() as session:
            if mapping is None:
                mapping = importing.guess_mapping(table.header)
            if Field.PHONE not in mapping.values():
                raise importing.NoPhoneColumn(name=table.name)
            checker = importing.RowChecker(mapping)
            writer = (
                None
                if dry_run
                else exchange.MemberWriter(session, self.actor, now, table.estimated_rows)
            )
            imported, rejected = 0, []
            batch: list[importing.Accepted] = []

            def flush() -> int:
                known = exchange.existing_phones(session, [a.draft.phone for a in batch])
                fresh = []
                for accepted in batch:
                    if accepted.draft.phone in known:
                        phone = accepted.draft.phone
                        rejected.append(
                            importing.Rejection(
                                accepted.row, phone, importing.Reason.ALREADY_MEMBER, accepted.cells
                            )
                        )
                    else:
                        fresh.append(accepted.draft)
                batch.clear()
                return len(fresh) if writer is None else writer.add(fresh)

            done = 0
            for number, cells in table.rows:
                if number > importing.MAX_ROWS + 1:
                    raise importing.FileTooLarge(name=table.name, size=f"> {importing.MAX_ROWS:,}")
                result = checker.check(number, cells)
                if isinstance(result, importing.Accepted):
                    batch.append(result)
                else:
                    rejected.append(result)
                done += 1
                if len(batch) >= bulk.BATCH:
                    imported += flush()
                if progress is not None and done % 5000 == 0:
                    progress(done, max(done, table.estimated_rows))
            imported += flush()
            if done == 0:
                raise importing.EmptyFile(name=table.name)
            if progress is not None:
                progress(done, done)
            rejected.sort(key=lambda r: r.row)
            report = ImportReport(table.name, table.header, mapping, imported, rejected, dry_run)
            if writer is not None:
                record.registered(session, writer.finish())
                self._audit(
                    session,
                    "members.import",
                    new_public_id(),
                    {"file": table.name, "imported": imported, "rejected": len(rejected)},
                )
            return report

    def export(
        self, kind: str, path: Path, progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Members, purchases or the points ledger to a .csv or .xlsx file, streamed from one
        snapshot; returns how many rows. Public ids and E.164 phones, never row ids."""
        self._guard()
        path = Path(path)
        if kind not in exchange.EXPORT_KINDS:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "Nothing called {kind} can be exported."),
                QT_TRANSLATE_NOOP("errors", "Export members, purchases or ledger."),
                kind=kind,
            )
        importing.file_kind(path)  # an unknown extension fails before anything is read
        with self.db.read() as session:
            total = exchange.count(session, kind)
            written = importing.write_table(
                path, exchange.HEADERS[kind], exchange.rows(session, kind), total, progress
            )
        with self.db.write() as session:
            self._audit(session, "data.export", kind, {"file": path.name, "rows": written})
        return written

    # ------------------------------------------------------------ duplicates

    def duplicates(
        self, progress: Callable[[int, int], None] | None = None, limit: int = DUPLICATES_LIMIT
    ) -> list[DuplicatePair]:
        """Members who are probably one customer (same name, numbers one slip apart)."""
        from clubdesk.core.duplicates import DuplicatePair
        from clubdesk.storage import duplicates

        self._guard()
        with self.db.read() as session:
            return [
                DuplicatePair(members.to_view(one), members.to_view(other), slip)
                for one, other, slip in duplicates.pairs(session, limit, progress)
            ]

    def merge_members(self, keep_id: str, other_id: str) -> MemberView:
        """The owner's merge of two members who are one customer: both histories on one
        member with ``keep_id``'s details. The other id still finds it, the merge is audited,
        and with sync on every till makes the same merge (the details as a fresh edit)."""
        from clubdesk.sync.apply import Applier, set_fields

        self._guard()
        now = self.clock()
        with self.db.write() as session:
            keep = members.by_public_id(session, keep_id)
            other = members.by_public_id(session, other_id)
            if keep.id == other.id:
                raise InvalidInput(
                    QT_TRANSLATE_NOOP("errors", "These are the same member."),
                    QT_TRANSLATE_NOOP("errors", "Choose two different members to merge."),
                )
            chosen = record.fields_of(keep)
            applier = Applier(session, sync_state.clock(session), now)
            row = applier.merge(keep.public_id, other.public_id, self.actor)
            before = record.fields_of(row)
            set_fields(row, chosen)
            row.updated_at = now
            session.flush()
            record.member(session, row, before, self.actor, now)
            return members.to_view(row)

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
