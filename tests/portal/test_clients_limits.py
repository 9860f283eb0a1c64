import datetime
import threading

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from portal.clients import client_ip
from portal.limits import Limit, minutes_text, retry_after, take_all

pytestmark = pytest.mark.clock

MOMENT = datetime.datetime(2026, 11, 27, 2, 32, 30, tzinfo=datetime.UTC)


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_no_forwarded_header_is_trusted_by_default():
    assert client_ip(request_from("10.0.0.1", "203.0.113.7")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # What the client wrote itself stands to the left of what the proxy appended.
        (1, "198.51.100.99, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.99, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_trusted_proxies_give_the_client_they_saw(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from("10.0.0.1", forwarded)) == expected


def test_a_limit_refuses_after_its_count_and_says_how_long_to_wait():
    limit = Limit("test", 3, 600)
    with time_machine.travel(MOMENT, tick=False) as clock:
        for _ in range(3):
            assert limit.take("a") is None
            clock.shift(10)
        assert limit.take("a") == 570  # the first of the three leaves the window then
        assert limit.retry_after("b") is None
        clock.shift(570)
        assert limit.take("a") is None
        assert limit.take("a") == 10  # the second leaves ten seconds later


def test_the_window_slides_so_a_clock_boundary_gives_no_second_allowance():
    """A fixed window would allow 3 at 02:39:59 and 3 more at 02:40:00."""
    limit = Limit("boundary", 3, 600)
    before_boundary = datetime.datetime(2026, 11, 27, 2, 39, 59, tzinfo=datetime.UTC)
    with time_machine.travel(before_boundary, tick=False) as clock:
        assert [limit.take("a") for _ in range(3)] == [None, None, None]
        clock.shift(2)
        assert limit.take("a") == 598
        clock.shift(597)
        assert limit.take("a") == 1
        clock.shift(1)
        assert limit.take("a") is None


def test_hit_counts_past_the_limit_and_give_back_undoes_a_take():
    limit = Limit("hits", 2, 60)
    with time_machine.travel(MOMENT, tick=False):
        for _ in range(4):
            limit.hit("a")
        assert limit.retry_after("a") == 60
        assert limit.take("b") is None
        assert limit.take("b") is None
        limit.give_back("b")
        assert limit.take("b") is None
        assert limit.take("b") == 60


def test_take_all_takes_everything_or_nothing():
    short, long = Limit("all-short", 1, 60), Limit("all-long", 2, 3600)
    checks = [(long, "kari@example.no"), (short, "kari@example.no")]
    with time_machine.travel(MOMENT, tick=False):
        assert take_all(checks) is None
        # The short limit refuses, so the long one's second event is given back.
        assert take_all(checks) == 60
        assert take_all([(long, "kari@example.no")]) is None
        assert take_all([(long, "kari@example.no")]) == 3600


def _take_at_once(limit, times):
    barrier = threading.Barrier(times)
    answers = []

    def worker():
        barrier.wait()
        answers.append(limit.take("same-key"))

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_fifteen_takes_at_once_get_exactly_the_limit():
    answers = _take_at_once(Limit("race", 5, 900), 15)
    assert answers.count(None) == 5


def test_fifteen_takes_at_once_get_exactly_the_limit_in_redis(redis_cache, settings):
    answers = _take_at_once(Limit("race", 5, 900), 15)
    assert answers.count(None) == 5
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    (stored,) = redis_cache.scan_iter(f"{prefix}:*")
    assert redis_cache.zcard(stored) == 5


def test_the_longest_wait_counts_and_keys_are_not_stored_in_plain_text():
    short, long = Limit("short", 1, 60), Limit("long", 1, 3600)
    with time_machine.travel(MOMENT, tick=False):
        short.hit("person@example.no")
        long.hit("person@example.no")
        assert retry_after([(short, "person@example.no")]) == 60
        assert (
            retry_after([(short, "person@example.no"), (long, "person@example.no")])
            == 3600
        )
        assert not [key for key in cache._cache if "person@example.no" in key]


def test_minutes_in_bokmal():
    assert minutes_text(30) == "1 minutt"
    assert minutes_text(61) == "2 minutter"


def test_an_unreachable_cache_lets_everything_through(settings, caplog):
    import socket

    from django.core.cache import caches

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    try:
        limit = Limit("down", 1, 60)
        assert limit.take("a") is None
        assert limit.take("a") is None
        limit.hit("a")
        assert limit.retry_after("a") is None
    finally:
        caches.close_all()
    assert "the cache is unreachable" in caplog.text
