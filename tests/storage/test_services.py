"""The use cases the counter runs, against a real SQLite file."""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from clubdesk.core.demo import demo_members
from clubdesk.core.errors import (
    ClubDeskError,
    DuplicatePhone,
    ExitCode,
    InsufficientPoints,
    InvalidAmount,
    InvalidDate,
    InvalidInput,
    InvalidName,
    InvalidPhone,
    InvalidSetting,
    MemberArchived,
    MemberNotFound,
)
from clubdesk.core.members import Gender, MemberDraft, MemberView
from clubdesk.core.points import PointsRule
from clubdesk.services import ClubServices, SortKey
from clubdesk.storage import bulk, ledger
from clubdesk.storage.database import DB_FILENAME, open_database
from clubdesk.storage.models import AuditEntry, Base, LedgerEntry, LotAllocation, Member, Purchase

ZWNJ = "\u200c"
_phone_numbers = itertools.count(1)


def fresh_phone() -> str:
    """A valid mobile number not used by any other test in this run."""
    return f"0919{next(_phone_numbers):07d}"


def register(club: ClubServices, phone: str, first: str = "علی", last: str = "رضایی") -> MemberView:
    result = club.register(MemberDraft(phone=phone, first_name=first, last_name=last))
    assert not result.existing
    return result.member


def table_count(club: ClubServices, table: str) -> int:
    with club.db.read() as session:
        return int(session.scalar(text(f"SELECT count(*) FROM {table}")))


def counts(club: ClubServices) -> dict[str, int]:
    return {
        table: table_count(club, table)
        for table in ("members", "purchases", "ledger", "lot_allocations", "audit_log", "settings")
    }


def assert_all_consistent(club: ClubServices, member_ids: Iterable[str]) -> list[ledger.Stats]:
    """Each member's cached figures equal ``derived_stats`` (one read transaction)."""
    found = []
    with club.db.read() as session:
        for member_id in member_ids:
            row = session.scalars(select(Member).where(Member.public_id == member_id)).one()
            cached = ledger.Stats(
                row.points, row.visits, row.total_spent, row.last_visit_at, row.credit
            )
            assert cached == ledger.derived_stats(session, row.id), member_id
            found.append(cached)
    return found


def assert_consistent(club: ClubServices, member_id: str) -> ledger.Stats:
    return assert_all_consistent(club, [member_id])[0]


def allocations(club: ClubServices, member_id: str) -> list[list[tuple[int, int]]]:
    """Each redeem's lot allocations, as (earn number, points) with earns numbered from 1."""
    with club.db.read() as session:
        member = session.scalars(select(Member.id).where(Member.public_id == member_id)).one()
        entries = session.execute(
            select(LedgerEntry.id, LedgerEntry.kind)
            .where(LedgerEntry.member_id == member)
            .order_by(LedgerEntry.id)
        ).all()
        earn_number = {
            entry_id: n
            for n, entry_id in enumerate((e for e, kind in entries if kind == "earn"), 1)
        }
        result = []
        for entry_id, kind in entries:
            if kind != "redeem":
                continue
            rows = session.execute(
                select(LotAllocation.lot_id, LotAllocation.points)
                .where(LotAllocation.entry_id == entry_id)
                .order_by(LotAllocation.id)
            ).all()
            result.append([(earn_number[lot], points) for lot, points in rows])
        return result


def assert_lots_never_overspent(club: ClubServices) -> None:
    with club.db.read() as session:
        overspent = session.execute(
            select(LedgerEntry.id)
            .join(LotAllocation, LotAllocation.lot_id == LedgerEntry.id)
            .group_by(LedgerEntry.id)
            .having(func.sum(LotAllocation.points) > LedgerEntry.points)
        ).all()
        assert overspent == []
        unbalanced = session.execute(
            select(LedgerEntry.id)
            .join(LotAllocation, LotAllocation.entry_id == LedgerEntry.id)
            .where(LedgerEntry.kind == "redeem")
            .group_by(LedgerEntry.id)
            .having(func.sum(LotAllocation.points) != -LedgerEntry.points)
        ).all()
        assert unbalanced == []


class TickingClock:
    """A clock that moves one minute on every reading (deterministic times)."""

    def __init__(self, start: datetime = datetime(2025, 11, 25, 8, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class SettableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def ticking_club(data_dir: Path) -> Iterator[ClubServices]:
    services = ClubServices(
        open_database(data_dir / DB_FILENAME), actor="tester", clock=TickingClock()
    )
    yield services
    services.close()


# ------------------------------------------------------------------------------- register


def test_register_stores_e164_and_audits(club: ClubServices) -> None:
    result = club.register(
        MemberDraft(
            phone="۰۹۱۲ ۳۴۵ ۶۷۸۹",
            first_name="  علي ",
            last_name="كريمي",
            birthday=date(1991, 8, 3),
            gender=Gender.MALE,
            sms_consent=True,
        )
    )
    member = result.member
    assert not result.existing
    assert member.phone == "+989123456789"
    assert (member.first_name, member.last_name) == ("علي", "كريمي")  # stored as typed
    assert (member.points, member.visits, member.total_spent) == (0, 0, 0)
    assert member.last_visit_at is None
    assert member.created_by == "tester"
    assert member.birthday == date(1991, 8, 3)
    assert member.sms_consent
    assert member.sms_consent_at is not None
    assert member.created_at is not None
    assert member.created_at.tzinfo is not None
    assert not member.archived
    assert club.find_phone("09123456789") == member

    history = club.history(member.id)
    assert len(history) == 1
    entry = history[0]
    assert entry["action"] == "member.register"
    assert entry["actor"] == "tester"
    assert entry["details"]["phone"] == [None, "+989123456789"]
    assert entry["details"]["first_name"] == [None, "علي"]
    assert entry["details"]["last_name"] == [None, "كريمي"]
    assert entry["details"]["birthday"] == [None, "1991-08-03"]
    assert entry["details"]["gender"] == [None, "male"]
    assert entry["details"]["sms_consent"] == [None, True]


def test_register_gives_uuid7_public_ids(club: ClubServices) -> None:
    first = register(club, fresh_phone())
    second = register(club, fresh_phone())
    for member in (first, second):
        assert len(member.id) == 36
        assert member.id[14] == "7"  # UUID version 7
    assert first.id != second.id


@pytest.mark.parametrize(
    "again",
    ["09123456789", "+989123456789", "۰۹۱۲ ۳۴۵ ۶۷۸۹", "0098 912 345 6789", "9123456789"],
)
def test_duplicate_phone_returns_existing_and_saves_nothing(club: ClubServices, again: str) -> None:
    first = register(club, "09123456789", "علی", "رضایی")
    before = counts(club)
    result = club.register(MemberDraft(phone=again, first_name="Someone", last_name="Else"))
    assert result.existing
    assert result.member.id == first.id
    assert result.member.first_name == "علی"  # not overwritten
    assert counts(club) == before
    assert club.count_members() == 1


def test_duplicate_phone_is_existing_even_if_archived(club: ClubServices) -> None:
    first = register(club, "09123456789")
    club.set_archived(first.id, True)
    result = club.register(MemberDraft(phone="09123456789", first_name="x"))
    assert result.existing
    assert result.member.archived


INVALID_DRAFTS = [
    (MemberDraft(phone="02112345678", first_name="علی"), InvalidPhone),
    (MemberDraft(phone="", first_name="علی"), InvalidPhone),
    (MemberDraft(phone="+447911123456", first_name="علی"), InvalidPhone),
    (MemberDraft(phone="09123456789"), InvalidName),
    (MemberDraft(phone="09123456789", first_name="  ", last_name="\t"), InvalidName),
    (MemberDraft(phone="09123456789", first_name="ب" * 61), InvalidName),
    (MemberDraft(phone="09123456789", first_name="a", last_name="b" * 61), InvalidName),
    (MemberDraft(phone="09123456789", first_name="a", birthday=date(2999, 1, 1)), InvalidDate),
    (MemberDraft(phone="09123456789", first_name="a", birthday=date(1800, 1, 1)), InvalidDate),
    (MemberDraft(phone="09123456789", first_name="a", note="x" * 501), InvalidInput),
]


@pytest.mark.parametrize(
    ("draft", "error"),
    INVALID_DRAFTS,
    ids=[
        "landline",
        "empty-phone",
        "foreign-phone",
        "no-name",
        "blank-names",
        "first-name-61",
        "last-name-61",
        "birthday-in-future",
        "birthday-too-old",
        "note-too-long",
    ],
)
def test_invalid_input_saves_nothing(
    club: ClubServices, draft: MemberDraft, error: type[InvalidInput]
) -> None:
    register(club, fresh_phone())
    before = counts(club)
    with pytest.raises(error) as info:
        club.register(draft)
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert counts(club) == before
    assert club.count_members() == 1


def test_a_name_of_only_invisible_marks_is_missing(club: ClubServices) -> None:
    with pytest.raises(InvalidName):
        club.register(MemberDraft(phone=fresh_phone(), first_name="\u200f", last_name="\u200c"))


# ------------------------------------------------------------------------------ update


def test_update_member_writes_an_audit_diff(club: ClubServices) -> None:
    member = register(club, "09123456789", "علي", "كريمي")
    updated = club.update_member(
        member.id,
        MemberDraft(
            phone="09123456789",
            first_name="علی",
            last_name="كريمي",
            note="VIP",
            birthday=date(1990, 1, 2),
        ),
    )
    assert updated.first_name == "علی"
    assert updated.note == "VIP"
    assert updated.birthday == date(1990, 1, 2)
    history = club.history(member.id)
    assert [h["action"] for h in history] == ["member.register", "member.edit"]
    assert history[-1]["actor"] == "tester"
    assert history[-1]["details"] == {
        "first_name": ["علي", "علی"],
        "birthday": [None, "1990-01-02"],
        "note": ["", "VIP"],
    }


def test_update_without_changes_writes_no_audit(club: ClubServices) -> None:
    member = register(club, "09123456789", "علی", "رضایی")
    before = counts(club)
    same = club.update_member(member.id, member.draft())
    assert same == member
    assert counts(club) == before


def test_changing_the_phone_moves_the_member(club: ClubServices) -> None:
    member = register(club, "09123456789")
    club.update_member(member.id, MemberDraft(phone="۰۹۳۵ ۱۱۱ ۲۲۳۳", first_name="علی"))
    assert club.find_phone("09123456789") is None
    moved = club.find_phone("09351112233")
    assert moved is not None
    assert moved.id == member.id
    assert [m.id for m in club.search("2233")] == [member.id]
    assert club.search("6789") == []
    assert club.history(member.id)[-1]["details"]["phone"] == ["+989123456789", "+989351112233"]


def test_changing_the_phone_to_another_members_raises_duplicate(club: ClubServices) -> None:
    ali = register(club, "09123456789", "علی", "رضایی")
    sara = register(club, "09351112233", "Sara", "Ahmadi")
    before = counts(club)
    with pytest.raises(DuplicatePhone) as info:
        club.update_member(ali.id, MemberDraft(phone="+98 935 111 2233", first_name="Ali"))
    assert "Sara Ahmadi" in info.value.render()
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert counts(club) == before
    assert club.find_phone("09123456789") == ali
    assert club.find_phone("09351112233") == sara


def test_update_with_invalid_input_changes_nothing(club: ClubServices) -> None:
    member = register(club, "09123456789", "علی", "رضایی")
    before = counts(club)
    with pytest.raises(InvalidPhone):
        club.update_member(member.id, MemberDraft(phone="021 1234 5678", first_name="x"))
    with pytest.raises(InvalidName):
        club.update_member(member.id, MemberDraft(phone="09123456789", first_name="x" * 70))
    assert counts(club) == before
    assert club.find_phone("09123456789") == member


def test_sms_consent_time_is_kept_until_withdrawn(ticking_club: ClubServices) -> None:
    club = ticking_club
    member = club.register(
        MemberDraft(phone="09123456789", first_name="a", sms_consent=True)
    ).member
    consent_at = member.sms_consent_at
    assert consent_at is not None
    edited = club.update_member(member.id, _with(member, "b"))
    assert edited.sms_consent_at == consent_at
    withdrawn = club.update_member(member.id, _with(edited, "b", sms_consent=False))
    assert withdrawn.sms_consent_at is None
    again = club.update_member(member.id, _with(withdrawn, "b", sms_consent=True))
    assert again.sms_consent_at is not None
    assert again.sms_consent_at > consent_at


def _with(member: MemberView, first_name: str, **changes: Any) -> MemberDraft:
    draft = member.draft()
    fields = draft.fields() | {"first_name": first_name} | changes
    return MemberDraft(**fields)


def test_unknown_member_id_is_not_found(club: ClubServices) -> None:
    missing = "01900000-0000-7000-8000-000000000000"
    with pytest.raises(MemberNotFound):
        club.card(missing)
    with pytest.raises(MemberNotFound):
        club.record_purchase(missing, 1000)
    with pytest.raises(MemberNotFound):
        club.update_member(missing, MemberDraft(phone=fresh_phone(), first_name="x"))
    with pytest.raises(MemberNotFound):
        club.member_by_phone("09120000000")
    assert club.find_phone("09120000000") is None


# --------------------------------------------------------------------- archive / restore


def test_archive_and_restore_are_audited(club: ClubServices) -> None:
    member = register(club, "09123456789")
    archived = club.set_archived(member.id, True)
    assert archived.archived
    assert club.set_archived(member.id, True).archived  # archiving twice changes nothing
    restored = club.set_archived(member.id, False)
    assert not restored.archived
    history = club.history(member.id)
    assert [h["action"] for h in history] == [
        "member.register",
        "member.archive",
        "member.restore",
    ]
    assert history[1]["details"] == {"archived": [False, True]}
    assert history[2]["details"] == {"archived": [True, False]}


def test_archived_members_take_no_purchases_or_redeems(club: ClubServices) -> None:
    member = register(club, "09123456789")
    club.record_purchase(member.id, 200_000)
    club.set_archived(member.id, True)
    before = counts(club)
    with pytest.raises(MemberArchived) as info:
        club.record_purchase(member.id, 100_000)
    assert info.value.exit_code is ExitCode.BAD_INPUT
    with pytest.raises(MemberArchived):
        club.redeem(member.id, 5)
    assert counts(club) == before
    # archived members stay findable and keep their points
    found = club.search("6789")
    assert [m.id for m in found] == [member.id]
    assert found[0].archived
    assert found[0].points == 20
    club.set_archived(member.id, False)
    assert club.record_purchase(member.id, 100_000).member.points == 30


# ---------------------------------------------------------------------- purchases and points


@pytest.mark.parametrize(
    ("amount", "points"),
    [
        (250_000, 25),
        ("250,000", 25),
        ("۲۵۰٬۰۰۰", 25),
        (9_999, 0),
        (10_000, 1),
        (19_999, 1),
        (1, 0),
    ],
)
def test_purchase_earns_points_by_the_default_rule(
    club: ClubServices, amount: int | str, points: int
) -> None:
    member = register(club, fresh_phone())
    result = club.record_purchase(member.id, amount)
    assert result.purchase.points_earned == points
    assert result.member.points == points
    assert result.member.visits == 1
    assert result.member.total_spent == result.purchase.amount
    assert result.member.last_visit_at == result.purchase.created_at
    assert result.purchase.created_by == "tester"
    assert_consistent(club, member.id)
    history = club.history(member.id)
    assert history[-1]["action"] == "purchase.record"
    assert history[-1]["details"] == {
        "purchase": result.purchase.id,
        "amount": result.purchase.amount,
        "points": points,
    }


@pytest.mark.parametrize("amount", ["", "0", "-5", "12.5", "abc", 0, -1, 100_000_000_001])
def test_invalid_amount_saves_nothing(club: ClubServices, amount: str | int) -> None:
    member = register(club, fresh_phone())
    before = counts(club)
    with pytest.raises(InvalidAmount):
        club.record_purchase(member.id, amount)
    assert counts(club) == before


def test_points_rule_can_be_changed(club: ClubServices) -> None:
    assert club.points_rule() == PointsRule(10_000)
    member = register(club, fresh_phone())
    assert club.record_purchase(member.id, 25_500).member.points == 2
    club.set_points_rule(PointsRule(1_000))
    assert club.points_rule() == PointsRule(1_000)
    result = club.record_purchase(member.id, 25_500)
    assert result.purchase.points_earned == 25
    assert result.member.points == 27  # the earlier purchase keeps its points
    club.set_points_rule(PointsRule(50_000))
    assert club.record_purchase(member.id, 99_999).purchase.points_earned == 1
    assert_consistent(club, member.id)
    changes = [h["details"] for h in club.history("points.tomans_per_point")]
    assert changes == [{"value": [None, 1000]}, {"value": [1000, 50000]}]


def test_an_invalid_rule_is_never_stored(club: ClubServices) -> None:
    with pytest.raises(InvalidSetting):
        club.set_points_rule(PointsRule(0))
    assert club.points_rule() == PointsRule(10_000)
    assert table_count(club, "settings") == 0


def test_redeem_uses_the_oldest_lots_first(club: ClubServices) -> None:
    member = register(club, fresh_phone())
    for amount in (100_000, 200_000, 300_000):  # lots of 10, 20 and 30 points
        club.record_purchase(member.id, amount)
    assert club.redeem(member.id, 15).points == 45
    assert allocations(club, member.id) == [[(1, 10), (2, 5)]]
    assert club.redeem(member.id, "۲۰").points == 25
    assert allocations(club, member.id) == [[(1, 10), (2, 5)], [(2, 15), (3, 5)]]
    assert club.redeem(member.id, 25).points == 0
    assert allocations(club, member.id)[-1] == [(3, 25)]
    assert_consistent(club, member.id)
    assert_lots_never_overspent(club)
    history = club.history(member.id)
    assert history[-1]["action"] == "points.redeem"
    assert history[-1]["details"]["points"] == 25


def test_a_new_lot_is_used_after_older_ones(club: ClubServices) -> None:
    member = register(club, fresh_phone())
    club.record_purchase(member.id, 50_000)  # 5
    club.redeem(member.id, 3)
    club.record_purchase(member.id, 70_000)  # 7
    club.redeem(member.id, 4)
    assert allocations(club, member.id) == [[(1, 3)], [(1, 2), (2, 2)]]


@pytest.mark.parametrize("points", [26, 1000])
def test_insufficient_points_leave_the_ledger_untouched(club: ClubServices, points: int) -> None:
    member = register(club, fresh_phone())
    club.record_purchase(member.id, 100_000)
    club.record_purchase(member.id, 150_000)
    before = counts(club)
    with pytest.raises(InsufficientPoints) as info:
        club.redeem(member.id, points)
    assert info.value.params == {"balance": 25, "requested": points}
    assert info.value.exit_code is ExitCode.BAD_INPUT
    assert counts(club) == before
    assert assert_consistent(club, member.id).points == 25


@pytest.mark.parametrize("points", [0, -1, "", "abc", "1.5"])
def test_invalid_redeem_saves_nothing(club: ClubServices, points: int | str) -> None:
    member = register(club, fresh_phone())
    club.record_purchase(member.id, 100_000)
    before = counts(club)
    with pytest.raises(InvalidInput):
        club.redeem(member.id, points)
    assert counts(club) == before


def test_member_without_points_cannot_redeem(club: ClubServices) -> None:
    member = register(club, fresh_phone())
    club.record_purchase(member.id, 5_000)  # a visit, no points
    with pytest.raises(InsufficientPoints):
        club.redeem(member.id, 1)
    assert assert_consistent(club, member.id) == ledger.Stats(
        0, 1, 5_000, club.card(member.id).member.last_visit_at
    )


def test_card_shows_the_latest_ten_purchases(ticking_club: ClubServices) -> None:
    club = ticking_club
    member = register(club, fresh_phone())
    for n in range(1, 13):
        club.record_purchase(member.id, n * 10_000)
    card = club.card(member.id)
    assert card.member.visits == 12
    assert [p.amount for p in card.recent_purchases] == [n * 10_000 for n in range(12, 2, -1)]
    assert card.member.last_visit_at == card.recent_purchases[0].created_at


def test_last_visit_stays_derivable_when_the_clock_moves_back(data_dir: Path) -> None:
    clock = SettableClock(datetime(2025, 11, 25, 12, 0, tzinfo=UTC))
    club = ClubServices(open_database(data_dir / DB_FILENAME), actor="t", clock=clock)
    try:
        member = register(club, fresh_phone())
        clock.now = datetime(2025, 11, 25, 18, 0, tzinfo=UTC)
        club.record_purchase(member.id, 100_000)
        clock.now = datetime(2025, 11, 25, 9, 0, tzinfo=UTC)  # the PC clock is set back
        club.record_purchase(member.id, 100_000)
        assert_consistent(club, member.id)
    finally:
        club.close()


# ----------------------------------------------------- cached stats always equal the ledger


operations = st.lists(
    st.one_of(
        st.tuples(st.just("buy"), st.integers(min_value=1, max_value=3_000_000)),
        st.tuples(st.just("redeem"), st.integers(min_value=1, max_value=400)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations)
def test_cached_stats_equal_the_ledger_after_any_sequence(
    club: ClubServices, ops: list[tuple[str, int]]
) -> None:
    member = register(club, fresh_phone())
    points = visits = spent = 0
    for kind, value in ops:
        if kind == "buy":
            result = club.record_purchase(member.id, value)
            points += value // 10_000
            visits += 1
            spent += value
            assert result.member.points == points
        elif value > points:
            before = counts(club)
            with pytest.raises(InsufficientPoints):
                club.redeem(member.id, value)
            assert counts(club) == before
        else:
            points -= value
            assert club.redeem(member.id, value).points == points
        stats = assert_consistent(club, member.id)
        assert (stats.points, stats.visits, stats.total_spent) == (points, visits, spent)
    assert_lots_never_overspent(club)


@dataclass
class Expected:
    points: int = 0
    visits: int = 0
    spent: int = 0
    archived: bool = False


class CounterMachine(RuleBasedStateMachine):
    """Several members, purchases, redeems, archiving and rule changes, in any order."""

    members = Bundle("members")

    def __init__(self, club: ClubServices) -> None:
        super().__init__()
        self.club = club
        self.expected: dict[str, Expected] = {}
        self.per_point = 10_000
        club.set_points_rule(PointsRule(self.per_point))

    @rule(target=members)
    def register_member(self) -> str:
        member = register(self.club, fresh_phone())
        self.expected[member.id] = Expected()
        return member.id

    @rule(member=members, amount=st.integers(min_value=1, max_value=2_000_000))
    def purchase(self, member: str, amount: int) -> None:
        expected = self.expected[member]
        if expected.archived:
            with pytest.raises(MemberArchived):
                self.club.record_purchase(member, amount)
            return
        result = self.club.record_purchase(member, amount)
        expected.points += amount // self.per_point
        expected.visits += 1
        expected.spent += amount
        assert result.purchase.points_earned == amount // self.per_point

    @rule(member=members, points=st.integers(min_value=1, max_value=250))
    def redeem(self, member: str, points: int) -> None:
        expected = self.expected[member]
        if expected.archived:
            with pytest.raises(MemberArchived):
                self.club.redeem(member, points)
        elif points > expected.points:
            with pytest.raises(InsufficientPoints):
                self.club.redeem(member, points)
        else:
            self.club.redeem(member, points)
            expected.points -= points

    @rule(member=members)
    def toggle_archive(self, member: str) -> None:
        expected = self.expected[member]
        expected.archived = not expected.archived
        assert self.club.set_archived(member, expected.archived).archived == expected.archived

    @rule(per_point=st.sampled_from([1_000, 10_000, 25_000]))
    def change_rule(self, per_point: int) -> None:
        self.club.set_points_rule(PointsRule(per_point))
        self.per_point = per_point

    @invariant()
    def cached_stats_equal_the_ledger(self) -> None:
        found = assert_all_consistent(self.club, self.expected)
        assert [(f.points, f.visits, f.total_spent) for f in found] == [
            (e.points, e.visits, e.spent) for e in self.expected.values()
        ]

    def teardown(self) -> None:
        assert_lots_never_overspent(self.club)


def test_counter_state_machine(club: ClubServices) -> None:
    run_state_machine_as_test(
        lambda: CounterMachine(club),
        settings=settings(
            max_examples=25,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


# ------------------------------------------------------------------------------- search


@pytest.fixture(scope="module")
def shop_club(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClubServices]:
    """One shop for the read-only search tests (opening a database per case is slow)."""
    services = ClubServices.open(tmp_path_factory.mktemp("search"), actor="tester")
    yield services
    services.close()


@pytest.fixture(scope="module")
def shop(shop_club: ClubServices) -> dict[str, MemberView]:
    club = shop_club
    return {
        "ali": register(club, "۰۹۱۲۳۴۵۶۷۸۹", "علي", "كريمي"),  # Arabic Yeh and Kaf
        "mohammadreza": register(club, "09351234567", "محمد" + ZWNJ + "رضا", "رضایی"),
        "sara": register(club, "09124440912", "Sara", "Ahmadi"),
        "neda": register(club, "09350000912", "Neda", "Moradi"),
    }


def ids(found: list[MemberView]) -> list[str]:
    return [m.id for m in found]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("09123456789", "ali"),
        ("+98 912 345 6789", "ali"),
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "ali"),
        ("00989351234567", "mohammadreza"),
        ("6789", "ali"),
        ("٦٧٨٩", "ali"),
        ("56789", "ali"),
        ("34567", "mohammadreza"),
        ("علی", "ali"),  # Persian Yeh finds Arabic Yeh
        ("علي", "ali"),
        ("على", "ali"),  # Alef Maksura
        ("علی ک", "ali"),
        ("کریمی", "ali"),  # last name first
        ("كريمي علي", "ali"),
        ("محمدرضا", "mohammadreza"),  # ZWNJ ignored
        ("محمد" + ZWNJ + "ر", "mohammadreza"),
        ("مُحمد", "mohammadreza"),
        ("رضایی م", "mohammadreza"),
        ("رضايي", "mohammadreza"),
        ("sara", "sara"),
        ("SAR", "sara"),
        ("ahmadi s", "sara"),
        ("Neda Moradi", "neda"),
    ],
)
def test_search_finds_one(
    shop_club: ClubServices, shop: dict[str, MemberView], typed: str, who: str
) -> None:
    assert ids(shop_club.search(typed)) == [shop[who].id]


def test_search_by_phone_prefix(shop_club: ClubServices, shop: dict[str, MemberView]) -> None:
    club = shop_club
    assert set(ids(club.search("0935"))) == {shop["mohammadreza"].id, shop["neda"].id}
    assert set(ids(club.search("+98 935"))) == {shop["mohammadreza"].id, shop["neda"].id}
    assert set(ids(club.search("912"))) == {shop["ali"].id, shop["sara"].id}
    assert ids(club.search("091234")) == [shop["ali"].id]


def test_search_shows_prefix_matches_before_suffix_matches(
    shop_club: ClubServices, shop: dict[str, MemberView]
) -> None:
    found = ids(shop_club.search("0912"))
    # starts with 0912: Ali and Sara (Sara also ends with 0912); ends with 0912: Neda
    assert len(found) == 3
    assert set(found[:2]) == {shop["ali"].id, shop["sara"].id}
    assert found[2] == shop["neda"].id


@pytest.mark.parametrize(
    "typed", ["", "  ", "zzz", "0000", "02112345678", "09", "678", "کاظمی", "09121111111"]
)
def test_search_finds_nothing(
    shop_club: ClubServices, shop: dict[str, MemberView], typed: str
) -> None:
    assert shop_club.search(typed) == []


def test_search_respects_the_limit(club: ClubServices) -> None:
    for n in range(8):
        register(club, f"0912000{n:04d}", "علی", f"نفر {n}")
    assert len(club.search("علی")) == 8
    assert len(club.search("علی", limit=3)) == 3
    assert len(club.search("0912", limit=5)) == 5
    assert len(set(ids(club.search("0912", limit=20)))) == 8


# ------------------------------------------------------------------ members list and count


@pytest.fixture(scope="module")
def list_club(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClubServices]:
    """One shop for the read-only list tests, with deterministic visit times."""
    path = tmp_path_factory.mktemp("list") / DB_FILENAME
    services = ClubServices(open_database(path), actor="tester", clock=TickingClock())
    yield services
    services.close()


@pytest.fixture(scope="module")
def listed(list_club: ClubServices) -> dict[str, MemberView]:
    club = list_club
    people = {
        "babak": register(club, "09120000001", "Babak", "Karimi"),
        "ali": register(club, "09350000002", "Ali", "Ahmadi"),
        "sara": register(club, "09010000003", "سارا", "رضایی"),
        "neda": register(club, "09900000004", "Neda", "Moradi"),
        "arash": register(club, "09220000005", "آرش", "تهرانی"),
    }
    # visits in this order: ali, sara, babak, arash (neda never came)
    for who, amount in (
        ("ali", 100_000),
        ("sara", 500_000),
        ("babak", 300_000),
        ("arash", 200_000),
    ):
        club.record_purchase(people[who].id, amount)
    return people


SORTED = {
    SortKey.NAME: ["ali", "babak", "neda", "arash", "sara"],
    SortKey.PHONE: ["sara", "babak", "arash", "ali", "neda"],
    SortKey.POINTS: ["neda", "ali", "arash", "babak", "sara"],
    SortKey.LAST_VISIT: ["neda", "ali", "sara", "babak", "arash"],
    SortKey.CREATED: ["babak", "ali", "sara", "neda", "arash"],
}


@pytest.mark.parametrize("sort", list(SortKey))
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_members_page_sorting(
    list_club: ClubServices, listed: dict[str, MemberView], sort: SortKey, descending: bool
) -> None:
    expected = [listed[who].id for who in SORTED[sort]]
    if descending:
        expected.reverse()
    assert ids(list_club.members_page("", sort, descending, 0, 100)) == expected


@pytest.mark.parametrize("sort", list(SortKey))
def test_members_page_paging(
    list_club: ClubServices, listed: dict[str, MemberView], sort: SortKey
) -> None:
    whole = ids(list_club.members_page("", sort, False, 0, 100))
    pages = [ids(list_club.members_page("", sort, False, offset, 2)) for offset in (0, 2, 4, 6)]
    assert pages == [whole[0:2], whole[2:4], whole[4:5], []]


def test_members_page_filter(list_club: ClubServices, listed: dict[str, MemberView]) -> None:
    club = list_club
    assert ids(club.members_page("0912", SortKey.NAME, False, 0, 10)) == [listed["babak"].id]
    assert ids(club.members_page("رضایی", SortKey.NAME, False, 0, 10)) == [listed["sara"].id]
    assert ids(club.members_page("رضايي", SortKey.NAME, False, 0, 10)) == [listed["sara"].id]
    assert ids(club.members_page("02112345678", SortKey.NAME, False, 0, 10)) == []
    assert ids(club.members_page("a", SortKey.CREATED, False, 0, 10)) == [
        listed["ali"].id
    ]  # first or last name starting with 'a'


def test_count_members_with_filter(list_club: ClubServices, listed: dict[str, MemberView]) -> None:
    club = list_club
    assert club.count_members() == 5
    assert club.count_members("") == 5
    assert club.count_members("0912") == 1
    assert club.count_members("0935") == 1
    assert club.count_members("0000") == 0  # no number ends in 0000
    assert club.count_members("0001") == 1
    assert club.count_members("Ahmadi") == 1
    assert club.count_members("علی") == 0
    assert club.count_members("02112345678") == 0
    assert club.count_members("09350000002") == 1


@given(st.text(alphabet="0123456789۰۹۱۲BbaANnسارآ +", max_size=12))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_count_equals_the_length_of_the_full_page(
    list_club: ClubServices, listed: dict[str, MemberView], typed: str
) -> None:
    page = list_club.members_page(typed, SortKey.NAME, False, 0, 1000)
    assert list_club.count_members(typed) == len(page)
    assert len({m.id for m in page}) == len(page)


# ------------------------------------------------------------------------------- demo data


def test_add_demo_members_is_consistent(club: ClubServices) -> None:
    assert club.add_demo_members(500) == 500
    assert club.count_members() == 500
    assert table_count(club, "purchases") == 100  # every fifth new member made a purchase
    everyone = club.members_page("", SortKey.CREATED, False, 0, 1000)
    assert len(everyone) == 500
    assert len({m.phone for m in everyone}) == 500
    visited = 0
    for stats in assert_all_consistent(club, [m.id for m in everyone]):
        visited += stats.visits
    assert {m.created_by for m in everyone} == {"tester"}
    assert visited == 100
    assert_lots_never_overspent(club)
    audit = [h["details"] for h in club.history("demo")]
    assert audit == [{"members": [0, 500]}]


def test_demo_members_are_findable_like_registered_ones(club: ClubServices) -> None:
    club.add_demo_members(300, seed=99)
    people = list(demo_members(300, seed=99))
    for person in people[::37]:
        assert ids(club.search(person.phone)) == [club.find_phone(person.phone).id]
        assert person.phone in {m.phone for m in club.search(person.phone[-7:])}
        by_name = club.search(f"{person.first_name} {person.last_name}", limit=300)
        assert person.phone in {m.phone for m in by_name}


def test_demo_data_skips_existing_phones(club: ClubServices) -> None:
    first_demo = next(demo_members(1))
    mine = register(club, first_demo.phone, "عضو", "قدیمی")
    club.record_purchase(mine.id, 70_000)
    assert club.add_demo_members(200) == 199
    assert club.add_demo_members(200) == 0  # the same seed gives the same people
    assert club.count_members() == 200
    kept = club.find_phone(first_demo.phone)
    assert (kept.first_name, kept.points, kept.visits) == ("عضو", 7, 1)
    assert_all_consistent(
        club, [m.id for m in club.members_page("", SortKey.CREATED, False, 0, 1000)]
    )


def test_demo_data_respects_the_points_rule_for_consistency(club: ClubServices) -> None:
    club.set_points_rule(PointsRule(50_000))
    club.add_demo_members(100)
    assert table_count(club, "purchases") == 20
    assert_all_consistent(
        club, [m.id for m in club.members_page("", SortKey.CREATED, False, 0, 1000)]
    )


@pytest.mark.parametrize("per_point", [10_000, 50_000])
def test_demo_purchases_earn_points_by_the_rule(club: ClubServices, per_point: int) -> None:
    club.set_points_rule(PointsRule(per_point))
    club.add_demo_members(500)
    with club.db.read() as session:
        rows = session.execute(select(Purchase.amount, Purchase.points_earned)).all()
    assert len(rows) == 100
    assert [points for _amount, points in rows] == [amount // per_point for amount, _p in rows]


@pytest.mark.parametrize("count", [0, -5])
def test_demo_data_needs_a_positive_count(club: ClubServices, count: int) -> None:
    with pytest.raises(InvalidInput):
        club.add_demo_members(count)
    assert club.count_members() == 0


def test_a_large_demo_load_rebuilds_every_index(club: ClubServices) -> None:
    def indexes() -> set[tuple[str, str]]:
        with club.db.read() as session:
            rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
            return {(name, sql) for name, sql in rows}

    before = indexes()
    added = club.add_demo_members(bulk.REBUILD_INDEXES_ABOVE)
    assert added == bulk.REBUILD_INDEXES_ABOVE
    assert indexes() == before
    with club.db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    phone = next(demo_members(1)).phone
    assert club.register(MemberDraft(phone=phone, first_name="x")).existing
    with pytest.raises(IntegrityError), club.db.write() as session:
        session.execute(
            text(
                "INSERT INTO members (public_id, phone, phone_rev, first_name, last_name, "
                "name_key, name_key_rev, gender, note, sms_consent, created_at, created_by, "
                "updated_at, points, visits, total_spent) SELECT 'dup', phone, phone_rev, "
                "first_name, last_name, name_key, name_key_rev, gender, note, sms_consent, "
                "created_at, created_by, updated_at, 0, 0, 0 FROM members LIMIT 1"
            )
        )
    assert club.count_members() == bulk.REBUILD_INDEXES_ABOVE


# ------------------------------------------------------------------------- two counters


class MeetingClock:
    """Makes both registering threads pass the duplicate check before either writes."""

    def __init__(self, barrier: threading.Barrier) -> None:
        self.barrier = barrier
        self.waited = threading.local()

    def __call__(self) -> datetime:
        if not getattr(self.waited, "done", False):
            self.waited.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait()
        return datetime.now(UTC)


@pytest.mark.parametrize("shared", [False, True], ids=["two-counters", "one-service-two-threads"])
def test_two_threads_registering_one_phone_make_one_member(data_dir: Path, shared: bool) -> None:
    barrier = threading.Barrier(2, timeout=20)
    clock = MeetingClock(barrier)
    path = data_dir / DB_FILENAME
    first = ClubServices(open_database(path), actor="counter-1", clock=clock)
    second = first if shared else ClubServices(open_database(path), actor="counter-2", clock=clock)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(club: ClubServices, name: str) -> None:
        try:
            results.append(club.register(MemberDraft(phone="09123456789", first_name=name)))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(first, "Ali")),
        threading.Thread(target=run, args=(second, "Reza")),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sorted(r.existing for r in results) == [False, True]
        assert results[0].member.id == results[1].member.id
        assert first.count_members() == 1
        with first.db.read() as session:
            registered = session.scalar(
                select(func.count()).where(AuditEntry.action == "member.register")
            )
        assert registered == 1
    finally:
        first.close()
        if not shared:
            second.close()


# ------------------------------------------------------------------------------- gate


class LicenceLocked(ClubDeskError):
    code = "TEST_LOCKED"


MEMBER_DATA_USES = [
    pytest.param(lambda club, _id: club.search("0912"), id="search"),
    pytest.param(lambda club, _id: club.find_phone("09123456789"), id="find_phone"),
    pytest.param(lambda club, member_id: club.card(member_id), id="card"),
    pytest.param(lambda club, _id: club.count_members(), id="count_members"),
    pytest.param(
        lambda club, _id: club.members_page("", SortKey.NAME, False, 0, 10), id="members_page"
    ),
    pytest.param(lambda club, member_id: club.history(member_id), id="history"),
    pytest.param(
        lambda club, _id: club.register(MemberDraft(phone=fresh_phone(), first_name="x")),
        id="register",
    ),
    pytest.param(
        lambda club, member_id: club.update_member(
            member_id, MemberDraft(phone="09123456789", first_name="y")
        ),
        id="update",
    ),
    pytest.param(lambda club, member_id: club.set_archived(member_id, True), id="archive"),
    pytest.param(lambda club, member_id: club.record_purchase(member_id, 100_000), id="purchase"),
    pytest.param(lambda club, member_id: club.redeem(member_id, 1), id="redeem"),
    pytest.param(
        lambda club, _id: club.add_demo_members(10),
        id="demo",
    ),
]


@pytest.mark.parametrize("use", MEMBER_DATA_USES)
def test_the_licence_gate_guards_member_data(
    club: ClubServices, use: Callable[[ClubServices, str], object]
) -> None:
    member = register(club, "09123456789")
    club.record_purchase(member.id, 100_000)
    before = counts(club)

    def locked() -> None:
        raise LicenceLocked()

    club.gate = locked
    with pytest.raises(LicenceLocked):
        use(club, member.id)
    assert counts(club) == before
