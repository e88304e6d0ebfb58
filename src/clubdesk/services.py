"""The application layer: every use case the UI and the CLI run, each in one transaction.

Callers get plain views (``core.members``), never database rows. Every method is safe to call
from a worker thread: each opens its own session. ``gate`` is where the licence check plugs in:
it runs before every read or write of member data.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from clubdesk.accounts import AccountsMixin
from clubdesk.core import importing
from clubdesk.core.business import (
    LOGO_KEY,
    PROFILE_KEY,
    BusinessProfile,
    decode_logo,
    encode_logo,
)
from clubdesk.core.club import (
    CLUB_KEYS,
    AlreadyReversed,
    ClubRules,
    CreditTooLarge,
    NoteRequired,
    NotReversible,
    Reward,
    RewardKind,
    RewardNeedsInvoice,
    parse_adjustment,
    parse_credit,
)
from clubdesk.core.dates import local
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
    ReferrerNotFound,
    Registration,
    SortKey,
    changes,
)
from clubdesk.core.money import parse_tomans
from clubdesk.core.occasions import (
    ANNIVERSARY_NOTE,
    BIRTHDAY_NOTE,
    REFERRAL_NOTE,
    dates_on,
    gift_id,
    recent_days,
    referral_ids,
)
from clubdesk.core.phone import normalize_phone
from clubdesk.core.points import LedgerKind, PointsRule, parse_points
from clubdesk.core.programme import JOINING_BONUS_NOTE, EarningRules
from clubdesk.core.receipt import AUTO_PRINT_KEY, WIDTH_KEY, ReceiptSettings
from clubdesk.core.reports import ClubReport, Period
from clubdesk.core.roles import Permission
from clubdesk.core.search import parse_card, parse_query
from clubdesk.storage import audit, bulk, exchange, expiry, ledger, members, settings
from clubdesk.storage import sms as sms_queue
from clubdesk.storage.database import DB_FILENAME, Database, check_integrity, open_database
from clubdesk.storage.models import Member
from clubdesk.sync import record
from clubdesk.sync import state as sync_state

if TYPE_CHECKING:
    from clubdesk.backup.service import BackupInfo, BackupService
    from clubdesk.core.duplicates import DuplicatePair
    from clubdesk.licensing.client import LicenceClient
    from clubdesk.licensing.manager import LicenceManager
    from clubdesk.messaging.service import SmsService
    from clubdesk.sync.service import SyncReport, SyncService

SEARCH_LIMIT = 20
DUPLICATES_LIMIT = 200  # pairs per scan: an owner works through a list, then scans again
RECENT_PURCHASES = 10
POINTS_RULE_KEY = "points.tomans_per_point"  # the old one-number rule, kept as a mirror
EARNING_RULES_KEY = "programme.earning"


EXPIRED_THROUGH_KEY = "programme.expired_through"  # the expiry job's bookmark
LEVEL_BATCH = 500


def _all_rules(session: Any) -> tuple[EarningRules, ClubRules]:
    """Every rule a sale needs, in one settings query."""
    keys = (EARNING_RULES_KEY, POINTS_RULE_KEY, *CLUB_KEYS, sms_queue.SERVICE_KEY)
    found = settings.get_many(session, keys)
    sms_queue.prime(session, found)
    earning = EarningRules.from_settings(found.get(EARNING_RULES_KEY), found.get(POINTS_RULE_KEY))
    return earning, ClubRules.from_settings(found)


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


class ClubServices(AccountsMixin):
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
        self._init_roles()

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

    def sms(self) -> SmsService:
        """SMS to members (campaigns behind the licence gate; the queue keeps working)."""
        import os

        from clubdesk.messaging.kavenegar import KAVENEGAR_URL
        from clubdesk.messaging.service import KAVENEGAR_URL_ENV, SmsService

        return SmsService(
            self.db,
            actor=lambda: self.actor,
            connection=self._licence_connection,
            clock=self.clock,
            guard=self._guard,
            kavenegar_url=os.environ.get(KAVENEGAR_URL_ENV, KAVENEGAR_URL),
            require=self.require,
            audit_hook=self._audit,
        )

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
        self._grant.owner = None  # an owner's approval covers only the call that asked for it
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
            _, club = _all_rules(session)
            now = self.clock()
            usable_credit = ledger.usable(session, row.id, now, ledger.CREDIT) if row.credit else 0
            return MemberCard(
                members.to_view(row),
                recent,
                level=club.levels.display_name(row.level),
                usable_points=ledger.usable(session, row.id, now, ledger.POINTS),
                usable_credit=usable_credit,
            )

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
                referrer = None
                if clean.referrer:
                    referrer = members.by_phone(session, clean.referrer)
                    if referrer is None:
                        raise ReferrerNotFound(entered=draft.referrer)
                row = members.insert(session, clean, self.actor, now)
                audited = changes({}, clean.fields())
                if referrer is not None:
                    row.referred_by = referrer.public_id
                    audited["referred_by"] = [None, referrer.public_id]
                self._audit(session, "member.register", row.public_id, audited)
                record.member(session, row, None, self.actor, now)
                rules, club = _all_rules(session)
                bonus = rules.joining_bonus
                if not bonus:
                    return Registration(members.to_view(row), existing=False)
                entry_id, updated = ledger.award(
                    session,
                    row.id,
                    bonus,
                    JOINING_BONUS_NOTE,
                    self.actor,
                    now,
                    club.expiry.points_expiry(now),
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

    def record_purchase(
        self,
        member_id: str,
        amount: str | int,
        *,
        reward_id: str | None = None,
        credit: str | int | None = None,
    ) -> PurchaseResult:
        """A sale: points on the part paid in money (with the member's level and happy hours),
        optionally a reward from the catalogue and wallet credit paying part of it, cashback
        credit usable later, and the member's level after it. One transaction: a refused
        reward or too little credit saves nothing."""
        self._guard()
        tomans = parse_tomans(amount)
        credit_used = parse_credit(credit)
        now = self.clock()
        with self.db.write() as session:
            member = members.locate(session, member_id)
            if member.archived_at is not None:
                raise MemberArchived()
            rules, club = _all_rules(session)
            expiry.expire_member(session, member.id, now)
            reward = club.rewards.find(reward_id) if reward_id else None
            discount = club.rewards.discount(reward, tomans) if reward is not None else 0
            if credit_used > tomans - discount:
                raise CreditTooLarge(limit=f"{tomans - discount:,}")
            if reward is not None:
                self._check_redeem_limit(reward.cost)
            purchase, row, earning, purchase_row = ledger.record_purchase(
                session,
                member.id,
                tomans,
                rules,
                self.actor,
                now,
                discount=discount + credit_used,
                level_multiplier=club.levels.multiplier(member.level),
                expires_at=club.expiry.points_expiry(now),
            )
            entries: list[str] = []
            if reward is not None:
                entry, row = self._spend_reward(session, member.id, reward, club, now, purchase_row)
                entries += entry
            if credit_used:
                entry_id, row = ledger.redeem(
                    session,
                    member.id,
                    credit_used,
                    self.actor,
                    now,
                    unit=ledger.CREDIT,
                    purchase_id=purchase_row,
                )
                entries.append(entry_id)
            cashback = club.wallet.cashback(tomans - discount - credit_used)
            if cashback:
                usable_from = club.wallet.usable_from(now)
                entry_id, row = ledger.add_lot(
                    session,
                    member.id,
                    cashback,
                    self.actor,
                    now,
                    unit=ledger.CREDIT,
                    purchase_id=purchase_row,
                    available_at=usable_from,
                    expires_at=club.expiry.credit_expiry(usable_from),
                )
                entries.append(entry_id)
            if member.referred_by and member.visits == 0:  # the friend's first purchase
                row = self._referral_gifts(session, member, club, now) or row
            level, promoted = self._relevel(session, member, club, now)
            details = {
                "purchase": purchase.id,
                "amount": tomans,
                "points": purchase.points_earned,
            }
            if reward is not None:
                details |= {"reward": reward.name, "cost": reward.cost, "discount": discount}
            if credit_used:
                details["credit_used"] = credit_used
            if cashback:
                details["cashback"] = cashback
            self._audit(session, "purchase.record", member.public_id, details)
            record.purchase(session, purchase.id, member.public_id)
            for entry_id in entries:
                record.ledger(session, entry_id, member.public_id)
            shown_level = club.levels.display_name(level)
            values = {
                "amount": tomans,
                "points_earned": purchase.points_earned,
                "balance": row.points,
                "level": shown_level,
            }
            sms_queue.queue_service(session, row, "purchase", values, now)  # when switched on
            # The member row the last statement returned; only the level may have moved since.
            view = replace(members.to_view(row), level=level)
            return PurchaseResult(
                purchase,
                view,
                earning,
                reward=reward.name if reward is not None else "",
                points_spent=reward.cost if reward is not None else 0,
                credit_used=credit_used,
                cashback=cashback,
                level=shown_level,
                promoted=promoted,
            )

    def _spend_reward(
        self,
        session: Any,
        member_id: int,
        reward: Reward,
        club: ClubRules,
        now: datetime,
        purchase_row: int | None = None,
    ) -> tuple[list[str], Any]:
        """The reward's points (oldest lots first) and, for a credit reward, the credit."""
        entry_id, row = ledger.redeem(
            session,
            member_id,
            reward.cost,
            self.actor,
            now,
            purchase_id=purchase_row,
            note=reward.name,
        )
        entries = [entry_id]
        if reward.kind is RewardKind.CREDIT:
            credit_id, row = ledger.add_lot(
                session,
                member_id,
                reward.value,
                self.actor,
                now,
                unit=ledger.CREDIT,
                purchase_id=purchase_row,
                expires_at=club.expiry.credit_expiry(now),
                note=reward.name,
            )
            entries.append(credit_id)
        return entries, row

    def _referral_gifts(self, session: Any, friend: Any, club: ClubRules, now: datetime) -> Any:
        """Points for the friend and for the member who referred them, once per friend on
        every till (derived ids); a merged referrer is found by its alias. Returns the
        friend's member row when their points changed."""
        rules = club.occasions
        friend_gift, referrer_gift = referral_ids(friend.public_id)
        referrer = members.find_current(session, friend.referred_by)
        friend_row = None
        for member_id, public_id, points, gift in (
            (friend.id, friend.public_id, rules.referral_friend, friend_gift),
            (
                referrer.id if referrer is not None else None,
                referrer.public_id if referrer is not None else None,
                rules.referral_referrer,
                referrer_gift,
            ),
        ):
            if not points or member_id is None:
                continue
            updated = self._gift(session, member_id, public_id, gift, points, REFERRAL_NOTE, club)
            if member_id == friend.id:
                friend_row = updated
        return friend_row

    def give_occasion_gifts(self) -> int:
        """Birthday and anniversary points for today by the Jalali calendar (and the last
        week, for days the till was closed); once per member, occasion and year on every
        till. Returns how many gifts were given."""
        self._guard()
        now = self.clock()
        with self.db.read() as session:
            _, club = _all_rules(session)
        given = 0
        for column, points, kind, note in (
            ("birthday", club.occasions.birthday, "birthday", BIRTHDAY_NOTE),
            ("anniversary", club.occasions.anniversary, "anniversary", ANNIVERSARY_NOTE),
        ):
            if not points:
                continue
            with self.db.read() as session:  # a scan: never inside a write transaction
                due = [
                    (row, gift_id(row.public_id, kind, day.year))
                    for day in recent_days(now)
                    for row in members.born_on(session, column, dates_on(day))
                ]
            for start in range(0, len(due), LEVEL_BATCH):
                with self.db.write() as session:
                    for row, gift in due[start : start + LEVEL_BATCH]:
                        if self._gift(session, row.id, row.public_id, gift, points, note, club):
                            given += 1
        return given

    def _gift(
        self,
        session: Any,
        member_id: int,
        member_public_id: str,
        gift: str,
        points: int,
        note: str,
        club: ClubRules,
    ) -> Any:
        """Points given once under the id ``gift`` (the same on every till): a lot that
        expires like any earning, audited and sent by sync. Returns the member row, or None
        when this gift was given already."""
        if ledger.entry_exists(session, gift):
            return None
        now = self.clock()
        _, row = ledger.add_lot(
            session,
            member_id,
            points,
            self.actor,
            now,
            note=note,
            expires_at=club.expiry.points_expiry(now),
            public_id=gift,
        )
        details = {"entry": gift, "points": points, "note": note}
        self._audit(session, "points.earn", member_public_id, details)
        record.ledger(session, gift, member_public_id)
        return row

    def _relevel(
        self, session: Any, member: Any, club: ClubRules, now: datetime
    ) -> tuple[str, bool]:
        """The member's level from spend in the window; a change is audited. Returns the
        stored level and whether it went up."""
        if not club.levels.levels:
            return member.level, False
        spend = ledger.spend_since(session, member.id, club.levels.window_start(now))
        level = club.levels.key_for(spend)
        if level == member.level:
            return level, False
        names = [lv.name for lv in club.levels.levels]
        rank = {name: i for i, name in enumerate(names)}
        before = rank.get(club.levels.display_name(member.level), -1)
        after = rank.get(club.levels.display_name(level), -1)
        members.set_level(session, member.id, level)
        self._audit(
            session,
            "member.level",
            member.public_id,
            {"level": [member.level, level], "spend": spend},
        )
        return level, after > before

    def _check_redeem_limit(self, points: int) -> None:
        """A cashier redeeming more than the limit needs the owner's PIN (roles)."""
        if self.accounts_required() and points > self.redeem_limit():
            self.require(Permission.REDEEM_OVER_LIMIT)

    def redeem(self, member_id: str, points: str | int) -> MemberView:
        self._guard()
        points = parse_points(points)
        now = self.clock()
        with self.db.write() as session:
            member = members.locate(session, member_id)
            if member.archived_at is not None:
                raise MemberArchived()
            self._check_redeem_limit(points)
            expiry.expire_member(session, member.id, now)
            entry_id, row = ledger.redeem(session, member.id, points, self.actor, now)
            self._audit(
                session, "points.redeem", row.public_id, {"entry": entry_id, "points": points}
            )
            record.ledger(session, entry_id, row.public_id)
            return members.to_view(row)

    def redeem_reward(self, member_id: str, reward_id: str) -> MemberView:
        """A reward that needs no invoice (a free item, wallet credit), at the till."""
        self._guard()
        now = self.clock()
        with self.db.write() as session:
            member = members.locate(session, member_id)
            if member.archived_at is not None:
                raise MemberArchived()
            _, club = _all_rules(session)
            reward = club.rewards.find(reward_id)
            if reward.needs_invoice:
                raise RewardNeedsInvoice()
            self._check_redeem_limit(reward.cost)
            expiry.expire_member(session, member.id, now)
            entries, row = self._spend_reward(session, member.id, reward, club, now)
            self._audit(
                session,
                "points.redeem",
                member.public_id,
                {"entry": entries[0], "points": reward.cost, "reward": reward.name},
            )
            for entry_id in entries:
                record.ledger(session, entry_id, member.public_id)
            return members.to_view(row)

    def adjust_points(self, member_id: str, points: str | int, note: str) -> MemberView:
        """The owner's correction by hand: added points are a lot (they expire like any
        earning), taken points come from the oldest lots. Always with a reason."""
        self._guard()
        amount = parse_adjustment(points)
        note = " ".join(str(note).split())[:200]
        if not note:
            raise NoteRequired()
        self.require(Permission.ADJUST_POINTS)
        now = self.clock()
        with self.db.write() as session:
            member = members.locate(session, member_id)
            _, club = _all_rules(session)
            expiry.expire_member(session, member.id, now)
            if amount > 0:
                entry_id, row = ledger.add_lot(
                    session,
                    member.id,
                    amount,
                    self.actor,
                    now,
                    kind=LedgerKind.ADJUST,
                    note=note,
                    expires_at=club.expiry.points_expiry(now),
                )
            else:
                entry_id, row = ledger.redeem(
                    session,
                    member.id,
                    -amount,
                    self.actor,
                    now,
                    note=note,
                    kind=LedgerKind.ADJUST,
                )
            self._audit(
                session,
                "points.adjust",
                member.public_id,
                {"entry": entry_id, "points": amount, "note": note},
            )
            record.ledger(session, entry_id, member.public_id)
            return members.to_view(row)

    def reverse_purchase(self, purchase_id: str, reason: str = "") -> PurchaseResult:
        """Undo a sale with compensating entries, never a delete: the reversal is a purchase
        row with the negated figures; the points (and cashback) it earned are taken back from
        what is left (never below zero; any shortfall is in the audit), and points or credit
        it spent are given back as new lots. The same Tehran day a cashier may do it; later
        it needs the owner."""
        self._guard()
        now = self.clock()
        with self.db.write() as session:
            sale = ledger.purchase_by_public_id(session, purchase_id)
            if sale.reverses_id is not None:
                raise NotReversible()
            if ledger.reversal_of(session, sale.id) is not None:
                raise AlreadyReversed()
            if local(sale.created_at).date() != local(now).date():
                self.require(Permission.REVERSE_PURCHASE)
            member = members.locate(session, members.public_id_of(session, sale.member_id))
            _, club = _all_rules(session)
            expiry.expire_member(session, member.id, now)
            reversal, reversal_row = ledger.insert_reversal(session, sale, self.actor, now)
            entries, shortfall = [], {}
            for entry in ledger.purchase_entries(session, sale.id):
                if entry.points > 0:
                    entry_id, taken, _ = ledger.take_back(
                        session,
                        member.id,
                        entry.id,
                        entry.points,
                        self.actor,
                        now,
                        unit=entry.unit,
                        purchase_id=reversal_row,
                    )
                    if taken < entry.points:
                        shortfall[entry.unit] = shortfall.get(entry.unit, 0) + entry.points - taken
                else:
                    expires = (
                        club.expiry.credit_expiry(now)
                        if entry.unit == ledger.CREDIT
                        else club.expiry.points_expiry(now)
                    )
                    entry_id, _ = ledger.add_lot(
                        session,
                        member.id,
                        -entry.points,
                        self.actor,
                        now,
                        unit=entry.unit,
                        kind=LedgerKind.REVERSE,
                        purchase_id=reversal_row,
                        expires_at=expires,
                        note=entry.note,
                    )
                if entry_id is not None:
                    entries.append(entry_id)
            level, _ = self._relevel(session, member, club, now)
            details: dict[str, Any] = {
                "purchase": sale.public_id,
                "reversal": reversal.id,
                "amount": sale.amount,
                "points": sale.points_earned,
            }
            if reason.strip():
                details["reason"] = " ".join(reason.split())[:200]
            if shortfall:
                details["not_recovered"] = shortfall
            self._audit(session, "purchase.reverse", member.public_id, details)
            record.purchase(session, reversal.id, member.public_id)
            for entry_id in entries:
                record.ledger(session, entry_id, member.public_id)
            view = members.to_view(members.by_public_id(session, member.public_id))
            return PurchaseResult(reversal, view, level=club.levels.display_name(level))

    def club_rules(self) -> ClubRules:
        with self.db.read() as session:
            return _all_rules(session)[1]

    def set_club_rules(self, rules: ClubRules) -> None:
        """Save expiry, wallet, rewards and levels (each key audited when it changed)."""
        self.require(Permission.CHANGE_SETTINGS)
        now = self.clock()
        values = rules.settings()
        with self.db.write() as session:
            for key, value in values.items():
                old = settings.put(session, key, value, self.actor, now)
                if old != value:
                    self._audit(session, "settings.change", key, {"value": [old, value]})

    def expire_now(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Expire every lot that is due (the hourly job); returns how many lots expired.
        Short write transactions of a few thousand lots, so the till never waits; remembers
        how far it got, so each run reads only the newly due lots."""
        self._guard()
        now = self.clock()
        with self.db.read() as session:
            since = settings.get(session, EXPIRED_THROUGH_KEY)
            due = expiry.due_lot_ids(session, now, datetime.fromisoformat(since) if since else None)
        done = 0
        for start in range(0, len(due), expiry.BATCH):
            with self.db.write() as session:
                done += expiry.expire_lots(session, now, due[start : start + expiry.BATCH])
            if progress is not None:
                progress(min(start + expiry.BATCH, len(due)), len(due))
        with self.db.write() as session:
            settings.put(session, EXPIRED_THROUGH_KEY, now.isoformat(), expiry.SYSTEM_ACTOR, now)
            if done:
                self._audit(session, "points.expire", "lots", {"lots": done})
        return done

    def expiring_soon(
        self, days: int = 30, limit: int = 500
    ) -> list[tuple[MemberHit, int, datetime]]:
        """Members whose points expire in the next ``days``, soonest first: (member, points,
        first expiry) for the owner's list and the reminder SMS."""
        self._guard()
        now = self.clock()
        with self.db.read() as session:
            found = ledger.expiring_points(session, now, now + timedelta(days=days)).subquery()
            rows = session.execute(
                select(found.c.points, found.c.first_expiry, *members.hit_columns())
                .join(Member, Member.id == found.c.member_id)
                .order_by(found.c.first_expiry)
                .limit(limit)
            )
            return [(members.to_hit(row), row.points, row.first_expiry) for row in rows]

    def refresh_levels(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Demote members whose spend left the window (the nightly job): only members above
        the lowest level are read, in short write transactions. Returns how many changed."""
        self._guard()
        now = self.clock()
        with self.db.read() as session:
            _, club = _all_rules(session)
            rows = members.levelled(session)
        changed = 0
        for start in range(0, len(rows), LEVEL_BATCH):
            with self.db.write() as session:
                for member in rows[start : start + LEVEL_BATCH]:
                    level = ""
                    if club.levels.levels:
                        since = club.levels.window_start(now)
                        level = club.levels.key_for(ledger.spend_since(session, member.id, since))
                    current = members.level_of(session, member.id)  # a sale may have moved it
                    if level != current:
                        members.set_level(session, member.id, level)
                        details = {"level": [current, level]}
                        self._audit(session, "member.level", member.public_id, details)
                        changed += 1
            if progress is not None:
                progress(min(start + LEVEL_BATCH, len(rows)), len(rows))
        return changed

    def set_points_rule(self, rule: PointsRule) -> None:
        """Change only the tomans per point (the other earning rules stay)."""
        self.require(Permission.CHANGE_SETTINGS)
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
        self.require(Permission.CHANGE_SETTINGS)
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
        """The name printed at the top of receipts: the business profile's, or the licence's."""
        return self.shop_header()[0]

    def shop_header(self) -> tuple[str, str]:
        """The top of a receipt: the shop's name and its phone and address line."""
        profile = self.business_profile()
        return profile.name or self._business(), profile.contact_line()

    # ---------------------------------------------------------- business profile

    def business_profile(self) -> BusinessProfile:
        with self.db.read() as session:
            return BusinessProfile.from_json(settings.get(session, PROFILE_KEY))

    def set_business_profile(self, profile: BusinessProfile) -> BusinessProfile:
        """Store the profile (checked again: nothing half-saved); audited field by field."""
        checked = BusinessProfile.parse(**profile.to_json())
        self.require(Permission.CHANGE_SETTINGS)
        now = self.clock()
        with self.db.write() as session:
            old = settings.put(session, PROFILE_KEY, checked.to_json(), self.actor, now) or {}
            changed = {
                key: [old.get(key), value]
                for key, value in checked.to_json().items()
                if old.get(key) != value
            }
            if changed:
                self._audit(session, "settings.change", PROFILE_KEY, changed)
        return checked

    def business_logo(self) -> bytes | None:
        """The logo as PNG bytes, or None."""
        with self.db.read() as session:
            stored = settings.get(session, LOGO_KEY)
        return decode_logo(stored)

    def set_business_logo(self, png: bytes | None) -> None:
        """A PNG of at most LOGO_MAX_BYTES (the UI scales it first), or None to remove it."""
        stored = encode_logo(png)
        self.require(Permission.CHANGE_SETTINGS)
        now = self.clock()
        with self.db.write() as session:
            old = settings.put(session, LOGO_KEY, stored, self.actor, now)
            if old != stored:
                digest = hashlib.sha256(png).hexdigest()[:16] if png else None
                self._audit(session, "settings.change", LOGO_KEY, {"logo": digest})

    def receipt_settings(self) -> ReceiptSettings:
        with self.db.read() as session:
            found = settings.get_many(session, (WIDTH_KEY, AUTO_PRINT_KEY))
        return ReceiptSettings.from_settings(found.get(WIDTH_KEY), found.get(AUTO_PRINT_KEY))

    def set_receipt_settings(self, chosen: ReceiptSettings) -> None:
        """Save the paper width and auto-print (audited, like every settings change)."""
        chosen = ReceiptSettings(chosen.width_mm, chosen.auto_print)  # validated again
        self.require(Permission.CHANGE_SETTINGS)
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
        if not dry_run:
            self.require(Permission.IMPORT)
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
        self.require(Permission.EXPORT)
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

    # ------------------------------------------------------------ reports

    def report(
        self, period: Period, progress: Callable[[int, int], None] | None = None
    ) -> ClubReport:
        """The owner's figures for ``period`` by Jalali month, read from one snapshot;
        ``progress`` runs after each month and may raise Cancelled."""
        from clubdesk.storage import reports as sums

        self._guard()
        with self.db.read() as session:
            months = tuple(sums.month_rows(session, period.months(), progress))
            return ClubReport(
                period,
                months,
                sums.liability(session),
                tuple(sums.top_customers(session, period.start_utc, period.end_utc)),
                tuple(sums.levels(session)),
                sums.has_purchases(session),
                utcnow(),
            )

    def export_report(
        self,
        report: ClubReport,
        path: Path,
        translate: Callable[[str, str], str] | None = None,
        pdf: Callable[[ClubReport, Path], None] | None = None,
    ) -> None:
        """``report`` to an Excel workbook, or to a PDF through ``pdf`` (the UI's writer:
        drawing needs Qt, which this layer does not import)."""
        from clubdesk.core.reports_xlsx import ReportFileType, write_xlsx

        self._guard()
        self.require(Permission.EXPORT)
        path = Path(path)
        if path.suffix.lower() == ".pdf" and pdf is not None:
            pdf(report, path)
        elif path.suffix.lower() == ".xlsx":
            write_xlsx(report, path, translate)
        else:
            raise ReportFileType(entered=path.name)
        with self.db.write() as session:
            self._audit(session, "report.export", "report", {"file": Path(path).name})

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
        self.require(Permission.MERGE_MEMBERS)
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
        owner = getattr(self._grant, "owner", None)
        if owner:  # a cashier's action the owner approved with their PIN
            details = {**details, "authorised_by": owner}
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
