"""Rate limits: activations per source address, and failed keys per source address."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from server_api import Api, problem_of

from clubdesk.protocol import ProblemCode
from clubdesk_server.ratelimit import RateLimiter, TokenBucketLimiter
from clubdesk_server.settings import RateLimit
from licence_server import RunningServer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


ONE_A_MINUTE = RateLimit(burst=3, per_hour=60)


def check_bucket(limiter: RateLimiter, clock: FakeClock) -> None:
    """What any limiter of ``ONE_A_MINUTE`` on ``clock`` answers (the Redis one too)."""
    assert [limiter.take("ip") for _ in range(3)] == [None, None, None]
    assert limiter.take("ip") == 60
    assert limiter.take("other") is None  # each key has its own bucket
    clock.now += 30
    assert limiter.check("ip") == 30
    clock.now += 30
    assert limiter.check("ip") is None  # check does not spend
    assert limiter.take("ip") is None
    assert limiter.take("ip") == 60
    clock.now += 3600
    assert [limiter.take("ip") for _ in range(4)] == [None, None, None, 60]  # never above burst


def test_bucket_allows_a_burst_then_refills_at_its_rate() -> None:
    clock = FakeClock()
    check_bucket(TokenBucketLimiter(ONE_A_MINUTE, now=clock), clock)


def test_bucket_forgets_quiet_keys_when_it_holds_too_many() -> None:
    clock = FakeClock()
    limiter = TokenBucketLimiter(RateLimit(burst=1, per_hour=3600), now=clock)
    limiter.MAX_KEYS = 10
    for i in range(10):
        limiter.take(f"ip{i}")
    clock.now += 5
    limiter.take("new")
    assert len(limiter._buckets) == 1


def fp() -> str:
    return "fp-" + secrets.token_hex(16)


def test_too_many_activations_from_one_address_get_429_with_retry_after(
    server: RunningServer, make_server: Callable[..., RunningServer]
) -> None:
    limited = make_server(activation_limit=RateLimit(burst=3, per_hour=1))
    key = limited.create_licence(devices=10)
    api = Api(limited.url)
    ip = {"X-Forwarded-For": "198.51.100.20"}
    assert [api.activate(key, fp(), **ip).status_code for _ in range(3)] == [200] * 3
    response = api.activate(key, fp(), **ip)
    problem_of(response, 429, ProblemCode.RATE_LIMITED)
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 3600
    # Refused before the body is read: an invalid body is refused the same way.
    invalid = api.http.post(f"{limited.url}/v1/activations", json={}, headers=ip, timeout=30)
    problem_of(invalid, 429, ProblemCode.RATE_LIMITED)
    # Another address has its own allowance.
    other = api.activate(key, fp(), **{"X-Forwarded-For": "198.51.100.21"})
    assert other.status_code == 200
    api.http.close()


def test_failed_keys_from_one_address_are_limited_even_for_a_good_key(
    server: RunningServer, make_server: Callable[..., RunningServer]
) -> None:
    limited = make_server(failed_key_limit=RateLimit(burst=2, per_hour=1))
    key = limited.create_licence()
    api = Api(limited.url)
    ip = {"X-Forwarded-For": "198.51.100.30"}
    wrong = "CD-00000-00000-00000-00000-00000"
    problem_of(api.activate(wrong, fp(), **ip), 404, ProblemCode.LICENCE_NOT_FOUND)
    problem_of(api.activate(wrong, fp(), **ip), 404, ProblemCode.LICENCE_NOT_FOUND)
    response = api.activate(key, fp(), **ip)
    problem_of(response, 429, ProblemCode.RATE_LIMITED)
    assert int(response.headers["Retry-After"]) >= 1
    # Good keys do not spend the failed-key allowance of another address.
    other = {"X-Forwarded-For": "198.51.100.31"}
    statuses = [api.activate(key, fp(), **other).status_code for _ in range(3)]
    assert statuses == [200, 200, 409]  # two devices, then the licence's own answer
    api.http.close()
