"""Counter search benchmark: what the cashier feels per keystroke, at shop scale.

Builds (or reuses) a database of N demo members through ``ClubServices``, then times:

- ``ClubServices.search(text, limit=20)``, the exact call the counter makes per keystroke, for
  queries drawn from real members: phone prefixes typed keystroke by keystroke, last 4 and last
  6 digits, first-name prefixes, 'first last-prefix', and whole numbers;
- the same searches as a naive full-scan ``LIKE '%q%'`` through plain sqlite3, for comparison;
- ``ClubServices.register`` of new members and ``ClubServices.record_purchase``.

Human-readable figures go to stdout; the last line is one JSON object with every figure.

    .venv/bin/python bench/counter_search.py --members 1000000
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from _common import DATA_DIR, Stats, load_average, note, open_readonly, say, timed
from clubdesk.core.demo import FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, LAST_NAMES, MOBILE_PREFIXES
from clubdesk.core.i18n import to_persian_digits
from clubdesk.core.members import Gender, MemberDraft, PurchaseResult, Registration
from clubdesk.core.phone import clean_digits, is_valid_phone, national_digits
from clubdesk.services import SEARCH_LIMIT, ClubServices
from clubdesk.storage.database import DB_FILENAME

ACTOR = "bench"
SEED = 1405
WARMUP = 5
SEARCH_TARGET_MS = 5.0
WRITE_TARGET_MS = 10.0
FIRST_KEYSTROKE = 4  # '0912' is the first phone prefix timed
KINDS = ("phone_prefix", "last4", "last6", "name_prefix", "first_last", "exact_phone")
MUST_FIND = frozenset({"last6", "exact_phone"})  # the member drawn must be among the results
_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك"})  # Persian Yeh/Kaf -> Arabic ones
NAIVE_SQL = (
    "SELECT id, public_id, phone, first_name, last_name, points, visits, last_visit_at "
    "FROM members WHERE phone LIKE ?1 OR first_name LIKE ?1 OR last_name LIKE ?1 LIMIT ?2"
)


@dataclass(frozen=True)
class Sampled:
    """A real member the queries are drawn from."""

    public_id: str
    phone: str  # E.164
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Query:
    kind: str
    text: str  # as the cashier types it
    phone: str  # E.164 of the member it was drawn from


# ------------------------------------------------------------------------------ database


def ensure_members(services: ClubServices, wanted: int) -> float | None:
    """Load demo members until there are ``wanted``; seconds it took, or None if reused."""
    have = services.count_members()
    if have >= wanted:
        note(f"reusing {have:,} members in {services.db.path}")
        return None
    note(f"building {wanted:,} members in {services.db.path} (have {have:,}) ...")

    def progress(done: int, total: int) -> None:
        if done % 100_000 < 20_000 or done == total:
            note(f"  {done:,} / {total:,}")

    start = time.perf_counter()
    for attempt in range(5):  # a top-up may hit phones already present: retry with a new seed
        seed = SEED if have == 0 else SEED + have + attempt
        services.add_demo_members(wanted - have, seed=seed, progress=progress)
        have = services.count_members()
        if have >= wanted:
            break
    return time.perf_counter() - start


def sample_members(conn: sqlite3.Connection, rng: random.Random, count: int) -> list[Sampled]:
    """``count`` members picked at random by row id (with replacement)."""
    top = conn.execute("SELECT max(id) FROM members").fetchone()[0] or 0
    found: list[Sampled] = []
    for _ in range(count * 20):
        if len(found) == count or top == 0:
            break
        row = conn.execute(
            "SELECT public_id, phone, first_name, last_name FROM members WHERE id = ?",
            (rng.randint(1, top),),
        ).fetchone()
        if row is not None:
            found.append(Sampled(*row))
    if len(found) < count:
        raise SystemExit(f"could not sample {count} members from the database")
    return found


# ------------------------------------------------------------------------------- queries


def _digits_as_typed(digits: str, persian: bool) -> str:
    return to_persian_digits(digits) if persian else digits


def _names_as_typed(text: str, rng: random.Random) -> str:
    """A third of the cashiers type on an Arabic keyboard layout (Yeh and Kaf differ)."""
    return text.translate(_ARABIC_KEYBOARD) if rng.random() < 1 / 3 else text


def build_queries(
    conn: sqlite3.Connection, rng: random.Random, per_kind: int
) -> dict[str, list[Query]]:
    """``per_kind`` queries of every kind, each drawn from a real member."""
    queries: dict[str, list[Query]] = {kind: [] for kind in KINDS}

    prefix = queries["phone_prefix"]
    for m in sample_members(conn, rng, per_kind):  # about 7 keystrokes each: enough members
        if len(prefix) >= per_kind:
            break
        local = "0" + national_digits(m.phone)
        persian = rng.random() < 0.5
        for end in range(FIRST_KEYSTROKE, len(local)):  # '0912' ... one digit short of whole
            prefix.append(Query("phone_prefix", _digits_as_typed(local[:end], persian), m.phone))
    del prefix[per_kind:]

    for kind, tail in (("last4", 4), ("last6", 6)):
        for m in sample_members(conn, rng, per_kind):
            digits = national_digits(m.phone)[-tail:]
            queries[kind].append(Query(kind, _digits_as_typed(digits, rng.random() < 0.5), m.phone))

    for m in sample_members(conn, rng, per_kind):
        first = m.first_name[: rng.randint(2, 4)]
        queries["name_prefix"].append(Query("name_prefix", _names_as_typed(first, rng), m.phone))

    for m in sample_members(conn, rng, per_kind):
        text = f"{m.first_name} {m.last_name[: rng.randint(1, 3)]}"
        queries["first_last"].append(Query("first_last", _names_as_typed(text, rng), m.phone))

    for m in sample_members(conn, rng, per_kind):
        local = "0" + national_digits(m.phone)
        exact = _digits_as_typed(local, rng.random() < 0.5)
        queries["exact_phone"].append(Query("exact_phone", exact, m.phone))

    for kind in KINDS:
        rng.shuffle(queries[kind])
    return queries


# -------------------------------------------------------------------------------- timing


def time_search(services: ClubServices, queries: Sequence[Query]) -> tuple[Stats, float | None]:
    """Latency of ``ClubServices.search`` and, where it must, how often it found the member."""
    seconds: list[float] = []
    found = 0
    for q in queries:
        took, views = timed(partial(services.search, q.text, limit=SEARCH_LIMIT))
        seconds.append(took)
        found += any(v.phone == q.phone for v in views)
    must_find = bool(queries) and queries[0].kind in MUST_FIND
    return Stats.of(seconds), (found / len(queries) if must_find else None)


def time_searches(
    services: ClubServices, queries: dict[str, list[Query]]
) -> dict[str, tuple[Stats, float | None]]:
    """Every kind, after a warm-up that runs a few queries of each (every code path loaded)
    and a full garbage collection (the build's garbage is not charged to the first kind)."""
    gc.collect()
    for kind in KINDS:
        for q in queries[kind][:WARMUP]:
            services.search(q.text, limit=SEARCH_LIMIT)
    return {kind: time_search(services, queries[kind]) for kind in KINDS}


def naive_term(text: str) -> str:
    """What a naive search looks for: Latin digits without the trunk '0', or the text as typed."""
    digits = clean_digits(text)
    if digits.isdigit():
        return digits[1:] if digits.startswith("09") else digits
    return text


def time_naive(conn: sqlite3.Connection, queries: Sequence[Query]) -> Stats:
    """The same searches as a full-table ``LIKE '%q%'`` scan."""

    def run(q: Query) -> list[Any]:
        return conn.execute(NAIVE_SQL, (f"%{naive_term(q.text)}%", SEARCH_LIMIT)).fetchall()

    for q in queries[:2]:
        run(q)
    return Stats.of(timed(partial(run, q))[0] for q in queries)


def fresh_phones(conn: sqlite3.Connection, rng: random.Random, count: int) -> list[str]:
    """Valid Iranian mobile numbers (E.164) that no member has yet."""
    phones: dict[str, None] = {}
    for _ in range(count * 50):
        if len(phones) == count:
            break
        phone = f"+98{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
        if phone in phones or not is_valid_phone(phone):
            continue
        if conn.execute("SELECT 1 FROM members WHERE phone = ?", (phone,)).fetchone() is None:
            phones[phone] = None
    if len(phones) < count:
        raise SystemExit(f"could not make {count} fresh valid phones")
    return list(phones)


def time_writes(
    calls: Sequence[Callable[[], Any]], check: Callable[[Any], bool] = bool
) -> tuple[Stats, int]:
    """Latency of write use cases (after a few warm-up calls); how many failed ``check``."""
    for call in calls[:WARMUP]:
        call()
    seconds: list[float] = []
    bad = 0
    for call in calls[WARMUP:]:
        took, result = timed(call)
        seconds.append(took)
        bad += not check(result)
    return Stats.of(seconds), bad


def register_calls(
    services: ClubServices, conn: sqlite3.Connection, rng: random.Random, count: int
) -> list[Callable[[], Registration]]:
    """Registrations of new members as the counter sends them (local phone form)."""
    calls: list[Callable[[], Registration]] = []
    for phone in fresh_phones(conn, rng, count):
        female = rng.random() < 0.5
        draft = MemberDraft(
            phone="0" + national_digits(phone),
            first_name=rng.choice(FIRST_NAMES_FEMALE if female else FIRST_NAMES_MALE),
            last_name=rng.choice(LAST_NAMES),
            gender=Gender.FEMALE if female else Gender.MALE,
            sms_consent=rng.random() < 0.7,
        )
        calls.append(partial(services.register, draft))
    return calls


def purchase_calls(
    services: ClubServices, conn: sqlite3.Connection, rng: random.Random, count: int
) -> list[Callable[[], PurchaseResult]]:
    """Purchases of 10,000..2,000,000 tomans by random existing members."""
    return [
        partial(services.record_purchase, m.public_id, rng.randrange(10, 2001) * 1000)
        for m in sample_members(conn, rng, count)
    ]


# -------------------------------------------------------------------------------- report


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, required=True, help="members in the database")
    parser.add_argument(
        "--data", type=Path, help="database folder (default bench/data/members-N, reused)"
    )
    parser.add_argument("--queries", type=int, default=500, help="timed calls per kind")
    parser.add_argument(
        "--naive-queries", type=int, default=50, help="naive full scans per kind (0: skip)"
    )
    parser.add_argument("--seed", type=int, default=SEED, help="random seed of the queries")
    args = parser.parse_args(argv)
    if args.members <= 0 or args.queries <= WARMUP or args.naive_queries < 0:
        parser.error(f"--members must be > 0, --queries > {WARMUP}, --naive-queries >= 0")
    return args


@dataclass(frozen=True)
class Results:
    members: int
    build_seconds: float | None
    load: tuple[float | None, float | None]  # 1-minute load average before and after timing
    search: dict[str, tuple[Stats, float | None]]  # latency, found rate (MUST_FIND kinds)
    naive: dict[str, Stats]
    register: Stats
    register_not_new: int
    purchase: Stats


def measure(args: argparse.Namespace, data_dir: Path) -> Results:
    rng = random.Random(args.seed)
    services = ClubServices.open(data_dir, actor=ACTOR)
    try:
        build_seconds = ensure_members(services, args.members)
        conn = open_readonly(data_dir / DB_FILENAME)
        try:
            members = services.count_members()
            queries = build_queries(conn, rng, args.queries)
            load_before = load_average()
            note("timing ClubServices.search ...")
            search = time_searches(services, queries)
            naive: dict[str, Stats] = {}
            if args.naive_queries:
                note(f"timing the naive LIKE scan ({args.naive_queries} per kind) ...")
                naive = {k: time_naive(conn, queries[k][: args.naive_queries]) for k in KINDS}
            note("timing register and record_purchase ...")
            register, not_new = time_writes(
                register_calls(services, conn, rng, args.queries + WARMUP),
                lambda result: not result.existing,
            )
            purchase, _ = time_writes(purchase_calls(services, conn, rng, args.queries + WARMUP))
            load_after = load_average()
        finally:
            conn.close()
    finally:
        services.close()
    return Results(
        members,
        build_seconds,
        (load_before, load_after),
        search,
        naive,
        register,
        not_new,
        purchase,
    )


def _fmt(stats: Stats) -> str:
    return f"{stats.p50_ms:8.3f} {stats.p95_ms:8.3f} {stats.max_ms:8.3f}"


def report(args: argparse.Namespace, data_dir: Path, r: Results) -> dict[str, Any]:
    """Print the figures for people; return them all for the JSON line."""
    ratios = {k: round(r.naive[k].p95_ms / r.search[k][0].p95_ms, 1) for k in r.naive}
    worst = max(KINDS, key=lambda k: r.search[k][0].p95_ms)
    worst_p95 = r.search[worst][0].p95_ms
    checks = [  # (JSON key, met, what it says)
        (
            "search_p95",
            worst_p95 < SEARCH_TARGET_MS,
            f"search p95 < {SEARCH_TARGET_MS:g} ms for every kind (worst: {worst} "
            f"{worst_p95:.3f} ms)",
        ),
        (
            "register_p95",
            r.register.p95_ms < WRITE_TARGET_MS,
            f"register p95 < {WRITE_TARGET_MS:g} ms ({r.register.p95_ms:.3f} ms)",
        ),
        (
            "purchase_p95",
            r.purchase.p95_ms < WRITE_TARGET_MS,
            f"purchase p95 < {WRITE_TARGET_MS:g} ms ({r.purchase.p95_ms:.3f} ms)",
        ),
    ]
    targets = {key: met for key, met, _text in checks}

    built = "reused" if r.build_seconds is None else f"built in {r.build_seconds:.1f} s"
    say(f"ClubDesk counter benchmark: {r.members:,} members in {data_dir} ({built})")
    say(f"SQLite {sqlite3.sqlite_version}; {args.queries} queries per kind, seed {args.seed}")
    if r.load[0] is not None and r.load[1] is not None:
        load = f"{r.load[0]:.2f} before, {r.load[1]:.2f} after timing ({os.cpu_count()} CPUs)"
        say(f"1-minute load average {load}: other work on the machine inflates the figures")
    say()
    say(f"ClubServices.search(text, limit={SEARCH_LIMIT}), ms, vs naive LIKE '%q%' full scan:")
    head = f"{'kind':<13} {'p50':>8} {'p95':>8} {'max':>8}"
    say(f"{head}  {'found':>6}  {'naive p95':>9} {'ratio':>7}")
    for kind in KINDS:
        stats, found = r.search[kind]
        found_txt = f"{'-':>6}" if found is None else f"{found:6.1%}"
        naive_txt = f"{r.naive[kind].p95_ms:9.1f} {ratios[kind]:6.0f}x" if kind in r.naive else ""
        say(f"{kind:<13} {_fmt(stats)}  {found_txt}  {naive_txt}")
    say()
    say(f"{'write':<13}{head[4:]}")
    not_new = f"({r.register_not_new} of {r.register.n} were not new)"
    say(f"{'register':<13} {_fmt(r.register)}  {not_new}")
    say(f"{'purchase':<13} {_fmt(r.purchase)}")
    say()
    for _key, met, text in checks:
        say(f"{'PASS' if met else 'MISS'} {text}")
    if r.members < 1_000_000:
        say(f"(the targets are for 1,000,000 members; this database has {r.members:,})")

    return {
        "members": r.members,
        "members_requested": args.members,
        "build_seconds": None if r.build_seconds is None else round(r.build_seconds, 2),
        "sqlite_version": sqlite3.sqlite_version,
        "queries_per_kind": args.queries,
        "naive_queries_per_kind": args.naive_queries,
        "seed": args.seed,
        "load_average": list(r.load),
        "search": {
            kind: {**stats.as_dict(), "found_rate": found}
            for kind, (stats, found) in r.search.items()
        },
        "naive": {kind: stats.as_dict() for kind, stats in r.naive.items()},
        "naive_ratio_p95": ratios,
        "register": r.register.as_dict(),
        "purchase": r.purchase.as_dict(),
        "register_p95_ms": round(r.register.p95_ms, 3),
        "purchase_p95_ms": round(r.purchase.p95_ms, 3),
        "register_not_new": r.register_not_new,
        "targets": targets,
        "targets_met": all(targets.values()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir: Path = args.data or DATA_DIR / f"members-{args.members}"
    figures = report(args, data_dir, measure(args, data_dir))
    say(json.dumps(figures, ensure_ascii=False))  # the last line: every figure, for machines
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
