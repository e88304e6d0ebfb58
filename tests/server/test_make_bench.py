"""`make bench` runs every benchmark that prints the server's figures: payments, sync, load."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_bench_runs_the_payments_benchmark() -> None:
    dry = subprocess.run(
        ["make", "-n", "bench"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )
    assert dry.returncode == 0, dry.stderr
    commands = dry.stdout.splitlines()
    assert any("bench/counter_search.py" in line for line in commands)
    assert any("bench/payments.py" in line for line in commands), dry.stdout
    assert any("bench/sync.py" in line for line in commands), dry.stdout
    assert any("bench/load.py" in line for line in commands), dry.stdout  # 1, 2, 4 workers
