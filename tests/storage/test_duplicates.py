"""Finding members registered twice (same name, a slip in the number) and merging them."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import select

from clubdesk.core.duplicates import Candidate, Slip, similar_pairs
from clubdesk.core.errors import Cancelled, InvalidInput
from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices
from clubdesk.storage.models import AuditEntry


def test_one_wrong_digit_and_two_swapped_digits_are_slips() -> None:
    group = [
        Candidate("a", "9123456789"),
        Candidate("b", "9123456780"),  # the last digit
        Candidate("c", "9123456798"),  # the last two swapped
        Candidate("d", "9351112233"),  # another person of the same name
    ]
    assert similar_pairs(group) == [("a", "b", Slip.ONE_DIGIT), ("a", "c", Slip.SWAPPED)]


@given(st.text("0123456789", min_size=10, max_size=10), st.integers(0, 9), st.integers(0, 9))
def test_any_single_digit_change_is_found(digits: str, position: int, digit: int) -> None:
    changed = digits[:position] + str(digit) + digits[position + 1 :]
    assume(changed != digits)  # one number is one member: the store has no equal numbers
    found = similar_pairs([Candidate("x", digits), Candidate("y", changed)])
    assert found == [("x", "y", Slip.ONE_DIGIT)]


def test_numbers_two_slips_apart_are_not_duplicates() -> None:
    assert similar_pairs([Candidate("a", "9123456789"), Candidate("b", "9123456700")]) == []


def register(club: ClubServices, phone: str, first: str, last: str = "احمدی") -> str:
    return club.register(MemberDraft(phone=phone, first_name=first, last_name=last)).member.id


def test_the_scan_finds_same_name_with_a_slip_and_ignores_the_rest(club: ClubServices) -> None:
    one = register(club, "09123456789", "مریم")
    two = register(club, "09123456780", "مريم")  # Arabic Yeh: the same folded name
    register(club, "09351112233", "مریم")  # same name, another number: another person
    register(club, "09123456781", "سارا")  # a slip away, another name
    found = club.duplicates()
    assert [(p.first.id, p.second.id, p.slip) for p in found] == [
        (min(one, two), max(one, two), Slip.ONE_DIGIT)
    ]


def test_merging_keeps_both_histories_and_the_chosen_details(club: ClubServices) -> None:
    right = register(club, "09123456789", "Reza", "Karimi")
    typo = register(club, "09123456798", "Reza", "Karimi")
    club.record_purchase(right, "100000")
    club.record_purchase(typo, "200000")
    merged = club.merge_members(right, typo)
    assert merged.phone == "+989123456789"  # the details of the member the owner kept
    assert (merged.visits, merged.total_spent, merged.points) == (2, 300_000, 30)
    assert club.card(typo).member.id == merged.id  # the other id still finds the member
    assert club.count_members() == 1
    assert club.duplicates() == []
    with club.db.read() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "member.merge" in actions


def test_a_member_cannot_be_merged_with_itself(club: ClubServices) -> None:
    only = register(club, "09123456789", "Ali")
    with pytest.raises(InvalidInput):
        club.merge_members(only, only)


def test_cancelling_the_scan_stops_it(club: ClubServices) -> None:
    club.add_demo_members(300)

    def cancel(_done: int, _total: int) -> None:
        raise Cancelled()

    with pytest.raises(Cancelled):
        club.duplicates(progress=cancel)


def test_a_merge_made_by_the_owner_is_sent_to_the_other_tills(club: ClubServices) -> None:
    sync = club.sync_service()
    sync.device = lambda: "till-1"
    sync.enable()
    right = register(club, "09123456789", "Neda")
    typo = register(club, "09123456788", "Neda")
    before = sync.status().pending
    club.merge_members(typo, right)  # the owner keeps the later-registered one's details
    assert sync.status().pending > before  # the merge and the kept details travel
    assert club.card(right).member.phone == "+989123456788"
