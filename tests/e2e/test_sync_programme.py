"""The programme across tills through the real sync server: reversals, wallet credit and
rewards travel; an expiry one till wrote is corrected when an older redeem arrives from
another; referral gifts given on two tills at once count once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from test_sync_e2e import (  # the same tills, server and convergence check
    Shop,
    Till,
    converge,
    database_url,  # noqa: F401 (fixtures)
    separate_computers,  # noqa: F401
    shop,  # noqa: F401
    sync_server,  # noqa: F401
)

from clubdesk.core.club import (
    ClubRules,
    ExpiryRules,
    OccasionRules,
    Reward,
    RewardKind,
    RewardsCatalogue,
    WalletRules,
)
from clubdesk.core.members import MemberDraft
from clubdesk.storage.ledger import derived_stats
from clubdesk.storage.models import LedgerEntry, Member

RULES = ClubRules(
    expiry=ExpiryRules(points_months=1, credit_months=2),
    wallet=WalletRules(Decimal(10), delay_hours=0),
    rewards=RewardsCatalogue((Reward("off", "20,000 off", RewardKind.DISCOUNT, 10, 20_000),)),
    occasions=OccasionRules(referral_friend=5, referral_referrer=7),
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def tills(shop: Shop) -> tuple[Till, Till, Clock]:  # noqa: F811
    clock = Clock()
    a, b = shop.till("a"), shop.till("b")
    for till in (a, b):
        till.club.clock = clock
        till.club.set_club_rules(RULES)  # settings are per till
    return a, b, clock


def wallets(till: Till) -> dict[str, tuple[int, int]]:
    """Each member's (points, credit), checked against the ledger."""
    with till.club.db.read() as session:
        found = {}
        for m in session.scalars(select(Member)):
            stats = derived_stats(session, m.id)
            assert (m.points, m.credit) == (stats.points, stats.credit)
            found[m.public_id] = (m.points, m.credit)
        return found


def test_reversals_credit_and_rewards_travel(tills: tuple[Till, Till, Clock]) -> None:
    a, b, _clock = tills
    member = a.club.register(MemberDraft(phone="09121231234", first_name="Mina")).member
    a.club.record_purchase(member.id, 300_000)  # 30 points, 30,000 credit
    converge(a, b)
    sale = b.club.record_purchase(member.id, 100_000, reward_id="off", credit=10_000)
    converge(a, b)
    assert a.club.card(member.id).member.credit == b.club.card(member.id).member.credit
    a.club.reverse_purchase(sale.purchase.id)
    converge(a, b)
    assert wallets(a) == wallets(b)
    card = b.club.card(member.id)
    assert (card.member.points, card.member.credit, card.member.visits) == (30, 30_000, 1)
    assert [p.reversed for p in card.recent_purchases if p.reverses is None] == [True, False]


def test_an_expiry_is_recomputed_when_an_older_redeem_arrives(
    tills: tuple[Till, Till, Clock],
) -> None:
    a, b, clock = tills
    member = a.club.register(MemberDraft(phone="09121231235", first_name="Omid")).member
    a.club.record_purchase(member.id, 500_000)  # 50 points, expire in a Jalali month
    converge(a, b)
    clock.now += timedelta(days=20)
    b.club.redeem(member.id, 10)  # b is offline: a does not know
    clock.now += timedelta(days=20)
    assert a.club.expire_now() == 1  # a expires all 50
    assert a.club.card(member.id).member.points == 0
    b.club.expire_now()
    converge(a, b)
    assert wallets(a) == wallets(b) == {member.id: (0, 50_000)}
    with a.club.db.read() as session:
        expired = session.scalars(select(LedgerEntry.points).where(LedgerEntry.kind == "expire"))
        assert list(expired) == [-40]  # corrected from -50: the redeem came first


def test_referral_gifts_given_on_two_tills_count_once(tills: tuple[Till, Till, Clock]) -> None:
    a, b, _clock = tills
    old = a.club.register(MemberDraft(phone="09121231236", first_name="Old")).member
    friend = a.club.register(
        MemberDraft(phone="09121231237", first_name="New", referrer="09121231236")
    ).member
    converge(a, b)
    a.club.record_purchase(friend.id, 100_000)  # both tills see a "first" purchase
    b.club.record_purchase(friend.id, 100_000)
    converge(a, b)
    assert wallets(a)[old.id][0] == 7
    assert wallets(a)[friend.id][0] == 10 + 10 + 5
