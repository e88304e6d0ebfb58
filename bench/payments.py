"""Payments benchmark: verify-and-apply under duplicate callbacks, on SQLite and PostgreSQL.

For each database, starts the real server (uvicorn on a thread, 127.0.0.1, sandbox gateway),
opens shops, starts N payments and pays each at the sandbox without following its redirect
(setup, not timed). Then the timed phase sends every payment's callback K times at once from
concurrent client threads (P payments in flight), as a browser double-click, a reload and the
gateway's own retries would. Reported: payments applied per second, callback latency p50/p95/
p99, and duplicates applied (a licence extended twice for one payment: must be 0), checked from
the database afterwards (audit rows and paid-until dates).

Human-readable figures go to stdout; the last line is one JSON object with every figure.

    .venv/bin/python bench/payments.py [--payments 200] [--duplicates 5] [--in-flight 8]
                                       [--skip-postgres]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from _common import load_average, note, percentile, say

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from clubdesk_server.models import AuditEntry, Licence, Payment  # noqa: E402
from licence_server import RunningServer, postgres_database, running_server  # noqa: E402

SHOPS = 20
PLAN_DAYS = 30
PHASE_DEADLINE_S = 120.0  # the timed phase stops sending after this, whatever is left
REQUEST_TIMEOUT_S = 30.0
ONE_CLIENT_PAYMENTS = 30


def setup(server: RunningServer, payments: int) -> tuple[list[str], dict[str, Any]]:
    """Shops, a plan and ``payments`` paid-but-not-called-back payments: their callback URLs."""
    plan = server.create_plan(days=PLAN_DAYS, price=490_000)["code"]
    shops: list[tuple[str, str]] = []  # (licence id, token)
    with requests.Session() as http:
        for i in range(SHOPS):
            record = server.create_licence_full(days=30, devices=1)
            response = http.post(
                f"{server.url}/v1/activations",
                json={
                    "licence_key": record["licence_key"],
                    "fingerprint": f"bench-shop-{i:04d}-{record['licence_id']}",
                    "device_name": f"Bench shop {i}",
                },
                timeout=REQUEST_TIMEOUT_S,
            )
            response.raise_for_status()
            shops.append((record["licence_id"], response.json()["token"]))
        before = paid_until(server)
        callbacks = []
        for n in range(payments):
            _licence, token = shops[n % SHOPS]
            started = http.post(
                f"{server.url}/v1/payments",
                json={"plan": plan},
                headers={"Authorization": f"Bearer {token}"},
                timeout=REQUEST_TIMEOUT_S,
            )
            started.raise_for_status()
            pay_url = started.json()["pay_url"]
            paid = http.post(pay_url, data={"choice": "pay"}, allow_redirects=False, timeout=30)
            if paid.status_code != 303:
                raise RuntimeError(f"the sandbox did not redirect: {paid.status_code}")
            callbacks.append(paid.headers["location"])
    return callbacks, {"licences": [s[0] for s in shops], "paid_until": before}


def paid_until(server: RunningServer) -> dict[str, Any]:
    with server.admin.sessions() as session:
        return {lic.public_id: lic.paid_until for lic in session.scalars(select(Licence))}


def fire(callbacks: list[str], duplicates: int, in_flight: int) -> dict[str, Any]:
    """Every callback ``duplicates`` times, the copies of one payment sent side by side."""
    local = threading.local()
    lock = threading.Lock()
    latencies: list[float] = []
    sessions: list[requests.Session] = []
    statuses: Counter[int | str] = Counter()
    deadline = time.monotonic() + PHASE_DEADLINE_S

    def hit(url: str) -> None:
        if time.monotonic() > deadline:
            with lock:
                statuses["skipped"] += 1
            return
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
            with lock:
                sessions.append(session)
        start = time.perf_counter()
        try:
            status: int | str = session.get(url, timeout=REQUEST_TIMEOUT_S).status_code
        except requests.RequestException:
            status = "error"
        took = time.perf_counter() - start
        with lock:
            latencies.append(took)
            statuses[status] += 1

    tasks = [url for url in callbacks for _ in range(duplicates)]
    started = time.perf_counter()
    with ThreadPoolExecutor(duplicates * in_flight) as pool:
        list(pool.map(hit, tasks))
    elapsed = time.perf_counter() - started
    for session in sessions:
        session.close()
    ms = sorted(s * 1000.0 for s in latencies) or [float("nan")]
    return {
        "callbacks": len(latencies),
        "statuses": {str(k): v for k, v in statuses.items()},
        "seconds": round(elapsed, 3),
        "callback_p50_ms": round(percentile(ms, 0.50), 3),
        "callback_p95_ms": round(percentile(ms, 0.95), 3),
        "callback_p99_ms": round(percentile(ms, 0.99), 3),
    }


def check(server: RunningServer, before: dict[str, Any], licences: list[str]) -> dict[str, Any]:
    """From the database: payments applied, and any applied twice (audits, paid-until)."""
    with server.admin.sessions() as session:
        states = Counter(session.scalars(select(Payment.state)))
        verifies = Counter(
            a.details.get("payment")
            for a in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "payment.verify")
            )
        )
        applied_per_licence: Counter[str] = Counter()
        for licence_id, state in session.execute(
            select(Licence.public_id, Payment.state).join(Licence, Payment.licence_id == Licence.id)
        ):
            applied_per_licence[licence_id] += state == "applied"
    after = paid_until(server)
    wrong_dates = sum(
        after[lic] != before[lic] + timedelta(days=PLAN_DAYS * applied_per_licence[lic])
        for lic in licences
    )
    return {
        "states": dict(states),
        "applied": states.get("applied", 0),
        "duplicates_applied": sum(n - 1 for n in verifies.values() if n > 1) + wrong_dates,
    }


def measure(
    name: str, tmp: Path, database_url: str | None, payments: int, duplicates: int, in_flight: int
) -> dict[str, Any]:
    with running_server(tmp / name, database_url) as server:
        note(f"{name}: {payments} payments paid at the sandbox (setup) ...")
        callbacks, start = setup(server, payments + ONE_CLIENT_PAYMENTS)
        note(f"{name}: {duplicates} callbacks per payment, {in_flight} payments in flight ...")
        figures = fire(callbacks[:payments], duplicates, in_flight)
        # What one shop sees on an idle server: one callback at a time, each applying.
        alone = fire(callbacks[payments:], 1, 1)
        figures["one_client"] = {k: v for k, v in alone.items() if k.startswith("callback_")}
        figures |= check(server, start["paid_until"], start["licences"])
    figures["applied_per_s"] = round(
        (figures["applied"] - ONE_CLIENT_PAYMENTS) / figures["seconds"], 1
    )
    return figures


def show(name: str, f: dict[str, Any]) -> None:
    say(
        f"{name:10s} {f['applied']} applied in {f['seconds']:.2f} s: "
        f"{f['applied_per_s']:.1f} payments/s  callbacks {f['callbacks']} "
        f"p50 {f['callback_p50_ms']:.1f} ms  p95 {f['callback_p95_ms']:.1f} ms  "
        f"p99 {f['callback_p99_ms']:.1f} ms  statuses {f['statuses']}  "
        f"duplicates applied {f['duplicates_applied']}"
    )
    one = f["one_client"]
    say(
        f"{'':10s} one client, no duplicates: p50 {one['callback_p50_ms']:.1f} ms  "
        f"p95 {one['callback_p95_ms']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=200)
    parser.add_argument("--duplicates", type=int, default=5, help="callbacks per payment")
    parser.add_argument("--in-flight", type=int, default=8, help="payments called back at once")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    result: dict[str, Any] = {
        "payments": args.payments,
        "duplicates": args.duplicates,
        "in_flight": args.in_flight,
        "shops": SHOPS,
        "load_average": load_average(),
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="clubdesk-bench-") as tmp_dir:
        tmp = Path(tmp_dir)
        figures = measure("sqlite", tmp, None, args.payments, args.duplicates, args.in_flight)
        result["databases"]["sqlite"] = figures
        show("sqlite", figures)
        if not args.skip_postgres:
            with postgres_database() as pg_url:
                figures = measure(
                    "postgres", tmp, pg_url, args.payments, args.duplicates, args.in_flight
                )
            result["databases"]["postgresql"] = figures
            show("postgresql", figures)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
