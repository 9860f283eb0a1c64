"""Limits on what costs, counted in the shared cache so they hold across servers.

A limit is a number of events per window of seconds, counted per key (a client's
address, a recipient's address, a gathering). Windows are fixed and aligned to the
clock, so a refusal can say exactly when to try again. Keys are hashed: the cache never
holds an e-mail address in plain text.

When the cache cannot be reached, the limits let everything through and log a warning:
a Redis outage must not turn every registration and sign-in into an error page, and the
second factor and the booking rules do not depend on the cache.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


def _unreachable(error):
    logger.warning("Limits not counted, the cache is unreachable: %s", error)


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

    def _window(self, now):
        return int(now // self.seconds)

    def _cache_key(self, key, now):
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        return f"limit:{self.name}:{self._window(now)}:{digest}"

    def _seconds_left(self, now):
        return max(1, math.ceil((self._window(now) + 1) * self.seconds - now))

    def used(self, key):
        try:
            return cache.get(self._cache_key(key, time.time()), 0)
        except Exception as error:  # noqa: BLE001 – any cache backend's failure
            _unreachable(error)
            return 0

    def retry_after(self, key):
        """Seconds until ``key`` may go again, or None when it may go now."""
        now = time.time()
        if self.used(key) >= self.count:
            return self._seconds_left(now)
        return None

    def hit(self, key):
        """Count one event for ``key``."""
        now = time.time()
        cache_key = self._cache_key(key, now)
        try:
            # add() then incr() is atomic on Redis and on the local-memory cache.
            cache.add(cache_key, 0, timeout=self.seconds + 1)
            try:
                return cache.incr(cache_key)
            except ValueError:  # expired between add() and incr()
                cache.set(cache_key, 1, timeout=self.seconds + 1)
                return 1
        except Exception as error:  # noqa: BLE001 – any cache backend's failure
            _unreachable(error)
            return 0


def retry_after(checks):
    """The longest wait among ``(limit, key)`` pairs, or None when all may go."""
    waits = [limit.retry_after(key) for limit, key in checks]
    waits = [wait for wait in waits if wait]
    return max(waits) if waits else None


def minutes_text(seconds):
    """«1 minutt», «12 minutter»: how long to wait, for a bokmål message."""
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minutt" if minutes == 1 else f"{minutes} minutter"
