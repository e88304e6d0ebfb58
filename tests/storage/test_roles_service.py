"""Accounts, PINs and permissions through ClubServices, against a real SQLite file."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from clubdesk.core.audit import AuditFilter
from clubdesk.core.members import MemberDraft
from clubdesk.core.points import PointsRule
from clubdesk.core.programme import EarningRules
from clubdesk.core.receipt import ReceiptSettings
from clubdesk.core.roles import (
    AccountDisabled,
    AccountExists,
    AccountLocked,
    FirstAccountOwner,
    LastOwner,
    OwnerPinRequired,
    Permission,
    Role,
    UnknownAccount,
    WeakPin,
    WrongPin,
)
from clubdesk.services import ClubServices
from clubdesk.storage.models import AuditEntry, User

OWNER_PIN, CASHIER_PIN, SECOND_OWNER_PIN = "2580", "7391", "4826"
START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand (elevations and lock-outs are about time)."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(club: ClubServices) -> Clock:
    fake = Clock()
    club.clock = fake
    return fake


@pytest.fixture
def shop(club: ClubServices, clock: Clock) -> ClubServices:
    """An owner (signed in while setting up) and a cashier, then the cashier at the till."""
    club.add_account("Maryam", Role.OWNER, OWNER_PIN)
    club.add_account("Reza", Role.CASHIER, CASHIER_PIN)
    club.sign_in("Reza", CASHIER_PIN)
    return club


def audit_rows(club: ClubServices, action: str) -> list[AuditEntry]:
    with club.db.read() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(session.scalars(query))


def members_csv(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["mobile", "name"], ["09121111111", "Ali"]])
    return path


RESTRICTED: dict[str, Callable[[ClubServices, Path], Any]] = {
    "points rule": lambda c, _p: c.set_points_rule(PointsRule(5000)),
    "earning rules": lambda c, _p: c.set_earning_rules(EarningRules(5000)),
    "receipt settings": lambda c, _p: c.set_receipt_settings(ReceiptSettings(58, True)),
    "club rules": lambda c, _p: c.set_club_rules(c.club_rules()),
    "redeem limit": lambda c, _p: c.set_redeem_limit(100),
    "export": lambda c, p: c.export("members", p / "out.csv"),
    "import": lambda c, p: c.import_members(members_csv(p)),
    "merge": lambda c, _p: c.merge_members(
        c.register(MemberDraft(phone="09121234567", first_name="A")).member.id,
        c.register(MemberDraft(phone="09121234568", first_name="B")).member.id,
    ),
    "add account": lambda c, _p: c.add_account("Nima", "cashier", "8642"),
    "disable account": lambda c, _p: c.set_account_active("Reza", False),
    "reset a PIN": lambda c, _p: c.change_pin("Reza", "1357"),
    "audit log": lambda c, _p: c.audit_page(AuditFilter()),
}


# ------------------------------------------------------------------------- no accounts


def test_without_accounts_everyone_is_the_owner_as_before(
    club: ClubServices, tmp_path: Path
) -> None:
    assert not club.accounts_required()
    assert club.user is None
    assert club.require(Permission.EXPORT) is None
    club.set_receipt_settings(ReceiptSettings(58, True))
    assert club.export("members", tmp_path / "m.csv") == 0
    assert audit_rows(club, "settings.change")[0].actor == "tester"


def test_the_first_account_must_be_the_owner_who_is_then_signed_in(club: ClubServices) -> None:
    with pytest.raises(FirstAccountOwner):
        club.add_account("Reza", "cashier", CASHIER_PIN)
    assert club.accounts() == []
    owner = club.add_account(" Maryam ", "owner", "۲۵۸۰")
    assert owner.name == "Maryam"
    assert owner.is_owner
    assert club.user == owner
    assert club.actor == "Maryam"
    assert club.accounts_required()
    [added] = audit_rows(club, "account.add")
    assert added.actor == "Maryam"
    assert added.details == {"name": "Maryam", "role": "owner"}
    with club.db.read() as session:
        stored = session.scalars(select(User.pin_hash)).one()
    assert "2580" not in stored


def test_bad_account_input_is_refused_and_nothing_saved(shop: ClubServices) -> None:
    shop.sign_in("Maryam", OWNER_PIN)
    with pytest.raises(AccountExists):
        shop.add_account("reza", "cashier", "8642")  # names differ only in case
    with pytest.raises(WeakPin):
        shop.add_account("Nima", "cashier", "1111")
    with pytest.raises(UnknownAccount):
        shop.sign_in("Nobody", "8642")
    assert [a.name for a in shop.accounts()] == ["Maryam", "Reza"]


# --------------------------------------------------------------------- the cashier


@pytest.mark.parametrize("action", list(RESTRICTED))
def test_a_cashier_is_refused_each_restricted_action(
    shop: ClubServices, tmp_path: Path, action: str
) -> None:
    before = audit_rows(shop, "settings.change")
    with pytest.raises(OwnerPinRequired) as caught:
        RESTRICTED[action](shop, tmp_path)
    assert str(caught.value).startswith("This needs the owner's PIN.")
    assert audit_rows(shop, "settings.change") == before
    assert not (tmp_path / "out.csv").exists()
    assert [a.active for a in shop.accounts()] == [True, True]


def test_a_cashier_redeeming_over_the_limit_needs_the_owner(shop: ClubServices) -> None:
    assert shop.redeem_limit() == 500
    member = shop.register(MemberDraft(phone="09120000001", first_name="Ali")).member
    with pytest.raises(OwnerPinRequired) as caught:
        shop.redeem(member.id, 501)
    assert caught.value.permission is Permission.REDEEM_OVER_LIMIT


@pytest.mark.parametrize("action", list(RESTRICTED))
def test_the_owner_does_each_restricted_action_without_a_prompt(
    shop: ClubServices, tmp_path: Path, action: str
) -> None:
    shop.sign_in("Maryam", OWNER_PIN)
    RESTRICTED[action](shop, tmp_path)


def test_the_owners_pin_authorises_exactly_one_action(shop: ClubServices) -> None:
    assert shop.authorise("۲۵۸۰") == "Maryam"
    shop.set_receipt_settings(ReceiptSettings(58, True))
    assert shop.receipt_settings() == ReceiptSettings(58, True)
    with pytest.raises(OwnerPinRequired):
        shop.set_receipt_settings(ReceiptSettings(80, False))
    assert shop.receipt_settings() == ReceiptSettings(58, True)
    changes = audit_rows(shop, "settings.change")
    assert {row.actor for row in changes} == {"Reza"}
    assert {row.details["authorised_by"] for row in changes} == {"Maryam"}


def test_an_approval_does_not_spill_into_later_actions(shop: ClubServices) -> None:
    shop.authorise(OWNER_PIN)
    shop.set_redeem_limit(50)
    shop.register(MemberDraft(phone="09120000002", first_name="Sara"))
    [registered] = audit_rows(shop, "member.register")
    assert registered.actor == "Reza"
    assert "authorised_by" not in registered.details
    [limit] = audit_rows(shop, "settings.change")
    assert limit.details == {"value": [None, 50], "authorised_by": "Maryam"}
    assert shop.redeem_limit() == 50


def test_an_approval_lasts_two_minutes(shop: ClubServices, clock: Clock) -> None:
    shop.authorise(OWNER_PIN)
    clock.advance(minutes=2, seconds=1)
    with pytest.raises(OwnerPinRequired):
        shop.set_redeem_limit(50)


def test_a_cashiers_pin_does_not_authorise(shop: ClubServices) -> None:
    with pytest.raises(WrongPin):
        shop.authorise(CASHIER_PIN)
    with pytest.raises(OwnerPinRequired):
        shop.set_redeem_limit(50)
    [failed] = audit_rows(shop, "account.authorise_failed")
    assert failed.actor == "Reza"
    assert failed.details == {"failures": 1}


def test_without_anyone_signed_in_the_owners_pin_is_needed(shop: ClubServices) -> None:
    shop.sign_out()
    assert shop.user is None
    with pytest.raises(OwnerPinRequired):
        shop.set_redeem_limit(10)
    shop.authorise(OWNER_PIN)
    shop.set_redeem_limit(10)


# ---------------------------------------------------------------------- signing in


def test_wrong_pins_are_audited_and_lock_the_account_for_a_minute(
    shop: ClubServices, clock: Clock
) -> None:
    for _ in range(5):
        with pytest.raises(WrongPin):
            shop.sign_in("Maryam", "9753")
    with pytest.raises(AccountLocked) as caught:
        shop.sign_in("Maryam", OWNER_PIN)  # even the right PIN waits
    assert "60 seconds" in str(caught.value)
    assert shop.user is not None
    assert shop.user.name == "Reza"
    failed = audit_rows(shop, "account.sign_in_failed")
    assert [(r.actor, r.details["failures"]) for r in failed] == [
        ("Maryam", n) for n in range(1, 6)
    ]
    clock.advance(minutes=1)
    assert shop.sign_in("Maryam", OWNER_PIN).name == "Maryam"
    assert shop.actor == "Maryam"


def test_change_own_pin_with_the_current_one(shop: ClubServices) -> None:
    with pytest.raises(WrongPin):
        shop.change_pin("Reza", "8642", current_pin="0000")
    shop.change_pin("Reza", "8642", current_pin=CASHIER_PIN)
    with pytest.raises(WrongPin):
        shop.sign_in("Reza", CASHIER_PIN)
    assert shop.sign_in("Reza", "8642").name == "Reza"
    assert audit_rows(shop, "account.pin")[0].details == {"name": "Reza"}


def test_the_owner_resets_a_forgotten_pin(shop: ClubServices) -> None:
    shop.sign_in("Maryam", OWNER_PIN)
    shop.change_pin("Reza", "8642")
    assert shop.sign_in("Reza", "8642").role is Role.CASHIER


# ---------------------------------------------------------------------- owners


def test_the_last_active_owner_cannot_be_disabled_or_demoted(shop: ClubServices) -> None:
    shop.sign_in("Maryam", OWNER_PIN)
    with pytest.raises(LastOwner):
        shop.set_account_active("Maryam", False)
    with pytest.raises(LastOwner):
        shop.set_account_role("Maryam", Role.CASHIER)
    shop.add_account("Hamid", Role.OWNER, SECOND_OWNER_PIN)
    assert not shop.set_account_active("Maryam", False).active
    with pytest.raises(LastOwner):
        shop.set_account_active("Hamid", False)
    with pytest.raises(AccountDisabled):
        shop.sign_in("Maryam", OWNER_PIN)


def test_a_disabled_owners_pin_no_longer_authorises(shop: ClubServices) -> None:
    shop.sign_in("Maryam", OWNER_PIN)
    shop.add_account("Hamid", Role.OWNER, SECOND_OWNER_PIN)
    shop.set_account_active("Maryam", False)
    shop.sign_in("Reza", CASHIER_PIN)
    with pytest.raises(WrongPin):
        shop.authorise(OWNER_PIN)
    assert shop.authorise(SECOND_OWNER_PIN) == "Hamid"


def test_disabled_cashier_is_enabled_again(shop: ClubServices) -> None:
    shop.sign_in("Maryam", OWNER_PIN)
    shop.set_account_active("Reza", False)
    with pytest.raises(AccountDisabled):
        shop.sign_in("Reza", CASHIER_PIN)
    shop.sign_in("Maryam", OWNER_PIN)
    shop.set_account_active("Reza", True)
    assert shop.sign_in("Reza", CASHIER_PIN).active
    actions = [r.details for r in audit_rows(shop, "account.disable")]
    assert actions == [{"name": "Reza", "active": [True, False]}]


# -------------------------------------------------------------------- audit viewer


@pytest.fixture
def logged(shop: ClubServices, clock: Clock) -> Iterator[ClubServices]:
    """A small history: two members, a setting changed with the owner's PIN, a day apart."""
    shop.register(MemberDraft(phone="09120000011", first_name="Ali"))
    clock.advance(days=1)
    shop.register(MemberDraft(phone="09120000012", first_name="Sara"))
    shop.authorise(OWNER_PIN)
    shop.set_redeem_limit(300)
    shop.sign_in("Maryam", OWNER_PIN)
    return shop


def test_audit_page_is_newest_first_and_paged(logged: ClubServices) -> None:
    everything = logged.audit_page(AuditFilter(), 0, 100)
    assert logged.audit_count(AuditFilter()) == len(everything)
    assert [r.at for r in everything] == sorted((r.at for r in everything), reverse=True)
    assert everything[0].action == "account.sign_in"
    assert logged.audit_page(AuditFilter(), 2, 3) == everything[2:5]


def test_audit_filters(logged: ClubServices) -> None:
    def actions(**chosen: Any) -> list[str]:
        found = logged.audit_page(AuditFilter(**chosen), 0, 100)
        assert logged.audit_count(AuditFilter(**chosen)) == len(found)
        return [r.action for r in found]

    assert actions(action="member.") == ["member.register", "member.register"]
    assert actions(actor="Maryam", action="account.sign") == ["account.sign_in"]
    assert actions(entity_id="۰۹۱۲۰۰۰۰۰۱۱") == ["member.register"]  # by phone, any digits
    assert actions(entity_id="09129999999") == []
    assert actions(text="Sara") == ["member.register"]
    assert actions(text="100%") == []  # LIKE wildcards are plain text
    assert actions(end=START + timedelta(hours=1), action="member.") == ["member.register"]
    assert actions(start=START + timedelta(days=1), action="settings.") == ["settings.change"]
    [limit] = logged.audit_page(AuditFilter(action="settings."), 0, 10)
    assert limit.authorised_by == "Maryam"
    assert limit.actor == "Reza"
    assert "Reza" in logged.audit_actors()


def test_a_cashier_cannot_read_the_audit_log(logged: ClubServices) -> None:
    logged.sign_in("Reza", CASHIER_PIN)
    with pytest.raises(OwnerPinRequired):
        logged.audit_count(AuditFilter())


def test_one_approval_covers_a_whole_job_and_ends_with_it(shop: ClubServices) -> None:
    def save_settings() -> None:  # what the Settings dialog's Save does
        shop.set_earning_rules(EarningRules(5000))
        shop.set_receipt_settings(ReceiptSettings(58, True))

    with pytest.raises(OwnerPinRequired):
        shop.approved(save_settings)()
    shop.authorise(OWNER_PIN)
    shop.approved(save_settings)()
    assert shop.receipt_settings() == ReceiptSettings(58, True)
    assert {r.details["authorised_by"] for r in audit_rows(shop, "settings.change")} == {"Maryam"}
    with pytest.raises(OwnerPinRequired):
        shop.approved(save_settings)()  # the next job asks again
    with pytest.raises(OwnerPinRequired):
        shop.set_redeem_limit(1)


def test_after_signing_out_the_log_no_longer_names_the_last_person(shop: ClubServices) -> None:
    shop.sign_out()
    assert shop.actor == "tester"  # the computer's user, as before accounts
    shop.register(MemberDraft(phone="09120000003", first_name="Nima"))
    assert audit_rows(shop, "member.register")[0].actor == "tester"
    assert audit_rows(shop, "account.sign_out")[0].actor == "Reza"
