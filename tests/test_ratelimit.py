"""Tests of the limiter of the public query form (addons/dawa_approval/tools/ratelimit.py)."""

from tools.ratelimit import RateLimiter


def test_limit_per_address_and_period():
    limiter = RateLimiter(limit=3, period=60)
    assert [limiter.hit("10.0.0.1", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    # another address is not affected
    assert limiter.hit("10.0.0.2", now=3)
    # still refused within the minute, allowed again once the first try is a minute old
    assert not limiter.hit("10.0.0.1", now=59)
    assert limiter.hit("10.0.0.1", now=60.5)
    assert not limiter.hit("10.0.0.1", now=60.6)


def test_memory_stays_bounded():
    limiter = RateLimiter(limit=1, period=60, max_keys=100)
    for index in range(1000):
        limiter.hit(f"addr-{index}", now=index)
    assert len(limiter._tries) <= 100
