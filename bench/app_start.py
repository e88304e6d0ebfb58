"""App start to a focused, usable search box, and memory with the members list open.

    python bench/app_start.py --members 1000000 [--runs 3] [--data DIR]

Starts the real app (offscreen) several times on a database of N members. The app's probe
(clubdesk.ui.probe) reports, counted from just before the process is started, when the search
box had focus and took typing, and when the first search typed into it was answered (the
database is opened in the background meanwhile); then it opens the members list, scrolls to
the bottom and reports resident memory. Targets: ready < 1,500 ms, memory < 250 MB.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READY_TARGET_MS = 1500
RSS_TARGET_MB = 250


def ensure_members(folder: Path, count: int) -> float:
    """Build the database through the real code unless it already holds ``count`` members."""
    from clubdesk.services import ClubServices

    club = ClubServices.open(folder, actor="bench")
    try:
        have = club.count_members()
        if have >= count:
            return 0.0
        started = time.perf_counter()
        club.add_demo_members(count - have)
        return time.perf_counter() - started
    finally:
        club.close()


@contextmanager
def licensed(folder: Path) -> Iterator[dict[str, str]]:
    """A licence server on 127.0.0.1 for the runs, the shop activated against it, and the
    environment that makes the app trust its key: a shop without a licence is locked, and its
    search would never answer."""
    sys.path.insert(0, str(ROOT / "tests"))
    from clubdesk.licensing.keys import load_keys
    from clubdesk.licensing.manager import LicenceManager
    from licence_server import running_server

    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as server:
        key = server.create_licence(days=30, devices=3)
        LicenceManager(folder, keys=load_keys(server.public_keys)).activate(
            server.url, key, "bench"
        )
        yield {"CLUBDESK_DEV_PUBLIC_KEYS": str(server.public_keys_file)}


def one_start(folder: Path, licence_env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.json"
        env = (
            os.environ
            | licence_env
            | {
                "CLUBDESK_READY_PROBE": str(probe),
                "QT_QPA_PLATFORM": "offscreen",
                "XDG_CONFIG_HOME": tmp,  # no saved window state or language from earlier runs
            }
        )
        env["CLUBDESK_PROBE_T0"] = repr(time.time())  # just before the process is started
        subprocess.run(
            [sys.executable, "-m", "clubdesk", "--data-dir", str(folder)],
            env=env, check=True, timeout=120, capture_output=True,
        )  # fmt: skip
        return json.loads(probe.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    folder = args.data or ROOT / "bench" / "data" / f"members-{args.members}"
    build_seconds = ensure_members(folder, args.members)
    if build_seconds:
        print(f"built {args.members:,} members in {build_seconds:.1f} s")
    with licensed(folder) as licence_env:
        one_start(folder, licence_env)  # warm the page cache, as a till that has run before
        runs = [one_start(folder, licence_env) for _ in range(args.runs)]
    ready = [run["ready_ms"] for run in runs]
    rss = [run["rss_list_mb"] for run in runs]
    result = {
        "members": runs[0]["members"],
        "runs": args.runs,
        "ready_ms_median": statistics.median(ready),
        "ready_ms_max": max(ready),
        "first_results_ms_median": statistics.median(run["first_results_ms"] for run in runs),
        "rss_ready_mb_max": max(run["rss_ready_mb"] for run in runs),
        "rss_list_mb_max": max(rss),
        "ready_target_ms": READY_TARGET_MS,
        "rss_target_mb": RSS_TARGET_MB,
    }
    result["targets_met"] = (
        result["ready_ms_max"] < READY_TARGET_MS
        and result["first_results_ms_median"] < READY_TARGET_MS
        and result["rss_list_mb_max"] < RSS_TARGET_MB
    )
    print(f"members: {result['members']:,}")
    print(f"start to focused search box: median {result['ready_ms_median']:.0f} ms, "
          f"max {result['ready_ms_max']:.0f} ms (target < {READY_TARGET_MS} ms)")  # fmt: skip
    print(f"first search answered (database open): median "
          f"{result['first_results_ms_median']:.0f} ms")  # fmt: skip
    print(f"resident memory with the members list open: max {result['rss_list_mb_max']:.0f} MB "
          f"(target < {RSS_TARGET_MB} MB)")  # fmt: skip
    print(json.dumps(result))


if __name__ == "__main__":
    main()
