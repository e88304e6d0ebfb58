"""The .cdbak archive on real files: round trips, damage of every kind, full disks, Cancel."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backup_helpers import (
    CHEAP_KDF,
    PASSPHRASE,
    cheap_kdf,
    layout,
    make_sqlite,
    manifest_for,
    rewrite_header,
    small_chunks,
    sqlite_rows,
)
from clubdesk.backup import archive, keys
from clubdesk.backup.archive import extract, read_manifest, verify_archive, write_archive
from clubdesk.backup.keys import BackupKeys, forget_master, new_keys, store_master
from clubdesk.core.backup import FORMAT_VERSION, archive_name
from clubdesk.core.errors import (
    BackupCorrupt,
    BackupKeysMissing,
    BackupOtherKey,
    BackupTooNew,
    Cancelled,
    DriveError,
    DriveGone,
    NotABackup,
    SnapshotChanged,
    WrongPassphrase,
)
from clubdesk.core.i18n import to_persian_digits

DAMAGED = (BackupCorrupt, NotABackup)


@dataclass(frozen=True)
class Sample:
    keys: BackupKeys
    code: str
    snapshot: Path
    archive: Path
    data: bytes


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    """One archive of a real SQLite file in many 1 KiB chunks, made with a cheap KDF."""
    folder = tmp_path_factory.mktemp("sample")
    with cheap_kdf(), small_chunks(1024):
        backup_keys, code = new_keys(PASSPHRASE)
        snapshot = make_sqlite(folder / "snapshot.sqlite3")
        out = folder / "out"
        out.mkdir()
        path = write_archive(snapshot, out, manifest_for(snapshot, backup_keys), backup_keys)
        yield Sample(backup_keys, code, snapshot, path, path.read_bytes())


@pytest.fixture(autouse=True)
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "KDF_PARAMS", dict(CHEAP_KDF))
    monkeypatch.setattr(archive, "CHUNK_SIZE", 1024)


def public(backup_keys: BackupKeys) -> BackupKeys:
    return BackupKeys.from_public_json(backup_keys.to_public_json())


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(archive.PARTIAL_SUFFIX))


# ------------------------------------------------------------------------------------ round trips


def test_round_trip_of_a_real_sqlite_file(sample: Sample, tmp_path: Path) -> None:
    assert len(layout(sample.archive).records) > 10
    dest = tmp_path / "restored.sqlite3"
    manifest = extract(sample.archive, dest, sample.keys)
    assert dest.read_bytes() == sample.snapshot.read_bytes()
    assert sqlite_rows(dest) == sqlite_rows(sample.snapshot)
    assert manifest == read_manifest(sample.archive)
    assert manifest.snapshot_sha256 == hashlib.sha256(dest.read_bytes()).hexdigest()
    assert leftovers(tmp_path) == []


def test_the_archive_is_named_for_fat32_and_holds_no_plain_data(sample: Sample) -> None:
    manifest = read_manifest(sample.archive)
    assert sample.archive.name == archive_name(manifest.business, manifest.created_at)
    assert sample.archive.name == "clubdesk-فروشگاه-نمونه-20260321-000005.cdbak"
    assert b"SQLite format 3" not in sample.data
    assert "مشتری".encode() not in sample.data
    assert b"+98912" not in sample.data


def test_read_manifest_needs_no_key(sample: Sample) -> None:
    forget_master(sample.keys.key_id)
    manifest = read_manifest(sample.archive)
    assert manifest.key_id == sample.keys.key_id
    assert manifest.business == "فروشگاه نمونه"
    assert manifest.snapshot_size == sample.snapshot.stat().st_size
    assert manifest.created_at == datetime(2026, 3, 20, 20, 30, 5, tzinfo=UTC)


def test_the_keyring_master_opens_it(sample: Sample, tmp_path: Path) -> None:
    store_master(sample.keys)
    try:
        extract(sample.archive, tmp_path / "a.sqlite3", public(sample.keys))
    finally:
        forget_master(sample.keys.key_id)
    with pytest.raises(BackupKeysMissing):
        extract(sample.archive, tmp_path / "b.sqlite3", public(sample.keys))
    assert not (tmp_path / "b.sqlite3").exists()


def test_on_a_new_pc_the_passphrase_opens_it(sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "restored.sqlite3"
    extract(sample.archive, dest, PASSPHRASE)
    assert sqlite_rows(dest) == sqlite_rows(sample.snapshot)


@pytest.mark.parametrize(
    "spell",
    [
        lambda code: code,
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: to_persian_digits(code.lower()),
    ],
    ids=["printed", "lower", "no-dashes", "persian-digits"],
)
def test_the_recovery_code_opens_it(sample: Sample, tmp_path: Path, spell) -> None:
    assert verify_archive(sample.archive, spell(sample.code)) == read_manifest(sample.archive)


def test_a_wrong_passphrase_is_never_called_corrupt(sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "restored.sqlite3"
    with pytest.raises(WrongPassphrase) as caught:
        extract(sample.archive, dest, "not the passphrase")
    assert caught.value.exit_code == 5
    assert str(sample.archive) in caught.value.render()
    assert not dest.exists()
    assert leftovers(tmp_path) == []


def test_another_computers_key_is_a_clear_wrong_key(sample: Sample, tmp_path: Path) -> None:
    other, _ = new_keys(PASSPHRASE)
    with pytest.raises(BackupOtherKey) as caught:
        extract(sample.archive, tmp_path / "x", other)
    assert isinstance(caught.value, WrongPassphrase)
    assert caught.value.exit_code == 5
    # Same key id but a different master (a keyring entry gone wrong): still not "corrupt".
    impostor = replace(sample.keys, master=other.master)
    with pytest.raises(BackupOtherKey):
        verify_archive(sample.archive, impostor)


def test_an_empty_and_a_multi_megabyte_snapshot(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive, "CHUNK_SIZE", 1 << 20)
    backup_keys, _ = new_keys(PASSPHRASE)
    for name, data in [
        ("empty", b""),
        ("big", os.urandom(1 << 20) + bytes(1 << 20) + os.urandom(5000)),
        ("exact", os.urandom(1 << 20)),
    ]:
        snapshot = tmp_path / f"{name}.bin"
        snapshot.write_bytes(data)
        folder = tmp_path / name
        folder.mkdir()
        path = write_archive(snapshot, folder, manifest_for(snapshot, backup_keys), backup_keys)
        extract(path, tmp_path / f"{name}.out", backup_keys)
        assert (tmp_path / f"{name}.out").read_bytes() == data
    # stored chunks stay near their size; the zero megabyte shrinks
    assert (tmp_path / "big").iterdir().__next__().stat().st_size < (2 << 20)


def test_level_zero_stores_chunks_as_they_are(
    sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "ZSTD_LEVEL", 0)
    manifest = manifest_for(sample.snapshot, sample.keys)
    path = write_archive(sample.snapshot, tmp_path, manifest, sample.keys)
    assert path.stat().st_size > sample.snapshot.stat().st_size > len(sample.data)
    extract(path, tmp_path / "out.sqlite3", sample.keys)
    assert sqlite_rows(tmp_path / "out.sqlite3") == sqlite_rows(sample.snapshot)


def test_an_empty_sha_is_filled_in(sample: Sample, tmp_path: Path) -> None:
    manifest = replace(manifest_for(sample.snapshot, sample.keys), snapshot_sha256="")
    path = write_archive(sample.snapshot, tmp_path, replace(manifest, snapshot_size=0), sample.keys)
    written = read_manifest(path)
    assert written.snapshot_sha256 == hashlib.sha256(sample.snapshot.read_bytes()).hexdigest()
    assert written.snapshot_size == sample.snapshot.stat().st_size


def test_names_are_numbered_never_replaced(sample: Sample, tmp_path: Path) -> None:
    manifest = manifest_for(sample.snapshot, sample.keys)
    paths = [write_archive(sample.snapshot, tmp_path, manifest, sample.keys) for _ in range(3)]
    stem = archive_name(manifest.business, manifest.created_at).removesuffix(".cdbak")
    assert [p.name for p in paths] == [f"{stem}.cdbak", f"{stem}-2.cdbak", f"{stem}-3.cdbak"]
    assert len({p.read_bytes() for p in paths}) == 3  # fresh data key and nonces each time
    for path in paths:
        verify_archive(path, sample.keys)
    assert leftovers(tmp_path) == []


def test_progress_reports_snapshot_bytes(sample: Sample, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_archive(
        sample.snapshot,
        tmp_path,
        manifest_for(sample.snapshot, sample.keys),
        sample.keys,
        lambda done, total: seen.append((done, total)),
    )
    size = sample.snapshot.stat().st_size
    assert len(seen) == -(-size // 1024)
    assert seen[-1] == (size, size)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    read: list[tuple[int, int]] = []
    verify_archive(sample.archive, sample.keys, lambda done, total: read.append((done, total)))
    assert read[-1] == (len(sample.data), len(sample.data))


# ------------------------------------------------------------------------------------ failures


def test_cancel_mid_write_leaves_no_file(sample: Sample, tmp_path: Path) -> None:
    calls = 0

    def cancel_on_third(_done: int, _total: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Cancelled

    manifest = manifest_for(sample.snapshot, sample.keys)
    with pytest.raises(Cancelled):
        write_archive(sample.snapshot, tmp_path, manifest, sample.keys, cancel_on_third)
    assert os.listdir(tmp_path) == []


def test_cancel_mid_extract_keeps_the_old_file(sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "clubdesk.sqlite3"
    dest.write_bytes(b"the shop's current database")

    def cancel(done: int, _total: int) -> None:
        if done > 4000:
            raise Cancelled

    with pytest.raises(Cancelled):
        extract(sample.archive, dest, sample.keys, cancel)
    assert dest.read_bytes() == b"the shop's current database"
    assert os.listdir(tmp_path) == ["clubdesk.sqlite3"]


def test_a_snapshot_that_changes_is_refused(sample: Sample, tmp_path: Path) -> None:
    manifest = replace(manifest_for(sample.snapshot, sample.keys), snapshot_sha256="0" * 64)
    with pytest.raises(SnapshotChanged):
        write_archive(sample.snapshot, tmp_path, manifest, sample.keys)
    assert os.listdir(tmp_path) == []


def test_keys_without_a_master_cannot_write(sample: Sample, tmp_path: Path) -> None:
    manifest = manifest_for(sample.snapshot, sample.keys)
    with pytest.raises(BackupKeysMissing):
        write_archive(sample.snapshot, tmp_path, manifest, public(sample.keys))
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_is_not_created(sample: Sample, tmp_path: Path) -> None:
    gone = tmp_path / "media" / "usb"
    manifest = manifest_for(sample.snapshot, sample.keys)
    with pytest.raises(DriveGone):
        write_archive(sample.snapshot, gone, manifest, sample.keys)
    assert not gone.exists()
    (tmp_path / "file").write_text("x")
    with pytest.raises(DriveError):
        write_archive(sample.snapshot, tmp_path / "file", manifest, sample.keys)


# ------------------------------------------------------------------------------------ not ours


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is a text file\n", b"PK\x03\x04zipfile", b"\x89PNG\r\n\x1a\n" + bytes(40)],
    ids=["empty", "text", "zip", "png"],
)
def test_files_that_are_not_backups(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.cdbak"
    path.write_bytes(content)
    with pytest.raises(NotABackup) as caught:
        read_manifest(path)
    assert caught.value.exit_code == 2
    with pytest.raises(NotABackup):
        extract(path, tmp_path / "out", "any passphrase")
    assert not (tmp_path / "out").exists()


def test_a_sqlite_database_is_not_a_backup(tmp_path: Path) -> None:
    database = make_sqlite(tmp_path / "clubdesk.sqlite3", members=5)
    with pytest.raises(NotABackup):
        read_manifest(database)
    with pytest.raises(NotABackup):
        read_manifest(tmp_path / "missing.cdbak")
    with pytest.raises(NotABackup):
        read_manifest(tmp_path)


def test_a_newer_format_is_too_new(sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / sample.archive.name
    shutil.copyfile(sample.archive, path)
    rewrite_header(
        path, {"format_version": FORMAT_VERSION + 1, "app_version": "4.0.0", "novel": [1]}
    )
    with pytest.raises(BackupTooNew) as caught:
        read_manifest(path)
    assert "4.0.0" in caught.value.render()
    with pytest.raises(BackupTooNew):
        extract(path, tmp_path / "out", sample.keys)
    with pytest.raises(BackupTooNew):
        extract(path, tmp_path / "out", PASSPHRASE)


def test_a_resealed_header_does_not_fit_the_chunks(sample: Sample, tmp_path: Path) -> None:
    """Editing the manifest and fixing the header digest still fails: chunks bind the digest."""
    path = tmp_path / sample.archive.name
    shutil.copyfile(sample.archive, path)
    rewrite_header(path, {"member_count": 999999})
    assert read_manifest(path).member_count == 999999
    with pytest.raises(BackupCorrupt):
        verify_archive(path, sample.keys)
    with pytest.raises(BackupCorrupt):
        verify_archive(path, PASSPHRASE)


# ------------------------------------------------------------------------------------ damage


def damaged(tmp_path: Path, data: bytes, name: str = "damaged.cdbak") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def truncation_points(sample: Sample) -> list[int]:
    parts = layout(sample.archive)
    points = set(range(parts.header_end + 6))  # every cut in the header and first length
    for start, end in parts.records:
        points |= {start, start + 1, start + 3, start + 4, start + 5, (start + end) // 2, end - 1}
    points.add(parts.records[-1][0])  # exactly before the last chunk
    points.add(parts.records[-2][0])
    return sorted(p for p in points if p < len(sample.data))


def test_truncated_anywhere_is_damage(sample: Sample, tmp_path: Path) -> None:
    points = truncation_points(sample)
    assert len(points) > 200
    for cut in points:
        path = damaged(tmp_path, sample.data[:cut])
        expected = NotABackup if cut < 4 else BackupCorrupt
        with pytest.raises(expected):
            verify_archive(path, sample.keys)
    # the passphrase path says "damaged", not "wrong passphrase", too
    for cut in [40, 300, layout(sample.archive).header_end, len(sample.data) - 1]:
        with pytest.raises(BackupCorrupt):
            verify_archive(damaged(tmp_path, sample.data[:cut]), PASSPHRASE)


def test_truncated_extract_leaves_nothing(sample: Sample, tmp_path: Path) -> None:
    last = layout(sample.archive).records[-1][0]
    dest = tmp_path / "clubdesk.sqlite3"
    dest.write_bytes(b"current")
    with pytest.raises(BackupCorrupt) as caught:
        extract(damaged(tmp_path, sample.data[:last]), dest, sample.keys)
    assert caught.value.exit_code == 4
    assert "cut short" in caught.value.render()
    assert dest.read_bytes() == b"current"
    assert leftovers(tmp_path) == []


def records_of(sample: Sample) -> tuple[bytes, list[bytes]]:
    parts = layout(sample.archive)
    return sample.data[: parts.header_end], [sample.data[a:b] for a, b in parts.records]


def test_reordered_dropped_repeated_or_extra_chunks_are_damage(
    sample: Sample, tmp_path: Path
) -> None:
    head, records = records_of(sample)
    variants = {
        "swapped": [records[1], records[0], *records[2:]],
        "dropped": [records[0], *records[2:]],
        "repeated": [records[0], *records],
        "last-repeated": [*records, records[-1]],
        "last-missing-then-last": [*records[:-2], records[-1]],
        "garbage-after": [*records, b"\x00\x00\x00\x20" + bytes(32)],
        "one-byte-after": [*records, b"\x00"],
    }
    for name, parts in variants.items():
        with pytest.raises(BackupCorrupt):
            verify_archive(damaged(tmp_path, head + b"".join(parts), f"{name}.cdbak"), sample.keys)


def test_a_header_from_another_archive_does_not_fit(sample: Sample, tmp_path: Path) -> None:
    other = write_archive(
        sample.snapshot, tmp_path, manifest_for(sample.snapshot, sample.keys), sample.keys
    )
    other_head = other.read_bytes()[: layout(other).header_end]
    _head, records = records_of(sample)
    with pytest.raises(BackupCorrupt):
        verify_archive(damaged(tmp_path, other_head + b"".join(records)), sample.keys)


def flipped(data: bytes, position: int, xor: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= xor
    return bytes(changed)


def test_one_flipped_byte_anywhere_is_damage(sample: Sample, tmp_path: Path) -> None:
    """Every framing byte, every 3rd of the header JSON, every 17th of the chunks, and so on."""
    parts = layout(sample.archive)
    first, last = parts.records[0], parts.records[-1]
    positions = {
        *range(parts.json_start),  # magic and header length
        *range(parts.json_start, parts.json_end, 3),
        *range(parts.json_end, first[0] + 8),  # header digest, first length and nonce area
        *range(first[0] + 8, last[0], 17),
        *range(last[0], last[1], 2),
        len(sample.data) - 1,
    }
    assert len(positions) > 900
    for position in sorted(positions):
        path = damaged(tmp_path, flipped(sample.data, position, 0x01 << (position % 8)))
        with pytest.raises(DAMAGED):
            verify_archive(path, sample.keys)


def test_a_flipped_header_byte_is_damage_not_a_wrong_passphrase(
    sample: Sample, tmp_path: Path
) -> None:
    parts = layout(sample.archive)
    header = json.loads(sample.data[parts.json_start : parts.json_end])
    slot_salt = header["keys"]["slots"][0]["salt"].encode()
    at = sample.data.index(slot_salt)
    for position in [*range(at, at + len(slot_salt)), *range(0, parts.header_end, 7)]:
        path = damaged(tmp_path, flipped(sample.data, position, 0x20))
        with pytest.raises(DAMAGED):
            verify_archive(path, PASSPHRASE)
        with pytest.raises(DAMAGED):
            verify_archive(path, sample.code)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.floats(0, 1, exclude_max=True), xor=st.integers(1, 255))
def test_a_random_flip_is_never_accepted(
    sample: Sample, tmp_path: Path, where: float, xor: int
) -> None:
    position = int(where * len(sample.data))
    dest = tmp_path / "restored.sqlite3"
    dest.unlink(missing_ok=True)
    with pytest.raises(DAMAGED):
        extract(damaged(tmp_path, flipped(sample.data, position, xor)), dest, sample.keys)
    assert not dest.exists()
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------------------------ full disks

CHILD = textwrap.dedent(
    """
    import hashlib, json, os, resource, signal, sys
    from datetime import UTC, datetime
    from pathlib import Path

    from clubdesk.backup import archive, keys
    from clubdesk.core.backup import Manifest

    args = json.loads(sys.argv[1])
    keys.KDF_PARAMS = dict(args["kdf"])
    folder = Path(args["folder"])
    backup_keys, _ = keys.new_keys("counter at the corner shop")

    def manifest(snapshot):
        data = snapshot.read_bytes()
        return Manifest(1, "0.9.0", "7", datetime(2026, 1, 1, tzinfo=UTC), "automatic",
                        "shop", "pc", 1, 1, hashlib.sha256(data).hexdigest(), len(data),
                        backup_keys.key_id)

    older = None
    if args.get("older"):  # inside a fresh tmpfs: make the older archive here
        small = Path(args["older"])
        older = archive.write_archive(small, folder, manifest(small), backup_keys)
    old_sha = hashlib.sha256(older.read_bytes()).hexdigest() if older else None

    snapshot = Path(args["snapshot"])
    if args.get("fsize"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so write() fails with EFBIG instead
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (args["fsize"], hard))  # soft: unprivileged
    result = {}
    try:
        archive.write_archive(snapshot, folder, manifest(snapshot), backup_keys)
        result["error"] = None
    except Exception as exc:
        result.update(error=type(exc).__name__, code=getattr(exc, "code", ""), text=str(exc))
    if args.get("fsize"):
        resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    result["files"] = sorted(os.listdir(folder))
    if older:
        result["older_intact"] = hashlib.sha256(older.read_bytes()).hexdigest() == old_sha
        archive.verify_archive(older, backup_keys)
        result["older_verifies"] = True
    print(json.dumps(result))
    """
)


def run_child(args: dict[str, object], prefix: list[str] | None = None) -> dict[str, object]:
    command = [*(prefix or []), sys.executable, "-c", CHILD, json.dumps(args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_file_size_limit_during_write_leaves_older_backups_intact(
    sample: Sample, tmp_path: Path
) -> None:
    """The OS refuses the write (RLIMIT_FSIZE -> EFBIG, as FAT32 does at 4 GiB)."""
    folder = tmp_path / "backups"
    folder.mkdir()
    older = shutil.copyfile(sample.archive, folder / sample.archive.name)
    snapshot = tmp_path / "big.bin"
    snapshot.write_bytes(os.urandom(300_000))  # incompressible: the archive outgrows the limit
    result = run_child(
        {"kdf": CHEAP_KDF, "folder": str(folder), "snapshot": str(snapshot), "fsize": 100_000}
    )
    assert result["error"] == "FileTooLargeForDrive", result
    assert "FAT32" in str(result["text"])
    assert result["files"] == [older.name]
    assert older.read_bytes() == sample.data
    verify_archive(older, sample.keys)


def tmpfs_prefix(tmp_path: Path, folder: Path) -> list[str] | None:
    """Run in a private 512 KiB tmpfs on ``folder`` (an unprivileged user namespace), if allowed."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = tmp_path / "probe"
    probe.mkdir()
    tried = subprocess.run(
        [unshare, "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {shlex.quote(str(probe))}"],
        capture_output=True,
        check=False,
    )
    if tried.returncode != 0:
        return None
    mount = f"mount -t tmpfs -o size=512k tmpfs {shlex.quote(str(folder))}"
    return [unshare, "-rm", "sh", "-c", f'{mount} && exec "$@"', "sh"]


def test_a_full_disk_during_write_leaves_older_backups_intact(tmp_path: Path) -> None:
    """A real ENOSPC: the archive is written onto a small tmpfs that fills up."""
    folder = tmp_path / "usb"
    folder.mkdir()
    prefix = tmpfs_prefix(tmp_path, folder)
    if prefix is None:
        pytest.skip("unprivileged mounts are not allowed here (the RLIMIT test still runs)")
    small = make_sqlite(tmp_path / "small.sqlite3", members=50)
    snapshot = tmp_path / "big.bin"
    snapshot.write_bytes(os.urandom(2_000_000))
    result = run_child(
        {"kdf": CHEAP_KDF, "folder": str(folder), "snapshot": str(snapshot), "older": str(small)},
        prefix,
    )
    assert result["error"] == "NotEnoughSpace", result
    assert "free" in str(result["text"])
    assert len(result["files"]) == 1
    assert not str(result["files"][0]).endswith(archive.PARTIAL_SUFFIX)
    assert result["older_intact"] is True
    assert result["older_verifies"] is True


def test_restored_database_opens_with_sqlite(sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "restored.sqlite3"
    extract(sample.archive, dest, sample.code)
    connection = sqlite3.connect(dest)
    try:
        assert connection.execute("SELECT count(*) FROM member").fetchone() == (200,)
    finally:
        connection.close()


# ------------------------------------------------------------------ chunk contents and formats

FORMAT1_ARCHIVE = Path(__file__).parent.parent / "data" / "format1-zlib.cdbak"


def test_a_format_1_zlib_archive_from_an_older_app_still_restores(tmp_path: Path) -> None:
    """Made by the format-1 writer (zlib chunks of 4 KiB) from make_sqlite(members=40)."""
    with cheap_kdf():
        manifest = extract(FORMAT1_ARCHIVE, tmp_path / "old.sqlite3", PASSPHRASE)
    assert manifest.format_version == 1
    assert read_manifest(FORMAT1_ARCHIVE).member_count == 40
    assert sqlite_rows(tmp_path / "old.sqlite3") == sqlite_rows(
        make_sqlite(tmp_path / "same.sqlite3", members=40)
    )


def test_new_archives_are_zstandard(sample: Sample) -> None:
    header = archive.read_header(sample.archive)
    assert header.manifest.format_version == 2
    assert header.method == archive.ZSTD


def _zstd(data: bytes, *, with_size: bool = True) -> bytes:
    return zstandard.ZstdCompressor(level=1, write_content_size=with_size).compress(data)


@pytest.mark.parametrize(
    ("plain", "why"),
    [
        (bytes([archive.ZSTD]) + _zstd(b"x" * 5000), "says it holds more than a chunk"),
        (bytes([archive.ZSTD]) + _zstd(b"x" * 100, with_size=False), "does not say its size"),
        (bytes([archive.ZSTD]) + b"\x28\xb5\x2f\xfd garbage", "is not a zstd frame"),
        (bytes([archive.ZSTD]) + _zstd(b"x" * 100) + b"tail", "has bytes after the frame"),
        (bytes([archive.DEFLATED]) + zlib.compress(b"x" * 100), "uses another archive's method"),
        (bytes([archive.STORED]) + b"x" * 4097, "is stored longer than a chunk"),
        (b"\x07" + b"x" * 10, "names no method"),
    ],
)
def test_a_chunk_whose_contents_make_no_sense_is_refused(plain: bytes, why: str) -> None:
    assert archive._unpack(plain, 4096, archive.ZSTD) is None, why


def test_sound_chunks_unpack_to_their_bytes() -> None:
    data = bytes(range(256)) * 16
    assert archive._unpack(bytes([archive.ZSTD]) + _zstd(data), 4096, archive.ZSTD) == data
    deflated = bytes([archive.DEFLATED]) + zlib.compress(data)
    assert archive._unpack(deflated, 4096, archive.DEFLATED) == data
    assert archive._unpack(bytes([archive.STORED]) + data, 4096, archive.ZSTD) == data
