"""Shared helpers for backup tests: a cheap KDF, real SQLite snapshots, manifests, archive layout.

Import what you need: ``from backup_helpers import cheap_kdf, make_sqlite, manifest_for``.
``cheap_kdf`` is a context manager (usable from module-scoped fixtures too); a function-scoped
test can simply ``monkeypatch.setattr(keys, "KDF_PARAMS", CHEAP_KDF)``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clubdesk.backup import archive, keys
from clubdesk.core.backup import FORMAT_VERSION, Manifest

# The smallest Argon2id settings: a test's unlock takes milliseconds, not half a second.
CHEAP_KDF: dict[str, int] = {"memory_cost": 8, "iterations": 1, "lanes": 1}
PASSPHRASE = "counter at the corner shop"


@contextmanager
def cheap_kdf() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keys, "KDF_PARAMS", dict(CHEAP_KDF))
        yield


@contextmanager
def small_chunks(size: int = 1024) -> Iterator[None]:
    """Many chunks from a small database, so chunk boundaries can be tested cheaply."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(archive, "CHUNK_SIZE", size)
        yield


def make_sqlite(path: Path, members: int = 200) -> Path:
    """A real SQLite database with Persian names and a ledger, like a shop's."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "CREATE TABLE member (id INTEGER PRIMARY KEY, phone TEXT UNIQUE, name TEXT)"
        )
        connection.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, member INT, points INT)")
        connection.executemany(
            "INSERT INTO member VALUES (?, ?, ?)",
            [(i, f"+98912{i:07d}", f"مشتری {i} علی‌رضا") for i in range(members)],
        )
        connection.executemany(
            "INSERT INTO ledger VALUES (?, ?, ?)",
            [(i, i % max(members, 1), (i * 37) % 500) for i in range(members * 2)],
        )
    connection.close()
    return path


def sqlite_rows(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return connection.execute(
            "SELECT m.id, m.phone, m.name, l.points FROM member m JOIN ledger l ON l.member = m.id "
            "ORDER BY l.id"
        ).fetchall()
    finally:
        connection.close()


def manifest_for(
    snapshot: Path,
    backup_keys: keys.BackupKeys,
    *,
    business: str = "فروشگاه نمونه",
    created_at: datetime | None = None,
    kind: str = "manual",
) -> Manifest:
    data = snapshot.read_bytes()
    return Manifest(
        format_version=FORMAT_VERSION,
        app_version="0.9.0",
        schema_revision="0007_backups",
        created_at=created_at or datetime(2026, 3, 20, 20, 30, 5, tzinfo=UTC),
        kind=kind,
        business=business,
        device="counter-1",
        member_count=200,
        ledger_sum=12345,
        snapshot_sha256=hashlib.sha256(data).hexdigest(),
        snapshot_size=len(data),
        key_id=backup_keys.key_id,
    )


@dataclass(frozen=True)
class Layout:
    """Where each part of an archive lies, found by parsing it independently of the code."""

    header_end: int  # offset of the first chunk record (after the header digest)
    json_start: int
    json_end: int
    records: tuple[tuple[int, int], ...]  # (offset of the length field, end of the record)


def layout(path: Path) -> Layout:
    data = path.read_bytes()
    assert data.startswith(archive.MAGIC)
    json_start = len(archive.MAGIC) + 4
    (length,) = struct.unpack(">I", data[len(archive.MAGIC) : json_start])
    json_end = json_start + length
    offset = json_end + 32
    header_end = offset
    records = []
    while offset < len(data):
        (size,) = struct.unpack(">I", data[offset : offset + 4])
        records.append((offset, offset + 4 + size))
        offset += 4 + size
    assert offset == len(data)
    return Layout(header_end, json_start, json_end, tuple(records))


def rewrite_header(path: Path, change: dict[str, object], *, section: str = "manifest") -> None:
    """Edit the header JSON and re-seal its digest, as a future or hostile writer could."""
    data = path.read_bytes()
    parts = layout(path)
    header = json.loads(data[parts.json_start : parts.json_end])
    header[section].update(change)
    body = json.dumps(header).encode()
    head = archive.MAGIC + struct.pack(">I", len(body)) + body
    path.write_bytes(head + hashlib.sha256(head).digest() + data[parts.header_end :])
