"""The merge rules on real shop databases, changes carried by hand from outbox to outbox.

(The same rules over the real server, with random interleavings, are in tests/e2e/.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select

from clubdesk.core.errors import MemberNotFound
from clubdesk.core.members import MemberDraft
from clubdesk.protocol import SyncChange
from clubdesk.services import ClubServices
from clubdesk.storage.ledger import derived_stats
from clubdesk.storage.models import AuditEntry, Member, SyncFlag, SyncOutbox
from clubdesk.sync import state
from clubdesk.sync.apply import Applier


class Counter:
    """One till: its own database with sync switched on, and everything it has been sent."""

    def __init__(self, folder: Path, device: str) -> None:
        folder.mkdir()
        self.club = ClubServices.open(folder, actor=device)
        self.device = device
        self.sync = self.club.sync_service()
        self.sync.device = lambda: device
        self.sync.enable()
        self.sent = 0

    def outbox(self) -> list[SyncChange]:
        with self.club.db.read() as session:
            rows = session.scalars(select(SyncOutbox).order_by(SyncOutbox.id)).all()
            return [
                SyncChange(
                    change_id=r.change_id,
                    device=r.device,
                    hlc=r.hlc,
                    kind=r.kind,
                    member=r.member,
                    data=r.data,
                )
                for r in rows
            ]

    def receive(self, changes: list[SyncChange]) -> None:
        with self.club.db.write() as session:
            clock = state.clock(session)
            applier = Applier(session, clock, datetime.now(UTC))
            for change in changes:
                assert applier.apply(change), change
            state.save_clock(session, clock)

    def members(self) -> dict[str, tuple[object, ...]]:
        with self.club.db.read() as session:
            rows = session.scalars(select(Member)).all()
            result = {}
            for m in rows:
                stats = derived_stats(session, m.id)
                assert (m.points, m.visits, m.total_spent) == (
                    stats.points, stats.visits, stats.total_spent,
                )  # fmt: skip
                result[m.public_id] = (m.phone, m.first_name, m.last_name, m.note, m.points)
            return result


def exchange(*counters: Counter) -> None:
    """Everyone gets everyone's changes (including merges decided on the way) until quiet."""
    while True:
        moved = False
        for sender in counters:
            changes = sender.outbox()[sender.sent :]
            if changes:
                moved = True
                sender.sent += len(changes)
                for receiver in counters:
                    if receiver is not sender:
                        receiver.receive(changes)
        if not moved:
            return


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Counter, Counter]]:
    a, b = Counter(tmp_path / "a", "device-a"), Counter(tmp_path / "b", "device-b")
    yield a, b
    a.club.close()
    b.club.close()


def test_a_member_registered_on_one_counter_appears_on_the_other(pair) -> None:
    a, b = pair
    member = a.club.register(MemberDraft(phone="09121111111", first_name="مریم")).member
    a.club.record_purchase(member.id, "250000")
    exchange(a, b)
    card = b.club.card(member.id)
    assert card.member.first_name == "مریم"
    assert card.member.points == a.club.card(member.id).member.points > 0
    assert [p.id for p in card.recent_purchases] == [
        p.id for p in a.club.card(member.id).recent_purchases
    ]


def test_the_same_phone_on_two_counters_becomes_one_member_with_both_histories(pair) -> None:
    a, b = pair
    one = a.club.register(MemberDraft(phone="09122222222", first_name="Ali")).member
    two = b.club.register(MemberDraft(phone="09122222222", first_name="Ali", note="VIP")).member
    a.club.record_purchase(one.id, "100000")
    b.club.record_purchase(two.id, "300000")
    exchange(a, b)
    assert a.members() == b.members()
    assert len(a.members()) == 1
    kept = min(one.id, two.id)
    for counter in (a, b):
        card = counter.club.card(kept)
        assert (card.member.visits, card.member.total_spent) == (2, 400_000)
        assert card.member.note == "VIP"
        assert counter.club.card(max(one.id, two.id)).member.id == kept  # old id still finds it
        with counter.club.db.read() as session:
            merges = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "member.merge")
            ).all()
        assert merges, "the merge is in the audit log"


def test_per_field_last_writer_wins_by_hybrid_clock(pair) -> None:
    a, b = pair
    member = a.club.register(MemberDraft(phone="09123333333", first_name="Sara")).member
    exchange(a, b)
    with time_machine.travel(datetime(2030, 1, 1, 12, 0, tzinfo=UTC), tick=False):
        a.club.update_member(member.id, MemberDraft(phone=member.phone, first_name="Sarah"))
    with time_machine.travel(datetime(2030, 1, 1, 12, 5, tzinfo=UTC), tick=False):
        b.club.update_member(
            member.id, MemberDraft(phone=member.phone, first_name="Sara", note="later note")
        )
    exchange(a, b)
    assert a.members() == b.members()
    assert a.club.card(member.id).member.note == "later note"


def test_a_clock_hours_behind_still_loses_to_an_edit_that_saw_it(pair) -> None:
    """B's clock is 5 hours behind; its edit made after receiving A's must still win."""
    a, b = pair
    member = a.club.register(MemberDraft(phone="09124444444", first_name="Reza")).member
    with time_machine.travel(datetime(2030, 1, 1, 17, 0, tzinfo=UTC), tick=False):
        a.club.update_member(member.id, MemberDraft(phone=member.phone, first_name="A's"))
    exchange(a, b)
    with time_machine.travel(datetime(2030, 1, 1, 12, 0, tzinfo=UTC), tick=False):
        b.club.update_member(member.id, MemberDraft(phone=member.phone, first_name="B's"))
    exchange(a, b)
    assert a.club.card(member.id).member.first_name == "B's"
    assert a.members() == b.members()


def test_a_redeem_that_overdraws_after_a_merge_is_kept_and_flagged(pair) -> None:
    a, b = pair
    member = a.club.register(MemberDraft(phone="09125555555", first_name="Neda")).member
    a.club.record_purchase(member.id, "1000000")  # 100 points
    exchange(a, b)
    a.club.redeem(member.id, "80")
    b.club.redeem(member.id, "70")
    exchange(a, b)
    assert a.members() == b.members()
    assert a.club.card(member.id).member.points == 100 - 80 - 70
    for counter in (a, b):
        with counter.club.db.read() as session:
            assert session.scalar(select(func.count()).select_from(SyncFlag)) >= 1


def test_archive_travels_and_an_unknown_id_is_not_found(pair) -> None:
    a, b = pair
    member = a.club.register(MemberDraft(phone="09126666666", first_name="Omid")).member
    a.club.set_archived(member.id, True)
    exchange(a, b)
    assert b.club.card(member.id).member.archived
    with pytest.raises(MemberNotFound):
        b.club.card("0190f000-0000-7000-8000-000000000000")


def test_a_damaged_change_is_flagged_not_applied(pair) -> None:
    _a, b = pair
    member = b.club.register(MemberDraft(phone="09127777777", first_name="Mina")).member
    bad = SyncChange(
        change_id="0190f000-0000-7000-8000-000000000001",
        device="x",
        hlc="000001700000000.000000.x",
        kind="purchase",
        member=member.id,
        data={"amount": "lots", "points": 1},
    )
    b.receive([bad])
    with b.club.db.read() as session:
        flags = session.scalars(select(SyncFlag)).all()
    assert [f.kind for f in flags] == ["bad_change"]
    assert b.club.card(member.id).member.visits == 0  # nothing of it was saved
