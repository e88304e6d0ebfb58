"""The .cdbak file: a self-describing header, then the snapshot compressed and encrypted in chunks.

Layout (docs/backup-format.md has it byte by byte)::

    MAGIC | u32 header length | header JSON | SHA-256 of everything before it | records...
    record = u32 length | AES-256-GCM(data key, prefix|counter|last, method|payload, AAD=digest)

The header digest lets a damaged header be called damaged (not "wrong passphrase"), and every
chunk's AAD binds it, so a header swapped onto other chunks fails. The counter in the nonce stops
reordering; the last-chunk flag stops truncation at a chunk boundary. An archive is written to a
temporary name, fsynced and renamed, so a file under a final name is always complete.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
import struct
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clubdesk.backup.files import drive_error, publish
from clubdesk.backup.keys import BackupKeys, unlock, with_master
from clubdesk.core.backup import (
    FORMAT_VERSION,
    Manifest,
    archive_name,
    fsync_folder,
)
from clubdesk.core.errors import (
    BackupCorrupt,
    BackupError,
    BackupKeysMissing,
    BackupOtherKey,
    ClubDeskError,
    DriveError,
    DriveGone,
    NotABackup,
    SnapshotChanged,
)
from clubdesk.core.files import file_sha256

Progress = Callable[[int, int], None]

MAGIC = b"\x89ClubDesk backup\r\n\x1a\n"
MAX_HEADER = 1 << 20
DIGEST_BYTES = 32
NONCE_PREFIX_BYTES = 7
TAG_BYTES = 16
CHUNK_SIZE = 1 << 20  # of the snapshot, before compression; tests may lower it
CHUNK_LIMITS = (1 << 10, 1 << 24)
# Zstandard level 1: on a million members it packs 527 MB into 98 MB in 0.6 s on two cores,
# where zlib's fastest level took 1.5 s for 116 MB. 0 stores chunks as they are (tests).
ZSTD_LEVEL = 1
AEAD = "AES-256-GCM"
COMPRESSION = "zstd"
# Format 1 archives (zlib) stay readable: a shop's old backups must always restore.
READABLE_COMPRESSION = {"zlib": 1, "zstd": 2}
STORED, DEFLATED, ZSTD = 0, 1, 2
DATA_KEY_AAD = b"ClubDesk data key\x00"
PARTIAL_SUFFIX = ".partial"

_U32 = struct.Struct(">I")


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# ------------------------------------------------------------------------------------ header


@dataclass(frozen=True)
class Header:
    """Everything before the first chunk, as read and checked."""

    manifest: Manifest
    keys: BackupKeys
    data_key_nonce: bytes
    data_key_wrapped: bytes
    nonce_prefix: bytes
    chunk_size: int
    digest: bytes
    data_offset: int
    method: int  # the one compressed-chunk method byte this archive may use (or STORED)


def _b64field(data: dict[str, Any], name: str, size: int, path: str) -> bytes:
    value = data.get(name)
    try:
        raw = base64.b64decode(str(value).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raw = b""
    if not isinstance(value, str) or len(raw) != size:
        raise BackupCorrupt(path=path, problem=f"the header field {name} is damaged")
    return raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _read_exact(handle: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes; fewer only at the end of the file."""
    parts: list[bytes] = []
    remaining = size
    while remaining:
        part = handle.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _read_header(handle: IO[bytes], path: str) -> Header:
    start = _read_exact(handle, len(MAGIC))
    if start != MAGIC:
        near = sum(a != b for a, b in zip(start, MAGIC, strict=False))
        if len(start) == len(MAGIC) and near <= 2:
            raise BackupCorrupt(path=path, problem="the start of the file is damaged")
        if 4 <= len(start) < len(MAGIC) and MAGIC.startswith(start):
            raise BackupCorrupt(path=path, problem="the file is cut short")
        raise NotABackup(path=path)

    def truncated() -> BackupCorrupt:
        return BackupCorrupt(path=path, problem="the file is cut short in its header")

    raw_length = _read_exact(handle, _U32.size)
    if len(raw_length) < _U32.size:
        raise truncated()
    (length,) = _U32.unpack(raw_length)
    if not 2 <= length <= MAX_HEADER:
        raise BackupCorrupt(path=path, problem="the header length is damaged")
    body = _read_exact(handle, length)
    stored = _read_exact(handle, DIGEST_BYTES)
    if len(body) < length or len(stored) < DIGEST_BYTES:
        raise truncated()
    digest = hashlib.sha256(MAGIC + raw_length + body).digest()
    if not secrets.compare_digest(digest, stored):
        raise BackupCorrupt(path=path, problem="the header is damaged")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupCorrupt(path=path, problem="the header is not readable") from None
    if not isinstance(data, dict):
        raise BackupCorrupt(path=path, problem="the header is not an object")
    manifest = Manifest.from_json(data.get("manifest"), path=path)
    keys = BackupKeys.from_public_json(data.get("keys"), path=path)
    if keys.key_id != manifest.key_id:
        raise BackupCorrupt(path=path, problem="the header names two different keys")
    data_key = data.get("data_key")
    cipher = data.get("cipher")
    if not isinstance(data_key, dict) or not isinstance(cipher, dict):
        raise BackupCorrupt(path=path, problem="the header has no cipher description")
    compression = cipher.get("compression")
    if cipher.get("aead") != AEAD or compression not in READABLE_COMPRESSION:
        raise BackupCorrupt(path=path, problem="the header names an unknown cipher")
    chunk_size = cipher.get("chunk_size")
    if type(chunk_size) is not int or not CHUNK_LIMITS[0] <= chunk_size <= CHUNK_LIMITS[1]:
        raise BackupCorrupt(path=path, problem="the header's chunk size is damaged")
    return Header(
        manifest=manifest,
        keys=keys,
        data_key_nonce=_b64field(data_key, "nonce", 12, path),
        data_key_wrapped=_b64field(data_key, "wrapped", 32 + TAG_BYTES, path),
        nonce_prefix=_b64field(cipher, "nonce_prefix", NONCE_PREFIX_BYTES, path),
        chunk_size=chunk_size,
        digest=digest,
        data_offset=len(MAGIC) + _U32.size + length + DIGEST_BYTES,
        method=READABLE_COMPRESSION[compression],
    )


def _open_archive(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise NotABackup(path=str(path)) from None
    except OSError as exc:
        raise BackupCorrupt(path=str(path), problem=f"it cannot be read: {exc.strerror}") from exc


def read_header(path: Path) -> Header:
    """The checked header of an archive (no key needed)."""
    with _open_archive(path) as handle:
        try:
            return _read_header(handle, str(path))
        except OSError as exc:
            raise BackupCorrupt(
                path=str(path), problem=f"it cannot be read: {exc.strerror}"
            ) from exc


def read_manifest(path: Path) -> Manifest:
    """What a backup says about itself, read from its header alone: for listing, no key needed."""
    return read_header(path).manifest


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 1 << 32:
        raise BackupError()  # 4 PiB of snapshot: not a case a shop meets
    return prefix + _U32.pack(counter) + (b"\x01" if last else b"\x00")


# ------------------------------------------------------------------------------------ writing


def _pack(block: bytes, level: int) -> bytes:
    """method byte + payload: Zstandard, or stored when it does not help (or level 0)."""
    packed = zstandard.ZstdCompressor(level=level).compress(block) if level > 0 else block
    if len(packed) < len(block):
        return bytes([ZSTD]) + packed
    return bytes([STORED]) + block


class _Sink:
    """The partial file: counts what was written and turns the OS's refusals into our errors."""

    def __init__(self, path: Path, folder: Path, estimate: Callable[[int], int]) -> None:
        self.path = path
        self.folder = folder
        self.estimate = estimate
        self.written = 0
        try:
            self.handle: IO[bytes] = path.open("xb")
        except OSError as exc:
            raise drive_error(exc, folder, size=estimate(0)) from exc

    def _fail(self, exc: OSError) -> ClubDeskError:
        return drive_error(exc, self.folder, size=self.estimate(self.written))

    def write(self, data: bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as exc:
            raise self._fail(exc) from exc
        self.written += len(data)

    def finish(self, durable: bool = True) -> None:
        """Flush and fsync: the bytes are on the drive before the file gets its final name."""
        try:
            self.handle.flush()
            if durable:
                os.fsync(self.handle.fileno())
            self.handle.close()
        except OSError as exc:
            raise self._fail(exc) from exc

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


def write_archive(
    snapshot: Path,
    folder: Path,
    manifest: Manifest,
    keys: BackupKeys,
    progress: Progress | None = None,
) -> Path:
    """Encrypt ``snapshot`` into a new archive in ``folder`` and return its path.

    ``folder`` must exist (it is never created: a vanished USB drive must not become a folder
    on the system disk). An empty ``manifest.snapshot_sha256`` is filled in by reading the
    snapshot once more; a given one is checked while writing. On any failure, Cancelled from
    ``progress`` included, the partial file is removed and nothing has the final name.
    """
    if keys.master is None:
        raise BackupKeysMissing()
    if not folder.is_dir():
        raise DriveGone(path=str(folder)) if not folder.exists() else DriveError(path=str(folder))
    if not manifest.snapshot_sha256:
        digest, size = file_sha256(snapshot)
        manifest = replace(manifest, snapshot_sha256=digest, snapshot_size=size)
    manifest = replace(manifest, format_version=FORMAT_VERSION, key_id=keys.key_id)
    total = manifest.snapshot_size

    data_key = AESGCM.generate_key(bit_length=256)
    wrap_nonce = os.urandom(12)
    nonce_prefix = os.urandom(NONCE_PREFIX_BYTES)
    chunk_size = CHUNK_SIZE
    header = {
        "manifest": manifest.to_json(),
        "keys": keys.to_public_json(),
        "data_key": {
            "nonce": _b64(wrap_nonce),
            "wrapped": _b64(
                AESGCM(keys.master).encrypt(
                    wrap_nonce, data_key, DATA_KEY_AAD + keys.key_id.encode()
                )
            ),
        },
        "cipher": {
            "aead": AEAD,
            "chunk_size": chunk_size,
            "nonce_prefix": _b64(nonce_prefix),
            "compression": COMPRESSION,
        },
    }
    body = json.dumps(header, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    head = MAGIC + _U32.pack(len(body)) + body
    digest = hashlib.sha256(head).digest()

    name = archive_name(manifest.business, manifest.created_at)
    done = 0

    def estimate(written: int) -> int:
        """Expected final size: what is written, plus the rest at the ratio seen so far."""
        if done <= 0:
            return len(head) + total
        return written + int((total - done) * max(written / done, 0.05))

    sink = _Sink(folder / f".{name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}", folder, estimate)
    aead = AESGCM(data_key)
    hasher = hashlib.sha256()
    counter = 0

    def emit(payload: bytes, size: int, last: bool) -> None:
        nonlocal counter, done
        sealed = aead.encrypt(_nonce(nonce_prefix, counter, last), payload, digest)
        sink.write(_U32.pack(len(sealed)) + sealed)
        counter += 1
        done += size
        if progress is not None:
            progress(done, total)

    try:
        sink.write(head + digest)
        with (
            snapshot.open("rb") as source,
            ThreadPoolExecutor(_workers(), thread_name_prefix="backup-pack") as pool,
        ):
            window: deque[tuple[Future[bytes], int]] = deque()
            try:
                while block := _read_exact(source, chunk_size):
                    hasher.update(block)
                    window.append((pool.submit(_pack, block, ZSTD_LEVEL), len(block)))
                    while len(window) > _workers():
                        future, size = window.popleft()
                        emit(future.result(), size, last=False)
                if not window:  # an empty snapshot is one empty last chunk
                    window.append((pool.submit(_pack, b"", ZSTD_LEVEL), 0))
                while window:
                    future, size = window.popleft()
                    emit(future.result(), size, last=not window)
            finally:
                for future, _size in window:
                    future.cancel()
        if done != manifest.snapshot_size or hasher.hexdigest() != manifest.snapshot_sha256:
            raise SnapshotChanged()
        sink.finish()
        try:
            final = publish(sink.path, folder, name)
        except OSError as exc:
            raise drive_error(exc, folder, size=sink.written) from exc
        fsync_folder(folder)
        return final
    except BaseException:
        sink.discard()
        raise


# ------------------------------------------------------------------------------------ reading


def _master_for(header: Header, secret: BackupKeys | str, path: str) -> bytes:
    if isinstance(secret, str):
        unlocked = unlock(header.keys, secret, path=path)
        assert unlocked.master is not None
        return unlocked.master
    if secret.key_id != header.keys.key_id:
        raise BackupOtherKey(path=path)
    keys = with_master(secret)
    if keys.master is None:
        raise BackupKeysMissing()
    return keys.master


def _records(handle: IO[bytes], header: Header, path: str) -> Iterator[tuple[bytes, bool]]:
    """(sealed chunk, is last) in order; a record cut short is damage."""
    limit = 1 + header.chunk_size + TAG_BYTES

    def read_length() -> int | None:
        raw = _read_exact(handle, _U32.size)
        if not raw:
            return None
        if len(raw) < _U32.size:
            raise BackupCorrupt(path=path, problem="the file is cut short")
        (length,) = _U32.unpack(raw)
        if not TAG_BYTES + 1 <= length <= limit:
            raise BackupCorrupt(path=path, problem="a chunk's length is damaged")
        return length

    length = read_length()
    if length is None:
        raise BackupCorrupt(path=path, problem="the file has no data after its header")
    while length is not None:
        sealed = _read_exact(handle, length)
        if len(sealed) < length:
            raise BackupCorrupt(path=path, problem="the file is cut short")
        length = read_length()
        yield sealed, length is None


def _unzstd(payload: bytes, chunk_size: int) -> bytes | None:
    """One Zstandard frame of at most ``chunk_size`` bytes, or None (never a bomb's output)."""
    try:
        declared = zstandard.frame_content_size(payload)
        if not 0 <= declared <= chunk_size:
            return None
        inflater = zstandard.ZstdDecompressor().decompressobj()
        block = inflater.decompress(payload)
    except zstandard.ZstdError:
        return None
    if len(block) != declared or not inflater.eof or inflater.unused_data:
        return None
    return block


def _unpack(plain: bytes, chunk_size: int, method: int) -> bytes | None:
    """The snapshot bytes of one chunk, or None if its contents make no sense."""
    kind, payload = plain[:1], plain[1:]
    if kind == bytes([STORED]):
        return payload if len(payload) <= chunk_size else None
    if kind != bytes([method]):
        return None
    if method == ZSTD:
        return _unzstd(payload, chunk_size)
    inflater = zlib.decompressobj()
    try:
        block = inflater.decompress(payload, chunk_size + 1)
    except zlib.error:
        return None
    if len(block) > chunk_size or not inflater.eof or inflater.unused_data:
        return None
    return block


def _decrypt(
    path: Path,
    secret: BackupKeys | str,
    sink: Callable[[bytes], None],
    progress: Progress | None,
) -> Manifest:
    where = str(path)
    with _open_archive(path) as handle:
        try:
            total = os.fstat(handle.fileno()).st_size
            header = _read_header(handle, where)
            manifest = header.manifest
            master = _master_for(header, secret, where)
            try:
                data_key = AESGCM(master).decrypt(
                    header.data_key_nonce,
                    header.data_key_wrapped,
                    DATA_KEY_AAD + header.keys.key_id.encode(),
                )
            except InvalidTag:
                if isinstance(secret, str):  # the slot opened, so the header lies
                    raise BackupCorrupt(path=where, problem="the data key is damaged") from None
                raise BackupOtherKey(path=where) from None
            aead = AESGCM(data_key)
            hasher = hashlib.sha256()
            size = 0
            done = header.data_offset
            expected_chunks = max(1, -(-manifest.snapshot_size // header.chunk_size))
            with ThreadPoolExecutor(_workers(), thread_name_prefix="backup-unpack") as pool:
                window: deque[Future[bytes | None]] = deque()

                def take() -> None:
                    nonlocal size
                    future = window.popleft()
                    block = future.result()
                    if block is None:
                        raise BackupCorrupt(path=where, problem="a chunk's contents are damaged")
                    size += len(block)
                    if size > manifest.snapshot_size:
                        raise BackupCorrupt(path=where, problem="the data is longer than recorded")
                    hasher.update(block)
                    sink(block)
                    if progress is not None:
                        progress(min(done, total), total)

                try:
                    for counter, (sealed, last) in enumerate(_records(handle, header, where)):
                        if counter >= expected_chunks:
                            raise BackupCorrupt(path=where, problem="the file has extra data")
                        try:
                            plain = aead.decrypt(
                                _nonce(header.nonce_prefix, counter, last), sealed, header.digest
                            )
                        except InvalidTag:
                            problem = (
                                "the file is cut short or its end is damaged"
                                if last
                                else f"chunk {counter + 1} is damaged"
                            )
                            raise BackupCorrupt(path=where, problem=problem) from None
                        done += _U32.size + len(sealed)
                        window.append(pool.submit(_unpack, plain, header.chunk_size, header.method))
                        while len(window) > _workers():
                            take()
                    while window:
                        take()
                finally:
                    for future in window:
                        future.cancel()
        except OSError as exc:
            raise BackupCorrupt(path=where, problem=f"it cannot be read: {exc.strerror}") from exc
    if size != manifest.snapshot_size:
        raise BackupCorrupt(path=where, problem="the data is shorter than recorded")
    if hasher.hexdigest() != manifest.snapshot_sha256:
        raise BackupCorrupt(path=where, problem="the snapshot's SHA-256 does not match")
    return manifest


def verify_archive(
    path: Path, secret: BackupKeys | str, progress: Progress | None = None
) -> Manifest:
    """Decrypt everything and check every tag and the SHA-256, writing nothing."""
    return _decrypt(path, secret, lambda _block: None, progress)


def extract(
    path: Path,
    dest: Path,
    secret: BackupKeys | str,
    progress: Progress | None = None,
    *,
    durable: bool = True,
) -> Manifest:
    """Decrypt the snapshot to ``dest``; ``dest`` appears only once every check has passed.

    ``secret`` is unlocked keys (the keyring's master) or the passphrase / recovery code typed
    by the owner, tried against the archive's own key slots. ``durable=False`` skips the
    fsync for a copy that is only checked and thrown away (half a second per million members).
    """
    partial = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
    folder = dest.parent
    sink = _Sink(partial, folder, lambda written: written)
    try:
        manifest = _decrypt(path, secret, sink.write, progress)
        sink.finish(durable)
        try:
            os.replace(partial, dest)
        except OSError as exc:
            raise drive_error(exc, folder, size=sink.written) from exc
        fsync_folder(folder)
        return manifest
    except BaseException:
        sink.discard()
        raise
