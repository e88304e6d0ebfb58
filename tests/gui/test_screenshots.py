"""Screens rendered offscreen in both languages, for a person to look at (tests/artifacts/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from clubdesk.services import ClubServices

SCREENS = ("counter-empty", "counter-member", "registration", "registration-invalid",
           "members-list", "settings", "lock-screen")  # fmt: skip


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_screenshot_command_renders_every_screen(
    lang: str, club: ClubServices, data_dir: Path, artifacts: Path, qapp
) -> None:
    club.add_demo_members(300)
    out = artifacts / "screens"
    result = subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(data_dir), "screenshot",
         "--out", str(out), "--lang", lang, "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name in SCREENS:
        image = QImage(str(out / f"{lang}-{name}.png"))
        assert not image.isNull(), name
        assert image.width() > 300
        assert image.height() > 150
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}  # fmt: skip
        assert len(colours) > 3, f"{name} looks blank"
