import pytest
from django.test import RequestFactory

from egov.portal.throttle import parse_rate, throttle_hit


def test_parse_rate():
    assert parse_rate("30/minute") == (30, 60)
    assert parse_rate("5/hours") == (5, 3600)
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate("many/minute")
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate("5/fortnight")


def test_counts_per_address_and_scope():
    factory = RequestFactory()
    one, other = factory.get("/", REMOTE_ADDR="10.0.0.1"), factory.get("/", REMOTE_ADDR="10.0.0.2")
    assert throttle_hit(one, scope="t", rate="2/minute") is None
    assert throttle_hit(one, scope="t", rate="2/minute") is None
    retry = throttle_hit(one, scope="t", rate="2/minute")
    assert retry is not None and 0 < retry <= 60
    assert throttle_hit(other, scope="t", rate="2/minute") is None
    assert throttle_hit(one, scope="another", rate="2/minute") is None
    # A forged X-Forwarded-For does not give a fresh counter.
    forged = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle_hit(forged, scope="t", rate="2/minute") is not None


class _CountingCache:
    """The default cache, counting the operations made on it (each one a round trip on Redis)."""

    def __init__(self, cache, *, add_loses_race=False):
        self.cache, self.calls, self.add_loses_race = cache, [], add_loses_race

    def __getattr__(self, name):
        operation = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            if name == "add" and self.add_loses_race:  # another process created the counter first
                self.cache.set(args[0], 1, timeout=kwargs.get("timeout"))
                return False
            return operation(*args, **kwargs)

        return counted


def test_one_cache_operation_per_request_once_the_window_is_open(monkeypatch):
    from django.core.cache import cache

    from egov.portal import throttle

    counting = _CountingCache(cache)
    monkeypatch.setattr(throttle, "cache", counting)
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.3")
    assert throttle_hit(request, scope="ops", rate="3/minute") is None
    first = len(counting.calls)
    assert throttle_hit(request, scope="ops", rate="3/minute") is None
    assert len(counting.calls) - first == 1
    assert throttle_hit(request, scope="ops", rate="3/minute") is None
    assert throttle_hit(request, scope="ops", rate="3/minute") is not None


def test_a_window_opened_by_another_process_meanwhile_is_counted(monkeypatch):
    from django.core.cache import cache

    from egov.portal import throttle

    monkeypatch.setattr(throttle, "cache", _CountingCache(cache, add_loses_race=True))
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.4")
    assert throttle_hit(request, scope="race", rate="2/minute") is None  # the other process's 1, then ours: 2
    assert throttle_hit(request, scope="race", rate="2/minute") is not None
