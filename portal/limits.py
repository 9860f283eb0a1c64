"""Limits on what costs, counted in the shared cache so they hold across servers.

A limit is a number of events per window of seconds, counted per key (a client's
address, a recipient's address, a gathering). The window slides: each key keeps the
moments of its events within the last ``seconds``, so no stretch of that length ever
holds more than ``count`` of them – a fixed window aligned to the clock would let
twice the limit through across its boundary. Keys are hashed: the cache never holds
an e-mail address in plain text.

``take`` checks and counts in one atomic step: in Redis by one script, in the
local-memory cache (one process) under a lock. Fifteen requests at once against a
limit of five get five yeses, never seven.

When the cache cannot be reached, the limits let everything through and log a warning:
a Redis outage must not turn every registration and sign-in into an error page, and the
second factor and the booking rules do not depend on the cache.
"""

import hashlib
import logging
import math
import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

# KEYS[1]: the sorted set of one key's events, scored by their moment.
# ARGV: now, seconds, count, mode ("check", "take", "hit" or "give_back"), member.
# Returns the seconds to wait as a string, or false when the event may go.
_REDIS_SCRIPT = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local seconds = tonumber(ARGV[2])
local count = tonumber(ARGV[3])
local mode = ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
if mode == 'give_back' then
  redis.call('ZPOPMAX', key)
  return false
end
local used = redis.call('ZCARD', key)
if mode ~= 'hit' and used >= count then
  local oldest = redis.call('ZRANGE', key, used - count, used - count, 'WITHSCORES')
  return tostring(tonumber(oldest[2]) + seconds - now)
end
if mode ~= 'check' then
  redis.call('ZADD', key, now, ARGV[5])
  redis.call('EXPIRE', key, math.ceil(seconds) + 1)
end
return false
"""

_local_lock = threading.Lock()


def _unreachable(error):
    logger.warning("Limits not counted, the cache is unreachable: %s", error)


def _wait(moments, now, seconds, count):
    """Seconds until one more event fits among ``moments`` (sorted), or None."""
    if len(moments) < count:
        return None
    return moments[len(moments) - count] + seconds - now


@dataclass(frozen=True)
class Limit:
    """``count`` events per ``seconds`` for each key, under the name ``name``."""

    name: str
    count: int
    seconds: int

    @classmethod
    def from_setting(cls, name, value):
        count, seconds = value
        return cls(name, int(count), int(seconds))

    def _cache_key(self, key):
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return f"limit:{self.name}:{digest}"

    def _redis(self):
        client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
        if client_of is None or not hasattr(cache, "make_and_validate_key"):
            return None
        return client_of(write=True)

    def _run(self, key, mode):
        """Apply ``mode`` to ``key``'s events; the seconds to wait, or None."""
        now = time.time()
        try:
            redis = self._redis()
            if redis is not None:
                wait = redis.eval(
                    _REDIS_SCRIPT,
                    1,
                    cache.make_and_validate_key(self._cache_key(key)),
                    repr(now),
                    self.seconds,
                    self.count,
                    mode,
                    f"{now!r}:{uuid.uuid4().hex}",
                )
                return float(wait) if wait else None
            return self._run_locally(key, mode, now)
        except Exception as error:  # noqa: BLE001 – any cache backend's failure
            _unreachable(error)
            return None

    def _run_locally(self, key, mode, now):
        # The local-memory cache lives in this process, so a lock here is atomic.
        cache_key = self._cache_key(key)
        with _local_lock:
            moments = [
                moment
                for moment in cache.get(cache_key, [])
                if moment > now - self.seconds
            ]
            if mode == "give_back":
                moments = moments[:-1]
                wait = None
            elif mode == "hit":
                moments.append(now)
                wait = None
            else:
                wait = _wait(moments, now, self.seconds, self.count)
                if mode == "take" and wait is None:
                    moments.append(now)
            if mode != "check":
                cache.set(cache_key, moments, timeout=self.seconds + 1)
        return wait

    @staticmethod
    def _whole(wait):
        return None if wait is None else max(1, math.ceil(wait))

    def retry_after(self, key):
        """Seconds until ``key`` may go again, or None when it may go now."""
        return self._whole(self._run(key, "check"))

    def take(self, key):
        """Count one event for ``key`` if the limit allows it, in one atomic step.

        Returns None when the event was counted, else the seconds to wait (and counts
        nothing).
        """
        return self._whole(self._run(key, "take"))

    def hit(self, key):
        """Count one event for ``key`` whether or not the limit allows it."""
        self._run(key, "hit")

    def give_back(self, key):
        """Undo the latest event counted for ``key`` (a take that was not needed)."""
        self._run(key, "give_back")


def retry_after(checks):
    """The longest wait among ``(limit, key)`` pairs, or None when all may go."""
    waits = [limit.retry_after(key) for limit, key in checks]
    waits = [wait for wait in waits if wait]
    return max(waits) if waits else None


def take_all(checks):
    """Count one event against every ``(limit, key)`` pair, or against none.

    Returns None when all were counted, else the longest wait; what was taken before
    a refusal is given back, so a refused request costs nothing.
    """
    taken = []
    for limit, key in checks:
        wait = limit.take(key)
        if wait is not None:
            for earlier, earlier_key in taken:
                earlier.give_back(earlier_key)
            rest = [
                later.retry_after(later_key)
                for later, later_key in checks[len(taken) + 1 :]
            ]
            return max([wait, *(later for later in rest if later)])
        taken.append((limit, key))
    return None


def minutes_text(seconds):
    """«1 minutt», «12 minutter» («12 minutt» in nynorsk): how long to wait."""
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("%(minutes)s minutt", "%(minutes)s minutter", minutes) % {
        "minutes": minutes
    }


def too_many_requests(request, seconds):
    """429 with ``Retry-After`` and a page saying when to try again."""
    response = render(
        request,
        "portal/too_many_requests.html",
        {"wait": minutes_text(seconds)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response
