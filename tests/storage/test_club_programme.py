"""The programme at the till, on a real SQLite file: points and credit that expire (oldest lots
first), cashback usable after a delay, rewards within a share of the invoice, levels up and
down, purchase reversals, and the owner's adjustments."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from clubdesk.core.club import (
    AlreadyReversed,
    ClubRules,
    CreditTooLarge,
    ExpiryRules,
    Level,
    LevelRules,
    NoteRequired,
    NotReversible,
    OccasionRules,
    Reward,
    RewardKind,
    RewardNeedsInvoice,
    RewardsCatalogue,
    RewardTooLarge,
    UnknownReward,
    WalletRules,
)
from clubdesk.core.errors import InsufficientCredit, InsufficientPoints, PurchaseNotFound
from clubdesk.core.members import InvalidReferrer, MemberDraft, MemberView, ReferrerNotFound
from clubdesk.core.programme import EarningRules
from clubdesk.services import ClubServices
from clubdesk.storage import ledger
from clubdesk.storage.models import AuditEntry, LedgerEntry, LotAllocation, Member, Purchase

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # a Sunday morning in Tehran


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shop(data_dir: Path, clock: Clock) -> Iterator[ClubServices]:
    services = ClubServices.open(data_dir, actor="tester")
    services.clock = clock
    services.set_earning_rules(EarningRules(tomans_per_point=10_000))
    yield services
    services.close()


def member(shop: ClubServices, phone: str = "09121111111") -> MemberView:
    return shop.register(MemberDraft(phone=phone, first_name="Sara")).member


def with_rules(shop: ClubServices, **parts: object) -> ClubRules:
    rules = ClubRules(**parts)  # type: ignore[arg-type]
    shop.set_club_rules(rules)
    return rules


def open_lot_sum(shop: ClubServices, member_id: str, unit: str = "points") -> int:
    with shop.db.read() as session:
        row = session.scalars(select(Member).where(Member.public_id == member_id)).one()
        return sum(lot.remaining for lot in ledger.open_lots(session, row.id, shop.clock(), unit))


def consistent(shop: ClubServices, member_id: str) -> Member:
    """The cached figures equal the ledger's sums, and no lot is over-spent."""
    with shop.db.read() as session:
        row = session.scalars(select(Member).where(Member.public_id == member_id)).one()
        stats = ledger.derived_stats(session, row.id)
        assert (stats.points, stats.credit, stats.visits, stats.total_spent) == (
            row.points,
            row.credit,
            row.visits,
            row.total_spent,
        )
        used = dict(
            session.execute(
                select(LotAllocation.lot_id, func.sum(LotAllocation.points)).group_by(
                    LotAllocation.lot_id
                )
            ).all()
        )
        for lot_id, points in session.execute(select(LedgerEntry.id, LedgerEntry.points)):
            assert used.get(lot_id, 0) <= max(points, 0)
        session.expunge(row)
        return row


# ------------------------------------------------------------------------------ expiry


def test_points_expire_after_their_months_and_never_take_spent_points(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, expiry=ExpiryRules(points_months=6))
    m = member(shop)
    shop.record_purchase(m.id, 1_000_000)  # 100 points, expire in 6 months
    clock.advance(days=30)
    shop.record_purchase(m.id, 500_000)  # 50 points, a month later
    shop.redeem(m.id, 120)  # 100 from the first lot, 20 from the second
    clock.advance(days=160)  # past the first lot's expiry only
    assert shop.expire_now() == 0  # the first lot is fully spent: nothing to expire
    assert shop.card(m.id).member.points == 30
    clock.advance(days=40)  # past the second lot's expiry
    assert shop.expire_now() == 1
    assert shop.card(m.id).member.points == 0
    row = consistent(shop, m.id)
    assert row.points == open_lot_sum(shop, m.id) == 0
    with shop.db.read() as session:
        expired = session.scalars(select(LedgerEntry).where(LedgerEntry.kind == "expire")).one()
        assert expired.points == -30
        lot = session.get(
            LedgerEntry,
            session.scalar(
                select(LotAllocation.lot_id).where(LotAllocation.entry_id == expired.id)
            ),
        )
        assert expired.created_at == lot.expires_at  # dated at the expiry, not the job


def test_a_redeem_never_uses_expired_points_even_before_the_job_ran(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, expiry=ExpiryRules(points_months=1))
    m = member(shop)
    shop.record_purchase(m.id, 500_000)
    clock.advance(days=40)
    with pytest.raises(InsufficientPoints):
        shop.redeem(m.id, 10)
    card = shop.card(m.id)
    assert card.usable_points == 0  # the card shows what can be spent
    assert card.member.points == 50  # a refused redeem saves nothing, not even the expiry
    assert shop.expire_now() == 1
    assert shop.card(m.id).member.points == 0
    consistent(shop, m.id)


def test_the_expiry_job_reads_only_newly_due_lots(shop: ClubServices, clock: Clock) -> None:
    with_rules(shop, expiry=ExpiryRules(points_months=1))
    first, second = member(shop, "09121111111"), member(shop, "09122222222")
    shop.record_purchase(first.id, 100_000)
    clock.advance(days=20)
    shop.record_purchase(second.id, 100_000)
    clock.advance(days=15)
    assert shop.expire_now() == 1
    assert shop.expire_now() == 0
    clock.advance(days=20)
    assert shop.expire_now() == 1
    assert [shop.card(m.id).member.points for m in (first, second)] == [0, 0]


def test_expiring_soon_lists_members_by_their_first_expiry(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, expiry=ExpiryRules(points_months=1))
    early, late, never = (member(shop, f"0912333333{n}") for n in range(3))
    shop.record_purchase(early.id, 300_000)
    clock.advance(days=10)
    shop.record_purchase(late.id, 200_000)
    shop.redeem(early.id, 10)
    clock.advance(days=15)
    soon = shop.expiring_soon(days=30)
    assert [(hit.id, points) for hit, points, _ in soon] == [(early.id, 20), (late.id, 20)]
    assert never.id not in {hit.id for hit, _, _ in soon}
    assert shop.expiring_soon(days=1) == []


@st.composite
def till_days(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    steps = st.one_of(
        st.tuples(st.just("buy"), st.integers(10_000, 900_000), st.integers(0, 40)),
        st.tuples(st.just("redeem"), st.integers(1, 60), st.integers(0, 40)),
        st.tuples(st.just("expire"), st.just(0), st.integers(0, 90)),
        st.tuples(st.just("reverse"), st.integers(0, 5), st.integers(0, 2)),
    )
    return draw(st.lists(steps, min_size=1, max_size=25))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(days=till_days())
def test_the_balance_always_equals_the_unexpired_lots(
    tmp_path_factory: pytest.TempPathFactory, days: list[tuple[str, int, int]]
) -> None:
    """Whatever the till does, after expiry the member's balance is the sum of what is left
    of the unexpired lots, never below zero, and equal to the ledger's sum."""
    clock = Clock()
    shop = ClubServices.open(tmp_path_factory.mktemp("prop"), actor="tester")
    shop.clock = clock
    try:
        with_rules(shop, expiry=ExpiryRules(points_months=1))
        m = member(shop)
        sales: list[str] = []
        for action, value, wait in days:
            clock.advance(days=wait)
            if action == "buy":
                sales.append(shop.record_purchase(m.id, value).purchase.id)
            elif action == "redeem":
                with contextlib.suppress(InsufficientPoints):
                    shop.redeem(m.id, value)
            elif action == "reverse" and sales:
                with contextlib.suppress(AlreadyReversed):
                    shop.reverse_purchase(sales[value % len(sales)])
            else:
                shop.expire_now()
            shop.expire_now()
            row = consistent(shop, m.id)
            assert row.points == open_lot_sum(shop, m.id) >= 0
    finally:
        shop.close()


# ------------------------------------------------------------------------------ wallet


def test_cashback_is_usable_only_after_the_delay(shop: ClubServices, clock: Clock) -> None:
    with_rules(shop, wallet=WalletRules(Decimal(5), delay_hours=24))
    m = member(shop)
    result = shop.record_purchase(m.id, 200_000)
    assert result.cashback == 10_000
    card = shop.card(m.id)
    assert (card.member.credit, card.usable_credit, card.pending_credit) == (10_000, 0, 10_000)
    with pytest.raises(InsufficientCredit):
        shop.record_purchase(m.id, 100_000, credit=5_000)
    clock.advance(hours=24)
    paid = shop.record_purchase(m.id, 100_000, credit="۵۰۰۰")
    assert paid.credit_used == 5_000
    assert paid.purchase.discount == 5_000
    assert paid.purchase.points_earned == 9  # on the 95,000 paid in money
    assert paid.cashback == 4_750  # 5% of the money part
    card = shop.card(m.id)
    assert (card.member.credit, card.usable_credit) == (10_000 - 5_000 + 4_750, 5_000)
    consistent(shop, m.id)


def test_credit_cannot_pay_more_than_the_invoice(shop: ClubServices, clock: Clock) -> None:
    with_rules(shop, wallet=WalletRules(Decimal(50), delay_hours=0))
    m = member(shop)
    shop.record_purchase(m.id, 200_000)  # 100,000 credit, usable at once
    before = consistent(shop, m.id)
    with pytest.raises(CreditTooLarge):
        shop.record_purchase(m.id, 50_000, credit=60_000)
    after = consistent(shop, m.id)
    assert (after.visits, after.credit) == (before.visits, before.credit)  # nothing saved


def test_credit_expires_like_points(shop: ClubServices, clock: Clock) -> None:
    with_rules(
        shop,
        wallet=WalletRules(Decimal(10), delay_hours=24),
        expiry=ExpiryRules(points_months=0, credit_months=1),
    )
    m = member(shop)
    shop.record_purchase(m.id, 100_000)
    clock.advance(days=40)
    assert shop.expire_now() == 1
    row = consistent(shop, m.id)
    assert (row.credit, row.points) == (0, 10)  # points never expire here


# ----------------------------------------------------------------------------- rewards

COFFEE = Reward("coffee", "Free coffee", RewardKind.ITEM, 30)
OFF = Reward("off", "50,000 off", RewardKind.DISCOUNT, 40, 50_000)
TENTH = Reward("tenth", "10% off", RewardKind.PERCENT, 20, 10, cap=20_000)
CREDIT = Reward("credit", "20,000 credit", RewardKind.CREDIT, 25, 20_000)
CATALOGUE = RewardsCatalogue((COFFEE, OFF, TENTH, CREDIT), max_share=50)


def test_a_discount_reward_pays_part_of_the_invoice(shop: ClubServices) -> None:
    with_rules(shop, rewards=CATALOGUE)
    m = member(shop)
    shop.record_purchase(m.id, 1_000_000)  # 100 points
    result = shop.record_purchase(m.id, 150_000, reward_id="off")
    assert (result.reward, result.points_spent) == ("50,000 off", 40)
    assert result.purchase.discount == 50_000
    assert result.purchase.points_earned == 10  # on the 100,000 paid
    assert result.member.points == 100 - 40 + 10
    with shop.db.read() as session:
        redeem = session.scalars(select(LedgerEntry).where(LedgerEntry.kind == "redeem")).one()
        assert redeem.purchase_id is not None
        assert redeem.note == "50,000 off"
    consistent(shop, m.id)


def test_a_reward_above_the_invoice_share_saves_nothing(shop: ClubServices) -> None:
    with_rules(shop, rewards=CATALOGUE)
    m = member(shop)
    shop.record_purchase(m.id, 1_000_000)
    before = consistent(shop, m.id)
    with pytest.raises(RewardTooLarge):
        shop.record_purchase(m.id, 90_000, reward_id="off")  # 50,000 > 45,000
    with pytest.raises(InsufficientPoints):
        shop.redeem(m.id, 500)
    after = consistent(shop, m.id)
    assert (after.points, after.visits) == (before.points, before.visits)


def test_percent_reward_is_capped(shop: ClubServices) -> None:
    with_rules(shop, rewards=CATALOGUE)
    m = member(shop)
    shop.record_purchase(m.id, 500_000)
    assert shop.record_purchase(m.id, 1_000_000, reward_id="tenth").purchase.discount == 20_000


def test_item_and_credit_rewards_at_the_till(shop: ClubServices) -> None:
    with_rules(shop, rewards=CATALOGUE, expiry=ExpiryRules(credit_months=2))
    m = member(shop)
    shop.record_purchase(m.id, 1_000_000)
    after_item = shop.redeem_reward(m.id, "coffee")
    assert after_item.points == 70
    after_credit = shop.redeem_reward(m.id, "credit")
    assert (after_credit.points, after_credit.credit) == (45, 20_000)
    assert shop.card(m.id).usable_credit == 20_000  # a reward's credit waits for nothing
    with pytest.raises(RewardNeedsInvoice):
        shop.redeem_reward(m.id, "off")
    with pytest.raises(UnknownReward):
        shop.redeem_reward(m.id, "gone")
    assert shop.redeem_reward(m.id, "coffee").points == 15
    with pytest.raises(InsufficientPoints):
        shop.redeem_reward(m.id, "coffee")
    consistent(shop, m.id)


# ------------------------------------------------------------------------------ levels

LEVELS = LevelRules((Level("Bronze", 0), Level("Silver", 1_000_000, Decimal(2))), window_days=30)


def test_a_purchase_promotes_and_the_next_one_earns_the_multiplier(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, levels=LEVELS)
    m = member(shop)
    first = shop.record_purchase(m.id, 600_000)
    assert (first.level, first.promoted) == ("Bronze", False)
    second = shop.record_purchase(m.id, 400_000)  # 1,000,000 in the window
    assert (second.level, second.promoted) == ("Silver", True)
    assert second.purchase.points_earned == 40  # promoted after this sale
    third = shop.record_purchase(m.id, 100_000)
    assert third.purchase.points_earned == 20  # x2 as Silver
    assert third.earning is not None
    assert third.earning.level == 10
    assert shop.card(m.id).level == "Silver"


def test_members_drop_a_level_when_spend_leaves_the_window(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, levels=LEVELS)
    m = member(shop)
    shop.record_purchase(m.id, 1_500_000)
    assert shop.card(m.id).level == "Silver"
    clock.advance(days=20)
    assert shop.refresh_levels() == 0
    clock.advance(days=11)  # the purchase left the 30-day window: no visit since
    assert shop.refresh_levels() == 1
    assert shop.card(m.id).level == "Bronze"
    with shop.db.read() as session:
        actions = session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "member.level")
        ).all()
    assert actions == [{"level": ["", "Silver"], "spend": 1_500_000}, {"level": ["Silver", ""]}]


# --------------------------------------------------------------------------- reversals


def test_reversing_a_purchase_takes_its_points_back_with_a_compensating_entry(
    shop: ClubServices,
) -> None:
    m = member(shop)
    sale = shop.record_purchase(m.id, 300_000)
    result = shop.reverse_purchase(sale.purchase.id, "wrong amount")
    assert result.purchase.amount == -300_000
    assert result.purchase.reverses == sale.purchase.id
    row = consistent(shop, m.id)
    assert (row.points, row.visits, row.total_spent) == (0, 0, 0)
    with shop.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Purchase)) == 2  # never deleted
    card = shop.card(m.id)
    assert [(p.amount, p.reversed) for p in card.recent_purchases] == [
        (-300_000, False),
        (300_000, True),
    ]
    with pytest.raises(AlreadyReversed):
        shop.reverse_purchase(sale.purchase.id)
    with pytest.raises(NotReversible):
        shop.reverse_purchase(result.purchase.id)
    with pytest.raises(PurchaseNotFound):
        shop.reverse_purchase("no-such-purchase")


def test_a_reversal_never_leaves_a_negative_balance_and_gives_spent_points_back(
    shop: ClubServices,
) -> None:
    with_rules(shop, rewards=CATALOGUE)
    m = member(shop)
    shop.record_purchase(m.id, 400_000)  # 40 points
    sale = shop.record_purchase(m.id, 200_000, reward_id="off")  # -40 +15
    shop.redeem(m.id, 10)  # 5 left, all from this sale's lot
    shop.reverse_purchase(sale.purchase.id)
    row = consistent(shop, m.id)
    assert row.points == 40  # 5 taken back (not 15), the reward's 40 given back
    with shop.db.read() as session:
        details = session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "purchase.reverse")
        ).one()
    assert details["not_recovered"] == {"points": 10}


def test_an_adjustment_needs_a_reason_and_respects_the_balance(shop: ClubServices) -> None:
    m = member(shop)
    with pytest.raises(NoteRequired):
        shop.adjust_points(m.id, 10, "  ")
    assert shop.adjust_points(m.id, "۲۵", "complaint").points == 25
    assert shop.adjust_points(m.id, -5, "typo").points == 20
    with pytest.raises(InsufficientPoints):
        shop.adjust_points(m.id, -50, "too much")
    consistent(shop, m.id)


# ---------------------------------------------------------------------------- occasions


def jalali_to_utc(y: int, m: int, d: int, hour: int = 9) -> datetime:
    import jdatetime

    from clubdesk.core.dates import TEHRAN

    g = jdatetime.date(y, m, d).togregorian()
    return datetime(g.year, g.month, g.day, hour, tzinfo=TEHRAN).astimezone(UTC)


def gregorian(y: int, m: int, d: int) -> date:
    import jdatetime

    return jdatetime.date(y, m, d).togregorian()


def test_birthday_and_anniversary_gifts_follow_the_jalali_calendar(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, occasions=OccasionRules(birthday=50, anniversary=30))
    born = shop.register(
        MemberDraft(phone="09124444444", first_name="Neda", birthday=gregorian(1370, 5, 12))
    ).member
    wed = shop.register(
        MemberDraft(phone="09125555555", first_name="Reza", anniversary=gregorian(1395, 5, 14))
    ).member
    clock.now = jalali_to_utc(1405, 5, 11)
    assert shop.give_occasion_gifts() == 0
    clock.now = jalali_to_utc(1405, 5, 12)
    assert shop.give_occasion_gifts() == 1
    assert shop.give_occasion_gifts() == 0  # once a year, however often the job runs
    clock.now = jalali_to_utc(1405, 5, 18)  # the till was closed on the 14th: caught up
    assert shop.give_occasion_gifts() == 1
    assert shop.card(born.id).member.points == 50
    assert shop.card(wed.id).member.points == 30
    clock.now = jalali_to_utc(1406, 5, 12)
    assert shop.give_occasion_gifts() == 1  # next year again
    assert shop.card(born.id).member.points == 100


def test_esfand_30_birthdays_are_celebrated_on_esfand_29_in_common_years(
    shop: ClubServices, clock: Clock
) -> None:
    with_rules(shop, occasions=OccasionRules(birthday=10))
    leap = shop.register(
        MemberDraft(phone="09126666666", first_name="Ava", birthday=gregorian(1399, 12, 30))
    ).member
    clock.now = jalali_to_utc(1404, 12, 29)  # 1404 is a common year
    assert shop.give_occasion_gifts() == 1
    assert shop.card(leap.id).member.points == 10


def test_a_referral_rewards_both_after_the_friends_first_purchase(shop: ClubServices) -> None:
    with_rules(shop, occasions=OccasionRules(referral_friend=20, referral_referrer=40))
    old = member(shop, "09127777777")
    friend = shop.register(
        MemberDraft(phone="09128888888", first_name="Friend", referrer="0912 777 7777")
    ).member
    assert friend.referred_by == old.id
    assert shop.card(old.id).member.points == 0  # nothing before the first purchase
    shop.record_purchase(friend.id, 100_000)
    assert shop.card(friend.id).member.points == 10 + 20
    assert shop.card(old.id).member.points == 40
    shop.record_purchase(friend.id, 100_000)  # a second purchase gives no more
    assert shop.card(old.id).member.points == 40
    consistent(shop, old.id)
    consistent(shop, friend.id)


def test_an_unknown_or_bad_referrer_is_refused_and_nothing_is_saved(shop: ClubServices) -> None:
    with pytest.raises(ReferrerNotFound):
        shop.register(MemberDraft(phone="09129999999", first_name="X", referrer="09120000001"))
    with pytest.raises(InvalidReferrer):
        shop.register(MemberDraft(phone="09129999999", first_name="X", referrer="12345"))
    assert shop.find_phone("09129999999") is None


def test_the_hourly_job_expires_relevels_and_gives_gifts(shop: ClubServices, clock: Clock) -> None:
    from clubdesk.jobs import run_programme

    with_rules(shop, expiry=ExpiryRules(points_months=1), levels=LEVELS)
    m = member(shop)
    shop.record_purchase(m.id, 1_200_000)  # Silver, 120 points
    clock.advance(days=40)
    assert run_programme(shop) == {"expired": 1, "levels": 1, "gifts": 0}
    card = shop.card(m.id)
    assert (card.member.points, card.level) == (0, "Bronze")


def test_the_hourly_job_skips_a_locked_licence(shop: ClubServices) -> None:
    from clubdesk.core.licence import LicenceLocked
    from clubdesk.jobs import run_programme

    def locked() -> None:
        raise LicenceLocked(reason="expired")

    shop.gate = locked
    assert run_programme(shop) is None


def test_exports_carry_credit_levels_and_reversals(shop: ClubServices, tmp_path: Path) -> None:
    import csv

    with_rules(shop, wallet=WalletRules(Decimal(10), delay_hours=0), levels=LEVELS)
    m = member(shop)
    sale = shop.record_purchase(m.id, 1_000_000)
    shop.reverse_purchase(sale.purchase.id)

    def table(kind: str) -> list[dict[str, str]]:
        path = tmp_path / f"{kind}.csv"
        shop.export(kind, path)
        with path.open(encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))

    purchases = table("purchases")
    assert [p["reverses"] for p in purchases] == ["", sale.purchase.id]
    ledger_rows = table("ledger")
    assert {row["unit"] for row in ledger_rows} == {"points", "credit"}
    (row,) = table("members")
    assert (row["level"], row["credit_tomans"]) == ("", "0")


def test_a_sale_queues_the_purchase_sms_when_switched_on(shop: ClubServices) -> None:
    from clubdesk.core.sms import ServiceEvent, SmsSettings

    with_rules(shop, levels=LEVELS)
    m = member(shop)
    shop.record_purchase(m.id, 100_000)
    assert shop.sms().messages_for(m.id) == []  # off by default
    template = "{name}: +{points}, balance {balance}, {level}"
    shop.sms().save_settings(SmsSettings(events={"purchase": ServiceEvent(True, template)}))
    shop.record_purchase(m.id, 1_000_000)
    (message,) = shop.sms().messages_for(m.id)
    assert message.text == "Sara: +100, balance 110, Silver"
    assert message.kind == "service"
