"""CLI tests run on licensed shop folders: member commands are behind the licence gate."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path, activate) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    return activate(folder)
