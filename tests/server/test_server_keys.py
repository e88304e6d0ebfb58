"""`clubdesk-server keys`: a private key written once with mode 0600, public keys for the app."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from clubdesk.licensing.keys import load_keys, verify
from clubdesk.protocol import PUBLIC_KEYS_FILE, SignedLease, b64decode, key_id
from clubdesk_server import cli, keys
from licence_server import running_server


def run_cli(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"CLUBDESK_SERVER_DATA_DIR": str(env_dir)}
    return subprocess.run(
        [sys.executable, "-m", "clubdesk_server.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_generate_writes_a_0600_key_and_its_public_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_dir = tmp_path / "keys"
    assert cli.main(["keys", "generate", "--keys-dir", str(keys_dir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)

    private = keys_dir / keys.PRIVATE_KEY_FILE
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_dir.stat().st_mode) & 0o077 == 0
    published = json.loads((keys_dir / PUBLIC_KEYS_FILE).read_text(encoding="utf-8"))
    assert list(published) == [out["key_id"]]
    raw = b64decode(published[out["key_id"]])
    assert len(raw) == 32
    assert key_id(raw) == out["key_id"]
    assert out["public_key_map"] == published
    pem = serialization.load_pem_public_key((keys_dir / keys.PUBLIC_PEM_FILE).read_bytes())
    assert isinstance(pem, Ed25519PublicKey)
    assert pem.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == raw
    signer = keys.load_signer(keys_dir)
    assert signer.key_id == out["key_id"]
    assert signer.public_raw == raw


def test_generate_refuses_to_overwrite_a_key(tmp_path: Path) -> None:
    keys_dir = tmp_path / "keys"
    first = run_cli("keys", "generate", "--keys-dir", str(keys_dir), env_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    before = (keys_dir / keys.PRIVATE_KEY_FILE).read_bytes()
    published = (keys_dir / PUBLIC_KEYS_FILE).read_bytes()

    again = run_cli("keys", "generate", "--keys-dir", str(keys_dir), env_dir=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert str(keys_dir / keys.PRIVATE_KEY_FILE) in again.stderr
    assert again.stdout == ""
    assert (keys_dir / keys.PRIVATE_KEY_FILE).read_bytes() == before
    assert (keys_dir / PUBLIC_KEYS_FILE).read_bytes() == published


def test_export_to_copies_and_keeps_keys_already_shipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = tmp_path / "resources" / "keys"
    shipped.mkdir(parents=True)
    (shipped / PUBLIC_KEYS_FILE).write_text(json.dumps({"0000old0000key00": "AAAA"}))
    args = ["keys", "generate", "--keys-dir", str(tmp_path / "k"), "--export-to", str(shipped)]
    assert cli.main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["exported_to"] == str(shipped / PUBLIC_KEYS_FILE)
    merged = json.loads((shipped / PUBLIC_KEYS_FILE).read_text())
    assert set(merged) == {"0000old0000key00", out["key_id"]}

    fresh = tmp_path / "elsewhere"
    assert cli.main(["keys", "export", "--keys-dir", str(tmp_path / "k"), "--to", str(fresh)]) == 0
    assert json.loads((fresh / PUBLIC_KEYS_FILE).read_text()) == out["public_key_map"]


def test_export_without_keys_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["keys", "export", "--keys-dir", str(tmp_path / "none"), "--to", str(tmp_path)])
    assert code == 2
    assert "keys generate" in capsys.readouterr().err


def test_serve_without_a_key_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLUBDESK_SERVER_GATEWAY", "sandbox")  # a gateway that needs nothing
    code = cli.main(["serve", "--data-dir", str(tmp_path), "--port", "0"])
    assert code == 2
    err = capsys.readouterr().err
    assert "No signing key" in err
    assert "keys generate" in err


def _lease_from(server_url: str, licence_key: str) -> SignedLease:
    resp = requests.post(
        f"{server_url}/v1/activations",
        json={"licence_key": licence_key, "fingerprint": "f" * 32, "device_name": "till"},
        timeout=30,
    )
    resp.raise_for_status()
    return SignedLease.model_validate(resp.json()["lease"])


def test_rotation_keeps_old_leases_verifiable_and_signs_new_ones_with_the_next_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_dir = tmp_path / "keys"
    with running_server(tmp_path / "a", keys_dir=keys_dir) as server:
        old_lease = _lease_from(server.url, server.create_licence())
        old_id = server.key_id

    assert cli.main(["keys", "prepare-next", "--keys-dir", str(keys_dir), "--json"]) == 0
    next_id = json.loads(capsys.readouterr().out)["key_id"]
    shipped = keys.public_keys(keys_dir)
    assert set(shipped) == {old_id, next_id}  # the release carrying both goes out first
    assert stat.S_IMODE((keys_dir / keys.NEXT_KEY_FILE).stat().st_mode) == 0o600
    assert keys.load_signer(keys_dir).key_id == old_id  # nothing changes before rotate

    assert cli.main(["keys", "rotate", "--keys-dir", str(keys_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["key_id"] == next_id
    retired = keys_dir / keys.RETIRED_DIR / f"signing-key-{old_id}.pem"
    assert stat.S_IMODE(retired.stat().st_mode) == 0o600
    assert not (keys_dir / keys.NEXT_KEY_FILE).exists()

    with running_server(tmp_path / "b", keys_dir=keys_dir) as server:
        new_lease = _lease_from(server.url, server.create_licence())
    assert new_lease.lease.key_id == next_id
    app_keys = load_keys(shipped)
    assert verify(old_lease, app_keys)
    assert verify(new_lease, app_keys)


def test_rotate_without_a_prepared_key_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_dir = tmp_path / "keys"
    current = keys.generate(keys_dir).key_id
    assert cli.main(["keys", "rotate", "--keys-dir", str(keys_dir)]) == 2
    assert "keys prepare-next" in capsys.readouterr().err
    assert keys.load_signer(keys_dir).key_id == current


def test_a_second_prepare_next_refuses_to_overwrite_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_dir = tmp_path / "keys"
    keys.generate(keys_dir)
    first = keys.prepare_next(keys_dir).key_id
    assert cli.main(["keys", "prepare-next", "--keys-dir", str(keys_dir)]) == 2
    assert "left unchanged" in capsys.readouterr().err
    assert first in keys.public_keys(keys_dir)
    assert keys.rotate(keys_dir).key_id == first
