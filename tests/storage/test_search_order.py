"""Digits read aloud are the end of a number; digits typed from 0 are its start."""

from __future__ import annotations

from clubdesk.core.members import MemberDraft
from clubdesk.services import ClubServices


def test_last_digits_win_over_a_crowd_of_numbers_that_start_the_same(club: ClubServices) -> None:
    for line in range(25):  # 25 numbers starting 0935927..., more than a page of results
        club.register(MemberDraft(phone=f"0935927{line:04d}", first_name=f"Start{line}"))
    wanted = club.register(MemberDraft(phone="09121935927", first_name="Ends")).member
    found = club.search("935927")
    assert found[0].id == wanted.id
    typed_from_zero = club.search("0935927")
    assert wanted.id not in {m.id for m in typed_from_zero}
    assert len(typed_from_zero) == 20
