"""Backup rules without disk or keys: the manifest, FAT32-safe names, retention, passphrases."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clubdesk.core.backup import (
    EXTENSION,
    FORMAT_VERSION,
    MIN_PASSPHRASE,
    Manifest,
    RetentionRule,
    archive_name,
    check_passphrase,
    format_size,
    numbered_name,
    to_keep,
)
from clubdesk.core.dates import local
from clubdesk.core.errors import BackupCorrupt, BackupTooNew, InvalidSetting, WeakPassphrase

MANIFEST = Manifest(
    format_version=FORMAT_VERSION,
    app_version="0.9.0",
    schema_revision="0007",
    created_at=datetime(2026, 3, 20, 20, 30, 5, tzinfo=UTC),
    kind="automatic",
    business="فروشگاه نمونه",
    device="counter-1",
    member_count=3,
    ledger_sum=-20,
    snapshot_sha256="ab" * 32,
    snapshot_size=4096,
    key_id="0123456789abcdef",
)

# ------------------------------------------------------------------------------------ manifest


def test_manifest_round_trips_through_json() -> None:
    data = MANIFEST.to_json()
    assert data["created_at"] == "2026-03-20T20:30:05Z"
    assert Manifest.from_json(data) == MANIFEST


def test_manifest_times_are_utc_whatever_zone_they_were_written_in() -> None:
    data = MANIFEST.to_json() | {"created_at": "2026-03-21T00:00:05+03:30"}
    parsed = Manifest.from_json(data)
    assert parsed.created_at == MANIFEST.created_at
    assert parsed.created_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "change",
    [
        {"format_version": None},
        {"format_version": "1"},
        {"format_version": 0},
        {"format_version": True},
        {"app_version": 9},
        {"created_at": "yesterday"},
        {"created_at": "2026-03-20T20:30:05"},  # no zone: ambiguous, so damaged
        {"kind": "weekly"},
        {"member_count": -1},
        {"member_count": "3"},
        {"member_count": False},
        {"ledger_sum": 1.5},
        {"snapshot_sha256": "AB" * 32},
        {"snapshot_sha256": "ab" * 31},
        {"snapshot_size": -5},
        {"key_id": ""},
    ],
)
def test_a_bad_manifest_field_is_damage(change: dict[str, object]) -> None:
    with pytest.raises(BackupCorrupt) as caught:
        Manifest.from_json(MANIFEST.to_json() | change, path="x.cdbak")
    assert caught.value.params["path"] == "x.cdbak"
    assert caught.value.exit_code == 4


@pytest.mark.parametrize("missing", list(MANIFEST.to_json()))
def test_a_missing_manifest_field_is_damage(missing: str) -> None:
    data = MANIFEST.to_json()
    del data[missing]
    with pytest.raises(BackupCorrupt):
        Manifest.from_json(data)


@pytest.mark.parametrize("data", [None, [], "manifest", 3])
def test_a_manifest_that_is_not_an_object_is_damage(data: object) -> None:
    with pytest.raises(BackupCorrupt):
        Manifest.from_json(data)


def test_a_newer_format_is_too_new_even_with_fields_we_do_not_know() -> None:
    data = {"format_version": FORMAT_VERSION + 1, "app_version": "3.0.0", "shape": "new"}
    with pytest.raises(BackupTooNew) as caught:
        Manifest.from_json(data, path="new.cdbak")
    assert caught.value.params == {"path": "new.cdbak", "version": "3.0.0"}
    assert "3.0.0" in caught.value.render()


# ------------------------------------------------------------------------------------ names

FORBIDDEN = set(':\\/*?"<>|')


def assert_fat32_safe(name: str) -> None:
    assert not FORBIDDEN & set(name), name
    assert all(unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Zl", "Zp"} for ch in name)
    assert " " not in name
    assert not name.endswith((".", " "))
    assert name.startswith("clubdesk-")
    assert name.endswith(EXTENSION)
    assert len(name) <= 80
    assert len(name.encode("utf-8")) <= 255
    assert len(name.encode("utf-16-le")) // 2 <= 255


def test_archive_name_is_in_tehran_time() -> None:
    # 20:30:05 UTC on 20 March 2026 is 00:00:05 on the 21st in Tehran (+03:30).
    name = archive_name("Shop", datetime(2026, 3, 20, 20, 30, 5, tzinfo=UTC))
    assert name == "clubdesk-shop-20260321-000005.cdbak"


def test_archive_name_keeps_persian_letters_and_latin_digits() -> None:
    name = archive_name("فروشگاه: رضا/۱۲۳ (شعبه ۲)", MANIFEST.created_at)
    assert name == "clubdesk-فروشگاه-رضا-123-شعبه-2-20260321-000005.cdbak"
    assert_fat32_safe(name)


@pytest.mark.parametrize(
    ("business", "slug"),
    [
        ("", "shop"),
        ("   ", "shop"),
        (":::///", "shop"),
        ("..", "shop"),
        ("Cafe\u0301 Noor", "café-noor"),
        ("علی\u200cرضا", "علیرضا"),
        ("a" * 100, "a" * 40),
        ("ab" + "-" * 50 + "c", "ab-c"),
        ("x" * 39 + ":yz", "x" * 39),
        ("CON", "con"),
    ],
)
def test_archive_name_slug(business: str, slug: str) -> None:
    name = archive_name(business, MANIFEST.created_at)
    assert name == f"clubdesk-{unicodedata.normalize('NFC', slug)}-20260321-000005.cdbak"


@settings(max_examples=300)
@given(
    business=st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(list(':\\/*?"<>|. \t\n\x00\u200cآبپ۰۱۹٠٩کیكي')),
        ),
        max_size=120,
    ),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
)
def test_archive_names_are_always_fat32_safe(business: str, moment: datetime) -> None:
    name = archive_name(business, moment)
    assert_fat32_safe(name)
    stamp = name.removesuffix(EXTENSION)[-15:]
    assert stamp == local(moment).strftime("%Y%m%d-%H%M%S")
    assert stamp.isascii()
    slug = name.removeprefix("clubdesk-").removesuffix(EXTENSION)[:-16]
    assert 1 <= len(slug) <= 40
    assert not slug.startswith("-")
    assert not slug.endswith("-")


def test_numbered_names() -> None:
    assert (
        numbered_name("clubdesk-a-20260321-000005.cdbak", 1) == "clubdesk-a-20260321-000005.cdbak"
    )
    assert numbered_name("clubdesk-a-20260321-000005.cdbak", 3) == (
        "clubdesk-a-20260321-000005-3.cdbak"
    )


def test_format_size() -> None:
    assert format_size(0) == "0 bytes"
    assert format_size(999) == "999 bytes"
    assert format_size(1_500_000) == "1.5 MB"
    assert format_size(5 * 10**12) == "5000.0 GB"


# ------------------------------------------------------------------------------------ retention

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday afternoon in Tehran


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def test_retention_keeps_the_newest_per_day() -> None:
    backups = [(f"h{h}", ago(hours=h)) for h in range(0, 72, 4)]
    kept = to_keep(backups, RetentionRule(daily=2, weekly=0, monthly=0), NOW)
    tehran_days = {local(moment).date() for _id, moment in backups}
    assert len(tehran_days) == 4
    # today and yesterday (Tehran): one each, the newest of that day
    assert kept == {"h0", "h16"}


def test_retention_weeks_start_on_saturday() -> None:
    # NOW is Friday: Saturday 14 Nov .. Friday 20 Nov is this week.
    friday_before = datetime(2026, 11, 13, 12, 0, tzinfo=UTC)
    saturday = datetime(2026, 11, 14, 12, 0, tzinfo=UTC)
    sunday = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
    backups = [("fri", friday_before), ("sat", saturday), ("sun", sunday)]
    assert to_keep(backups, RetentionRule(daily=0, weekly=1, monthly=0), NOW) == {"sun"}
    assert to_keep(backups, RetentionRule(daily=0, weekly=2, monthly=0), NOW) == {"sun", "fri"}


def test_retention_months_are_jalali() -> None:
    # 21 Oct 2026 is 29 Mehr 1405 and 23 Oct is 1 Aban: different Jalali months.
    backups = [
        ("mehr", datetime(2026, 10, 21, 8, 0, tzinfo=UTC)),
        ("aban", datetime(2026, 10, 23, 8, 0, tzinfo=UTC)),
        ("aban-late", datetime(2026, 11, 10, 8, 0, tzinfo=UTC)),
    ]
    kept = to_keep(backups, RetentionRule(daily=0, weekly=0, monthly=2), NOW)
    assert kept == {"mehr", "aban-late"}


def test_the_newest_is_kept_even_by_an_empty_rule() -> None:
    backups = [("old", ago(days=400)), ("older", ago(days=800))]
    assert to_keep(backups, RetentionRule(daily=0, weekly=0, monthly=0), NOW) == {"old"}
    assert to_keep([], RetentionRule(), NOW) == set()


def test_backups_from_a_clock_in_the_future_are_kept() -> None:
    backups = [("now", NOW), ("future1", NOW + timedelta(days=30)), ("f2", NOW + timedelta(1))]
    kept = to_keep(backups, RetentionRule(daily=1, weekly=0, monthly=0), NOW)
    assert kept == {"now", "future1", "f2"}


def test_naive_times_are_read_as_utc() -> None:
    backups = [("a", ago(hours=1).replace(tzinfo=None)), ("b", ago(hours=2))]
    assert to_keep(backups, RetentionRule(daily=1, weekly=0, monthly=0), NOW) == {"a"}


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True, 10_001])
def test_retention_rule_rejects_nonsense(bad: object) -> None:
    with pytest.raises(InvalidSetting):
        RetentionRule(daily=bad)  # type: ignore[arg-type]


backup_lists = st.lists(
    st.tuples(
        st.text(alphabet="abcdefghij", min_size=1, max_size=6),
        st.integers(min_value=0, max_value=800 * 24 * 60).map(lambda m: ago(minutes=m)),
    ),
    max_size=60,
    unique_by=lambda item: item[0],
)
rules = st.builds(
    RetentionRule,
    daily=st.integers(0, 10),
    weekly=st.integers(0, 6),
    monthly=st.integers(0, 14),
)


@settings(max_examples=300)
@given(backups=backup_lists, rule=rules)
def test_retention_properties(backups: list[tuple[str, datetime]], rule: RetentionRule) -> None:
    kept = to_keep(backups, rule, NOW)
    ids = {backup_id for backup_id, _ in backups}
    assert kept <= ids
    if not backups:
        assert kept == set()
        return
    newest = max(backups, key=lambda item: (item[1], item[0]))[0]
    assert newest in kept
    assert len(kept) <= rule.daily + rule.weekly + rule.monthly + 1
    # Pruning again with the same clock deletes nothing more.
    assert to_keep([b for b in backups if b[0] in kept], rule, NOW) == kept
    # Every day in the daily window that had a backup still has one.
    today = local(NOW).date()
    for _id, moment in backups:
        day = local(moment).date()
        if (today - day).days < rule.daily:
            assert any(local(m).date() == day for i, m in backups if i in kept)


@settings(max_examples=100)
@given(backups=backup_lists, rule=rules)
def test_a_bigger_rule_keeps_at_least_as_much(
    backups: list[tuple[str, datetime]], rule: RetentionRule
) -> None:
    bigger = RetentionRule(rule.daily + 1, rule.weekly + 1, rule.monthly + 1)
    assert to_keep(backups, rule, NOW) <= to_keep(backups, bigger, NOW)


# ------------------------------------------------------------------------------------ passphrase


def test_check_passphrase_strips_and_accepts() -> None:
    assert check_passphrase("  رمز پشتیبان من  ") == "رمز پشتیبان من"
    assert check_passphrase("x" * MIN_PASSPHRASE) == "x" * MIN_PASSPHRASE


@pytest.mark.parametrize("text", ["", "       ", "short", "  1234567  "])
def test_check_passphrase_refuses_short_ones(text: str) -> None:
    with pytest.raises(WeakPassphrase) as caught:
        check_passphrase(text)
    assert caught.value.params == {"minimum": MIN_PASSPHRASE}
    assert str(MIN_PASSPHRASE) in caught.value.render()
