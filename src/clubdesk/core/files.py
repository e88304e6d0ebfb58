"""File chores the whole program shares: hashing in blocks, and replacing a small file so that
a crash leaves either the old or the new one, never half of it."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

HASH_BLOCK = 1 << 20
SHA256_HEX = re.compile(r"[0-9a-f]{64}")  # a SHA-256 as these files name it: lower-case hex


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 hex and size of a file, read in blocks (snapshots are hundreds of MB)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, fsync it, then rename it
    over ``path``; the folder is created if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    with temp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
