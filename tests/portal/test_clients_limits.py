import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from portal.clients import client_ip
from portal.limits import Limit, minutes_text, retry_after

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
    with time_machine.travel(MOMENT, tick=False):
        for _ in range(3):
            assert limit.retry_after("a") is None
            limit.hit("a")
        # 02:32:30 UTC is 150 s into a ten-minute window aligned to the clock.
        assert limit.retry_after("a") == 450
        assert limit.retry_after("b") is None
    with time_machine.travel(MOMENT + datetime.timedelta(seconds=450), tick=False):
        assert limit.retry_after("a") is None


def test_the_longest_wait_counts_and_keys_are_not_stored_in_plain_text():
    short, long = Limit("short", 1, 60), Limit("long", 1, 3600)
    with time_machine.travel(MOMENT, tick=False):
        short.hit("person@example.no")
        long.hit("person@example.no")
        assert retry_after([(short, "person@example.no")]) == 30
        assert (
            retry_after([(short, "person@example.no"), (long, "person@example.no")])
            == 1650
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
        assert limit.hit("a") == 0
        assert limit.hit("a") == 0
        assert limit.retry_after("a") is None
    finally:
        caches.close_all()
    assert "the cache is unreachable" in caplog.text
