"""`make run` on a fresh folder: the demo server starts, the shop is activated and filled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=300, check=False, cwd=ROOT
    )


def test_a_fresh_demo_folder_ends_activated_with_members(tmp_path: Path) -> None:
    env = dict(os.environ)
    setup = run(
        sys.executable, "scripts/run_demo.py", str(tmp_path), "--members", "30",
        "--prepare-only", env=env,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr[-2000:]

    shop = tmp_path / "shop"
    keys_file = tmp_path / "licence-server" / "demo-public-keys.json"
    env["CLUBDESK_DEV_PUBLIC_KEYS"] = str(keys_file)
    status = run(str(BIN / "clubdesk"), "--data-dir", str(shop), "licence", "status", "--json",
                 env=env)  # fmt: skip
    # The demo server stopped with the script: the app works from its lease (offline grace).
    assert json.loads(status.stdout)["state"] in {"active", "offline_grace"}, status.stderr
    found = run(str(BIN / "clubdesk"), "--data-dir", str(shop), "members", "find", "0912",
                "--json", env=env)  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)
