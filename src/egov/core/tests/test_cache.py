"""The Redis cache backend of production settings, on a real Redis (EGOV_TEST_REDIS_URL, default
redis://127.0.0.1:6379/13). In CI (CI=true) an unreachable Redis is a failure, not a skip."""

from __future__ import annotations

import os
import uuid

import pytest
import redis
from django.core.cache.backends.locmem import LocMemCache

from egov.core.cache import RedisCache, incr_and_get_many, invalidate_at_write_and_commit

REDIS_URL = os.environ.get("EGOV_TEST_REDIS_URL_CACHE", "redis://127.0.0.1:6379/13")


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis is not reachable at {REDIS_URL} ({exc})."
        if os.environ.get("CI"):
            pytest.fail(reason + " CI must not skip it.")
        pytest.skip(reason)
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    raw = redis.Redis.from_url(REDIS_URL)
    for key in raw.scan_iter(f"{backend.key_prefix}:*"):
        raw.delete(key)


def test_incr_adds_to_an_existing_key_and_keeps_its_expiry(cache):
    cache.set("hits", 1, timeout=60)
    assert cache.incr("hits") == 2
    assert cache.incr("hits", 10) == 12
    assert cache.get("hits") == 12
    ttl = cache._cache.get_client(write=True).ttl(cache.make_and_validate_key("hits"))
    assert 0 < ttl <= 60


def test_incr_of_a_missing_key_is_an_error_and_creates_nothing(cache):
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.get("missing") is None
    assert cache.add("missing", 1, timeout=60)  # the caller can then start the counter itself


def test_one_redis_client_per_pool_for_every_operation(cache):
    first = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is first  # one server: reads and writes share the pool
    cache.set("k", "v")
    assert cache.get("k") == "v"
    assert cache.get_many(["k", "none"]) == {"k": "v"}
    cache.delete("k")
    assert cache.get("k", "gone") == "gone"


@pytest.fixture
def round_trips(monkeypatch):
    """The number of times a command (or a pipeline of them) is sent to Redis."""
    sent = []
    send = redis.connection.Connection.send_packed_command
    monkeypatch.setattr(
        redis.connection.Connection, "send_packed_command", lambda self, *a, **k: sent.append(1) or send(self, *a, **k)
    )
    return sent


def test_incr_and_get_many_is_one_round_trip(cache, round_trips):
    cache.set("hits", 4, timeout=60)
    cache.set_many({"page": {"html": "<p>Đang xử lý</p>"}, "token": "t1"})
    round_trips.clear()
    assert incr_and_get_many(cache, "hits", ["page", "token", "none"]) == (
        5,
        {"page": {"html": "<p>Đang xử lý</p>"}, "token": "t1"},
    )
    assert len(round_trips) == 1
    ttl = cache._cache.get_client(write=True).ttl(cache.make_and_validate_key("hits"))
    assert 0 < ttl <= 60


@pytest.mark.parametrize("keys", [["page"], []], ids=["with-keys", "counter-only"])
def test_incr_and_get_many_of_a_missing_counter_creates_nothing(cache, keys):
    cache.set("page", "p")
    assert incr_and_get_many(cache, "missing", keys) == (None, {"page": "p"} if keys else {})
    assert cache.get("missing") is None


def test_incr_and_get_many_on_another_backend():
    other = LocMemCache("test-incr-and-get-many", {})
    other.set("hits", 1)
    other.set("page", "p")
    assert incr_and_get_many(other, "hits", ["page", "none"]) == (2, {"page": "p"})
    assert incr_and_get_many(other, "missing", ["page"]) == (None, {"page": "p"})
    assert other.get("missing") is None


# --- invalidation by writes ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invalidation_runs_at_the_write_and_again_after_commit(django_capture_on_commit_callbacks):
    runs = []
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_at_write_and_commit(lambda: runs.append("run"), "not invalidated")
        assert runs == ["run"]
    assert runs == ["run", "run"]


@pytest.mark.django_db
def test_a_failed_invalidation_is_logged_and_does_not_fail_the_write(django_capture_on_commit_callbacks, caplog):
    def down():
        raise ConnectionError("cache down")

    with django_capture_on_commit_callbacks(execute=True):
        invalidate_at_write_and_commit(down, "Pages of X not invalidated")
    assert caplog.text.count("Pages of X not invalidated") == 2
