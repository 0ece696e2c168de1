"""Django's Redis cache backend with two per-operation costs removed (docs/decisions/0023), that
degrades instead of failing while Redis is unreachable (docs/decisions/0032).

Every cache operation of Django's client built a new `redis.Redis` around the connection pool
(~0.1 ms: the client copies a table of response callbacks each time), and `incr` took two round
trips (EXISTS, then INCRBY). A rate limit, a cached session or a cached count does one operation
per page, so these were a large part of their cost.

**Redis down.** Everything in the cache can be computed again or read from the database (sessions
are also in the database: cached_db), so a cache that cannot be reached behaves as an empty one
that keeps nothing: a read misses, a write is dropped, `incr` finds no key. The first failure is
logged and the server is then left alone for RETRY_SECONDS (no request waits on a dead server
again meanwhile); the next attempt after that either finds it back (logged) or starts another
wait. The keys whose write or delete was dropped meanwhile are deleted first when it is back, so
that what it still holds from before (a session logged out since, a page since changed) is not
served. Whoever must not go on without the cache (a limit guarding messages sent to strangers)
asks `cache_available` and refuses instead.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable

import redis
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from django.db import transaction

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Keys kept per process to delete when the server is back; past this, the rest may be served stale
# until they expire (logged).
MAX_UNWRITTEN_KEYS = 50_000


class _Outage:
    """One cache server's state in this process (shared by the threads' cache objects)."""

    def __init__(self, location: str):
        self.location = location
        self.lock = threading.Lock()
        self.retry_at: float | None = None  # None: the server is up
        self.unwritten: set[str] = set()
        self.overflowed = False

    def begin(self, exc: Exception, keys) -> None:
        with self.lock:
            if self.retry_at is None:
                logger.error(
                    "Cache %s unreachable (%s: %s): pages are served without it; next try in %g s",
                    self.location, type(exc).__name__, exc, RETRY_SECONDS,
                )  # fmt: skip
            self.retry_at = time.monotonic() + RETRY_SECONDS
        self.remember(keys)

    def remember(self, keys) -> None:
        if not keys:
            return
        with self.lock:
            if len(self.unwritten) + len(keys) > MAX_UNWRITTEN_KEYS:
                self.overflowed = True
            else:
                self.unwritten.update(keys)

    def end(self) -> None:
        with self.lock:
            self.retry_at = None
            lost, self.overflowed = self.overflowed, False
        logger.warning("Cache %s reachable again", self.location)
        if lost:
            logger.error(
                "Cache %s: more than %s keys changed while it was unreachable; some may be served stale until "
                "they expire",
                self.location, MAX_UNWRITTEN_KEYS,
            )  # fmt: skip


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage(location))


_MISSING = object()


def _degrading(default, *, writes: Callable[..., list[str]] | None = None):
    """Run a client operation, or answer `default` while the server is unreachable (see the module's
    docstring). `writes(*args)` names the keys the operation changes, deleted when the server is back.
    A `default` of _MISSING raises ValueError, the answer of `incr` for a missing key."""

    def decorate(operation):
        @functools.wraps(operation)
        def run(self, *args):
            outage = self._outage
            if outage.retry_at is not None and not self._recovered():
                outage.remember(writes(*args) if writes else ())
                return _answer(default, args)
            try:
                return operation(self, *args)
            except redis.RedisError as exc:
                outage.begin(exc, writes(*args) if writes else ())
                return _answer(default, args)

        return run

    return decorate


def _answer(default, args):
    if default is _MISSING:
        raise ValueError(f"Key '{args[0]}' not found (cache unreachable).")
    return default(*args) if callable(default) else default


# INCRBY only an existing key (Django's contract: incr of a missing key is an error, never a new
# key without expiry), atomically: Django's EXISTS-then-INCRBY could recreate a key that expired
# between the two commands.
_INCR_EXISTING = (
    "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end return false"
)


def _one_key(key, *args) -> list[str]:
    return [key]


def _many_keys(keys, *args) -> list[str]:
    return list(keys)


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients: dict[int, object] = {}
        self._incr_existing = None
        self._outage = _outage_for(",".join(servers))

    def _recovered(self) -> bool:
        """While the server is down: after RETRY_SECONDS, try it again, first deleting the keys
        whose change was dropped meanwhile. False when it is still down (or not time yet)."""
        outage = self._outage
        retry_at = outage.retry_at
        if retry_at is None:  # another thread found it back meanwhile
            return True
        if time.monotonic() < retry_at:
            return False
        with outage.lock:
            keys, outage.unwritten = list(outage.unwritten), set()
        try:
            client = self.get_client(write=True)
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
            if not keys:
                client.ping()
        except redis.RedisError as exc:
            outage.begin(exc, keys)
            return False
        outage.end()
        return True

    add = _degrading(False)(DjangoRedisCacheClient.add)
    get = _degrading(lambda key, default: default)(DjangoRedisCacheClient.get)
    set = _degrading(None, writes=_one_key)(DjangoRedisCacheClient.set)
    touch = _degrading(False)(DjangoRedisCacheClient.touch)
    delete = _degrading(False, writes=_one_key)(DjangoRedisCacheClient.delete)
    get_many = _degrading(lambda keys: {})(DjangoRedisCacheClient.get_many)
    has_key = _degrading(False)(DjangoRedisCacheClient.has_key)
    set_many = _degrading(None, writes=lambda data, timeout: list(data))(DjangoRedisCacheClient.set_many)
    delete_many = _degrading(None, writes=_many_keys)(DjangoRedisCacheClient.delete_many)
    clear = _degrading(False)(DjangoRedisCacheClient.clear)

    def get_client(self, key=None, *, write=False):
        # A redis.Redis only wraps its pool and is safe to share between threads: one per pool.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client

    @_degrading(_MISSING)
    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        if self._incr_existing is None:
            self._incr_existing = client.register_script(_INCR_EXISTING)  # EVALSHA, loaded on first use
        value = self._incr_existing(keys=[key], args=[delta], client=client)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    @_degrading(lambda counter_key, keys: (None, {}))
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

    def ping(self) -> None:
        """Ask the server directly, past the outage state; raises redis.RedisError if it is down."""
        self._cache.get_client(write=True).ping()

    @property
    def available(self) -> bool:
        """False while the server is unreachable (see the module's docstring)."""
        return self._cache._outage.retry_at is None

    def incr_and_get_many(self, counter_key, keys, version=None):
        counter = self.make_and_validate_key(counter_key, version=version)
        made = {self.make_and_validate_key(key, version=version): key for key in keys}
        count, found = self._cache.incr_and_get_many(counter, list(made))
        return count, {made[key]: value for key, value in found.items()}


def cache_available(cache: BaseCache) -> bool:
    """Whether the cache answered its last operation; a local cache always does."""
    return getattr(cache, "available", True)


def cache_reachable(cache: BaseCache) -> bool:
    """Whether the cache's server answers now (asked directly, for the health check)."""
    if not hasattr(cache, "ping"):
        return True  # a local cache
    try:
        cache.ping()
    except redis.RedisError:
        return False
    return True


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
