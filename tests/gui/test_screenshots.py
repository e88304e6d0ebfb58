"""Screens rendered offscreen in both languages, for a person to look at (tests/artifacts/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from clubdesk.services import ClubServices

SCREENS = ("counter-empty", "counter-member", "registration", "registration-invalid",
           "members-list", "settings", "lock-screen", "renew-plans", "renew-waiting",
           "renew-receipt", "renew-failed", "renew-failed-support", "support",
           "support-payment-ticket", "backups-empty", "backups-list",
           "backups-restore-confirm", "backups-export", "backup-setup",
           "backup-recovery-sheet", "damaged-start", "cloud-sync",
           "cloud-sync-status-bar", "update-banner", "news")  # fmt: skip


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_screenshot_command_renders_every_screen(
    lang: str, club: ClubServices, data_dir: Path, artifacts: Path, qapp, activate
) -> None:
    club.add_demo_members(300)
    activate(data_dir)  # the command shows member data only to a licensed shop
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


def test_screenshots_of_a_locked_shop_show_only_the_lock_screen(
    club: ClubServices, data_dir: Path, tmp_path: Path, qapp
) -> None:
    club.add_demo_members(50)
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(data_dir), "screenshot",
         "--out", str(out), "--lang", "en"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["en-lock-screen.png"]
