"""`clubdesk-server admin ...`, `db upgrade` and `serve --demo`, as the vendor runs them."""

from __future__ import annotations

import itertools
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from clubdesk.core.business import valid_national_code
from clubdesk.protocol import Activation, b64decode, canonical_bytes
from clubdesk_server import cli, db
from clubdesk_server.settings import ENV_FIELDS, Settings, sqlite_url
from licence_server import RunningServer

KEY_FORMAT = re.compile(r"CD(-[0-9A-HJKMNP-TV-Z]{5}){5}")
SCRIPT = Path(sys.executable).with_name("clubdesk-server")
GATEWAY_ENV = ENV_FIELDS["gateway"]


def run_script(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, in its own process."""
    env = os.environ | {"CLUBDESK_SERVER_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


class Cli:
    """``clubdesk-server`` in this process (fast), against the test server's database."""

    def __init__(self, server: RunningServer, capsys: pytest.CaptureFixture[str]) -> None:
        self.url = server.database_url
        self.capsys = capsys

    def __call__(self, *args: str, json_out: bool = True) -> tuple[int, Any, str]:
        self.capsys.readouterr()
        argv = ["admin", *args, "--database-url", self.url, *(["--json"] if json_out else [])]
        code = cli.main(argv)
        captured = self.capsys.readouterr()
        if json_out and code == 0:
            return code, json.loads(captured.out), captured.err
        return code, captured.out, captured.err


@pytest.fixture
def admin_cli(server: RunningServer, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(server, capsys)


def test_create_licence_script_prints_one_json_document(
    server: RunningServer, tmp_path: Path
) -> None:
    result = run_script(
        "admin",
        "create-licence",
        "--business-name",
        "Negin Shop",
        "--mobile",
        "0912 123 4567",
        "--days",
        "365",
        "--devices",
        "3",
        "--plan",
        "gold",
        "--national-id",
        "0499370899",
        "--email",
        "owner@example.ir",
        "--owner-name",
        "Negin Ahmadi",
        "--json",
        "--database-url",
        server.database_url,
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)  # exactly one JSON document, nothing else
    assert KEY_FORMAT.fullmatch(doc["licence_key"])
    assert doc["key_prefix"] == doc["licence_key"][:8]
    assert doc["device_limit"] == 3
    assert doc["plan"] == "gold"
    assert doc["status"] == "active"
    assert doc["business"] == doc["business"] | {
        "name": "Negin Shop",
        "mobile": "+989121234567",
        "national_id": "0499370899",
        "email": "owner@example.ir",
        "owner_name": "Negin Ahmadi",
        "is_legal_entity": False,
        "listed_publicly": False,
    }
    assert "only its hash" in result.stderr
    # The key works at once against the running server.
    body = {"licence_key": doc["licence_key"], "fingerprint": "f" * 32, "device_name": "PC"}
    assert requests.post(f"{server.url}/v1/activations", json=body, timeout=30).status_code == 200


def test_script_exit_codes_for_unknown_licences_and_usage(
    server: RunningServer, tmp_path: Path
) -> None:
    unknown = run_script(
        "admin", "show", "CD-00000-00000-00000-00000-00000",
        "--database-url", server.database_url, data_dir=tmp_path,
    )  # fmt: skip
    assert unknown.returncode == 2
    assert "No licence has this key" in unknown.stderr
    assert unknown.stdout == ""
    usage = run_script("admin", "extend", data_dir=tmp_path)
    assert usage.returncode == 2
    assert "usage:" in usage.stderr


def test_admin_commands_from_create_to_release(server: RunningServer, admin_cli: Cli) -> None:
    code, created, _ = admin_cli(
        "create-licence", "--business-name", "شرکت نمونه", "--mobile", "+989351112233",
        "--days", "30", "--devices", "2", "--legal-entity", "--national-id", "10101234567",
        "--listed-publicly",
    )  # fmt: skip
    assert code == 0
    key, licence_id = created["licence_key"], created["licence_id"]
    assert created["business"]["is_legal_entity"] is True
    assert created["business"]["listed_publicly"] is True

    code, extended, _ = admin_cli("extend", key, "--days", "10")
    assert code == 0
    assert extended["paid_until"] > created["paid_until"]

    for action, status in (
        ("suspend", "suspended"),
        ("reactivate", "active"),
        ("revoke", "revoked"),
    ):
        code, result, _ = admin_cli(action, key)
        assert (code, result["status"]) == (0, status)
    code, result, _ = admin_cli("reactivate", licence_id)  # by licence id as well
    assert (code, result["status"]) == (0, "active")

    body = {"licence_key": key, "fingerprint": "g" * 32, "device_name": "Till 2"}
    token = requests.post(f"{server.url}/v1/activations", json=body, timeout=30).json()["token"]

    code, devices, _ = admin_cli("devices", key)
    assert code == 0
    assert [(d["name"], d["active"]) for d in devices] == [("Till 2", True)]
    code, shown, _ = admin_cli("show", licence_id)
    assert shown["devices_used"] == 1
    assert shown["devices"] == devices
    code, listed, _ = admin_cli("list")
    assert licence_id in {lic["licence_id"] for lic in listed}
    code, active, _ = admin_cli("list", "--status", "active")
    assert licence_id in {lic["licence_id"] for lic in active}

    code, released, _ = admin_cli("release-device", key, devices[0]["device_id"])
    assert (code, released["active"]) == (0, False)
    refresh = requests.post(
        f"{server.url}/v1/lease", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert refresh.status_code == 401
    code, _, err = admin_cli("release-device", key, "01900000-0000-7000-8000-000000000000")
    assert code == 2
    assert "has no device" in err


def test_admin_human_output(server: RunningServer, admin_cli: Cli) -> None:
    code, out, _ = admin_cli(
        "create-licence", "--business-name", "Cafe", "--mobile", "09121234567", "--days", "7",
        json_out=False,
    )  # fmt: skip
    assert code == 0
    key = out.splitlines()[0]
    assert KEY_FORMAT.fullmatch(key)
    code, out, _ = admin_cli("show", key, json_out=False)
    assert code == 0
    assert "Cafe" in out
    assert key[:8] in out
    assert key not in out  # only the prefix is known after creation


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--national-id", "1234567890"], "national code"),
        (["--email", "not-an-email"], "email"),
        (["--devices", "0"], "devices"),
        (["--plan", "Gold Plan"], "plan"),
        (["--business-name", "  "], "business name"),
        (["--mobile", "12345"], "mobile"),
        (["--days", "0"], "days"),
    ],
)
def test_create_licence_rejects_bad_fields(admin_cli: Cli, args: list[str], message: str) -> None:
    base = {"--business-name": "Shop", "--mobile": "09121234567", "--days": "30"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    argv = [part for pair in base.items() for part in pair]
    code, out, err = admin_cli("create-licence", *argv)
    assert code == 2
    assert message in err
    assert out == ""


def test_admin_on_a_database_that_is_not_migrated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url(tmp_path / "empty.sqlite3")
    assert cli.main(["admin", "list", "--database-url", url]) == 2
    assert "db upgrade" in capsys.readouterr().err
    assert cli.main(["db", "upgrade", "--database-url", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"revision": db.HEAD}
    assert cli.main(["admin", "list", "--database-url", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# -- serve --demo -------------------------------------------------------------------------------


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    return tmp_path / "demo"


@pytest.fixture
def start_demo(demo_dir: Path, tmp_path: Path) -> Iterator[Any]:
    """``clubdesk-server serve --demo`` in its own process; returns its JSON line."""
    running: list[tuple[subprocess.Popen[str], Any]] = []
    logs = iter(tmp_path / f"serve{n}.log" for n in itertools.count())
    started_logs: list[Path] = []

    def start(*extra: str, demo: bool = True, **env_vars: str) -> dict[str, Any]:
        """``extra`` arguments after ``serve``; ``env_vars`` set CLUBDESK_SERVER_<NAME>."""
        log_path = next(logs)
        started_logs.append(log_path)
        log = log_path.open("w")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")}
        env |= {f"CLUBDESK_SERVER_{name.upper()}": value for name, value in env_vars.items()}
        mode = ["--demo"] if demo else []
        proc = subprocess.Popen(
            [str(SCRIPT), "serve", *mode, "--port", "0", "--data-dir", str(demo_dir), *extra],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
        )
        running.append((proc, log))
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the server takes requests (or dies)
        assert line, log_path.read_text()
        return json.loads(line)

    def stop_all() -> None:
        while running:
            proc, log = running.pop()
            proc.terminate()  # SIGTERM: uvicorn shuts down gracefully
            proc.wait(timeout=60)
            assert proc.stdout is not None
            proc.stdout.close()
            log.close()

    start.stop_all = stop_all  # type: ignore[attr-defined]
    start.logs = started_logs  # type: ignore[attr-defined]
    yield start
    stop_all()


def test_serve_demo_needs_nothing_and_prints_one_json_line(start_demo: Any, demo_dir: Path) -> None:
    info = start_demo()
    assert set(info) >= {"url", "licence_key", "public_keys"}
    assert info["url"].startswith("http://127.0.0.1:")
    assert KEY_FORMAT.fullmatch(info["licence_key"])
    assert (demo_dir / "demo-keys" / "DEMO-KEYS-NOT-FOR-PRODUCTION.txt").exists()

    body = {"licence_key": info["licence_key"], "fingerprint": "d" * 32, "device_name": "Demo PC"}
    response = requests.post(f"{info['url']}/v1/activations", json=body, timeout=30)
    assert response.status_code == 200, response.text
    signed = Activation.model_validate(response.json()).lease
    public = Ed25519PublicKey.from_public_bytes(b64decode(info["public_keys"][signed.lease.key_id]))
    public.verify(b64decode(signed.signature), canonical_bytes(signed.lease))

    # A second start reuses the demo keys and the demo licence.
    start_demo.stop_all()
    again = start_demo()
    assert again["licence_key"] == info["licence_key"]
    assert again["public_keys"] == info["public_keys"]


def test_serve_demo_pays_at_the_sandbox_without_production_warnings(start_demo: Any) -> None:
    info = start_demo()
    body = {"licence_key": info["licence_key"], "fingerprint": "e" * 32, "device_name": "Demo PC"}
    token = requests.post(f"{info['url']}/v1/activations", json=body, timeout=30).json()["token"]
    started = requests.post(
        f"{info['url']}/v1/payments",
        json={"plan": "monthly"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert started.status_code == 201, started.text
    assert started.json()["gateway"] == "sandbox"
    assert "/sandbox/pay/" in started.json()["pay_url"]
    start_demo.stop_all()
    log = start_demo.logs[-1].read_text()
    assert "PAYMENTS ARE NOT REAL" not in log
    assert "NO SMS REACHES THE OWNERS" not in log


def test_the_default_gateway_is_the_real_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(GATEWAY_ENV, raising=False)
    assert Settings(tmp_path, tmp_path / "keys", "sqlite://").gateway == "zarinpal"
    assert Settings.from_env(data_dir=tmp_path).gateway == "zarinpal"
    monkeypatch.setenv(GATEWAY_ENV, "sandbox")  # the operator's explicit choice
    assert Settings.from_env(data_dir=tmp_path).gateway == "sandbox"


def test_serve_without_a_merchant_id_refuses_to_start(tmp_path: Path) -> None:
    """A production server with no gateway configured must not fall back to free renewals."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")}
    data = tmp_path / "prod"
    proc = subprocess.Popen(
        [str(SCRIPT), "serve", "--port", "0", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        out, err = proc.communicate(timeout=120)  # a guard against a server that serves
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("serve started without a merchant id")
    assert proc.returncode == 2, err
    assert out == ""
    assert "payment gateway 'zarinpal' cannot be used: no merchant id is set" in err
    assert "CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID" in err
    assert "Traceback" not in err
    assert not (data / "clubdesk-server.sqlite3").exists()  # stopped before migrating


def test_serve_with_the_sandbox_chosen_explicitly_warns_at_start(
    start_demo: Any, demo_dir: Path
) -> None:
    assert cli.main(["keys", "generate", "--data-dir", str(demo_dir)]) == 0
    info = start_demo("--no-jobs", demo=False, gateway="sandbox")
    assert info["demo"] is False
    start_demo.stop_all()
    [warning] = [
        json.loads(line)  # not --demo: one JSON object a line
        for line in start_demo.logs[-1].read_text().splitlines()
        if "NOT REAL" in line
    ]
    assert warning["level"] == "WARNING"
    assert "PAYMENTS ARE NOT REAL" in warning["message"]
    assert "CLUBDESK_SERVER_GATEWAY=zarinpal" in warning["message"]


def test_serve_warnings_name_demo_settings_only(tmp_path: Path) -> None:
    base = Settings(tmp_path, tmp_path / "keys", "sqlite://", zarinpal_merchant_id="m" * 36)
    production = base.with_(sms_sender="kavenegar", kavenegar_api_key="k")
    assert cli.serve_warnings(production) == []
    [console] = cli.serve_warnings(base)
    assert "NO SMS REACHES THE OWNERS" in console
    assert str(tmp_path / "sms-outbox.log") in console
    [sandbox] = cli.serve_warnings(production.with_(gateway="sandbox"))
    assert "PAYMENTS ARE NOT REAL" in sandbox
    assert len(cli.serve_warnings(base.with_(gateway="sandbox"))) == 2


def test_serve_demo_with_a_licence_expiring_in_minutes(start_demo: Any) -> None:
    """The README's way to see the lock screen: a demo licence paid for one more minute."""
    before = datetime.now(UTC)
    info = start_demo("--demo-minutes", "1")
    after = datetime.now(UTC)
    paid_until = datetime.fromisoformat(info["paid_until"])
    assert before + timedelta(minutes=1) <= paid_until <= after + timedelta(minutes=1)


def _fresh_national_code() -> str:
    """A valid code melli no other test has used (the server's database is shared)."""
    prefix = f"{secrets.randbelow(10**9):09d}"
    return next(c for c in (prefix + str(d) for d in range(10)) if valid_national_code(c))


def test_a_second_licence_for_the_same_national_id_joins_that_business(admin_cli: Cli) -> None:
    code_melli = _fresh_national_code()
    base = ["--mobile", "09121234567", "--days", "30", "--national-id", code_melli]
    code, first, _ = admin_cli("create-licence", "--business-name", "Shop A", *base)
    assert (code, first["business_reused"]) == (0, False)
    code, second, _ = admin_cli("create-licence", "--business-name", "Shop A branch", *base)
    assert (code, second["business_reused"]) == (0, True)
    assert second["business"]["business_id"] == first["business"]["business_id"]
    assert second["business"]["name"] == "Shop A"  # the record held is not rewritten
    assert second["licence_id"] != first["licence_id"]
