"""PIN rules, PIN hashing, permissions and the lock-out: plain rules, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from clubdesk.core.audit import day_start, describe, parse_day
from clubdesk.core.errors import ExitCode, InvalidDate, InvalidSetting
from clubdesk.core.roles import (
    DEFAULT_REDEEM_LIMIT,
    ELEVATION_TTL,
    LOCKOUT,
    MAX_FAILURES,
    AccountLocked,
    Elevation,
    InvalidAccountName,
    InvalidPin,
    InvalidRole,
    LockOut,
    OwnerPinRequired,
    Permission,
    Role,
    WeakPin,
    hash_pin,
    may,
    parse_name,
    parse_pin,
    parse_redeem_limit,
    parse_role,
    stored_redeem_limit,
    verify_pin,
)

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "pin"),
    [
        ("2580", "2580"),
        ("۲۵۸۰", "2580"),
        ("٢٥٨٠", "2580"),
        (" 73914 ", "73914"),
        ("19283746", "19283746"),
    ],
)
def test_pins_in_any_digit_script(typed: str, pin: str) -> None:
    assert parse_pin(typed) == pin


@pytest.mark.parametrize("typed", ["", "123", "123456789", "12a4", "۱۲۳", "12 34", "-1234", "²³⁴⁵"])
def test_pins_of_the_wrong_shape_are_refused(typed: str) -> None:
    with pytest.raises(InvalidPin) as caught:
        parse_pin(typed)
    assert caught.value.exit_code is ExitCode.BAD_INPUT
    assert "4 to 8 digits" in str(caught.value)


@pytest.mark.parametrize("typed", ["0000", "۱۱۱۱", "1234", "4321", "7890", "98765432", "3456"])
def test_guessable_pins_are_refused(typed: str) -> None:
    with pytest.raises(WeakPin):
        parse_pin(typed)


def test_hash_is_salted_self_describing_and_verifies_in_any_script() -> None:
    first, second = hash_pin("2580"), hash_pin("2580")
    assert first != second  # a random salt each time
    assert first.startswith("scrypt$16384$8$1$")
    assert "2580" not in first
    assert verify_pin("2580", first)
    assert verify_pin("۲۵۸۰", second)
    assert not verify_pin("2581", first)


@pytest.mark.parametrize(
    "stored", ["", "plain", "md5$x$y$z$a$b", "scrypt$x$8$1$AA==$AA==", "scrypt$16384$8$1$!!$AA=="]
)
def test_a_malformed_stored_hash_never_matches(stored: str) -> None:
    assert not verify_pin("2580", stored)


def test_a_cashier_may_do_none_of_the_restricted_things_and_an_owner_all() -> None:
    for permission in Permission:
        assert may(Role.OWNER, permission)
        assert not may(Role.CASHIER, permission)
        assert may("owner", permission)


def test_owner_pin_required_names_the_permission() -> None:
    error = OwnerPinRequired(Permission.EXPORT)
    assert error.permission is Permission.EXPORT
    assert str(error).startswith("This needs the owner's PIN.")
    assert error.to_dict()["params"] == {"permission": "export"}


def test_names_and_roles() -> None:
    assert parse_name("  Sara   Ahmadi ") == "Sara Ahmadi"
    assert parse_role(" Cashier ") is Role.CASHIER
    for bad in ("", "   ", "x" * 61):
        with pytest.raises(InvalidAccountName):
            parse_name(bad)
    with pytest.raises(InvalidRole):
        parse_role("manager")


def test_redeem_limit_rules() -> None:
    assert parse_redeem_limit("۱,۰۰۰") == 1000
    assert parse_redeem_limit(0) == 0
    for bad in ("-5", "1.5", "", "lots", True, 10**9):
        with pytest.raises(InvalidSetting):
            parse_redeem_limit(bad)
    assert stored_redeem_limit(None) == DEFAULT_REDEEM_LIMIT == 500
    assert stored_redeem_limit("garbage") == DEFAULT_REDEEM_LIMIT  # never "no limit"
    assert stored_redeem_limit(200) == 200


def test_lockout_after_five_wrong_pins_for_a_minute() -> None:
    lockout = LockOut()
    for n in range(MAX_FAILURES):
        lockout.check("Sara", NOW)
        assert lockout.failed("sara", NOW) == n + 1
    with pytest.raises(AccountLocked) as caught:
        lockout.check("SARA", NOW + timedelta(seconds=1))
    assert caught.value.params == {"name": "SARA", "seconds": 59}
    lockout.check("Reza", NOW)  # another account is not affected
    lockout.check("Sara", NOW + LOCKOUT)  # the wait is over, and the count starts again
    assert lockout.failed("Sara", NOW + LOCKOUT) == 1
    lockout.succeeded("Sara")
    assert lockout.failures == {}


def test_elevation_is_fresh_for_two_minutes() -> None:
    elevation = Elevation("Owner", NOW)
    assert elevation.fresh(NOW)
    assert elevation.fresh(NOW + ELEVATION_TTL)
    assert not elevation.fresh(NOW + ELEVATION_TTL + timedelta(seconds=1))
    assert not elevation.fresh(NOW - timedelta(seconds=1))


def test_audit_details_read_as_old_to_new() -> None:
    assert describe({"value": [10000, 5000]}) == "value: 10000 → 5000"
    assert describe({"points": 50, "note": "gift"}) == "points: 50; note: gift"
    assert describe({"value": [None, {"a": 1}]}) == 'value: — → {"a": 1}'
    assert describe({"note": "x" * 200}).endswith("…")


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("1405/09/04", date(2026, 11, 25)),
        ("۱۴۰۵/۰۹/۰۴", date(2026, 11, 25)),
        ("1405-09-04", date(2026, 11, 25)),  # Jalali with dashes
        ("2026-11-25", date(2026, 11, 25)),
        ("1499/01/01", date(2120, 3, 21)),  # a range may end in the future
    ],
)
def test_audit_days_in_either_calendar(typed: str, day: date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["", "yesterday", "1405/13/01", "2026-02-30", "25/11/2026"])
def test_unreadable_audit_days(typed: str) -> None:
    with pytest.raises(InvalidDate):
        parse_day(typed)


def test_a_day_starts_at_midnight_in_tehran() -> None:
    assert day_start(date(2026, 11, 25)) == datetime(2026, 11, 24, 20, 30, tzinfo=UTC)
