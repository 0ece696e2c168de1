"""A fixed-window request counter in Django's cache, per client address and scope.

Used by the public look-up against enumeration of dossier codes. The rate comes from settings at
request time ("30/minute", "5/hour"...). Counters live in the default cache: with several server
processes configure a shared cache (Redis), or each process counts on its own.
"""

from __future__ import annotations

import time

from django.core.cache import cache

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/minute" -> (30, 60)."""
    count, _, period = rate.partition("/")
    try:
        return int(count), _PERIODS[period.strip().rstrip("s")]
    except (ValueError, KeyError) as exc:
        raise ValueError(f"Invalid rate {rate!r}: expected '<count>/<second|minute|hour|day>'") from exc


def client_address(request) -> str:
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For would let anyone reset their counter.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def throttle_hit(request, *, scope: str, rate: str) -> int | None:
    """Count one request; None when allowed, else the seconds until the window reopens."""
    limit, period = parse_rate(rate)
    now = int(time.time())
    window = now // period
    key = f"throttle:{scope}:{client_address(request)}:{window}"
    # Increment first: the counter of the window exists for every request but its first, so this
    # is one cache operation where "add 0, then increment" made two (one round trip on Redis with
    # egov.core.cache).
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request (or its counter just expired)
        if cache.add(key, 1, timeout=period + 1):
            count = 1
        else:  # another process started the window meanwhile
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=period + 1)
                count = 1
    if count > limit:
        return (window + 1) * period - now
    return None
