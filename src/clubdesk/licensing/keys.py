"""The vendor's lease-verification public keys, and checking a signed lease with them.

Release builds trust only the keys shipped in resources/keys/*.json ({key_id: base64 raw
Ed25519 public key}). A source checkout (development, tests, `make run`'s demo server) may add
keys with CLUBDESK_DEV_PUBLIC_KEYS=FILE; a frozen build ignores it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from clubdesk.paths import resources_dir
from clubdesk.protocol import SignedLease, b64decode, canonical_bytes, key_id

DEV_KEYS_ENV = "CLUBDESK_DEV_PUBLIC_KEYS"


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    encoded: dict[str, str] = {}
    folder = resources_dir() / "keys"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        encoded |= _read(path)
    dev = os.environ.get(DEV_KEYS_ENV)
    if dev and not getattr(sys, "frozen", False):
        encoded |= _read(Path(dev))
    return load_keys(encoded)


def load_keys(encoded: dict[str, str]) -> dict[str, Ed25519PublicKey]:
    """Keys whose id matches their bytes; anything malformed is skipped."""
    keys: dict[str, Ed25519PublicKey] = {}
    for kid, text in encoded.items():
        try:
            raw = b64decode(text)
            if key_id(raw) == kid:
                keys[kid] = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            continue
    return keys


def verify(signed: SignedLease, keys: dict[str, Ed25519PublicKey]) -> bool:
    """True only if a trusted key signed exactly this lease."""
    key = keys.get(signed.lease.key_id)
    if key is None:
        return False
    try:
        key.verify(b64decode(signed.signature), canonical_bytes(signed.lease))
    except (InvalidSignature, ValueError):
        return False
    return True
