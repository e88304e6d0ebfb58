"""`clubdesk self-test` from the source tree: the same checks the installers' smoke test runs
on the frozen build (tests/packaging), here against the test licence server's key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_cli import clubdesk, register

from clubdesk.core.errors import ExitCode
from clubdesk.licensing.store import LicenceStore
from clubdesk.storage import schema

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def assert_png(path: Path) -> None:
    assert path.is_file()
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 1000  # a rendered window, not an empty image


def assert_everything_else_works(report: dict[str, Any]) -> None:
    assert report["problems"] == []
    assert report["database"]["schema"] == schema.HEAD
    assert report["vendor"]["licence_server"].startswith("https://")
    assert report["fonts"] == {"family": "Vazirmatn", "loaded": True}
    assert report["translations"] == {"lang": "fa", "loaded": True}
    assert "clubdesk.ui.reports" in report["modules"]["imported"]  # Qt Charts
    assert "clubdesk.ui.main_window" in report["modules"]["imported"]
    assert report["modules"]["failed"] == {}


def test_a_licensed_shop_passes_with_a_screenshot_of_its_counter(data_dir: Path) -> None:
    register(data_dir, "09121234567")
    shot = data_dir / "shots" / "counter.png"  # a folder that does not exist yet

    run = clubdesk("self-test", "--screenshot", str(shot), "--require-licence", "--json",
                   data_dir=data_dir)  # fmt: skip

    assert run.code == ExitCode.OK, run.stderr
    report = run.json()
    assert report["licence"]["state"] == "active"
    assert report["licence"]["reason"] is None
    assert report["licence"]["signature_ok"] is True
    assert report["licence"]["paid_until"]
    assert report["database"]["members"] == 1
    assert report["database"]["path"] == str(data_dir / "clubdesk.sqlite3")
    assert report["database"]["new"] is False
    assert report["screenshot"] == str(shot)
    assert_png(shot)
    assert_everything_else_works(report)


def test_a_new_installation_is_checked_reported_and_left_new(tmp_path: Path) -> None:
    shop = tmp_path / "new-shop"  # does not exist yet

    run = clubdesk("self-test", "--json", data_dir=shop)

    assert run.code == ExitCode.OK, run.stderr
    report = run.json()
    assert report["licence"]["state"] == "locked"
    assert report["licence"]["reason"] == "no_licence"
    assert report["licence"]["signature_ok"] is None  # no lease to check
    assert report["database"]["new"] is True  # created and migrated, in a throwaway folder
    assert report["database"]["members"] is None  # behind the licence, even the count
    assert report["screenshot"] == str(shop / "self-test.png")
    assert_png(shop / "self-test.png")  # the lock screen
    assert_everything_else_works(report)
    # Still a new installation: ClubDesk will open its first-run wizard here.
    assert not (shop / "clubdesk.sqlite3").exists()
    assert not (shop / "licence").exists()

    required = clubdesk("self-test", "--require-licence", data_dir=shop)
    assert required.code == ExitCode.LICENCE_LOCKED
    assert "licence: locked (no_licence)" in required.stdout  # the report still prints
    assert "licence is locked" in required.stderr


def test_a_tampered_lease_fails_verification(data_dir: Path) -> None:
    lease = LicenceStore(data_dir).lease_path
    signed = json.loads(lease.read_text(encoding="utf-8"))
    signed["lease"]["paid_until"] = "2099-01-01T00:00:00Z"  # a year's renewal, unpaid
    lease.write_text(json.dumps(signed), encoding="utf-8")

    run = clubdesk("self-test", "--json", data_dir=data_dir)

    assert run.code == ExitCode.VERIFICATION_FAILED
    report = run.json()  # the whole report, even when it fails
    assert report["licence"]["state"] == "locked"
    assert report["licence"]["reason"] == "signature_invalid"
    assert report["licence"]["signature_ok"] is False
    assert report["problems"] == ["the licence lease does not verify against this build's keys"]
    assert "self-test found problems" in run.stderr
    assert_png(data_dir / "self-test.png")


def test_a_screenshot_that_cannot_be_written_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the screenshot's folder should be", encoding="utf-8")

    run = clubdesk("self-test", "--screenshot", str(blocker / "shot.png"), "--json",
                   data_dir=tmp_path / "shop")  # fmt: skip

    assert run.code == ExitCode.VERIFICATION_FAILED
    report = run.json()
    assert report["screenshot"] is None
    assert report["problems"] == ["the main window could not be rendered to a screenshot"]
