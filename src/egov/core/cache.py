"""Django's Redis cache backend with two per-operation costs removed (docs/decisions/0023).

Every cache operation of Django's client built a new `redis.Redis` around the connection pool
(~0.1 ms: the client copies a table of response callbacks each time), and `incr` took two round
trips (EXISTS, then INCRBY). A rate limit, a cached session or a cached count does one operation
per page, so these were a large part of their cost. Same behaviour and errors as Django's backend.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import transaction

logger = logging.getLogger(__name__)

# INCRBY only an existing key (Django's contract: incr of a missing key is an error, never a new
# key without expiry), atomically: Django's EXISTS-then-INCRBY could recreate a key that expired
# between the two commands.
_INCR_EXISTING = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end return false"
)


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        self._incr_existing = None

    def get_client(self, key=None, *, write=False):
        # A redis.Redis only wraps its pool and is safe to share between threads: one per pool.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        if self._incr_existing is None:
            self._incr_existing = client.register_script(_INCR_EXISTING)  # EVALSHA, loaded on first use
        value = self._incr_existing(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def incr_and_get_many(self, counter_key, keys):
        if not keys:
            try:
                return self.incr(counter_key, 1), {}
            except ValueError:
                return None, {}
        # One pipeline, one round trip. EVAL with the script's text: a pipeline's EVALSHA would first
        # ask SCRIPT EXISTS, one more round trip; the server compiles the text once and keeps it.
        pipeline = self.get_client(counter_key, write=True).pipeline(transaction=False)
        pipeline.eval(_INCR_EXISTING, 1, counter_key, 1)
        pipeline.mget(keys)
        count, values = pipeline.execute()
        return count, {
            key: self._serializer.loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def incr_and_get_many(self, counter_key, keys, version=None):
        counter = self.make_and_validate_key(counter_key, version=version)
        made = {self.make_and_validate_key(key, version=version): key for key in keys}
        count, found = self._cache.incr_and_get_many(counter, list(made))
        return count, {made[key]: value for key, value in found.items()}


def incr_and_get_many(cache, counter_key: str, keys: list[str]) -> tuple[int | None, dict]:
    """`cache.incr(counter_key)`, None for a missing counter instead of an error, and
    `cache.get_many(keys)`: in one round trip on RedisCache (a rate-limited page that reads the
    cache, the public look-up), in two on other backends."""
    if hasattr(cache, "incr_and_get_many"):
        return cache.incr_and_get_many(counter_key, keys)
    try:
        count = cache.incr(counter_key)
    except ValueError:
        count = None
    return count, cache.get_many(keys) if keys else {}


def invalidate_at_write_and_commit(invalidate: Callable[[], object], failure: str) -> None:
    """Run a write's invalidation of cached data now and again after its transaction commits.

    Now, so that the writing transaction itself (and a test run inside one) reads fresh data; after
    commit, so that what another request computed from the data before the commit, and cached
    meanwhile, is not used afterwards (the readers' side: dossiers.signals, portal.lookup_cache).
    When the cache server is down the write must still go through: the failure is logged.
    """

    def run():
        try:
            invalidate()
        except Exception:
            logger.exception(failure)

    run()
    transaction.on_commit(run)
