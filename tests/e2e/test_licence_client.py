"""The desktop licence client against the real clubdesk-server on 127.0.0.1 (uvicorn on a
thread, so time-machine moves both clocks). Each scenario is one a shop can live through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from clubdesk.core.licence import LicenceLocked, LockReason, State
from clubdesk.core.members import MemberDraft
from clubdesk.licensing.client import ServerRefused
from clubdesk.licensing.fingerprint import OVERRIDE_ENV
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from licence_server import RunningServer, running_server

START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    with time_machine.travel(START, tick=True), running_server(tmp_path / "server") as running:
        yield running


def manager(server: RunningServer, folder: Path) -> LicenceManager:
    return LicenceManager(folder, keys=load_keys(server.public_keys))


def activated(server: RunningServer, folder: Path, **licence: object) -> tuple[str, LicenceManager]:
    key = server.create_licence(**licence)
    licence_manager = manager(server, folder)
    licence_manager.activate(server.url, key, "Till 1")
    return key, licence_manager


def test_activate_then_work_then_refresh(server: RunningServer, tmp_path: Path) -> None:
    _key, licence = activated(server, tmp_path / "shop", days=60)
    status = licence.status()
    assert status.state is State.ACTIVE
    assert status.business_name == "Test shop"
    club = ClubServices.open(tmp_path / "shop", licence=licence)
    club.register(MemberDraft(phone="09121234567", first_name="Ali"))
    assert licence.refresh().state is State.ACTIVE
    # A restart starts from the cached, verified lease without the network.
    assert manager(server, tmp_path / "shop").status().state is State.ACTIVE
    club.close()


def test_device_limit_is_refused(server: RunningServer, tmp_path: Path, monkeypatch) -> None:
    key = server.create_licence(devices=1)
    manager(server, tmp_path / "a").activate(server.url, key, "Till 1")
    monkeypatch.setenv(OVERRIDE_ENV, "another-machine")
    with pytest.raises(ServerRefused) as refused:
        manager(server, tmp_path / "b").activate(server.url, key, "Till 2")
    assert refused.value.server_code == "DEVICE_LIMIT"
    assert "all the computers it allows" in refused.value.render()


def test_revoked_licence_locks_at_next_refresh_and_keeps_data(
    server: RunningServer, tmp_path: Path
) -> None:
    key, licence = activated(server, tmp_path / "shop")
    club = ClubServices.open(tmp_path / "shop", licence=licence)
    member = club.register(MemberDraft(phone="09121234567", first_name="Ali")).member
    server.admin.revoke(key)
    status = licence.refresh()
    assert (status.state, status.reason) == (State.LOCKED, LockReason.REVOKED)
    with pytest.raises(LicenceLocked):
        club.search("Ali")
    server.admin.reactivate(key)
    assert licence.refresh().state is State.ACTIVE  # unlocked without a restart
    assert club.card(member.id).member.first_name == "Ali"
    club.close()


def test_expiry_locks_and_renewal_on_the_server_unlocks(
    server: RunningServer, tmp_path: Path
) -> None:
    key, licence = activated(server, tmp_path / "shop", days=20)
    with time_machine.travel(START + timedelta(days=12), tick=True):
        status = licence.refresh()
        assert status.state is State.EXPIRING
        assert status.days_left == 8
    with time_machine.travel(START + timedelta(days=21), tick=True):
        status = licence.refresh()
        assert (status.state, status.reason) == (State.LOCKED, LockReason.EXPIRED)
        server.admin.extend(key, 30)
        assert licence.refresh().state is State.ACTIVE


def test_a_lease_with_one_byte_changed_locks(server: RunningServer, tmp_path: Path) -> None:
    _key, licence = activated(server, tmp_path / "shop")
    path = licence.store.lease_path
    text = path.read_text()
    data = json.loads(text)
    year = data["lease"]["paid_until"][:4]
    path.write_text(text.replace(f'"paid_until": "{year}', f'"paid_until": "{int(year) + 5}', 1))
    status = manager(server, tmp_path / "shop").status()
    assert (status.state, status.reason) == (State.LOCKED, LockReason.SIGNATURE_INVALID)


def test_a_lease_copied_from_another_device_locks(
    server: RunningServer, tmp_path: Path, monkeypatch
) -> None:
    _key, _licence = activated(server, tmp_path / "shop")
    monkeypatch.setenv(OVERRIDE_ENV, "the-pc-it-was-copied-to")
    status = manager(server, tmp_path / "shop").status()
    assert (status.state, status.reason) == (State.LOCKED, LockReason.WRONG_DEVICE)


def test_clock_moved_back_locks_until_an_online_check(
    server: RunningServer, tmp_path: Path
) -> None:
    _key, licence = activated(server, tmp_path / "shop")
    with time_machine.travel(START + timedelta(days=2), tick=True):
        assert licence.status().state is State.ACTIVE
    with time_machine.travel(START + timedelta(days=1), tick=True):
        status = licence.status()
        assert (status.state, status.reason) == (State.LOCKED, LockReason.CLOCK_BACK)
        assert licence.refresh().state is State.ACTIVE


def test_offline_within_grace_works_and_past_grace_locks(
    server: RunningServer, tmp_path: Path
) -> None:
    _key, licence = activated(server, tmp_path / "shop")
    licence.saved.server_url = "http://127.0.0.1:9"  # nothing listens there: offline
    with time_machine.travel(START + timedelta(days=3), tick=True):
        status = licence.refresh()
        assert status.state is State.OFFLINE_GRACE
        assert status.offline_since is not None
    with time_machine.travel(START + timedelta(days=8), tick=True):
        status = licence.refresh()
        assert (status.state, status.reason) == (State.LOCKED, LockReason.OFFLINE_PAST_GRACE)


def test_deactivate_frees_the_slot_for_a_new_pc(
    server: RunningServer, tmp_path: Path, monkeypatch
) -> None:
    key, licence = activated(server, tmp_path / "old-pc", devices=1)
    licence.deactivate()
    assert licence.status().reason is LockReason.NO_LICENCE
    monkeypatch.setenv(OVERRIDE_ENV, "new-pc")
    new = manager(server, tmp_path / "new-pc")
    assert new.activate(server.url, key, "New till").state is State.ACTIVE


def test_cli_refuses_member_commands_while_locked_with_exit_3(
    server: RunningServer, tmp_path: Path
) -> None:
    key, licence = activated(server, tmp_path / "shop")
    server.admin.revoke(key)
    licence.refresh()
    env = os.environ | {"CLUBDESK_DEV_PUBLIC_KEYS": str(server.public_keys_file)}
    result = subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(tmp_path / "shop"),
         "licence", "status", "--json"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 3
    assert json.loads(result.stdout)["reason"] == "revoked"
