"""The Redis token bucket shared by the workers, against the real Redis at 127.0.0.1:6379
(``CLUBDESK_TEST_REDIS_URL``). Each test has a key prefix of its own and removes its keys."""

from __future__ import annotations

import logging
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from test_server_ratelimit import ONE_A_MINUTE, FakeClock, check_bucket

from clubdesk_server.ratelimit import (
    REDIS_RETRY_AFTER_S,
    RedisTokenBucketLimiter,
    TokenBucketLimiter,
    make_limiters,
    redis_client,
)
from clubdesk_server.settings import RateLimit, Settings

REDIS_URL = os.environ.get("CLUBDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # port 1 on loopback: refused at once


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    opened = redis_client(REDIS_URL)
    try:
        opened.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is unreachable ({exc}): start it", pytrace=False)
    yield opened
    opened.close()


@pytest.fixture
def prefix(client: redis.Redis) -> Iterator[str]:
    name = f"clubdesk-test:{secrets.token_hex(6)}"
    yield name
    keys = list(client.scan_iter(match=f"{name}:*"))
    if keys:
        client.delete(*keys)


def test_a_burst_then_refusals_then_refill_as_the_in_process_bucket(
    client: redis.Redis, prefix: str
) -> None:
    clock = FakeClock()  # stands in for Redis's clock
    limiter = RedisTokenBucketLimiter(
        client, ONE_A_MINUTE, name="activation", prefix=prefix, now=clock
    )
    check_bucket(limiter, clock)


def test_workers_share_one_bucket_and_spend_it_atomically(prefix: str) -> None:
    limit = RateLimit(burst=20, per_hour=1)
    # Each worker with its own client and connections, as separate processes have.
    clients = [redis_client(REDIS_URL) for _ in range(4)]
    workers = [
        RedisTokenBucketLimiter(c, limit, name="activation", prefix=prefix) for c in clients[:3]
    ]
    allowed = []
    lock = threading.Lock()
    start = threading.Barrier(30)

    def caller(i: int) -> None:
        start.wait(30)
        answer = workers[i % 3].take("198.51.100.7")
        with lock:
            allowed.append(answer is None)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert allowed.count(True) == 20
        assert all(worker.take("198.51.100.7") == 3600 for worker in workers)  # 1 an hour
        other = RedisTokenBucketLimiter(clients[3], limit, name="failed-key", prefix=prefix)
        assert other.take("198.51.100.7") is None  # another limit, another bucket
    finally:
        for opened in clients:
            opened.close()


def test_a_bucket_expires_once_it_would_be_full_again(client: redis.Redis, prefix: str) -> None:
    limiter = RedisTokenBucketLimiter(
        client, RateLimit(burst=5, per_hour=3600), name="activation", prefix=prefix
    )
    assert limiter.check("ip") is None
    assert client.exists(f"{prefix}:activation:ip") == 0  # checking writes nothing
    limiter.take("ip")
    limiter.take("ip")
    ttl_ms = client.pttl(f"{prefix}:activation:ip")
    assert 0 < ttl_ms <= 2 * 1000 + 1000  # two tokens at one a second, and a second more


def test_redis_unreachable_fails_open_to_this_workers_bucket_and_recovers(
    client: redis.Redis, prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    monotonic = FakeClock()
    limit = RateLimit(burst=2, per_hour=1)
    down = RedisTokenBucketLimiter(
        redis_client(NOBODY_LISTENS), limit, name="activation", prefix=prefix, monotonic=monotonic
    )
    with caplog.at_level(logging.WARNING, logger="clubdesk_server.ratelimit"):
        # Still limited, by this worker's own bucket: two, then a wait.
        assert [down.take("ip"), down.take("ip")] == [None, None]
        assert down.take("ip") == 3600
        assert down.check("ip") == 3600
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1  # one line per outage, not one per request
    assert "fail open" in errors[0].getMessage()
    assert "ConnectionError" in errors[0].getMessage()

    # Redis is back (the same limiter, now reaching the real one) once the pause is over.
    caplog.clear()
    down._script = client.register_script(down._script.script)
    assert down.take("ip") == 3600  # still within the pause: this worker's bucket answers
    monotonic.now += REDIS_RETRY_AFTER_S + 1
    with caplog.at_level(logging.WARNING, logger="clubdesk_server.ratelimit"):
        assert down.take("ip") is None  # Redis's bucket for this address is full
    assert "Redis answers again" in caplog.text
    assert float(client.hget(f"{prefix}:activation:ip", "tokens")) == pytest.approx(1.0)


def test_the_settings_choose_the_limiter(tmp_path: Path) -> None:
    local = make_limiters(Settings(tmp_path, tmp_path, "sqlite://"))
    assert isinstance(local.activation, TokenBucketLimiter)
    assert isinstance(local.failed_key, TokenBucketLimiter)
    shared = make_limiters(Settings(tmp_path, tmp_path, "sqlite://", redis_url=REDIS_URL))
    try:
        assert isinstance(shared.activation, RedisTokenBucketLimiter)
        assert isinstance(shared.failed_key, RedisTokenBucketLimiter)
        assert shared.activation.prefix == "clubdesk:ratelimit:activation:"
        assert shared.failed_key.prefix == "clubdesk:ratelimit:failed-key:"
    finally:
        shared.close()
