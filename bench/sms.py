"""SMS to members at scale: counting and costing a campaign before sending, queueing it, and the
purchase path's service-SMS hook when SMS is off.

    .venv/bin/python bench/sms.py [--members 1000000]

Members are built once in bench/data/sms-N (reused); the queueing run works on a copy so the
figures stay repeatable. Prints figures, then one JSON line; never asserts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import DATA_DIR, Stats, load_average, note, say, timed

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import select  # noqa: E402

from clubdesk.core import sms  # noqa: E402
from clubdesk.core.ids import utcnow  # noqa: E402
from clubdesk.services import ClubServices  # noqa: E402
from clubdesk.storage import sms as store  # noqa: E402
from clubdesk.storage.database import DB_FILENAME  # noqa: E402
from clubdesk.storage.models import Member  # noqa: E402
from counter_search import ensure_members  # noqa: E402

TEMPLATE = "{name} عزیز، {points} امتیاز در {shop} دارید. تا پایان هفته ۲۰٪ تخفیف!"
SEGMENTS = {
    "everyone who consented": sms.Segment(),
    "visited in 30 days": sms.Segment(visited_within_days=30),
    "birthday in Farvardin": sms.Segment(birthday_month=1),
    "spent 1M+ tomans": sms.Segment(spent_at_least=1_000_000),
}


def hook_off(club: ClubServices) -> Stats:
    """queue_service with SMS off: the first call of a session (one settings read)."""
    samples = []
    now = utcnow()
    for _ in range(300):
        with club.db.write() as session:
            member = session.scalar(select(Member).limit(1))
            start = time.perf_counter()
            store.queue_service(session, member, "purchase", {"points_earned": 1}, now)
            samples.append(time.perf_counter() - start)
    return Stats.of(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = DATA_DIR / f"sms-{args.members}"
    folder.mkdir(parents=True, exist_ok=True)
    club = ClubServices.open(folder, actor="bench")
    ensure_members(club, args.members)
    service = club.sms()
    results: dict[str, object] = {"members": club.count_members(), "load": load_average()}
    previews = {}
    for label, segment in SEGMENTS.items():
        seconds, found = timed(lambda s=segment: service.preview_campaign(TEMPLATE, s))
        previews[label] = {"ms": round(seconds * 1000, 1), "recipients": found.recipients}
        say(f"preview {label}: {found.recipients:,} members, {found.parts:,} parts "
            f"in {seconds * 1000:.1f} ms")  # fmt: skip
    results["preview"] = previews
    off = hook_off(club)
    say(f"service hook with SMS off: p50 {off.p50_ms:.3f} ms, p95 {off.p95_ms:.3f} ms")
    results["hook_off"] = off.as_dict()
    club.close()

    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp)
        note("copying the database to queue a campaign on the copy ...")
        shutil.copy2(folder / DB_FILENAME, copy / DB_FILENAME)
        trial = ClubServices.open(copy, actor="bench")
        seconds, campaign = timed(
            lambda: trial.sms().send_campaign("bench", TEMPLATE, sms.Segment())
        )
        trial.close()
    say(f"queued {campaign.recipients:,} messages in {seconds:.1f} s "
        f"({campaign.recipients / max(seconds, 1e-9):,.0f}/s)")  # fmt: skip
    results["queue"] = {"messages": campaign.recipients, "seconds": round(seconds, 2)}
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
