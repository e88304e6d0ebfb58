"""Earning rules on a real shop database: purchases, the joining bonus, sync and the audit."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from clubdesk.core.errors import InvalidSetting
from clubdesk.core.members import MemberDraft, MemberView
from clubdesk.core.points import PointsRule
from clubdesk.core.programme import JOINING_BONUS_NOTE, PRESETS, EarningRules, HappyHour, Weekday
from clubdesk.protocol import SyncChange
from clubdesk.services import EARNING_RULES_KEY, POINTS_RULE_KEY, ClubServices
from clubdesk.storage import settings
from clubdesk.storage.models import LedgerEntry, LotAllocation, Member, SyncOutbox
from clubdesk.sync import state
from clubdesk.sync.apply import Applier

_numbers = itertools.count(1_000_000)
# Saturday 2025-01-04 in Tehran: 07:30 UTC is 11:00 there, 20:30 UTC is Sunday 00:00.
SATURDAY_11_TEHRAN = datetime(2025, 1, 4, 7, 30, tzinfo=UTC)
SUNDAY_0_TEHRAN = datetime(2025, 1, 4, 20, 30, tzinfo=UTC)
HAPPY = HappyHour(Weekday.SATURDAY, 10, 12, Decimal(2))


def register(club: ClubServices) -> MemberView:
    draft = MemberDraft(phone=f"0912{next(_numbers):07d}", first_name="سارا", last_name="کریمی")
    return club.register(draft).member


def at(club: ClubServices, moment: datetime) -> None:
    club.clock = lambda: moment


def test_purchases_earn_by_the_rules(club: ClubServices) -> None:
    club.set_earning_rules(EarningRules(10_000, 100_000, 3, 0, (HAPPY,)))
    member = register(club)
    at(club, SATURDAY_11_TEHRAN)
    assert club.record_purchase(member.id, 250_000).purchase.points_earned == 25 + 25 + 3
    assert club.record_purchase(member.id, 99_999).purchase.points_earned == 3  # below minimum
    at(club, SUNDAY_0_TEHRAN)  # still Saturday in UTC, but Sunday in Tehran
    result = club.record_purchase(member.id, 250_000)
    assert result.purchase.points_earned == 25 + 3
    assert result.member.points == 53 + 3 + 28
    assert sum(e.points for e in table_rows(club, LedgerEntry)) == result.member.points


def test_the_joining_bonus_is_a_lot_a_redeem_can_use(club: ClubServices) -> None:
    assert register(club).points == 0  # no bonus by default: no ledger entry
    assert table_rows(club, LedgerEntry) == []
    club.set_earning_rules(EarningRules(joining_bonus=50))
    member = register(club)
    assert member.points == 50
    assert member.visits == 0
    [bonus] = table_rows(club, LedgerEntry)
    assert (bonus.kind, bonus.points, bonus.note, bonus.purchase_id) == (
        "earn",
        50,
        JOINING_BONUS_NOTE,
        None,
    )
    assert club.redeem(member.id, 30).points == 20
    allocations = table_rows(club, LotAllocation)
    assert [(a.lot_id, a.points) for a in allocations] == [(bonus.id, 30)]
    history = [(h["action"], h["details"]) for h in club.history(member.id)]
    assert ("points.earn", {"entry": bonus.public_id, "points": 50, "note": "joining bonus"}) in (
        history
    )
    assert club.register(MemberDraft(phone=member.phone, first_name="x")).existing
    assert club.card(member.id).member.points == 20  # registering again gives nothing


def table_rows(club: ClubServices, model: type) -> list:
    with club.db.read() as session:
        rows = session.scalars(select(model).order_by(model.id)).all()
        session.expunge_all()
        return list(rows)


def test_with_sync_on_the_bonus_is_in_the_outbox_and_reaches_another_counter(
    club: ClubServices, tmp_path: Path
) -> None:
    club.sync_service().enable()
    club.set_earning_rules(EarningRules(joining_bonus=40))
    member = register(club)
    [bonus] = table_rows(club, LedgerEntry)
    outbox = table_rows(club, SyncOutbox)
    assert [(r.kind, r.member) for r in outbox] == [("member", member.id), ("ledger", member.id)]
    assert outbox[1].change_id == bonus.public_id
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = ClubServices.open(other_dir, actor="till-2")
    try:
        other.sync_service().enable()
        with other.db.write() as session:
            clock = state.clock(session)
            applier = Applier(session, clock, datetime.now(UTC))
            for row in outbox:
                change = SyncChange(
                    change_id=row.change_id,
                    device=row.device or "till-1",  # the device is stamped at push
                    hlc=row.hlc,
                    kind=row.kind,
                    member=row.member,
                    data=row.data,
                )
                assert applier.apply(change)
            state.save_clock(session, clock)
        assert other.card(member.id).member.points == 40
    finally:
        other.close()


def test_settings_change_is_audited_and_mirrors_the_old_key(club: ClubServices) -> None:
    assert club.earning_rules() == EarningRules()
    cafe = PRESETS[1].rules
    club.set_earning_rules(cafe)
    club.set_earning_rules(cafe)  # saving the same rules again is no change
    boutique = PRESETS[2].rules
    club.set_earning_rules(boutique)
    assert club.earning_rules() == boutique
    changes = [h["details"]["value"] for h in club.history(EARNING_RULES_KEY)]
    assert changes == [
        [EarningRules().to_json(), cafe.to_json()],
        [cafe.to_json(), boutique.to_json()],
    ]
    assert [h["actor"] for h in club.history(EARNING_RULES_KEY)] == ["tester", "tester"]
    with club.db.read() as session:
        assert settings.get(session, POINTS_RULE_KEY) == 50_000  # demo data and old counters
    assert club.points_rule() == PointsRule(50_000)


def test_the_old_key_is_migrated_then_the_new_one_wins(club: ClubServices) -> None:
    club.set_points_rule(PointsRule(1_000))  # a shop from before the earning rules
    assert club.earning_rules() == EarningRules(1_000)
    member = register(club)
    assert club.record_purchase(member.id, 25_500).purchase.points_earned == 25
    club.set_earning_rules(EarningRules(1_000, points_per_visit=2))
    club.set_points_rule(PointsRule(5_000))  # the one-number change keeps the other rules
    assert club.earning_rules() == EarningRules(5_000, points_per_visit=2)
    assert club.record_purchase(member.id, 25_500).purchase.points_earned == 5 + 2


def test_invalid_rules_are_never_stored(club: ClubServices) -> None:
    with pytest.raises(InvalidSetting):
        club.set_earning_rules(EarningRules(joining_bonus=-1))
    with club.db.read() as session:
        assert settings.get(session, EARNING_RULES_KEY) is None


def test_unreadable_stored_rules_say_so_and_can_be_replaced(club: ClubServices) -> None:
    with club.db.write() as session:
        settings.put(session, EARNING_RULES_KEY, ["junk"], "someone", datetime.now(UTC))
    with pytest.raises(InvalidSetting) as error:
        club.earning_rules()
    assert "Settings" in error.value.hint
    with pytest.raises(InvalidSetting):
        register(club)  # registering reads the rules too: nothing is half saved
    assert table_rows(club, Member) == []
    club.set_earning_rules(EarningRules())
    member = register(club)
    with club.db.write() as session:
        settings.put(session, EARNING_RULES_KEY, {"tomans_per_point": -3}, "x", datetime.now(UTC))
    with pytest.raises(InvalidSetting):
        club.record_purchase(member.id, 100_000)  # a clear error at the till, nothing saved
    assert table_rows(club, LedgerEntry) == []
    club.set_earning_rules(EarningRules(2_000))
    assert club.earning_rules() == EarningRules(2_000)
    first = club.history(EARNING_RULES_KEY)[0]
    assert first["details"]["value"] == [["junk"], EarningRules().to_json()]
