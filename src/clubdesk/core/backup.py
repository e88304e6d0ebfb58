"""Backup rules that need no disk, no key and no database: the manifest, file names, retention.

Everything here is plain Python so that the backup service, the CLI, the UI and the tests agree
on one definition of what a backup says about itself, what it is called, and which backups a
retention rule keeps.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, get_args

import jdatetime

from clubdesk.core.dates import local
from clubdesk.core.errors import BackupCorrupt, BackupTooNew, InvalidSetting, WeakPassphrase
from clubdesk.core.files import SHA256_HEX
from clubdesk.core.i18n import to_latin_digits

FORMAT_VERSION = 2  # 2: chunks compressed with Zstandard (1: zlib, still read)
EXTENSION = ".cdbak"
MIN_PASSPHRASE = 8
SLUG_MAX = 40

BackupKind = Literal["manual", "automatic", "on_exit", "pre_migration", "pre_restore"]
KINDS: tuple[str, ...] = get_args(BackupKind)


# ------------------------------------------------------------------------------------ manifest


@dataclass(frozen=True)
class Manifest:
    """What a backup says about itself; readable without the key, so backups can be listed."""

    format_version: int
    app_version: str
    schema_revision: str
    created_at: datetime
    kind: str
    business: str
    device: str
    member_count: int
    ledger_sum: int
    snapshot_sha256: str
    snapshot_size: int
    key_id: str

    def to_json(self) -> dict[str, Any]:
        created = self.created_at
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        return {
            "format_version": self.format_version,
            "app_version": self.app_version,
            "schema_revision": self.schema_revision,
            "created_at": created.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "kind": self.kind,
            "business": self.business,
            "device": self.device,
            "member_count": self.member_count,
            "ledger_sum": self.ledger_sum,
            "snapshot_sha256": self.snapshot_sha256,
            "snapshot_size": self.snapshot_size,
            "key_id": self.key_id,
        }

    @classmethod
    def from_json(cls, data: Any, path: str = "") -> Manifest:
        """Strict parse: anything missing or of the wrong type is damage, not a default."""

        def corrupt(problem: str) -> BackupCorrupt:
            return BackupCorrupt(path=path, problem=problem)

        if not isinstance(data, Mapping):
            raise corrupt("the manifest is not an object")
        version = data.get("format_version")
        if not _is_int(version) or version < 1:
            raise corrupt("the manifest has no valid format version")
        if version > FORMAT_VERSION:
            # Checked before anything else: a newer format may have other fields.
            app = data.get("app_version")
            raise BackupTooNew(path=path, version=app if isinstance(app, str) else f"v{version}")

        def text(name: str, *, empty: bool = True) -> str:
            value = data.get(name)
            if not isinstance(value, str) or (not empty and not value):
                raise corrupt(f"the manifest field {name} is missing or not text")
            return value

        def integer(name: str, *, minimum: int | None = None) -> int:
            value = data.get(name)
            if not _is_int(value) or (minimum is not None and value < minimum):
                raise corrupt(f"the manifest field {name} is missing or not a valid number")
            return value

        raw_created = text("created_at", empty=False)
        try:
            created_at = datetime.fromisoformat(raw_created.replace("Z", "+00:00"))
        except ValueError:
            raise corrupt("the manifest's creation time is not a date") from None
        if created_at.tzinfo is None:
            raise corrupt("the manifest's creation time has no time zone")
        kind = text("kind")
        if kind not in KINDS:
            raise corrupt(f"the manifest names an unknown kind of backup ({kind[:30]})")
        digest = text("snapshot_sha256")
        if not SHA256_HEX.fullmatch(digest):
            raise corrupt("the manifest's SHA-256 is not 64 hex digits")
        return cls(
            format_version=version,
            app_version=text("app_version"),
            schema_revision=text("schema_revision"),
            created_at=created_at.astimezone(UTC),
            kind=kind,
            business=text("business"),
            device=text("device"),
            member_count=integer("member_count", minimum=0),
            ledger_sum=integer("ledger_sum"),
            snapshot_sha256=digest,
            snapshot_size=integer("snapshot_size", minimum=0),
            key_id=text("key_id", empty=False),
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ------------------------------------------------------------------------------------ file names

# ZWNJ/ZWJ join parts of one Persian word: dropping them keeps the word whole.
_DROP = {"\u200c", "\u200d", "\u0640"}


def slug(business: str) -> str:
    """The business name as a file-name part: letters (Persian too) and Latin digits only."""
    text = unicodedata.normalize("NFC", to_latin_digits(business))
    out: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in _DROP or category in {"Mn", "Me"}:
            continue  # joiners and combining marks belong to the letter before them
        if category.startswith("L"):
            out.append(ch.lower())
        elif category == "Nd" and ch.isascii():
            out.append(ch)
        else:
            out.append("-")
    result = re.sub(r"-+", "-", "".join(out)).strip("-")
    result = result[:SLUG_MAX].rstrip("-")
    # A lone lower-casing may grow a letter into two (e.g. 'İ'): cut again after it.
    return unicodedata.normalize("NFC", result)[:SLUG_MAX].rstrip("-") or "shop"


def archive_name(business: str, created_at: datetime) -> str:
    """'clubdesk-<slug>-YYYYMMDD-HHMMSS.cdbak', Tehran time, no ':' (FAT32 and Windows)."""
    stamp = local(created_at).strftime("%Y%m%d-%H%M%S")
    return f"clubdesk-{slug(business)}-{stamp}{EXTENSION}"


def numbered_name(name: str, number: int) -> str:
    """The n-th alternative when a name is taken: 'x.cdbak' -> 'x-2.cdbak'."""
    if number <= 1:
        return name
    stem = name[: -len(EXTENSION)] if name.endswith(EXTENSION) else name
    return f"{stem}-{number}{EXTENSION}"


# ------------------------------------------------------------------------------------ retention


@dataclass(frozen=True)
class RetentionRule:
    """How many of the newest days, weeks (Saturday to Friday) and Jalali months keep a backup."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def __post_init__(self) -> None:
        for value in (self.daily, self.weekly, self.monthly):
            if not _is_int(value) or not 0 <= value <= 10_000:
                raise InvalidSetting(setting="backup retention")


def _day(moment: datetime) -> date:
    return local(moment).date()


def _week(d: date) -> int:
    """Week number counted from a Saturday (the Iranian week starts on Saturday)."""
    saturday = d - timedelta(days=(d.weekday() - 5) % 7)
    return saturday.toordinal() // 7


def _month(d: date) -> int:
    j = jdatetime.date.fromgregorian(date=d)
    return j.year * 12 + j.month - 1


def to_keep(
    backups: Sequence[tuple[str, datetime]], rule: RetentionRule, now: datetime
) -> set[str]:
    """Ids to keep: the newest per Tehran day, week and Jalali month in the rule's windows.

    The windows end at ``now``: the last ``daily`` calendar days (today included), and so on.
    The newest backup overall is always kept, and so is any backup dated after ``now`` (a clock
    that was wrong is no reason to delete data).
    """
    if not backups:
        return set()

    def newest_key(item: tuple[str, datetime]) -> tuple[datetime, str]:
        return (_aware(item[1]), item[0])

    keep = {max(backups, key=newest_key)[0]}
    today = _day(now)
    periods: list[tuple[Callable[[date], int], int]] = [
        (lambda d: d.toordinal(), rule.daily),
        (_week, rule.weekly),
        (_month, rule.monthly),
    ]
    for period, count in periods:
        if count <= 0:
            continue
        current = period(today)
        newest: dict[Hashable, tuple[datetime, str]] = {}
        for backup_id, created in backups:
            index = period(_day(created))
            if current - count < index <= current:
                candidate = (_aware(created), backup_id)
                if index not in newest or candidate > newest[index]:
                    newest[index] = candidate
        keep.update(backup_id for _created, backup_id in newest.values())
    now_aware = _aware(now)
    keep.update(backup_id for backup_id, created in backups if _aware(created) > now_aware)
    return keep


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# ------------------------------------------------------------------------------------ passphrase


def check_passphrase(text: str) -> str:
    """The passphrase as it will be used (trimmed), or WeakPassphrase if it is too short."""
    cleaned = text.strip()
    if len(cleaned) < MIN_PASSPHRASE:
        raise WeakPassphrase(minimum=MIN_PASSPHRASE)
    return cleaned


def format_size(size: int) -> str:
    """'12.3 MB' for messages (Latin digits; the UI localises digits)."""
    value = float(max(size, 0))
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows cannot open a folder for fsync).
    Here, not in ``clubdesk.backup``, because the server writes archives durably too."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
