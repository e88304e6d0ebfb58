"""Licence server benchmark: lease refreshes under concurrent clients, and lease verification.

For SQLite and PostgreSQL, starts the real server (uvicorn on a thread, 127.0.0.1), activates
devices on one licence, then sends a fixed number of lease refreshes from concurrent client
threads. The same load against a bare FastAPI ``GET /ping`` served the same way gives the
baseline. Finally times the app-side ``verify()`` of one signed lease.

Human-readable figures go to stdout; the last line is one JSON object with every figure.

    .venv/bin/python bench/licence_server.py [--clients 50] [--requests 2000] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from fastapi import FastAPI

from _common import load_average, note, percentile, say

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from clubdesk.licensing.keys import load_keys, verify  # noqa: E402
from clubdesk.protocol import SignedLease  # noqa: E402
from clubdesk_server.serving import bind_socket, serve_in_thread, url_of  # noqa: E402
from licence_server import postgres_database, running_server  # noqa: E402

DEVICES = 50
DEVICE_LIMIT = 60
WARMUP = 100
PHASE_DEADLINE_S = 120.0  # a load phase stops sending after this, whatever is left
REQUEST_TIMEOUT_S = 10.0
VERIFY_ROUNDS = 2000
ONE_CLIENT_REQUESTS = 200
VERIFY_TARGET_US = 1000.0

# One request with a client's session: returns the HTTP status.
Call = Callable[[requests.Session, int], int]


def run_load(call: Call, clients: int, total: int) -> dict[str, Any]:
    """``total`` calls shared by ``clients`` threads (one Session each); latency and errors."""
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + PHASE_DEADLINE_S

    def worker(client: int) -> None:
        nonlocal issued, errors
        mine: list[float] = []
        failed = 0
        with requests.Session() as session:
            while time.monotonic() < deadline:
                with lock:
                    if issued >= total:
                        break
                    issued += 1
                start = time.perf_counter()
                try:
                    ok = call(session, client) == 200
                except requests.RequestException:
                    ok = False
                mine.append(time.perf_counter() - start)
                failed += not ok
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(PHASE_DEADLINE_S + 2 * REQUEST_TIMEOUT_S)
    elapsed = time.perf_counter() - started
    ms = sorted(s * 1000.0 for s in latencies) or [float("nan")]
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 3),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(ms, 0.50), 3),
        "p95_ms": round(percentile(ms, 0.95), 3),
        "p99_ms": round(percentile(ms, 0.99), 3),
    }


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    return app


def measure_bare(clients: int, total: int) -> dict[str, Any]:
    sock = bind_socket("127.0.0.1", 0)
    url = url_of(sock)
    with serve_in_thread(bare_app(), sock):

        def ping(session: requests.Session, client: int) -> int:
            return session.get(f"{url}/ping", timeout=REQUEST_TIMEOUT_S).status_code

        run_load(ping, clients, WARMUP)
        return run_load(ping, clients, total)


def measure_database(
    name: str, tmp: Path, database_url: str | None, clients: int, total: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Refresh figures and bare baseline for one database; also a signed lease and its keys."""
    with running_server(tmp / name, database_url) as server:
        licence_key = server.create_licence(devices=DEVICE_LIMIT)
        tokens: list[str] = []
        for i in range(DEVICES):
            resp = requests.post(
                f"{server.url}/v1/activations",
                json={
                    "licence_key": licence_key,
                    "fingerprint": f"bench-device-{i:04d}-" + secrets.token_hex(20),
                    "device_name": f"Bench device {i}",
                },
                timeout=REQUEST_TIMEOUT_S,
            )
            resp.raise_for_status()
            tokens.append(resp.json()["token"])

        def refresh(session: requests.Session, client: int) -> int:
            headers = {"Authorization": f"Bearer {tokens[client % len(tokens)]}"}
            resp = session.post(
                f"{server.url}/v1/lease", headers=headers, timeout=REQUEST_TIMEOUT_S
            )
            return resp.status_code

        resp = requests.post(
            f"{server.url}/v1/lease",
            headers={"Authorization": f"Bearer {tokens[0]}"},
            timeout=REQUEST_TIMEOUT_S,
        )
        resp.raise_for_status()
        sample = {"lease": resp.json(), "public_keys": server.public_keys}

        run_load(refresh, clients, WARMUP)
        figures = run_load(refresh, clients, total)
        # What one shop sees on an idle server: a round trip on a kept-alive connection.
        figures["one_client"] = run_load(refresh, 1, ONE_CLIENT_REQUESTS)
    figures["bare"] = bare = measure_bare(clients, total)
    figures["p95_ratio"] = round(figures["p95_ms"] / bare["p95_ms"], 2)
    figures["throughput_ratio"] = round(figures["throughput_rps"] / bare["throughput_rps"], 3)
    return figures, sample


def measure_verify(sample: dict[str, Any]) -> dict[str, Any]:
    signed = SignedLease.model_validate(sample["lease"])
    keys = load_keys(sample["public_keys"])
    if not verify(signed, keys):
        raise RuntimeError("the sample lease does not verify")
    times: list[float] = []
    for _ in range(VERIFY_ROUNDS):
        start = time.perf_counter()
        verify(signed, keys)
        times.append(time.perf_counter() - start)
    us = sorted(t * 1e6 for t in times)
    mean = sum(us) / len(us)
    p95 = percentile(us, 0.95)
    return {
        "rounds": VERIFY_ROUNDS,
        "mean_us": round(mean, 1),
        "p95_us": round(p95, 1),
        "target_us": VERIFY_TARGET_US,
        "target_met": p95 < VERIFY_TARGET_US,
    }


def show(name: str, f: dict[str, Any]) -> None:
    b = f["bare"]
    say(
        f"{name:10s} refresh: {f['throughput_rps']:8.1f} req/s  p50 {f['p50_ms']:.1f} ms  "
        f"p95 {f['p95_ms']:.1f} ms  p99 {f['p99_ms']:.1f} ms  "
        f"errors {f['errors']}/{f['requests']}"
    )
    say(
        f"{'':10s} bare:    {b['throughput_rps']:8.1f} req/s  p50 {b['p50_ms']:.1f} ms  "
        f"p95 {b['p95_ms']:.1f} ms  p99 {b['p99_ms']:.1f} ms  "
        f"errors {b['errors']}/{b['requests']}"
    )
    one = f["one_client"]
    say(f"{'':10s} one client: p50 {one['p50_ms']:.1f} ms  p95 {one['p95_ms']:.1f} ms")
    say(f"{'':10s} refresh/bare: p95 x{f['p95_ratio']}, throughput x{f['throughput_ratio']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    result: dict[str, Any] = {
        "clients": args.clients,
        "requests": args.requests,
        "devices": DEVICES,
        "load_average": load_average(),
        "databases": {},
    }
    sample: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="clubdesk-bench-") as tmp_dir:
        tmp = Path(tmp_dir)
        note("sqlite: activating devices and refreshing leases ...")
        figures, sample = measure_database("sqlite", tmp, None, args.clients, args.requests)
        result["databases"]["sqlite"] = figures
        show("sqlite", figures)
        if not args.skip_postgres:
            note("postgresql: activating devices and refreshing leases ...")
            with postgres_database() as pg_url:
                figures, _ = measure_database("postgres", tmp, pg_url, args.clients, args.requests)
            result["databases"]["postgresql"] = figures
            show("postgresql", figures)

    result["verify"] = v = measure_verify(sample)
    say(
        f"verify():  mean {v['mean_us']:.1f} us  p95 {v['p95_us']:.1f} us  "
        f"(target < {VERIFY_TARGET_US:.0f} us: {'met' if v['target_met'] else 'NOT met'})"
    )
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
