"""The PyInstaller one-folder build (build.spec) starts, knows its version and migrates a database.

Slow (about a minute or two): runs only with CLUBDESK_SLOW=1. It builds into a temporary folder,
so it never touches dist/ or build/ of the working tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import clubdesk
from licence_server import running_server

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"
BUILD_SECONDS = 900
RUN_SECONDS = 60


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def build(tmp_path: Path) -> Path:
    """Runs PyInstaller on build.spec; returns the folder that holds the executables."""
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "work"
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(dist)]
    command += ["--workpath", str(work), str(SPEC)]
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_SECONDS,
        check=False,
    )
    assert done.returncode == 0, f"pyinstaller failed:\n{tail(done.stdout + done.stderr)}"
    return dist / "clubdesk"


def run(
    program: Path, *args: str, data: Path | None = None, expect: int = 0
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLUBDESK_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    options = ["--data-dir", str(data)] if data else []
    done = subprocess.run(
        [str(program), *options, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=RUN_SECONDS,
        check=False,
    )
    assert done.returncode == expect, f"{program.name} {args}:\n{done.stdout}{done.stderr}"
    return done


@pytest.mark.slow
def test_frozen_app_reports_version_activates_and_registers_a_member(tmp_path: Path) -> None:
    folder = build(tmp_path)
    # The Windows build's clubdesk.exe has no console; clubdesk-cli.exe is its console twin.
    program = folder / ("clubdesk-cli.exe" if sys.platform == "win32" else "clubdesk")
    assert program.is_file()

    # A frozen app without the package metadata would print the fallback 0.0.0+unknown.
    assert not clubdesk.__version__.startswith("0.0.0")
    version = run(program, "--version")
    assert version.stdout.strip() == f"clubdesk {clubdesk.__version__}"

    # Without a licence the frozen app refuses member commands (exit 3), and it ignores
    # CLUBDESK_DEV_PUBLIC_KEYS: only keys shipped inside the build are trusted.
    shop = tmp_path / "shop"  # does not exist yet: the frozen app creates and migrates it
    add = ("members", "add", "--phone", "09121234567", "--first-name", "Ali", "--json")
    locked = run(program, *add, data=shop, expect=3)
    assert "licence is locked" in locked.stderr

    with running_server(tmp_path / "server") as server:
        # What the vendor's release does: its public key inside the build's resources/keys.
        keys_dir = next(folder.rglob("resources/fonts")).parent / "keys"
        server.export_public_keys(keys_dir)
        key = server.create_licence(days=30)
        run(program, "licence", "activate", key, "--server", server.url, data=shop)
        added = json.loads(run(program, *add, data=shop).stdout)
    assert added["phone"] == "+989121234567"
    assert added["first_name"] == "Ali"
    assert added["existing"] is False
    assert (shop / "clubdesk.sqlite3").is_file()

    found = json.loads(run(program, "members", "find", "4567", "--json", data=shop).stdout)
    assert [member["id"] for member in found] == [added["id"]]
