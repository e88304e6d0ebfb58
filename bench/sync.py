"""Cloud sync benchmark: push and pull of many changes, and a new PC's download of a big shop.

Runs the real server (``clubdesk-server serve`` in its own process) on 127.0.0.1 (SQLite, or
PostgreSQL with --postgres) and real activated tills in temporary folders, then times:

- till A pushes ``--changes`` changes (demo members and their purchases, queued by sync);
- till B, new, pulls and applies them;
- a shop of ``--members`` members (bench/data/members-N, built by counter_search.py when
  missing) is switched to sync (queueing everything), pushed, and downloaded whole by a new PC.

Human-readable figures go to stdout; the last line is one JSON object with every figure.

    .venv/bin/python bench/sync.py --changes 100000 --members 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests

from _common import DATA_DIR, load_average, note, say

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from clubdesk.licensing import fingerprint  # noqa: E402
from clubdesk.licensing.keys import load_keys  # noqa: E402
from clubdesk.licensing.manager import LicenceManager  # noqa: E402
from clubdesk.services import ClubServices  # noqa: E402
from clubdesk.storage.database import DB_FILENAME  # noqa: E402
from counter_search import ensure_members  # noqa: E402
from licence_server import RunningServer, postgres_database, running_server  # noqa: E402

fingerprint.machine_id = lambda: ""  # every folder its own computer (a random id in the folder)


@contextmanager
def server_process(server: RunningServer) -> Iterator[str]:
    """``clubdesk-server serve`` in its own process on the same database and keys, as in
    production (an in-process server would share the tills' interpreter lock)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "CLUBDESK_SERVER_DATA_DIR": str(server.settings.data_dir),
        "CLUBDESK_SERVER_KEYS_DIR": str(server.keys_dir),
        "CLUBDESK_SERVER_DATABASE_URL": server.database_url,
        "CLUBDESK_SERVER_GATEWAY": "sandbox",
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("clubdesk-server")), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):
            try:
                if requests.get(f"{url}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        else:
            raise SystemExit("the server process did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def till(folder: Path, server: RunningServer, key: str, url: str) -> ClubServices:
    folder.mkdir(parents=True, exist_ok=True)
    manager = LicenceManager(folder, keys=load_keys(server.public_keys))
    manager.activate(url, key, folder.name)
    return ClubServices.open(folder, actor=folder.name, licence=manager)


def timed(call: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def measure_changes(server: RunningServer, url: str, tmp: Path, changes: int) -> dict[str, Any]:
    key = server.create_licence(days=365, devices=10)
    a = till(tmp / "changes-a", server, key, url)
    b = till(tmp / "changes-b", server, key, url)
    try:
        a.sync_service().enable()
        b.sync_service().enable()
        note(f"queueing about {changes:,} changes on till A ...")
        a.add_demo_members(max(1, changes * 5 // 6))  # demo members come with some purchases
        queued = a.sync_service().status().pending
        note(f"pushing {queued:,} changes ...")
        push_s, pushed = timed(lambda: a.sync_service().push())
        note("pulling them on till B ...")
        pull_s, (pulled, _outcome) = timed(lambda: b.sync_service().pull())
        members = b.count_members()
    finally:
        a.close()
        b.close()
    return {
        "changes": pushed,
        "push_s": round(push_s, 2),
        "push_per_s": round(pushed / push_s),
        "pull_s": round(pull_s, 2),
        "pull_per_s": round(pulled / pull_s),
        "pulled": pulled,
        "members_on_b": members,
    }


def measure_shop(server: RunningServer, url: str, tmp: Path, members: int) -> dict[str, Any]:
    source = DATA_DIR / f"members-{members}"
    builder = ClubServices.open(source, actor="bench")
    try:
        ensure_members(builder, members)
    finally:
        builder.close()
    key = server.create_licence(days=365, devices=10)
    folder = tmp / "shop-a"
    folder.mkdir()
    shutil.copyfile(source / DB_FILENAME, folder / DB_FILENAME)
    a = till(folder, server, key, url)
    c = till(tmp / "shop-new-pc", server, key, url)
    try:
        note(f"switching sync on for a shop of {members:,} members ...")
        seed_s, queued = timed(lambda: a.sync_service().enable())
        note(f"pushing {queued:,} changes ...")
        push_s, pushed = timed(lambda: a.sync_service().push())
        c.sync_service().enable()
        note("a new PC downloads the whole shop ...")
        download_s, (pulled, _outcome) = timed(lambda: c.sync_service().pull())
        on_new_pc = c.count_members()
    finally:
        a.close()
        c.close()
    return {
        "members": members,
        "queued": queued,
        "enable_s": round(seed_s, 2),
        "push_s": round(push_s, 2),
        "pushed": pushed,
        "download_s": round(download_s, 2),
        "downloaded": pulled,
        "members_on_new_pc": on_new_pc,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=1_000_000, help="0 skips the big shop")
    parser.add_argument("--postgres", action="store_true", help="the server on PostgreSQL")
    args = parser.parse_args()
    result: dict[str, Any] = {
        "server_database": "postgresql" if args.postgres else "sqlite",
        "cpus": os.cpu_count(),
        "load_average": [load_average()],
    }
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="clubdesk-sync-")))
        url = stack.enter_context(postgres_database()) if args.postgres else None
        server = stack.enter_context(running_server(tmp / "server", url))
        served = stack.enter_context(server_process(server))
        result["changes"] = c = measure_changes(server, served, tmp, args.changes)
        say(
            f"{c['changes']:,} changes: push {c['push_s']} s ({c['push_per_s']:,}/s), "
            f"pull and apply {c['pull_s']} s ({c['pull_per_s']:,}/s)"
        )
        if args.members:
            result["shop"] = s = measure_shop(server, served, tmp, args.members)
            say(
                f"shop of {s['members']:,} members: switch sync on {s['enable_s']} s "
                f"({s['queued']:,} changes), push {s['push_s']} s, "
                f"new PC's full download {s['download_s']} s "
                f"({s['members_on_new_pc']:,} members)"
            )
    result["load_average"].append(load_average())
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
