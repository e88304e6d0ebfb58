"""`clubdesk licence plans | renew | payments` against the real server and its sandbox gateway."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from licence_server import RunningServer
from renewal_shop import pay_in_browser


def clubdesk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CLUBDESK_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "clubdesk", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env=environment, timeout=120,
        check=False,
    )  # fmt: skip


def as_json(run: subprocess.CompletedProcess[str]) -> Any:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_plans_renew_and_payments(data_dir: Path, licence_server: RunningServer) -> None:
    licence_server.admin.seed_demo_plans()
    plans = as_json(clubdesk(data_dir, "licence", "plans", "--json"))
    assert [p["code"] for p in plans] == ["monthly", "quarterly", "yearly"]
    assert plans[0]["price_tomans"] == 490_000
    assert plans[0]["paid_until"]

    human = clubdesk(data_dir, "licence", "plans")
    assert "490,000 tomans" in human.stderr + human.stdout

    started = as_json(clubdesk(data_dir, "licence", "renew", "monthly", "--json"))
    assert started["state"] == "pending"
    pay_in_browser(started["pay_url"], "pay")
    payments = as_json(clubdesk(data_dir, "licence", "payments", "--json"))
    assert payments[0]["payment_id"] == started["payment_id"]
    assert payments[0]["state"] == "applied"
    assert payments[0]["ref_id"]


def test_an_unknown_plan_is_bad_input(data_dir: Path, licence_server: RunningServer) -> None:
    run = clubdesk(data_dir, "licence", "renew", "no-such-plan")
    assert run.returncode == 2
    assert "no longer on sale" in run.stderr
