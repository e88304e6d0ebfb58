"""Loyalty benchmark: a sale with rich earning rules, and the owner's reports, at shop scale.

Builds (or reuses, cached by size under bench/data) a shop of ``--members`` demo members and
about ``--ledger`` ledger rows spread over the last two Jalali years, loaded with SQL bulk
inserts: purchases with their earn lots, redeems with their lot allocations, expiries and
wallet cashback credit; member caches (points, credit, spend, visits, level) are recomputed
from them. Then it times:

- ``ClubServices.record_purchase`` for random existing members with happy hours on every
  hour, points per visit, levels, cashback and expiry set (p50/p95/p99);
- ``ClubServices.report`` for this month, this fiscal year and last fiscal year.

Human-readable figures go to stdout; the last line is one JSON object with every figure.

    .venv/bin/python bench/loyalty.py --members 1000000 --ledger 10000000
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sqlite3
import time
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import DATA_DIR, Stats, load_average, note, percentile, say, timed
from clubdesk.core.club import (
    ClubRules,
    ExpiryRules,
    Level,
    LevelRules,
    WalletRules,
)
from clubdesk.core.ids import new_public_id, utcnow
from clubdesk.core.programme import EarningRules, HappyHour, Weekday
from clubdesk.core.reports import PeriodKind, period
from clubdesk.services import ClubServices
from clubdesk.storage.database import DB_FILENAME

SEED = 1405
DAYS = 730  # the history spans the last two years
PURCHASE_TARGET_MS = 15.0
LEVELS = ((5_000_000, "Silver", "1.25"), (20_000_000, "Gold", "1.5"))


# ------------------------------------------------------------------------------ database


def _run(conn: sqlite3.Connection, sql: str, *params: Any) -> None:
    took, _ = timed(lambda: conn.execute(sql, params))
    note(f"  {took:6.1f} s  {sql.split('(')[0][:70]}")


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Secondary indexes of the big tables (rebuilt after the load: twice as fast)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
        "tbl_name IN ('purchases', 'ledger', 'lot_allocations')"
    ).fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _history(conn: sqlite3.Connection, members: int, ledger: int, start: float) -> None:
    """Purchases (60% of the rows) with earn lots, redeems with allocations (20%), expiries
    (10%) and cashback credit (10%), evenly over ``DAYS`` days up to now."""
    sales = ledger * 6 // 10
    step = DAYS * 86400 / sales
    stamp = "strftime('%Y-%m-%d %H:%M:%f000', ?1 + i * ?2, 'unixepoch')"
    _run(
        conn,
        "INSERT INTO purchases (id, public_id, member_id, amount, discount, points_earned, "
        "created_at, created_by) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
        f"WHERE i < ?3) SELECT i, uuid7(), (i * 7919) % ?4 + 1, a, 0, a / 10000, {stamp}, "
        "'bench' FROM (SELECT i, ((i * 104729) % 60) * 10000 + 20000 AS a FROM n)",
        start, step, sales, members,
    )  # fmt: skip
    _run(
        conn,
        "INSERT INTO ledger (public_id, member_id, kind, points, unit, purchase_id, note, "
        "created_at, created_by) SELECT uuid7(), member_id, 'earn', points_earned, 'points', id, "
        "'', created_at, created_by FROM purchases ORDER BY id",
    )
    # a redeem of half of every third lot, a day later, its allocation noted in ``note``
    _run(
        conn,
        "INSERT INTO ledger (public_id, member_id, kind, points, unit, note, created_at, "
        "created_by) SELECT uuid7(), member_id, 'redeem', -(points / 2), 'points', id, "
        "strftime('%Y-%m-%d %H:%M:%f000', created_at, '+1 day'), created_by FROM ledger "
        "WHERE kind = 'earn' AND id % 3 = 0 AND created_at < ?1 ORDER BY id",
        _sql_time_days_ago(1),
    )
    _run(
        conn,
        "INSERT INTO lot_allocations (entry_id, lot_id, points) SELECT id, CAST(note AS INTEGER), "
        "-points FROM ledger WHERE kind = 'redeem'",
    )
    _run(conn, "UPDATE ledger SET note = '' WHERE kind = 'redeem'")
    # the rest of every sixth-plus-one lot expires 180 days after it was earned
    _run(
        conn,
        "INSERT INTO ledger (public_id, member_id, kind, points, unit, created_at, created_by, "
        "note) SELECT uuid7(), member_id, 'expire', -points, 'points', "
        "strftime('%Y-%m-%d %H:%M:%f000', created_at, '+180 days'), created_by, '' FROM ledger "
        "WHERE kind = 'earn' AND id % 6 = 1 AND created_at < ?1 ORDER BY id",
        _sql_time_days_ago(180),
    )
    # 2% cashback credit on every sixth-plus-two sale
    _run(
        conn,
        "INSERT INTO ledger (public_id, member_id, kind, points, unit, purchase_id, note, "
        "available_at, created_at, created_by) SELECT uuid7(), member_id, 'earn', amount / 50, "
        "'credit', id, '', created_at, created_at, created_by FROM purchases WHERE id % 6 = 2",
    )


def _sql_time_days_ago(days: int) -> str:
    return (utcnow() - timedelta(days=days)).replace(tzinfo=None).isoformat(sep=" ")


def _caches(conn: sqlite3.Connection, members: int, start: float) -> None:
    """Members joined over the two years; their cached balances and spend from the rows."""
    _run(
        conn,
        "UPDATE members SET created_at = strftime('%Y-%m-%d %H:%M:%f000', ?1 + id * ?2, "
        "'unixepoch')",
        start - 86400, DAYS * 86400 / members,
    )  # fmt: skip
    _run(
        conn,
        "CREATE TEMP TABLE balance AS SELECT member_id, "
        "sum(CASE WHEN unit = 'points' THEN points ELSE 0 END) AS points, "
        "sum(CASE WHEN unit = 'credit' THEN points ELSE 0 END) AS credit "
        "FROM ledger GROUP BY member_id",
    )
    _run(
        conn,
        "CREATE TEMP TABLE spend AS SELECT member_id, sum(amount) AS spent, count(*) AS visits, "
        "max(created_at) AS last FROM purchases GROUP BY member_id",
    )
    _run(
        conn,
        "UPDATE members SET points = b.points, credit = b.credit FROM balance b "
        "WHERE b.member_id = members.id",
    )
    _run(
        conn,
        "UPDATE members SET total_spent = s.spent, visits = s.visits, last_visit_at = s.last, "
        "level = CASE WHEN s.spent >= ?1 THEN ?2 WHEN s.spent >= ?3 THEN ?4 ELSE '' END "
        "FROM spend s WHERE s.member_id = members.id",
        LEVELS[1][0], LEVELS[1][1], LEVELS[0][0], LEVELS[0][1],
    )  # fmt: skip


def ensure_shop(data_dir: Path, members: int, ledger: int) -> float | None:
    """The cached shop, or a new one; seconds the build took, or None if reused."""
    done = data_dir / "built"
    if done.exists():
        note(f"reusing {data_dir}")
        return None
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / DB_FILENAME).unlink(missing_ok=True)
    start = time.perf_counter()
    services = ClubServices.open(data_dir, actor="bench")
    note(f"building {members:,} members ...")
    services.add_demo_members(members, seed=SEED)
    services.close()
    conn = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None)
    conn.create_function("uuid7", 0, new_public_id)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("PRAGMA temp_store = MEMORY")  # the cache sums sort 10M rows
    history_start = (utcnow() - timedelta(days=DAYS)).timestamp()
    note(f"building about {ledger:,} ledger rows ...")
    conn.execute("BEGIN")
    conn.execute("DELETE FROM ledger")
    conn.execute("DELETE FROM purchases")  # the demo loader's first purchases, all dated now
    indexes = _drop_indexes(conn)
    _history(conn, members, ledger, history_start)
    for sql in indexes:
        _run(conn, sql)
    _caches(conn, members, history_start)
    conn.execute("COMMIT")
    _run(conn, "ANALYZE")
    conn.close()
    done.write_text("ok")
    return time.perf_counter() - start


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("members", "purchases", "ledger", "lot_allocations")
        }


# -------------------------------------------------------------------------------- timing


def rich_rules(services: ClubServices) -> None:
    """Happy hours on every hour of the week, points per visit, levels, cashback, expiry."""
    hours = tuple(HappyHour(day, 0, 24, Decimal("1.5")) for day in Weekday)
    services.set_earning_rules(
        EarningRules(
            tomans_per_point=10_000, points_per_visit=2, joining_bonus=50, happy_hours=hours
        )
    )
    levels = LevelRules(tuple(Level(name, spend, Decimal(mult)) for spend, name, mult in LEVELS))
    services.set_club_rules(
        ClubRules(expiry=ExpiryRules(12, 6), wallet=WalletRules(Decimal(2), 24), levels=levels)
    )


def time_purchases(services: ClubServices, path: Path, count: int) -> tuple[Stats, float]:
    """``record_purchase`` for random existing members; returns the stats and p99 (ms)."""
    rng = random.Random(SEED)
    with sqlite3.connect(path) as conn:
        top = conn.execute("SELECT max(id) FROM members").fetchone()[0]
        ids = [
            conn.execute(
                "SELECT public_id FROM members WHERE id = ?", (rng.randint(1, top),)
            ).fetchone()[0]
            for _ in range(count + 20)
        ]
    for member_id in ids[:20]:  # warm-up: every code path loaded
        services.record_purchase(member_id, 150_000)
    gc.collect()
    seconds = [
        timed(lambda m=m: services.record_purchase(m, rng.randrange(2, 80) * 10_000))[0]
        for m in ids[20:]
    ]
    return Stats.of(seconds), percentile(sorted(s * 1000 for s in seconds), 0.99)


def time_reports(services: ClubServices) -> dict[str, float]:
    """Seconds to build each report (cold for the first, then the cache is warm)."""
    now = utcnow()
    found: dict[str, float] = {}
    for kind in (PeriodKind.THIS_MONTH, PeriodKind.THIS_YEAR, PeriodKind.LAST_YEAR):
        took, report = timed(lambda kind=kind: services.report(period(kind, now)))
        found[str(kind)] = round(took, 3)
        say(
            f"report {kind:<11} {took * 1000:9.1f} ms  months={len(report.months)} "
            f"sales={report.totals.sales:,} issued={report.totals.points_issued:,}"
        )
    return found


# --------------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--ledger", type=int, default=10_000_000)
    parser.add_argument("--purchases", type=int, default=2_000, help="sales timed")
    parser.add_argument("--data", type=Path, help="shop folder (default: cached by size)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir: Path = args.data or DATA_DIR / f"loyalty-{args.members}-{args.ledger}"
    build = ensure_shop(data_dir, args.members, args.ledger)
    sizes = counts(data_dir / DB_FILENAME)
    say("shop: " + ", ".join(f"{k}={v:,}" for k, v in sizes.items()))
    if build is not None:
        say(f"built in {build:.1f} s")
    services = ClubServices.open(data_dir, actor="bench")
    try:
        reports = time_reports(services)
        rich_rules(services)
        stats, p99 = time_purchases(services, data_dir / DB_FILENAME, args.purchases)
    finally:
        services.close()
    say(
        f"record_purchase with rules: p50={stats.p50_ms:.2f} ms p95={stats.p95_ms:.2f} ms "
        f"p99={p99:.2f} ms max={stats.max_ms:.2f} ms (target p95 < {PURCHASE_TARGET_MS} ms)"
    )
    figures = {
        "bench": "loyalty",
        **sizes,
        "build_s": None if build is None else round(build, 1),
        "purchase": {**stats.as_dict(), "p99_ms": round(p99, 3)},
        "purchase_target_p95_ms": PURCHASE_TARGET_MS,
        "report_s": reports,
        "load_average": load_average(),
    }
    say(json.dumps(figures, ensure_ascii=False))  # the last line: every figure, for machines
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
