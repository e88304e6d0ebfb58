"""Rate limits behind one small interface; today an in-process token bucket.

A later issue moves the buckets to Redis so that several server processes share them; only a
new ``RateLimiter`` implementation is needed for that, callers stay as they are.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from clubdesk_server.settings import RateLimit


class RateLimiter(Protocol):
    def take(self, key: str) -> int | None:
        """Spend one call for ``key``: None if allowed, else seconds to wait (at least 1)."""
        ...

    def check(self, key: str) -> int | None:
        """Like ``take`` without spending: would a call be allowed now?"""
        ...


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    """``burst`` calls at once per key, refilled at ``per_hour``; thread-safe, one process."""

    MAX_KEYS = 50_000  # beyond this, full buckets (keys quiet long enough) are forgotten

    def __init__(self, limit: RateLimit, now: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._now = now
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def _refilled(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.limit.burst), now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(
                float(self.limit.burst), bucket.tokens + elapsed * self.limit.per_second
            )
            bucket.updated = now
        return bucket

    def _wait(self, bucket: _Bucket) -> int:
        rate = self.limit.per_second
        if rate <= 0:
            return 3600
        return max(1, math.ceil((1.0 - bucket.tokens) / rate))

    def take(self, key: str) -> int | None:
        with self._lock:
            now = self._now()
            self._forget_quiet(now)
            bucket = self._refilled(key, now)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return self._wait(bucket)

    def check(self, key: str) -> int | None:
        with self._lock:
            bucket = self._refilled(key, self._now())
            return None if bucket.tokens >= 1.0 else self._wait(bucket)

    def _forget_quiet(self, now: float) -> None:
        if len(self._buckets) < self.MAX_KEYS:
            return
        rate = self.limit.per_second
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * rate >= self.limit.burst:
                del self._buckets[key]
