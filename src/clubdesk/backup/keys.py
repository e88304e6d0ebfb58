"""The backup key: one random master key, kept in the OS keyring and wrapped by two secrets.

Automatic backups need the key without asking anyone, so the master key lives in the keyring.
After a disk failure the keyring is gone too, so every archive also carries the master key
wrapped by the owner's passphrase and by a printed recovery code (Argon2id + AES-256-GCM):
either one restores a backup on a new PC.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from keyring.errors import KeyringError, PasswordDeleteError

from clubdesk.core.errors import BackupCorrupt, WrongPassphrase
from clubdesk.core.i18n import to_latin_digits

KEYRING_SERVICE = "ClubDesk backup key"
MASTER_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16

# RFC 9106's second recommended setting (64 MiB, 3 passes, 4 lanes): about 0.3-0.5 s here.
# Tests make it cheap by replacing this dict; each slot records the parameters it was made with.
DEFAULT_KDF_PARAMS: dict[str, int] = {"memory_cost": 64 * 1024, "iterations": 3, "lanes": 4}
KDF_PARAMS: dict[str, int] = dict(DEFAULT_KDF_PARAMS)
# Refuse parameters a damaged or hostile header could use to exhaust memory or time.
KDF_LIMITS: dict[str, tuple[int, int]] = {
    "memory_cost": (8, 1024 * 1024),  # 1 GiB at most
    "iterations": (1, 64),
    "lanes": (1, 64),
}

# Crockford base32: no I, L, O, U; I/L read as 1 and O as 0 when typed back.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_CHARS = 25  # 125 bits
RECOVERY_GROUP = 5
_CROCKFORD_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_PASSPHRASE_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})

SlotKind = Literal["passphrase", "recovery"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any, name: str, size: int) -> bytes:
    if not isinstance(value, str):
        raise ValueError(f"{name} is missing")
    try:
        data = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError(f"{name} is not base64") from None
    if len(data) != size:
        raise ValueError(f"{name} has {len(data)} bytes instead of {size}")
    return data


def _check_kdf(kdf: Any) -> dict[str, int]:
    if not isinstance(kdf, Mapping) or set(kdf) != set(KDF_LIMITS):
        raise ValueError("the key derivation parameters are incomplete")
    params: dict[str, int] = {}
    for name, (low, high) in KDF_LIMITS.items():
        value = kdf[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"the key derivation parameter {name} is out of range")
        params[name] = value
    if params["memory_cost"] < 8 * params["lanes"]:
        raise ValueError("the key derivation memory is too small for its lanes")
    return params


# ------------------------------------------------------------------------------------ slots


@dataclass(frozen=True)
class KeySlot:
    """The master key wrapped under one secret: Argon2id(secret, salt) -> AES-256-GCM key."""

    kind: SlotKind
    kdf: dict[str, int]
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kdf": dict(self.kdf),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, data: Any) -> KeySlot:
        """Raises ValueError on anything malformed (the caller says where it came from)."""
        if not isinstance(data, Mapping):
            raise ValueError("a key slot is not an object")
        kind = data.get("kind")
        if kind not in ("passphrase", "recovery"):
            raise ValueError("a key slot has an unknown kind")
        return cls(
            kind=kind,
            kdf=_check_kdf(data.get("kdf")),
            salt=_unb64(data.get("salt"), "the slot's salt", SALT_BYTES),
            nonce=_unb64(data.get("nonce"), "the slot's nonce", NONCE_BYTES),
            wrapped=_unb64(data.get("wrapped"), "the wrapped key", MASTER_BYTES + TAG_BYTES),
        )


def _derive(secret: str, salt: bytes, kdf: Mapping[str, int]) -> bytes:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=kdf["iterations"],
        lanes=kdf["lanes"],
        memory_cost=kdf["memory_cost"],
    ).derive(secret.encode("utf-8"))


def _make_slot(kind: SlotKind, secret: str, master: bytes, key_id: str) -> KeySlot:
    kdf = _check_kdf(dict(KDF_PARAMS))
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    wrapped = AESGCM(_derive(secret, salt, kdf)).encrypt(nonce, master, key_id.encode("utf-8"))
    return KeySlot(kind=kind, kdf=kdf, salt=salt, nonce=nonce, wrapped=wrapped)


def _open_slot(slot: KeySlot, secret: str, key_id: str) -> bytes | None:
    try:
        kek = _derive(secret, slot.salt, slot.kdf)
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped, key_id.encode("utf-8"))
    except InvalidTag:
        return None


# ------------------------------------------------------------------------------------ secrets


def normalize_passphrase(text: str) -> str:
    """The passphrase as the KDF sees it, the same from any keyboard.

    Trimmed, NFC, Persian/Arabic digits as Latin, Arabic Yeh/Kaf as Persian: a Windows Arabic
    layout or a phone keyboard must not turn the right passphrase into a wrong one.
    """
    return to_latin_digits(unicodedata.normalize("NFC", text.strip())).translate(_PASSPHRASE_FOLD)


def normalize_recovery_code(text: str) -> str | None:
    """The code's 25 symbols, or None if the text cannot be a recovery code.

    Case, spaces and dashes do not matter; Persian/Arabic digits and the look-alikes O, I, L
    are read as the digits they resemble.
    """
    cleaned = to_latin_digits(unicodedata.normalize("NFKC", text)).upper()
    cleaned = "".join(ch for ch in cleaned if not (ch.isspace() or ch in "-_.\u2010\u2011\u2013"))
    cleaned = cleaned.translate(_CROCKFORD_ALIASES)
    if len(cleaned) != RECOVERY_CHARS or any(ch not in CROCKFORD for ch in cleaned):
        return None
    return cleaned


def format_recovery_code(code: str) -> str:
    """'7KQ2M-...' in groups of five, for the printed sheet."""
    return "-".join(code[i : i + RECOVERY_GROUP] for i in range(0, len(code), RECOVERY_GROUP))


def _new_recovery_code() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(RECOVERY_CHARS))


# ------------------------------------------------------------------------------------ keys


@dataclass(frozen=True)
class BackupKeys:
    """Key id and slots (public: every archive carries them) and, once unlocked, the master."""

    key_id: str
    master: bytes | None = field(repr=False)
    slots: tuple[KeySlot, ...]

    def slot(self, kind: SlotKind) -> KeySlot | None:
        return next((slot for slot in self.slots if slot.kind == kind), None)

    def to_public_json(self) -> dict[str, Any]:
        """Safe to store in a file or an archive: the master key is never in it."""
        return {"key_id": self.key_id, "slots": [slot.to_json() for slot in self.slots]}

    @classmethod
    def from_public_json(
        cls, data: Any, master: bytes | None = None, *, path: str = ""
    ) -> BackupKeys:
        """Damaged data raises BackupCorrupt (naming ``path`` when it came from an archive)."""
        try:
            if not isinstance(data, Mapping):
                raise ValueError("the key description is not an object")
            key_id = data.get("key_id")
            if not isinstance(key_id, str) or not 1 <= len(key_id) <= 64:
                raise ValueError("the key id is missing")
            raw_slots = data.get("slots")
            if not isinstance(raw_slots, list) or not raw_slots or len(raw_slots) > 8:
                raise ValueError("the key slots are missing")
            slots = tuple(KeySlot.from_json(item) for item in raw_slots)
        except ValueError as exc:
            raise BackupCorrupt(path=path, problem=str(exc)) from None
        if master is not None and len(master) != MASTER_BYTES:
            raise ValueError("a master key has 32 bytes")
        return cls(key_id=key_id, master=master, slots=slots)


def new_keys(passphrase: str) -> tuple[BackupKeys, str]:
    """Fresh keys and the recovery code to print (shown once, never stored).

    The key id is random, not derived from the key, so it says nothing about the key.
    """
    master = os.urandom(MASTER_BYTES)
    key_id = hashlib.sha256(os.urandom(32)).hexdigest()[:16]
    code = _new_recovery_code()
    slots = (
        _make_slot("passphrase", normalize_passphrase(passphrase), master, key_id),
        _make_slot("recovery", code, master, key_id),
    )
    return BackupKeys(key_id=key_id, master=master, slots=slots), format_recovery_code(code)


def unlock(keys: BackupKeys, secret: str, *, path: str = "") -> BackupKeys:
    """The keys with the master set, if ``secret`` is the passphrase or the recovery code."""
    attempts: list[tuple[KeySlot, str]] = []
    code = normalize_recovery_code(secret)
    if code is not None:  # a code is tried first: it is what people type when all else fails
        attempts += [(slot, code) for slot in keys.slots if slot.kind == "recovery"]
    passphrase = normalize_passphrase(secret)
    if passphrase:
        attempts += [(slot, passphrase) for slot in keys.slots if slot.kind == "passphrase"]
    for slot, candidate in attempts:
        master = _open_slot(slot, candidate, keys.key_id)
        if master is not None:
            return replace(keys, master=master)
    if path:
        raise WrongPassphrase(path=path)
    raise WrongPassphrase(message=WrongPassphrase.no_path_message, path="")


def change_passphrase(keys: BackupKeys, new_passphrase: str) -> BackupKeys:
    """A new passphrase slot for the same master key; the recovery slot stays as it was.

    Archives made before keep their old slots: the old passphrase, the recovery code and the
    keyring's master key still open them.
    """
    if keys.master is None:
        raise ValueError("unlock the keys before changing the passphrase")
    slot = _make_slot("passphrase", normalize_passphrase(new_passphrase), keys.master, keys.key_id)
    others = tuple(s for s in keys.slots if s.kind != "passphrase")
    return replace(keys, slots=(slot, *others))


# ------------------------------------------------------------------------------------ keyring


def store_master(keys: BackupKeys) -> None:
    """The master key goes to the OS keyring (base64), never to a file."""
    if keys.master is None:
        raise ValueError("only unlocked keys can be stored")
    keyring.set_password(KEYRING_SERVICE, keys.key_id, _b64(keys.master))


def load_master(key_id: str) -> bytes | None:
    """The master key for ``key_id``, or None if this computer's keyring does not have it."""
    try:
        value = keyring.get_password(KEYRING_SERVICE, key_id)
    except KeyringError:
        return None
    if value is None:
        return None
    try:
        return _unb64(value, "the stored key", MASTER_BYTES)
    except ValueError:
        return None


def forget_master(key_id: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, key_id)


def with_master(keys: BackupKeys) -> BackupKeys:
    """``keys`` with the master from the keyring when it has one (else unchanged)."""
    if keys.master is not None:
        return keys
    master = load_master(keys.key_id)
    return replace(keys, master=master) if master is not None else keys
