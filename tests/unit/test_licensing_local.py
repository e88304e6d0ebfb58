"""Lease signatures, the licence files and the device fingerprint, without a server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from clubdesk.core.licence import Memory
from clubdesk.licensing import fingerprint as fp
from clubdesk.licensing.keys import load_keys, verify
from clubdesk.licensing.store import LicenceStore, Saved
from clubdesk.protocol import Lease, SignedLease, b64encode, canonical_bytes, key_id

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _signed(private: Ed25519PrivateKey, **changes: object) -> SignedLease:
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    fields = {
        "lease_id": "lease-1",
        "licence_id": "lic-1",
        "business_name": "فروشگاه نمونه",
        "device": "a" * 64,
        "plan": "yearly",
        "status": "active",
        "paid_until": NOW + timedelta(days=30),
        "issued_at": NOW,
        "refresh_by": NOW + timedelta(hours=4),
        "grace_until": NOW + timedelta(days=7),
        "server_time": NOW,
        "key_id": key_id(raw),
    } | changes
    lease = Lease(**fields)
    return SignedLease(lease=lease, signature=b64encode(private.sign(canonical_bytes(lease))))


def _keys(*privates: Ed25519PrivateKey) -> dict:
    encoded = {}
    for private in privates:
        raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        encoded[key_id(raw)] = b64encode(raw)
    return load_keys(encoded)


def test_a_signed_lease_verifies_and_any_change_breaks_it() -> None:
    vendor = Ed25519PrivateKey.generate()
    signed = _signed(vendor)
    keys = _keys(vendor)
    assert verify(signed, keys)
    longer = signed.lease.model_copy(update={"paid_until": NOW + timedelta(days=3650)})
    assert not verify(SignedLease(lease=longer, signature=signed.signature), keys)


def test_a_lease_signed_by_an_unknown_key_is_refused() -> None:
    vendor, forger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    assert not verify(_signed(forger), _keys(vendor))


def test_rotated_keys_both_verify_their_own_leases() -> None:
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = _keys(old, new)
    assert verify(_signed(old), keys)
    assert verify(_signed(new), keys)


def test_a_key_whose_id_does_not_match_its_bytes_is_ignored() -> None:
    vendor = Ed25519PrivateKey.generate()
    raw = vendor.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert load_keys({"0" * 16: b64encode(raw), "bad": "%%%"}) == {}


def test_lease_file_round_trips_and_a_flipped_byte_is_unreadable_or_unverified(
    tmp_path: Path,
) -> None:
    vendor = Ed25519PrivateKey.generate()
    store = LicenceStore(tmp_path)
    signed = _signed(vendor)
    store.write_lease(signed)
    assert store.read_lease() == (signed, True)
    data = bytearray(store.lease_path.read_bytes())
    position = data.index(b"2026-12-25")  # inside paid_until
    data[position + 3] = ord("7")  # 2026 -> 2027
    store.lease_path.write_bytes(bytes(data))
    tampered, readable = store.read_lease()
    assert not readable or not verify(tampered, _keys(vendor))


def test_damaged_lease_file_reads_as_unreadable(tmp_path: Path) -> None:
    store = LicenceStore(tmp_path)
    store.folder.mkdir(parents=True)
    store.lease_path.write_text("{not json")
    assert store.read_lease() == (None, False)
    assert LicenceStore(tmp_path / "other").read_lease() == (None, True)


def test_state_round_trips(tmp_path: Path) -> None:
    store = LicenceStore(tmp_path)
    saved = Saved(
        server_url="http://127.0.0.1:9",
        licence_id="lic-1",
        device_name="till 1",
        memory=Memory(latest_seen=NOW, last_checked=NOW, server_verdict="revoked"),
    )
    store.write_state(saved)
    assert store.read_state() == saved
    assert not list(store.folder.glob("*.tmp"))


def test_token_lives_in_the_keyring_not_in_files(tmp_path: Path) -> None:
    store = LicenceStore(tmp_path / "shop")
    store.set_token("secret-token-123")
    assert store.token() == "secret-token-123"
    on_disk = b"".join(p.read_bytes() for p in (tmp_path / "shop").rglob("*") if p.is_file())
    assert b"secret-token-123" not in on_disk
    assert LicenceStore(tmp_path / "other-shop").token() is None
    store.forget_token()
    assert store.token() is None


def test_fingerprint_is_stable_salted_and_follows_the_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(fp.OVERRIDE_ENV, "machine-A")
    first = fp.fingerprint()
    assert first == fp.fingerprint()
    assert "machine-A" not in first
    assert len(first) == 64
    monkeypatch.setenv(fp.OVERRIDE_ENV, "machine-B")
    assert fp.fingerprint() != first


def test_fingerprint_without_a_machine_id_keeps_a_random_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fp, "machine_id", lambda: "")
    first = fp.fingerprint(tmp_path)
    assert fp.fingerprint(tmp_path) == first
