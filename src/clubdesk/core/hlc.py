"""Hybrid logical clocks: time stamps that order changes across counters whose clocks differ.

A stamp is (wall milliseconds, counter, node). A device's next stamp is never below any stamp it
has made or seen, even when its own clock is hours behind, so "last writer wins" means the
writer that knew the most, and two devices never make equal stamps (the node breaks ties).
Stamps travel as fixed-width strings that sort in clock order (``encode``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

WALL_DIGITS = 15  # milliseconds since 1970: enough until the year 33658
COUNTER_DIGITS = 6
MAX_COUNTER = 10**COUNTER_DIGITS - 1
NODE_CHARS = 16


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, order=True)
class Stamp:
    wall: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall:0{WALL_DIGITS}d}.{self.counter:0{COUNTER_DIGITS}d}.{self.node}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        """The stamp of ``encode``; ValueError for anything else (a damaged change)."""
        wall, counter, node = text.split(".", 2)
        if len(wall) != WALL_DIGITS or len(counter) != COUNTER_DIGITS or not node:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(wall), int(counter), node)


ZERO = Stamp(0, 0, "")


def node_of(device: str) -> str:
    """The part of a device id a stamp carries (ids are hex hashes or UUIDs)."""
    return "".join(ch for ch in device if ch.isalnum())[:NODE_CHARS] or "device"


class Clock:
    """One device's clock. ``tick`` stamps a local change; ``observe`` takes in a remote one."""

    def __init__(self, node: str, last: Stamp = ZERO, now: Callable[[], int] = wall_ms) -> None:
        self.node = node
        self.last = last
        self.now = now

    def tick(self) -> Stamp:
        physical = self.now()
        if physical > self.last.wall:
            stamp = Stamp(physical, 0, self.node)
        else:
            stamp = self._after(self.last.wall, self.last.counter)
        self.last = stamp
        return stamp

    def observe(self, remote: Stamp) -> None:
        if remote > self.last:
            self.last = Stamp(remote.wall, remote.counter, self.node)

    def _after(self, wall: int, counter: int) -> Stamp:
        if counter >= MAX_COUNTER:  # a million changes in one millisecond: borrow the next one
            return Stamp(wall + 1, 0, self.node)
        return Stamp(wall, counter + 1, self.node)
