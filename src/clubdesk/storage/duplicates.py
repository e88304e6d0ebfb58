"""The scan behind "find duplicate members": one pass over the members in name order (the
name index), grouping equal folded names and pairing numbers one slip apart."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from clubdesk.core.duplicates import Candidate, Slip, similar_pairs
from clubdesk.core.phone import national_digits
from clubdesk.storage.models import Member

SCAN_BATCH = 10_000


def pairs(
    session: Session, limit: int, progress: Callable[[int, int], None] | None = None
) -> list[tuple[Row[Any], Row[Any], Slip]]:
    """Up to ``limit`` likely duplicate pairs, as full member rows. ``progress`` may raise
    Cancelled (nothing is written, so there is nothing to undo)."""
    total = session.scalar(select(func.count()).select_from(Member)) or 0
    rows = session.execute(
        select(Member.public_id, Member.phone, Member.name_key)
        .where(Member.name_key != "")
        .order_by(Member.name_key)
        .execution_options(yield_per=SCAN_BATCH)
    )
    found: list[tuple[str, str, Slip]] = []
    seen = reported = 0
    for _name, group in groupby(rows, key=lambda row: row.name_key):
        members = [Candidate(row.public_id, national_digits(row.phone)) for row in group]
        seen += len(members)
        if len(members) > 1:
            found += similar_pairs(members)
        if progress is not None and (reported == 0 or seen - reported >= SCAN_BATCH):
            reported = seen
            progress(seen, total)
        if len(found) >= limit:
            break
    found = found[:limit]
    ids = {member for a, b, _slip in found for member in (a, b)}
    by_id = {
        row.public_id: row
        for row in session.execute(select(Member.__table__).where(Member.public_id.in_(ids)))
    }
    return [(by_id[a], by_id[b], slip) for a, b, slip in found]
