"""File chores every backup step shares: hashing a file, making a rename durable."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

HASH_BLOCK = 1 << 20


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 hex and size of a file, read in blocks (snapshots are hundreds of MB)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows cannot open a folder for fsync)."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
