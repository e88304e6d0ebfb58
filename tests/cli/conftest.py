"""CLI tests run on licensed shop folders: member commands are behind the licence gate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from licence_server import RunningServer, running_server


@pytest.fixture(scope="module")
def licence_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("licence-server")) as server:
        server.licence_key = server.create_licence(days=365, devices=1)  # type: ignore[attr-defined]
        yield server


@pytest.fixture
def activate(licence_server: RunningServer, monkeypatch: pytest.MonkeyPatch):
    """Activate a folder as this computer (the CLI subprocess trusts the test server's key)."""
    monkeypatch.setenv("CLUBDESK_DEV_PUBLIC_KEYS", str(licence_server.public_keys_file))

    def activate_folder(folder: Path) -> Path:
        manager = LicenceManager(folder, keys=load_keys(licence_server.public_keys))
        manager.activate(licence_server.url, licence_server.licence_key, "CLI tests")  # type: ignore[attr-defined]
        return folder

    return activate_folder


@pytest.fixture
def data_dir(tmp_path: Path, activate) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    return activate(folder)
