"""Load benchmark: many shops at once against 1, 2 and 4 workers of the server, on PostgreSQL.

Loads ``--licences`` businesses, licences and activated devices straight into a new PostgreSQL
database (bulk inserts, a second or two), then for each worker count starts the real
``clubdesk-server serve --workers N`` (Redis for the shared rate limits, the scheduled jobs
on, as in production) on 127.0.0.1 and sends it a mix from ``--clients`` concurrent clients
(threads in ``--client-processes`` processes, so the clients' own Python is not the limit),
each call as a random shop's device:

- lease refresh   ``POST /v1/lease``       (50 %)
- plan lookup     ``GET /v1/plans``        (30 %)
- sync push       ``POST /v1/sync/push``   (20 %, batches of ``--batch`` changes)

Each phase sends ``--requests`` calls, or stops at ``--seconds``, whichever comes first, after a
short warm-up. Throughput, p50/p95/p99 latency and errors per call and overall go to stdout;
the last line is one JSON object with every figure. Loopback only; everything it starts stops.

    .venv/bin/python bench/load.py [--licences 10000] [--workers 1,2,4] [--requests 6000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import requests
from sqlalchemy.orm import Session

from _common import load_average, note, percentile, say

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from clubdesk.core.ids import new_public_id  # noqa: E402
from clubdesk_server import keys  # noqa: E402
from clubdesk_server.admin import Admin  # noqa: E402
from clubdesk_server.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from clubdesk_server.licensing import hash_secret  # noqa: E402
from clubdesk_server.models import Business, Device, Licence  # noqa: E402
from clubdesk_server.settings import Settings  # noqa: E402
from licence_server import postgres_database, serve_process  # noqa: E402

REDIS_URL = os.environ.get("CLUBDESK_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
MIX = (("lease", 0.5), ("plans", 0.3), ("sync", 0.2))
WARMUP_REQUESTS = 300
REQUEST_TIMEOUT_S = 30.0
CHUNK = 2000  # rows per bulk insert


# -- the shops ----------------------------------------------------------------------------------


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """One multi-row INSERT (batched by SQLAlchemy) of ``rows``; their ids, in order."""
    table = model.__table__
    returning = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(session.scalars(returning, rows))


def seed(database_url: str, count: int) -> tuple[list[str], float]:
    """``count`` businesses, each with a licence (a year left) and one activated device; plans
    on sale. Returns the devices' bearer tokens and the seconds it took."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    tokens = [secrets.token_urlsafe(32) for _ in range(count)]
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    try:
        for first in range(0, count, CHUNK):
            batch = range(first, min(first + CHUNK, count))
            with transaction(sessions) as session:
                businesses = [
                    {
                        "public_id": new_public_id(),
                        "name": f"Bench shop {i}",
                        "mobile": f"+98912{i:07d}",
                        "owner_name": "",
                        "created_at": now,
                    }
                    for i in batch
                ]
                business_ids = _insert(session, Business, businesses)
                licences = [
                    {
                        "public_id": new_public_id(),
                        "business_id": business_id,
                        "key_hash": secrets.token_hex(32),
                        "key_prefix": "CD-BENCH",
                        "plan": "yearly",
                        "paid_until": now + timedelta(days=365),
                        "device_limit": 2,
                        "status": "active",
                        "data_hold": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for business_id in business_ids
                ]
                licence_ids = _insert(session, Licence, licences)
                devices = [
                    {
                        "public_id": new_public_id(),
                        "licence_id": licence_id,
                        "fingerprint_hash": secrets.token_hex(32),
                        "name": "Till 1",
                        "first_seen": now,
                        "last_seen": now,
                        "token_hash": hash_secret(tokens[i]),
                    }
                    for i, licence_id in zip(batch, licence_ids, strict=True)
                ]
                _insert(session, Device, devices)
    finally:
        engine.dispose()
    return tokens, time.perf_counter() - started


def seed_plans(settings: Settings) -> None:
    with Admin(settings, actor="admin:bench") as admin:
        for code, days, price in (("monthly", 30, 490_000), ("yearly", 365, 4_490_000)):
            admin.create_plan(
                code=code, name_fa=code, name_en=code.title(), days=days, price=price,
                device_limit=2,
            )  # fmt: skip


# -- the clients --------------------------------------------------------------------------------


def _call(
    http: requests.Session, url: str, op: str, token: str, batch: int, rng: random.Random
) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    if op == "lease":
        return http.post(f"{url}/v1/lease", headers=headers, timeout=REQUEST_TIMEOUT_S).status_code
    if op == "plans":
        return http.get(f"{url}/v1/plans", timeout=REQUEST_TIMEOUT_S).status_code
    changes = [
        {
            "change_id": str(uuid.UUID(int=rng.getrandbits(128))),
            "device": "bench-till",
            "hlc": f"{time.time_ns():020d}-{n:04d}-bench",
            "kind": "member",
            "member": str(uuid.UUID(int=rng.getrandbits(128))),
            "data": {"first_name": "Sara", "points": n},
        }
        for n in range(batch)
    ]
    return http.post(
        f"{url}/v1/sync/push", json={"changes": changes}, headers=headers, timeout=REQUEST_TIMEOUT_S
    ).status_code


def client_process(spec: dict[str, Any]) -> dict[str, Any]:
    """One client process: ``threads`` clients share ``requests`` calls until ``seconds``."""
    url, tokens, batch = spec["url"], spec["tokens"], spec["batch"]
    ops = [op for op, _ in MIX]
    weights = [w for _, w in MIX]
    lock = threading.Lock()
    issued = 0
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    deadline = time.monotonic() + spec["seconds"]

    def client(seed: int) -> None:
        nonlocal issued
        rng = random.Random(seed)
        mine: dict[str, list[float]] = defaultdict(list)
        failed: dict[str, int] = defaultdict(int)
        with requests.Session() as http:
            while time.monotonic() < deadline:
                with lock:
                    if issued >= spec["requests"]:
                        break
                    issued += 1
                op = rng.choices(ops, weights)[0]
                token = tokens[rng.randrange(len(tokens))]
                start = time.perf_counter()
                try:
                    ok = _call(http, url, op, token, batch, rng) == 200
                except requests.RequestException:
                    ok = False
                mine[op].append(time.perf_counter() - start)
                failed[op] += not ok
        with lock:
            for op in mine:
                latencies[op].extend(mine[op])
                errors[op] += failed[op]

    threads = [
        threading.Thread(target=client, args=(spec["seed"] * 1000 + i,), daemon=True)
        for i in range(spec["threads"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(spec["seconds"] + 2 * REQUEST_TIMEOUT_S)
    return {"latencies": dict(latencies), "errors": dict(errors)}


def figures(samples: list[float], errors: int, seconds: float) -> dict[str, Any]:
    ms = sorted(s * 1000.0 for s in samples) or [float("nan")]
    return {
        "requests": len(samples),
        "errors": errors,
        "throughput_rps": round(len(samples) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p95_ms": round(percentile(ms, 0.95), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
    }


def run_phase(
    pool: ProcessPoolExecutor,
    url: str,
    tokens: list[str],
    args: argparse.Namespace,
    total: int,
    seconds: float,
) -> dict[str, Any]:
    """``total`` calls from every client process at once; figures per call and overall."""
    processes = args.client_processes
    threads = max(1, args.clients // processes)
    specs = [
        {
            "url": url,
            "tokens": tokens,
            "batch": args.batch,
            "threads": threads,
            "requests": total // processes + (i < total % processes),
            "seconds": seconds,
            "seed": random.randrange(1 << 30),
        }
        for i in range(processes)
    ]
    started = time.perf_counter()
    parts = list(pool.map(client_process, specs))
    elapsed = time.perf_counter() - started
    per_op: dict[str, Any] = {}
    everything: list[float] = []
    all_errors = 0
    for op, _ in MIX:
        samples = [s for part in parts for s in part["latencies"].get(op, [])]
        errors = sum(part["errors"].get(op, 0) for part in parts)
        per_op[op] = figures(samples, errors, elapsed)
        everything += samples
        all_errors += errors
    result = figures(everything, all_errors, elapsed)
    result["seconds"] = round(elapsed, 2)
    result["calls"] = per_op
    return result


# -- the phases ---------------------------------------------------------------------------------


def measure_workers(
    pool: ProcessPoolExecutor,
    workers: int,
    settings: Settings,
    tokens: list[str],
    args: argparse.Namespace,
    tmp: Path,
) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLUBDESK_SERVER_")} | {
        "CLUBDESK_SERVER_GATEWAY": "sandbox",
        "CLUBDESK_SERVER_REDIS_URL": REDIS_URL,
    }
    serve_args = [
        "--workers", str(workers), "--port", "0", "--database-url", settings.database_url,
        "--data-dir", str(settings.data_dir), "--keys-dir", str(settings.keys_dir),
    ]  # fmt: skip
    started = time.perf_counter()
    with serve_process(serve_args, env, tmp / f"serve-{workers}.log") as (_process, ready):
        start_s = time.perf_counter() - started
        note(f"{workers} worker(s) ready in {start_s:.1f} s; warming up ...")
        run_phase(pool, ready["url"], tokens, args, WARMUP_REQUESTS, args.seconds)
        note(f"{workers} worker(s): {args.requests} calls from {args.clients} clients ...")
        result = run_phase(pool, ready["url"], tokens, args, args.requests, args.seconds)
    result["workers"] = workers
    result["start_s"] = round(start_s, 1)
    return result


def show(r: dict[str, Any]) -> None:
    say(
        f"{r['workers']} worker(s): {r['throughput_rps']:7.1f} req/s  p50 {r['p50_ms']:.1f} ms  "
        f"p95 {r['p95_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  errors {r['errors']}/"
        f"{r['requests']}  ({r['seconds']} s)"
    )
    for op, f in r["calls"].items():
        say(
            f"    {op:6s} {f['throughput_rps']:7.1f} req/s  p50 {f['p50_ms']:.1f} ms  "
            f"p95 {f['p95_ms']:.1f} ms  p99 {f['p99_ms']:.1f} ms  "
            f"errors {f['errors']}/{f['requests']}"
        )


def worker_counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("worker counts such as 1,2,4")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--licences", type=int, default=10_000)
    parser.add_argument("--workers", type=worker_counts, default=[1, 2, 4])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients in all")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--requests", type=int, default=6000, help="calls per phase")
    parser.add_argument("--seconds", type=float, default=60.0, help="at most, per phase")
    parser.add_argument("--batch", type=int, default=5, help="changes per sync push")
    args = parser.parse_args()

    result: dict[str, Any] = {
        "licences": args.licences,
        "clients": args.clients,
        "client_processes": args.client_processes,
        "requests": args.requests,
        "seconds_max": args.seconds,
        "batch": args.batch,
        "mix": dict(MIX),
        "cpus": os.cpu_count(),
        "load_average": load_average(),
        "phases": [],
    }
    with (
        tempfile.TemporaryDirectory(prefix="clubdesk-load-") as tmp_dir,
        postgres_database() as url,
        # The clients' processes, started once (spawned: each imports this module first).
        ProcessPoolExecutor(args.client_processes, mp_context=get_context("spawn")) as pool,
    ):
        tmp = Path(tmp_dir)
        settings = Settings(tmp / "data", tmp / "keys", url, gateway="sandbox")
        keys.ensure(settings.keys_dir)
        engine = make_engine(url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        seed_plans(settings)
        note(f"loading {args.licences:,} licences and devices ...")
        tokens, seed_s = seed(url, args.licences)
        result["seed_s"] = round(seed_s, 2)
        say(f"{args.licences:,} businesses, licences and devices loaded in {seed_s:.1f} s")
        for workers in args.workers:
            phase = measure_workers(pool, workers, settings, tokens, args, tmp)
            result["phases"].append(phase)
            show(phase)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
