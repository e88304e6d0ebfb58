"""Shared fixtures: real SQLite files in a temporary folder, offscreen Qt, a file keyring."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from licence_server import RunningServer, running_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
# keyrings.alt keeps its file under XDG_DATA_HOME: a fresh one per run, not the user's.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="clubdesk-tests-data-")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from clubdesk.core.i18n import Lang
from clubdesk.licensing.keys import load_keys
from clubdesk.licensing.manager import LicenceManager
from clubdesk.services import ClubServices
from clubdesk.ui import i18n
from clubdesk.ui.app import make_qapp

ARTIFACTS = Path(__file__).parent / "artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("CLUBDESK_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: set CLUBDESK_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    return folder


@pytest.fixture
def club(data_dir: Path) -> Iterator[ClubServices]:
    services = ClubServices.open(data_dir, actor="tester")
    yield services
    services.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """Window geometry and language go to a temporary folder, not the developer's profile."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture(params=[Lang.FA, Lang.EN], ids=["fa", "en"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[Lang]:
    make_qapp(request.param)
    yield request.param
    i18n.apply_language(Lang.FA, remember=False)


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
