"""Shared fixtures: real SQLite files in a temporary folder, offscreen Qt, a file keyring."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
# keyrings.alt keeps its file under XDG_DATA_HOME: a fresh one per run, not the user's.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="clubdesk-tests-data-")

from clubdesk.services import ClubServices

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
