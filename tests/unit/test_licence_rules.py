"""The licence rules, case by case: what the app shows for each lease and memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from clubdesk.core.errors import ExitCode
from clubdesk.core.licence import (
    LeaseFacts,
    LockReason,
    Memory,
    State,
    days_left,
    evaluate,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 12:30 in Tehran
DEVICE = "f" * 64
LEASE = LeaseFacts(
    licence_id="lic-1",
    business_name="Shop",
    device=DEVICE,
    plan="yearly",
    status="active",
    paid_until=NOW + timedelta(days=40),
    grace_until=NOW + timedelta(days=7),
)


def status_of(lease=LEASE, *, ok=True, device=DEVICE, memory=Memory(), now=NOW):  # noqa: B008
    return evaluate(lease, signature_ok=ok, fingerprint=device, memory=memory, now=now)


@pytest.mark.parametrize(
    ("case", "kwargs", "state", "reason"),
    [
        ("healthy", {}, State.ACTIVE, None),
        ("no lease", {"lease": None}, State.LOCKED, LockReason.NO_LICENCE),
        (
            "unreadable lease",
            {"lease": None, "ok": False},
            State.LOCKED,
            LockReason.SIGNATURE_INVALID,
        ),
        ("bad signature", {"ok": False}, State.LOCKED, LockReason.SIGNATURE_INVALID),
        ("copied from another PC", {"device": "e" * 64}, State.LOCKED, LockReason.WRONG_DEVICE),
        (
            "revoked in lease",
            {"lease": replace(LEASE, status="revoked")},
            State.LOCKED,
            LockReason.REVOKED,
        ),
        (
            "suspended in lease",
            {"lease": replace(LEASE, status="suspended")},
            State.LOCKED,
            LockReason.SUSPENDED,
        ),
        (
            "server said revoked",
            {"memory": Memory(server_verdict="revoked")},
            State.LOCKED,
            LockReason.REVOKED,
        ),
        ("expired", {"now": NOW + timedelta(days=40)}, State.LOCKED, LockReason.EXPIRED),
        (
            "ten days left",
            {"lease": replace(LEASE, paid_until=NOW + timedelta(days=10))},
            State.EXPIRING,
            None,
        ),
        (
            "offline within grace",
            {"memory": Memory(offline_since=NOW - timedelta(hours=5))},
            State.OFFLINE_GRACE,
            None,
        ),
        (
            "past grace",
            {
                "memory": Memory(offline_since=NOW - timedelta(days=8)),
                "now": NOW + timedelta(days=8),
            },
            State.LOCKED,
            LockReason.OFFLINE_PAST_GRACE,
        ),
        (
            "clock back 11 min",
            {"memory": Memory(latest_seen=NOW + timedelta(minutes=11))},
            State.LOCKED,
            LockReason.CLOCK_BACK,
        ),
        (
            "clock back 9 min",
            {"memory": Memory(latest_seen=NOW + timedelta(minutes=9))},
            State.ACTIVE,
            None,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_state(case, kwargs, state, reason) -> None:
    result = status_of(**kwargs)
    assert (result.state, result.reason) == (state, reason), case


def test_a_wrong_device_outranks_expiry() -> None:
    result = status_of(device="e" * 64, now=NOW + timedelta(days=50))
    assert result.reason is LockReason.WRONG_DEVICE


def test_days_left_counts_tehran_calendar_days() -> None:
    # 20:00 UTC is already the next day in Tehran (UTC+3:30).
    paid_until = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)
    assert days_left(paid_until, datetime(2026, 11, 25, 19, 0, tzinfo=UTC)) == 10
    assert days_left(paid_until, datetime(2026, 11, 25, 21, 0, tzinfo=UTC)) == 9


def test_locked_status_gives_an_error_with_exit_code_3() -> None:
    error = status_of(lease=replace(LEASE, status="revoked")).error()
    assert error.exit_code is ExitCode.LICENCE_LOCKED
    assert error.code == "LICENCE_LOCKED"
    assert "revoked" in error.render()


def test_expiring_status_carries_the_paid_until_date_and_days() -> None:
    result = status_of(lease=replace(LEASE, paid_until=NOW + timedelta(days=3)))
    assert result.state is State.EXPIRING
    assert result.days_left == 3
    assert result.business_name == "Shop"
