"""Backup benchmark: create, verify and restore an encrypted backup of a shop database at scale.

Uses (or builds) the demo database of ``counter_search.py`` (bench/data/members-N), copied to a
scratch folder so the cached one is never changed, then times:

- a plain ``sqlite3`` backup-API copy of the same file (the floor any backup pays);
- ``BackupService.create`` (consistent snapshot, Zstandard, AES-256-GCM, fsync, rename);
- ``BackupService.verify`` (decrypt to a temporary file, SHA-256, SQLite integrity_check), and
  the same with quick_check (``thorough=False``);
- SQLite's integrity_check alone on the plain copy: the floor of a thorough verify, which no
  archive format can lower;
- ``BackupService.restore`` (verify, pre-restore backup of the current data, crash-safe swap);
- the counter's ``ClubServices.search`` p95 from another thread while a backup is created.

Targets: create + verify within 3x the plain copy; search p95 under 10 ms during a backup.
Human-readable figures go to stdout; the last line is one JSON object with every figure.

    .venv/bin/python bench/backup.py --members 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from _common import DATA_DIR, Stats, load_average, note, open_readonly, say, timed
from clubdesk.backup.snapshot import integrity_problem
from clubdesk.core.phone import national_digits
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME
from counter_search import ensure_members, sample_members

PASSPHRASE = "benchmark passphrase of the shop"
RATIO_TARGET = 3.0
SEARCH_TARGET_MS = 10.0
SEED = 1405


def plain_copy(source: Path, dest: Path) -> None:
    """The floor: sqlite3's backup API in one go, no compression, no encryption, no fsync."""
    dest.unlink(missing_ok=True)
    src = open_readonly(source)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def search_texts(path: Path, count: int) -> list[str]:
    """What cashiers type: last 4 digits, phone prefixes, name prefixes of real members."""
    rng = random.Random(SEED)
    conn = open_readonly(path)
    try:
        members = sample_members(conn, rng, count)
    finally:
        conn.close()
    texts: list[str] = []
    for m in members:
        digits = "0" + national_digits(m.phone)
        texts.append(rng.choice([digits[-4:], digits[:7], m.first_name[:3], digits]))
    return texts


class CounterLoad:
    """Searches in a loop on another thread (the cashier typing); latencies while ``busy``."""

    def __init__(self, club: ClubServices, texts: list[str]) -> None:
        self.club, self.texts = club, texts
        self.busy, self.stop = threading.Event(), threading.Event()
        self.seconds: list[float] = []
        self.thread = threading.Thread(target=self._run, name="counter")

    def _run(self) -> None:
        i = 0
        while not self.stop.is_set():
            text = self.texts[i % len(self.texts)]
            took, _ = timed(partial(self.club.search, text))
            if self.busy.is_set():
                self.seconds.append(took)
            i += 1

    def __enter__(self) -> CounterLoad:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, required=True, help="members in the database")
    parser.add_argument("--data", type=Path, help="source folder (default bench/data/members-N)")
    parser.add_argument("--scratch", type=Path, help="where to work (default: a temp folder)")
    args = parser.parse_args(argv)
    if args.members <= 0:
        parser.error("--members must be > 0")
    return args


def measure(args: argparse.Namespace) -> dict[str, Any]:
    source_dir: Path = args.data or DATA_DIR / f"members-{args.members}"
    services = ClubServices.open(source_dir, actor="bench")
    try:
        build = ensure_members(services, args.members)
    finally:
        services.close()
    scratch = Path(tempfile.mkdtemp(prefix="clubdesk-bench-backup-", dir=args.scratch))
    try:
        shop = scratch / "shop"
        shop.mkdir()
        note(f"copying the database to {shop} ...")
        plain_copy(source_dir / DB_FILENAME, shop / DB_FILENAME)
        db_size = (shop / DB_FILENAME).stat().st_size
        club = ClubServices.open(shop, actor="bench")
        try:
            service = club.backups()
            service.setup(PASSPHRASE)
            members = club.count_members()
            texts = search_texts(shop / DB_FILENAME, 300)
            for text in texts[:20]:  # warm the cache and the code paths
                club.search(text)
            load_before = load_average()

            note("timing a plain sqlite3 backup-API copy ...")
            plain_s, _ = timed(lambda: plain_copy(shop / DB_FILENAME, scratch / "plain.sqlite3"))
            note("timing SQLite's integrity_check alone on the plain copy ...")
            check_s, problem = timed(lambda: integrity_problem(scratch / "plain.sqlite3"))
            if problem is not None:
                raise SystemExit(f"the benchmark database is damaged: {problem}")
            (scratch / "plain.sqlite3").unlink()

            note("timing create while the counter searches ...")
            quiet = [timed(lambda t=t: club.search(t))[0] for t in texts]
            with CounterLoad(club, texts) as counter:
                counter.busy.set()
                create_s, info = timed(lambda: service.create("manual"))
                counter.busy.clear()
            during = counter.seconds

            note("timing verify ...")
            verify_s, _ = timed(lambda: service.verify(info.path))
            quick_s, _ = timed(lambda: service.verify(info.path, thorough=False))
            note("timing restore ...")
            restore_s, result = timed(lambda: service.restore(info.path))
            club.reload()
            restored_members = club.count_members()
            load_after = load_average()
        finally:
            club.close()
        archive_size = info.size
        pre_restore_size = result.saved_current.size if result.saved_current else None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    during_stats = Stats.of(during) if during else None
    quiet_stats = Stats.of(quiet)
    ratio = (create_s + verify_s) / plain_s if plain_s > 0 else None
    quick_ratio = (create_s + quick_s) / plain_s if plain_s > 0 else None
    targets = {
        "create_verify_ratio": ratio is not None and ratio <= RATIO_TARGET,
        "create_quick_verify_ratio": quick_ratio is not None and quick_ratio <= RATIO_TARGET,
        "search_p95_during_backup": during_stats is not None
        and during_stats.p95_ms < SEARCH_TARGET_MS,
        "restored_all_members": restored_members == members,
    }
    return {
        "members": members,
        "build_seconds": None if build is None else round(build, 1),
        "sqlite_version": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "load_average": [load_before, load_after],
        "db_bytes": db_size,
        "archive_bytes": archive_size,
        "compression_ratio": round(db_size / archive_size, 2) if archive_size else None,
        "plain_copy_s": round(plain_s, 3),
        "integrity_check_alone_s": round(check_s, 3),
        "create_s": round(create_s, 3),
        "verify_s": round(verify_s, 3),
        "verify_quick_s": round(quick_s, 3),
        "restore_s": round(restore_s, 3),
        "create_plus_verify_over_plain": None if ratio is None else round(ratio, 2),
        "create_plus_quick_verify_over_plain": None
        if quick_ratio is None
        else round(quick_ratio, 2),
        "pre_restore_bytes": pre_restore_size,
        "search_quiet": quiet_stats.as_dict(),
        "search_during_backup": during_stats.as_dict() if during_stats else None,
        "targets": targets,
        "targets_met": all(targets.values()),
    }


def report(figures: dict[str, Any]) -> None:
    mb = 1_000_000
    say(f"ClubDesk backup benchmark: {figures['members']:,} members, SQLite "
        f"{figures['sqlite_version']}, {figures['cpus']} CPUs")  # fmt: skip
    sizes = (figures["db_bytes"] / mb, figures["archive_bytes"] / mb)
    say(f"database {sizes[0]:,.1f} MB -> archive {sizes[1]:,.1f} MB "
        f"({figures['compression_ratio']}x smaller)")  # fmt: skip
    say()
    say(f"{'plain sqlite3 backup-API copy':<34} {figures['plain_copy_s']:8.2f} s")
    say(f"{'integrity_check alone on the copy':<34} {figures['integrity_check_alone_s']:8.2f} s")
    say(f"{'create (snapshot+zstd+AES-GCM)':<34} {figures['create_s']:8.2f} s")
    say(f"{'verify (decrypt+SHA-256+integrity)':<34} {figures['verify_s']:8.2f} s")
    say(f"{'verify with quick_check':<34} {figures['verify_quick_s']:8.2f} s")
    say(f"{'restore (verify+pre-restore+swap)':<34} {figures['restore_s']:8.2f} s")
    say(f"(create + verify) / plain copy: {figures['create_plus_verify_over_plain']}x; "
        f"with quick_check {figures['create_plus_quick_verify_over_plain']}x")  # fmt: skip
    say()
    quiet, during = figures["search_quiet"], figures["search_during_backup"]
    say(f"counter search, ms        {'p50':>8} {'p95':>8} {'max':>8} {'n':>6}")
    say(f"quiet                     {quiet['p50_ms']:8.3f} {quiet['p95_ms']:8.3f} "
        f"{quiet['max_ms']:8.3f} {quiet['n']:6d}")  # fmt: skip
    if during:
        say(f"during create             {during['p50_ms']:8.3f} {during['p95_ms']:8.3f} "
            f"{during['max_ms']:8.3f} {during['n']:6d}")  # fmt: skip
    say()
    texts = {
        "create_verify_ratio": f"create + verify within {RATIO_TARGET:g}x the plain copy",
        "create_quick_verify_ratio": f"create + quick verify within {RATIO_TARGET:g}x",
        "search_p95_during_backup": f"search p95 under {SEARCH_TARGET_MS:g} ms during a backup",
        "restored_all_members": "the restore brought back every member",
    }
    for key, met in figures["targets"].items():
        say(f"{'PASS' if met else 'MISS'} {texts[key]}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    figures = measure(args)
    figures["total_seconds"] = round(time.perf_counter() - started, 1)
    report(figures)
    say(json.dumps(figures, ensure_ascii=False))  # the last line: every figure, for machines
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
