"""A fixed-window request counter in Django's cache, per client address and scope.

Used by the public look-up against enumeration of dossier codes. The rate comes from settings at
request time ("30/minute", "5/hour"...). Counters live in the default cache: with several server
processes configure a shared cache (Redis), or each process counts on its own.

While the cache is unreachable (core.cache) nothing can be counted. A limit guarding a read (the
look-up) then lets requests through: citizens keep following their dossiers. One guarding what is
sent to or created for strangers (one-time codes, accounts) is `fail_closed`: it refuses with
LimitUnavailable, and the caller says to try again shortly.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

from egov.core.cache import cache_available, incr_and_get_many
from egov.core.client_address import client_address

logger = logging.getLogger(__name__)

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/minute" -> (30, 60)."""
    count, _, period = rate.partition("/")
    try:
        return int(count), _PERIODS[period.strip().rstrip("s")]
    except (ValueError, KeyError) as exc:
        raise ValueError(f"Invalid rate {rate!r}: expected '<count>/<second|minute|hour|day>'") from exc


def _client_key(request) -> str:
    # The client's, resolved behind the trusted proxies (core.client_address); never the headers
    # themselves, which anyone can forge to reset their counter.
    return client_address(request) or "unknown"


class LimitUnavailable(Exception):
    """A fail-closed limit could not count: the cache holding its counters is unreachable."""


def throttle_hit(request, *, scope: str, rate: str, fail_closed: bool = False) -> int | None:
    """Count one request; None when allowed, else the seconds until the window reopens."""
    return throttle_hit_and_get_many(request, scope=scope, rate=rate, keys=[], fail_closed=fail_closed)[0]


def throttle_hit_and_get_many(
    request, *, scope: str, rate: str, keys: list[str], fail_closed: bool = False
) -> tuple[int | None, dict]:
    """`throttle_hit`, and the cache's values of `keys` read in the same round trip (on Redis)."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now // period
    key = f"throttle:{scope}:{_client_key(request)}:{window}"
    # Increment first: the counter of the window exists for every request but its first, so this
    # is one cache operation where "add 0, then increment" made two.
    count, found = incr_and_get_many(cache, key, keys)
    if count is None:  # the window's first request (or its counter just expired)
        if cache.add(key, 1, timeout=period + 1):
            count = 1
        else:  # another process started the window meanwhile
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=period + 1)
                count = 1
    if fail_closed and not cache_available(cache):
        logger.warning("Limit %r refused a request from %s: its counters' cache is unreachable", scope, key)
        raise LimitUnavailable(scope)
    return ((window + 1) * period - now if count > limit else None), found
