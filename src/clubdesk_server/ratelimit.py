"""Rate limits behind one small interface: token buckets, in this process or in Redis.

``TokenBucketLimiter`` keeps its buckets in memory: right for one process (the demo, tests).
Several workers must share their buckets, or each would allow the whole burst again:
``RedisTokenBucketLimiter`` keeps them in Redis (``CLUBDESK_SERVER_REDIS_URL``), one Lua script
reading, refilling and spending a bucket atomically, each key expiring once its bucket would be
full again. ``make_limiters`` picks one or the other from the settings.

Redis unreachable while requests arrive: the limiter *fails open*, to a bucket of this worker
(``TokenBucketLimiter``), and logs one error per outage. Activations and trials keep working
(failing closed would turn a Redis outage into "no shop can activate or start a trial"), and
they are still limited, per worker instead of across workers, so a flood is held to workers x
burst. What the limits guard against is guessing keys, and a licence key (125 random bits) is
not guessed in the minutes an outage lasts. Redis is asked again a few seconds later.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from clubdesk_server.settings import RateLimit, Settings

if TYPE_CHECKING:
    import redis

log = logging.getLogger(__name__)


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


# KEYS[1]: the bucket (a hash of tokens and the time it was updated, in milliseconds).
# ARGV: burst, tokens per millisecond, cost (1 take, 0 check), now in ms ("" = Redis's clock,
# the same for every worker). Returns 0 if allowed, else the seconds to wait (at least 1).
_BUCKET_SCRIPT = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = burst
  updated = now
end
tokens = math.min(burst, tokens + math.max(0, now - updated) * rate)
local allowed = tokens >= 1
if cost > 0 then
  if allowed then
    tokens = tokens - cost
  end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
  local full_in
  if rate > 0 then
    full_in = math.ceil((burst - tokens) / rate)
  else
    full_in = 86400000
  end
  redis.call('PEXPIRE', KEYS[1], full_in + 1000)
end
if allowed then
  return 0
end
if rate <= 0 then
  return 3600
end
return math.max(1, math.ceil((1 - tokens) / rate / 1000))
"""

REDIS_TIMEOUT_S = 0.5  # a request never waits long for its rate limit
REDIS_RETRY_AFTER_S = 5.0  # after a failure, ask Redis again this much later
DEFAULT_PREFIX = "clubdesk:ratelimit"


class RedisTokenBucketLimiter:
    """``TokenBucketLimiter``'s buckets in Redis, shared by every worker that names the same
    ``prefix`` and ``name``. ``now`` (seconds) replaces Redis's clock (tests)."""

    def __init__(
        self,
        client: redis.Redis,
        limit: RateLimit,
        *,
        name: str,
        prefix: str = DEFAULT_PREFIX,
        now: Callable[[], float] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.prefix = f"{prefix}:{name}:"
        self._script = client.register_script(_BUCKET_SCRIPT)
        self._now = now
        self._monotonic = monotonic
        self._fallback = TokenBucketLimiter(limit)  # this worker's buckets while Redis is away
        self._lock = threading.Lock()
        self._down_until: float | None = None  # None: Redis answered last time

    def take(self, key: str) -> int | None:
        return self._ask(key, 1)

    def check(self, key: str) -> int | None:
        return self._ask(key, 0)

    def _ask(self, key: str, cost: int) -> int | None:
        with self._lock:
            down = self._down_until is not None and self._monotonic() < self._down_until
        if down:
            return self._fallback.take(key) if cost else self._fallback.check(key)
        now_ms = "" if self._now is None else str(round(self._now() * 1000))
        args = [self.limit.burst, self.limit.per_second / 1000, cost, now_ms]
        try:
            wait = int(self._script(keys=[self.prefix + key], args=args))
        except Exception as exc:  # redis.RedisError, and OSError from a broken socket
            self._went_down(exc)
            return self._fallback.take(key) if cost else self._fallback.check(key)
        with self._lock:
            if self._down_until is not None:
                self._down_until = None
                log.warning("Redis answers again: rate limits are shared by the workers again")
        return wait or None

    def _went_down(self, exc: Exception) -> None:
        with self._lock:
            first = self._down_until is None
            self._down_until = self._monotonic() + REDIS_RETRY_AFTER_S
        if first:
            log.error(
                "Redis did not answer (%s: %s): rate limits fail open to this worker's own "
                "buckets until it does",
                type(exc).__name__,
                exc,
            )


@dataclass
class Limiters:
    """The server's two limits, and the Redis client behind them (closed with ``close``)."""

    activation: RateLimiter
    failed_key: RateLimiter
    client: Any = None

    def close(self) -> None:
        if self.client is not None:
            self.client.close()


def redis_client(url: str) -> redis.Redis:
    """A client with short timeouts and one retry (a pooled connection Redis has closed)."""
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return redis.Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
        retry=Retry(NoBackoff(), 1),
        client_name="clubdesk-server",
    )


def make_limiters(settings: Settings) -> Limiters:
    """Shared buckets in Redis when ``settings.redis_url`` names one, else this process's."""
    if not settings.redis_url:
        return Limiters(
            TokenBucketLimiter(settings.activation_limit),
            TokenBucketLimiter(settings.failed_key_limit),
        )
    client = redis_client(settings.redis_url)
    return Limiters(
        RedisTokenBucketLimiter(client, settings.activation_limit, name="activation"),
        RedisTokenBucketLimiter(client, settings.failed_key_limit, name="failed-key"),
        client,
    )


def check_redis(settings: Settings) -> None:
    """``serve`` at start: Redis named must answer (a wrong URL or password stops the start)."""
    from clubdesk_server.errors import RedisUnavailable

    if not settings.redis_url:
        return
    client = redis_client(settings.redis_url)
    try:
        client.ping()
    except Exception as exc:
        raise RedisUnavailable(problem=f"{type(exc).__name__}: {exc}") from None
    finally:
        client.close()
