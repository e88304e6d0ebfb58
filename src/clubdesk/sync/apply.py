"""Other devices' changes applied to this database, in the server's order.

The rules (DESIGN, Sync), each order-independent so that every device converges:
- member fields: per field, the value with the highest hybrid-clock stamp wins;
- the same phone on two member ids: one member, the smaller id, with both histories (the other
  id becomes an alias, the merge is audited and recorded so every device makes it);
- purchases and ledger events: a union by public id (the same event twice is one);
- a redeem that leaves a balance below zero is kept and flagged for the owner.
A change that needs something not yet here (its member, a lot) is parked and retried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, delete, insert, select, update
from sqlalchemy.orm import Session

from clubdesk.core.hlc import Clock, Stamp
from clubdesk.core.names import search_keys
from clubdesk.core.points import LedgerKind
from clubdesk.protocol import SyncChange
from clubdesk.storage import audit, expiry
from clubdesk.storage.ledger import CREDIT, POINTS, derived_stats
from clubdesk.storage.members import current_id as resolve
from clubdesk.storage.members import phone_rev
from clubdesk.storage.models import (
    LedgerEntry,
    LotAllocation,
    Member,
    MemberAlias,
    MemberClock,
    Purchase,
    SyncFlag,
    UTCDateTime,
)
from clubdesk.sync import record

SYNC_ACTOR = "sync"


# A registration's fields that a change may leave out take these values.
MEMBER_DEFAULTS: dict[str, Any] = {
    "first_name": "",
    "last_name": "",
    "birthday": None,
    "gender": "unspecified",
    "note": "",
    "sms_consent": False,
    "sms_consent_at": None,
    "archived_at": None,
}


class BadChange(ValueError):
    """A change whose contents make no sense (a damaged or foreign payload)."""


@dataclass
class Outcome:
    applied: int = 0
    parked: int = 0
    merged: int = 0
    flagged: int = 0
    members: set[str] = field(default_factory=set)  # public ids whose data changed


def _member(session: Session, public_id: str) -> Member | None:
    return session.scalars(select(Member).where(Member.public_id == public_id)).one_or_none()


def _by_phone(session: Session, phone: str) -> Member | None:
    return session.scalars(select(Member).where(Member.phone == phone)).one_or_none()


def _time(value: Any) -> datetime:
    moment = record.from_wire("archived_at", value)
    if moment is None:
        raise BadChange("a time is missing")
    return moment


def set_fields(row: Member, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, record.from_wire(name, value))
    if "phone" in values:
        row.phone_rev = phone_rev(row.phone)
    if "first_name" in values or "last_name" in values:
        row.name_key, row.name_key_rev = search_keys(row.first_name, row.last_name)


def _well_formed(change: SyncChange) -> bool:
    """A registration the bulk path can take as is (anything odd goes one by one)."""
    fields, created = change.data.get("fields"), change.data.get("created")
    if not isinstance(fields, dict) or not isinstance(created, dict):
        return False
    if set(fields) - set(record.FIELDS) or not isinstance(change.data.get("clocks", {}), dict):
        return False
    try:
        for name, value in fields.items():
            record.from_wire(name, value)
        _time(created["at"])
        Stamp.parse(change.hlc)
    except (ValueError, TypeError, KeyError, BadChange):
        return False
    return isinstance(created.get("by"), str)


def _well_formed_purchase(change: SyncChange) -> bool:
    data = change.data
    try:
        amount, points = int(data["amount"]), int(data["points"])
        _time(data["at"])
        Stamp.parse(change.hlc)
        earn = data.get("earn")
        if earn:
            int(earn["points"])
            record.from_wire("archived_at", earn.get("expires_at"))
            if not isinstance(earn["id"], str):
                return False
    except (ValueError, TypeError, KeyError, BadChange):
        return False
    if data.get("reverses") is not None:  # a reversal: negated figures, per-change path
        return False
    return amount >= 0 and points >= 0 and isinstance(data.get("by"), str)


def _newer(stamp: str, clock: str | None) -> bool:
    return clock is None or stamp > clock


class Applier:
    """Applies one page of pulled changes inside the caller's transaction."""

    def __init__(self, session: Session, clock: Clock, now: datetime) -> None:
        self.session = session
        self.clock = clock
        self.now = now
        self.outcome = Outcome()

    # ------------------------------------------------------------------ entry point

    def apply_page(self, changes: list[SyncChange]) -> list[int]:
        """Apply a page in order; returns the indexes of the changes that must wait.

        A new PC downloads a whole shop: registrations of members nobody here has (no id,
        no phone, nothing else in the page about that phone) and purchases of members already
        here are inserted in bulk, which gives the same result as one by one because neither
        depends on anything else in the page. Everything else goes one by one, in order."""
        fresh = self._fresh_registrations(changes)
        if fresh:
            self._insert_members([changes[i] for i in fresh])
        bought = self._bulk_purchases(changes, fresh)
        if bought:
            self._insert_purchases([changes[i] for i in bought])
        done = set(fresh) | set(bought)
        waiting = []
        for index, change in enumerate(changes):
            if index in done:
                self.clock.observe(Stamp.parse(change.hlc))
                self.outcome.applied += 1
            elif not self.apply(change):
                waiting.append(index)
        return waiting

    def _fresh_registrations(self, changes: list[SyncChange]) -> list[int]:
        phones: dict[str, int] = {}
        candidates: list[int] = []
        for index, change in enumerate(changes):
            if change.kind == "merge":
                return []  # merges move members: this page goes one by one
            if change.kind != "member":
                continue
            fields = change.data.get("fields")
            phone = fields.get("phone") if isinstance(fields, dict) else None
            if isinstance(phone, str):
                phones[phone] = phones.get(phone, 0) + 1
            if "created" in change.data and isinstance(phone, str) and _well_formed(change):
                candidates.append(index)
        if not candidates:
            return []
        ids = [changes[i].member for i in candidates]
        taken_ids = set(
            self.session.scalars(select(Member.public_id).where(Member.public_id.in_(ids)))
        ) | set(self.session.scalars(select(MemberAlias.alias).where(MemberAlias.alias.in_(ids))))
        wanted = [changes[i].data["fields"]["phone"] for i in candidates]
        taken_phones = set(
            self.session.scalars(select(Member.phone).where(Member.phone.in_(wanted)))
        )
        counted_ids = (
            {member: ids.count(member) for member in ids} if len(set(ids)) < len(ids) else {}
        )
        return [
            i
            for i in candidates
            if changes[i].member not in taken_ids
            and counted_ids.get(changes[i].member, 1) == 1
            and changes[i].data["fields"]["phone"] not in taken_phones
            and phones[changes[i].data["fields"]["phone"]] == 1
        ]

    def _insert_members(self, changes: list[SyncChange]) -> None:
        rows = [self._new_member_row(change) for change in changes]
        self.session.execute(insert(Member.__table__), rows)
        found = dict(
            self.session.execute(
                select(Member.public_id, Member.id).where(
                    Member.public_id.in_([c.member for c in changes])
                )
            ).all()
        )
        clocks = []
        for change in changes:
            sent = change.data.get("clocks") or {}
            fields = change.data["fields"]
            stamps = {name: str(sent.get(name) or change.hlc) for name in fields}
            clocks.append({"member_id": found[change.member], "clocks": stamps})
            self.outcome.members.add(change.member)
        self.session.execute(insert(MemberClock.__table__), clocks)

    def _new_member_row(self, change: SyncChange) -> dict[str, Any]:
        """Column values of a registered member, as plain values (the bulk path's speed)."""
        values = MEMBER_DEFAULTS | {
            name: record.from_wire(name, value) for name, value in change.data["fields"].items()
        }
        values["phone_rev"] = phone_rev(values["phone"])
        values["name_key"], values["name_key_rev"] = search_keys(
            values["first_name"], values["last_name"]
        )
        created = change.data["created"]
        return values | {
            "public_id": change.member,
            "created_at": _time(created["at"]),
            "created_by": str(created["by"])[:60],
            "updated_at": self.now,
            "points": 0,
            "visits": 0,
            "total_spent": 0,
            "last_visit_at": None,
        }

    def _bulk_purchases(self, changes: list[SyncChange], fresh: list[int]) -> list[int]:
        if any(c.kind == "merge" for c in changes):
            return []
        candidates = [
            i for i, c in enumerate(changes) if c.kind == "purchase" and _well_formed_purchase(c)
        ]
        if not candidates:
            return []
        ids = [changes[i].change_id for i in candidates]
        if len(set(ids)) < len(ids):
            return []
        members = {changes[i].member for i in candidates}
        here = set(
            self.session.scalars(select(Member.public_id).where(Member.public_id.in_(members)))
        )
        already = set(
            self.session.scalars(select(Purchase.public_id).where(Purchase.public_id.in_(ids)))
        )
        earn_ids = [
            changes[i].data["earn"]["id"] for i in candidates if changes[i].data.get("earn")
        ]
        earned_before = set(
            self.session.scalars(
                select(LedgerEntry.public_id).where(LedgerEntry.public_id.in_(earn_ids))
            )
        )
        return [
            i
            for i in candidates
            if changes[i].member in here
            and changes[i].change_id not in already
            and not (changes[i].data.get("earn") and changes[i].data["earn"]["id"] in earned_before)
        ]

    def _insert_purchases(self, changes: list[SyncChange]) -> None:
        members = dict(
            self.session.execute(
                select(Member.public_id, Member.id).where(
                    Member.public_id.in_({c.member for c in changes})
                )
            ).all()
        )
        self.session.execute(
            insert(Purchase.__table__),
            [
                {
                    "public_id": c.change_id,
                    "member_id": members[c.member],
                    "amount": int(c.data["amount"]),
                    "points_earned": int(c.data["points"]),
                    "discount": int(c.data.get("discount") or 0),
                    "created_at": _time(c.data["at"]),
                    "created_by": str(c.data["by"])[:60],
                }
                for c in changes
            ],
        )
        ids = dict(
            self.session.execute(
                select(Purchase.public_id, Purchase.id).where(
                    Purchase.public_id.in_([c.change_id for c in changes])
                )
            ).all()
        )
        earnings = [
            {
                "public_id": c.data["earn"]["id"],
                "member_id": members[c.member],
                "kind": "earn",
                "points": int(c.data["earn"]["points"]),
                "purchase_id": ids[c.change_id],
                "expires_at": record.from_wire("archived_at", c.data["earn"].get("expires_at")),
                "note": "",
                "created_at": _time(c.data["at"]),
                "created_by": str(c.data["by"])[:60],
            }
            for c in changes
            if c.data.get("earn")
        ]
        if earnings:
            self.session.execute(insert(LedgerEntry.__table__), earnings)
        totals: dict[int, list[Any]] = {}
        for c in changes:
            member_id = members[c.member]
            points = int(c.data["earn"]["points"]) if c.data.get("earn") else 0
            at = _time(c.data["at"])
            t = totals.setdefault(member_id, [0, 0, 0, at])
            t[0] += points
            t[1] += 1
            t[2] += int(c.data["amount"])
            t[3] = max(t[3], at)
            self.outcome.members.add(c.member)
        table = Member.__table__
        self.session.execute(
            update(table)
            .where(table.c.id == bindparam("member"))
            .values(
                points=table.c.points + bindparam("add_points"),
                visits=table.c.visits + bindparam("add_visits"),
                total_spent=table.c.total_spent + bindparam("add_spent"),
                last_visit_at=case(
                    (
                        table.c.last_visit_at > bindparam("seen", type_=UTCDateTime()),
                        table.c.last_visit_at,
                    ),
                    else_=bindparam("seen", type_=UTCDateTime()),
                ),
            ),
            [
                {"member": m, "add_points": p, "add_visits": v, "add_spent": sp, "seen": at}
                for m, (p, v, sp, at) in totals.items()
            ],
        )

    def apply(self, change: SyncChange) -> bool:
        """True when applied (or already here); False when it must wait (parked)."""
        try:
            self.clock.observe(Stamp.parse(change.hlc))
            handler = {
                "member": self._member_change,
                "merge": self._merge_change,
                "purchase": self._purchase_change,
                "ledger": self._ledger_change,
            }[change.kind]
            with self.session.begin_nested():
                done = handler(change)
        except (BadChange, ValueError, KeyError, TypeError) as exc:
            self._flag("bad_change", change.member, change.change_id, {"problem": str(exc)[:200]})
            return True
        if done:
            self.outcome.applied += 1
        return done

    # ------------------------------------------------------------------ members

    def _member_change(self, change: SyncChange) -> bool:
        data = change.data
        fields: dict[str, Any] = dict(data["fields"])
        unknown = set(fields) - set(record.FIELDS)
        if unknown:
            raise BadChange(f"unknown member fields: {sorted(unknown)}")
        # A resent registration carries each field's own clock; a fresh one, the change's.
        sent = data.get("clocks") or {}
        stamps = {name: str(sent.get(name) or change.hlc) for name in fields}
        public_id = resolve(self.session, change.member)
        row = _member(self.session, public_id)
        if row is None:
            if "created" not in data or not fields.get("phone"):
                return False  # an edit of a member whose registration has not come yet
            other = _by_phone(self.session, fields["phone"])
            if other is None:
                self._register(change, public_id, stamps)
                return True
            row = self.merge(public_id, other.public_id, data.get("by", SYNC_ACTOR))
        self._lww(row, fields, stamps, data.get("by", SYNC_ACTOR))
        return True

    def _register(self, change: SyncChange, public_id: str, stamps: dict[str, str]) -> None:
        row = self._new_member_row(change) | {"public_id": public_id}
        member_id = self.session.execute(insert(Member.__table__).values(row)).inserted_primary_key[
            0
        ]
        record.set_clocks(self.session, member_id, stamps)
        self.outcome.members.add(public_id)

    def _lww(self, row: Member, fields: dict[str, Any], stamps: dict[str, str], by: str) -> None:
        clocks = record.clocks_of(self.session, row.id)
        winning = {k: v for k, v in fields.items() if _newer(stamps[k], clocks.get(k))}
        if not winning:
            return
        phone = winning.get("phone")
        if phone and phone != row.phone:
            other = _by_phone(self.session, phone)
            if other is not None and other.id != row.id:  # an edit gave it another's phone
                row = self.merge(row.public_id, other.public_id, by)
                clocks = record.clocks_of(self.session, row.id)
                winning = {k: v for k, v in fields.items() if _newer(stamps[k], clocks.get(k))}
        before = record.fields_of(row)
        set_fields(row, winning)
        row.updated_at = max(row.updated_at, self.now)
        clocks.update({name: stamps[name] for name in winning})
        record.set_clocks(self.session, row.id, clocks)
        diff = {k: [before[k], v] for k, v in winning.items() if before.get(k) != v}
        if diff:
            self._audit(by, "member.sync_edit", row.public_id, diff)
            self.outcome.members.add(row.public_id)

    def _merge_change(self, change: SyncChange) -> bool:
        into = change.data["into"]
        if not isinstance(into, str) or not into:
            raise BadChange("a merge names no member")
        self.merge(change.member, into, change.data.get("by", SYNC_ACTOR))
        return True

    def merge(self, one: str, other: str, by: str) -> Member:
        """One member from two ids: the smaller id stays, the other becomes its alias. Returns
        the member row (None never: at least one of the two rows exists when called)."""
        one, other = resolve(self.session, one), resolve(self.session, other)
        keep, alias = min(one, other), max(one, other)
        if keep == alias:
            found = _member(self.session, keep)
            assert found is not None
            return found
        self.session.execute(update(MemberAlias).where(MemberAlias.into == alias).values(into=keep))
        self.session.merge(MemberAlias(alias=alias, into=keep))
        gone, kept = _member(self.session, alias), _member(self.session, keep)
        if gone is not None and kept is None:
            gone.public_id = keep  # the row takes the surviving id, its history with it
            kept = gone
        elif gone is not None and kept is not None:
            self._fold(gone, kept)
        assert kept is not None
        self.session.flush()
        record.merge(self.session, alias, keep, SYNC_ACTOR, self.now)
        self._audit(by, "member.merge", keep, {"merged": [alias, keep]})
        self.outcome.merged += 1
        self.outcome.members.update({keep, alias})
        self._check_balance(kept, None)
        return kept

    def _fold(self, gone: Member, kept: Member) -> None:
        """``gone``'s history moves to ``kept``; each field keeps the newer of the two values."""
        gone_clocks = record.clocks_of(self.session, gone.id)
        kept_clocks = record.clocks_of(self.session, kept.id)
        gone_fields = record.fields_of(gone)
        take = {
            name: gone_fields[name]
            for name in record.FIELDS
            if (gone_clocks.get(name) or "") > (kept_clocks.get(name) or "")
        }
        for table in (Purchase, LedgerEntry):
            self.session.execute(
                update(table).where(table.member_id == gone.id).values(member_id=kept.id)
            )
        self.session.execute(delete(MemberClock).where(MemberClock.member_id == gone.id))
        created_at, created_by = gone.created_at, gone.created_by
        self.session.delete(gone)
        self.session.flush()  # its phone is free before kept may take it
        set_fields(kept, take)
        if created_at < kept.created_at:
            kept.created_at, kept.created_by = created_at, created_by
        kept_clocks.update({name: gone_clocks[name] for name in take})
        record.set_clocks(self.session, kept.id, kept_clocks)
        stats = derived_stats(self.session, kept.id)
        kept.points, kept.visits, kept.credit = stats.points, stats.visits, stats.credit
        kept.total_spent, kept.last_visit_at = stats.total_spent, stats.last_visit_at

    # ------------------------------------------------------------------ ledger

    def _purchase_change(self, change: SyncChange) -> bool:
        if self.session.scalar(select(Purchase.id).where(Purchase.public_id == change.change_id)):
            return True
        row = _member(self.session, resolve(self.session, change.member))
        if row is None:
            return False
        data = change.data
        amount, points = int(data["amount"]), int(data["points"])
        reverses = None
        if data.get("reverses") is not None:
            reverses = self.session.scalar(
                select(Purchase.id).where(Purchase.public_id == str(data["reverses"]))
            )
            if reverses is None:
                return False  # the sale it reverses has not come yet
        elif amount < 0 or points < 0:
            raise BadChange("a purchase with a negative amount")
        at = _time(data["at"])
        purchase_id = self.session.execute(
            insert(Purchase.__table__).values(
                public_id=change.change_id,
                member_id=row.id,
                amount=amount,
                points_earned=points,
                discount=int(data.get("discount") or 0),
                reverses_id=reverses,
                created_at=at,
                created_by=str(data["by"])[:60],
            )
        ).inserted_primary_key[0]
        if reverses is not None:  # its ledger entries come as their own changes
            row.visits -= 1
            row.total_spent += amount
            self.outcome.members.add(row.public_id)
            return True
        earn = data.get("earn")
        earned = 0
        if earn:
            earned = int(earn["points"])
            self.session.execute(
                insert(LedgerEntry.__table__).values(
                    public_id=earn["id"],
                    member_id=row.id,
                    kind="earn",
                    points=earned,
                    purchase_id=purchase_id,
                    expires_at=record.from_wire("archived_at", earn.get("expires_at")),
                    note="",
                    created_at=at,
                    created_by=str(data["by"])[:60],
                )
            )
        row.points += earned
        row.visits += 1
        row.total_spent += amount
        if row.last_visit_at is None or at > row.last_visit_at:
            row.last_visit_at = at
        self.outcome.members.add(row.public_id)
        return True

    def _ledger_change(self, change: SyncChange) -> bool:
        exists = select(LedgerEntry.id).where(LedgerEntry.public_id == change.change_id)
        if self.session.scalar(exists):
            return True
        row = _member(self.session, resolve(self.session, change.member))
        if row is None:
            return False
        data = change.data
        lots = [(str(lot), int(points)) for lot, points in data.get("lots", [])]
        lot_ids = dict(
            self.session.execute(
                select(LedgerEntry.public_id, LedgerEntry.id).where(
                    LedgerEntry.public_id.in_([lot for lot, _ in lots])
                )
            ).all()
        )
        if len(lot_ids) < len({lot for lot, _ in lots}):
            return False  # a lot it used has not come yet
        purchase_id = None
        if data.get("purchase"):
            purchase_id = self.session.scalar(
                select(Purchase.id).where(Purchase.public_id == data["purchase"])
            )
            if purchase_id is None:
                return False
        points = int(data["points"])
        kind, unit = str(data["kind"]), str(data.get("unit") or POINTS)
        if kind == LedgerKind.EXPIRE.value:
            return True  # every till derives expiries itself (storage/expiry.py)
        if unit not in (POINTS, CREDIT):
            raise BadChange("an unknown ledger unit")
        entry_id = self.session.execute(
            insert(LedgerEntry.__table__).values(
                public_id=change.change_id,
                member_id=row.id,
                kind=kind,
                points=points,
                unit=unit,
                available_at=record.from_wire("archived_at", data.get("available_at")),
                purchase_id=purchase_id,
                expires_at=record.from_wire("archived_at", data.get("expires_at")),
                note=str(data.get("note", "")),
                created_at=_time(data["at"]),
                created_by=str(data["by"])[:60],
            )
        ).inserted_primary_key[0]
        if lots:
            self.session.execute(
                insert(LotAllocation.__table__),
                [{"entry_id": entry_id, "lot_id": lot_ids[lot], "points": p} for lot, p in lots],
            )
        if unit == CREDIT:
            row.credit += points
        else:
            row.points += points
        if lots:  # a redeem made before an expiry this till already wrote: recompute it
            self.session.flush()
            if expiry.refresh(self.session, [lot_ids[lot] for lot, _ in lots]):
                self.session.refresh(row)
        self.outcome.members.add(row.public_id)
        self._check_balance(row, change.change_id)
        return True

    # ------------------------------------------------------------------ owner's attention

    def _check_balance(self, row: Member, entry: str | None) -> None:
        if row.points < 0:
            self._flag("overdrawn", row.public_id, entry, {"balance": row.points})
            self._audit(SYNC_ACTOR, "points.overdrawn", row.public_id, {"balance": row.points})

    def _flag(self, kind: str, member: str, entry: str | None, details: dict[str, Any]) -> None:
        self.session.add(
            SyncFlag(kind=kind, member=member, entry=entry, details=details, created_at=self.now)
        )
        self.outcome.flagged += 1

    def _audit(self, actor: str, action: str, member: str, details: dict[str, Any]) -> None:
        audit.record(
            self.session,
            actor=str(actor)[:60],
            action=action,
            entity="member",
            entity_id=member,
            details=details,
            now=self.now,
        )


__all__ = ["Applier", "BadChange", "Outcome"]
