"""The points ledger's rules: how many points a purchase earns and which lots a redeem uses.

Points are never a balance that writers overwrite: every change is a ledger entry and the
balance is their sum. Earnings are lots; a redeem takes from the oldest lots first and records
which, so that a later expiry can never take points that were already spent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from clubdesk.core.errors import InsufficientPoints, InvalidInput, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.money import parse_whole

DEFAULT_TOMANS_PER_POINT = 10_000


class LedgerKind(StrEnum):
    EARN = "earn"
    REDEEM = "redeem"
    ADJUST = "adjust"
    EXPIRE = "expire"
    REVERSE = "reverse"


@dataclass(frozen=True)
class PointsRule:
    """One point for every ``tomans_per_point`` tomans of a purchase."""

    tomans_per_point: int = DEFAULT_TOMANS_PER_POINT

    def __post_init__(self) -> None:
        value = self.tomans_per_point
        if isinstance(value, bool) or not isinstance(value, int) or not (1 <= value <= 100_000_000):
            raise InvalidSetting(
                QT_TRANSLATE_NOOP(
                    "errors", "Tomans per point must be a whole number from 1 to 100,000,000."
                ),
                entered=str(self.tomans_per_point),
            )

    def points_for(self, amount_tomans: int) -> int:
        return amount_tomans // self.tomans_per_point


@dataclass(frozen=True)
class Lot:
    """An earning with points still unspent."""

    entry_id: int
    remaining: int


def parse_points(raw: str | int) -> int:
    """Points to redeem, typed in any digits: a whole number above zero."""
    try:
        points = parse_whole(raw)
    except ValueError:
        points = 0
    if points <= 0:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "Points to redeem must be a whole number above zero."),
            QT_TRANSLATE_NOOP("errors", "Type the number of points, for example 50."),
            entered=str(raw),
        )
    return points


def allocate_fifo(lots: Iterable[Lot], points: int) -> list[tuple[int, int]]:
    """Take ``points`` from ``lots`` (oldest first): [(entry_id, taken), ...]."""
    parse_points(points)
    taken: list[tuple[int, int]] = []
    needed = points
    for lot in lots:
        if needed == 0:
            break
        take = min(lot.remaining, needed)
        if take > 0:
            taken.append((lot.entry_id, take))
            needed -= take
    if needed:
        raise InsufficientPoints(balance=points - needed, requested=points)
    return taken
