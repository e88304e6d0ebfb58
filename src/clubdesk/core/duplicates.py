"""Likely duplicate members: the same folded name with mobile numbers one slip apart (one digit
typed wrong, or two neighbouring digits swapped), the usual way one customer ends up
registered twice. Pure functions over plain tuples, so any store can feed them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from clubdesk.core.members import MemberView


class Slip(StrEnum):
    ONE_DIGIT = "one_digit"  # 0912 345 6789 / 0912 345 6780
    SWAPPED = "swapped"  # 0912 345 6789 / 0912 345 6798


@dataclass(frozen=True)
class Candidate:
    """One member as the search sees it: an id and the national digits of the mobile."""

    id: str
    digits: str


def _keys(digits: str) -> Iterator[tuple[str, Slip]]:
    for i in range(len(digits)):
        yield digits[:i] + "?" + digits[i + 1 :], Slip.ONE_DIGIT
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            pair = "".join(sorted(digits[i : i + 2]))
            yield digits[:i] + "<" + pair + ">" + digits[i + 2 :], Slip.SWAPPED


def similar_pairs(group: Iterable[Candidate]) -> list[tuple[str, str, Slip]]:
    """Pairs (smaller id first) within one group of same-name members whose numbers differ by
    one slip. Blocking on masked numbers keeps it linear in the group, not quadratic."""
    buckets: dict[str, list[tuple[str, Slip]]] = defaultdict(list)
    for member in group:
        for key, slip in _keys(member.digits):
            buckets[key].append((member.id, slip))
    found: dict[tuple[str, str], Slip] = {}
    for members in buckets.values():
        if len(members) < 2:
            continue
        for i, (one, slip) in enumerate(members):
            for other, _slip in members[i + 1 :]:
                if one != other:
                    found.setdefault((min(one, other), max(one, other)), slip)
    return [(a, b, slip) for (a, b), slip in sorted(found.items())]


@dataclass(frozen=True)
class DuplicatePair:
    """Two members who are probably one customer, as the owner sees them."""

    first: MemberView
    second: MemberView
    slip: Slip
