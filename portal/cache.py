"""Django's Redis cache, shared across threads and forgiving when Redis is away.

- One client per connection pool: Django's ``RedisCacheClient`` makes a new
  ``redis.Redis`` for every operation, and each builds its table of response callbacks,
  about half a millisecond of CPU a call and several milliseconds a page. A client is
  safe to share between threads (the pool hands out connections).
- Reading and writing what is kept (``get``, ``set``, ``delete`` and their ``_many``
  forms) treat an unreachable Redis as an empty cache: the page is built from the
  database instead of failing, as Wagtail's own lookups (the site's root paths) would.
  Counting (``add``, ``incr``) still raises, so the limits decide for themselves
  (``portal.limits``), and the health check still sees the outage.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY_SECONDS = 60


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _forgiving(method, fallback):
    def forgiving(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self._unreachable(error)
            return fallback(*args, **kwargs)

    forgiving.__name__ = method.__name__
    forgiving.__doc__ = method.__doc__
    return forgiving


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._warned_at = None

    def _unreachable(self, error):
        now = time.monotonic()
        if self._warned_at is None or now - self._warned_at > WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning("Redis is unreachable, nothing is kept: %s", error)

    get = _forgiving(DjangoRedisCache.get, lambda key, default=None, **kw: default)
    get_many = _forgiving(DjangoRedisCache.get_many, lambda keys, **kw: {})
    set = _forgiving(DjangoRedisCache.set, lambda *args, **kwargs: None)
    set_many = _forgiving(
        DjangoRedisCache.set_many, lambda data, *args, **kwargs: list(data)
    )
    delete = _forgiving(DjangoRedisCache.delete, lambda *args, **kwargs: False)
    delete_many = _forgiving(DjangoRedisCache.delete_many, lambda *a, **kw: None)
