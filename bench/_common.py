"""Helpers shared by the benchmark scripts: timing, percentiles, and a read-only SQLite handle.

Benchmarks print figures for people and end with one JSON line for machines; they never assert.
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"  # git-ignored


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted, non-empty list."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Stats:
    """Latency figures in milliseconds."""

    n: int
    p50_ms: float
    p95_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: Iterable[float]) -> Stats:
        ms = sorted(s * 1000.0 for s in seconds)
        if not ms:
            raise ValueError("no samples")
        return cls(len(ms), percentile(ms, 0.50), percentile(ms, 0.95), ms[-1])

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
            "max_ms": round(self.max_ms, 3),
        }


def timed(call: Callable[[], T]) -> tuple[float, T]:
    """Seconds one call took (``time.perf_counter``) and what it returned."""
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def open_readonly(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection that cannot change the file (autocommit: no held snapshot)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def say(*parts: Any) -> None:
    """Human-readable progress and figures (stdout, flushed so it interleaves with stderr)."""
    print(*parts, flush=True)


def note(*parts: Any) -> None:
    """Progress that is not a result (stderr)."""
    print(*parts, file=sys.stderr, flush=True)


def load_average() -> float | None:
    """The 1-minute load average (None where the OS has none): other work skews the figures."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None
