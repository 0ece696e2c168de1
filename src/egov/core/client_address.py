"""The client's address behind the configured number of trusted proxies (docs/decisions/0031).

Behind nginx every request comes from nginx's address. `EGOV_TRUSTED_PROXIES` says how many proxies
stand between the client and the application; each appends the address it received the request
from to `X-Forwarded-For` (nginx: `$proxy_add_x_forwarded_for`, deploy/nginx/). The client is then
the entry that many places from the right of that chain, the connection's own address
(`REMOTE_ADDR`, the nearest proxy) counting as its last entry. Whatever a client writes itself into
the header stands further left and is never read, so a forged or rotated `X-Forwarded-For` changes
nothing. 0 (the default outside production) reads no header at all.

`ClientAddressMiddleware`, first of all middleware, puts that address in `REMOTE_ADDR`, as
Werkzeug's ProxyFix does: the log-in lock-out (django-axes), the rate limits (portal, API), the log
lines about a request (`ClientAddressLogFilter`) and gunicorn's access log (it reads the same WSGI
environ after the response) then all see the same address, and nothing else needs to know about
proxies. The address the connection came from stays in `PROXY_ADDR`.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def resolve_client_address(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client's address, from the connection's address and the X-Forwarded-For header."""
    if trusted_proxies <= 0:
        return remote_addr
    chain = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()] + [remote_addr]
    # A shorter chain reached the application through fewer proxies (a health check from the host
    # itself): its farthest entry was still written by one of them, or is the connection's address.
    candidate = chain[-(trusted_proxies + 1)] if len(chain) > trusted_proxies else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Written by a trusted proxy, so this is a configuration error (EGOV_TRUSTED_PROXIES larger
        # than the proxies there are): fall back to the proxy's address, shared but never forged.
        logger.warning("X-Forwarded-For entry %r is not an address; check EGOV_TRUSTED_PROXIES", candidate)
        return remote_addr


def client_address(request) -> str:
    """The client's address of a request that went through ClientAddressMiddleware (axes's
    AXES_CLIENT_IP_CALLABLE, so that it never looks at the headers by itself)."""
    return request.META.get("REMOTE_ADDR", "")


class ClientAddressLogFilter(logging.Filter):
    """Gives every record `client`: the address of the request it is about (Django's request and
    security loggers attach the request), "-" for the others."""

    def filter(self, record: logging.LogRecord) -> bool:
        meta = getattr(getattr(record, "request", None), "META", None) or {}
        record.client = meta.get("REMOTE_ADDR") or "-"
        return True


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if "PROXY_ADDR" not in meta:  # once per request, even if a view is called again
            remote_addr = meta.get("REMOTE_ADDR", "")
            meta["PROXY_ADDR"] = remote_addr
            meta["REMOTE_ADDR"] = resolve_client_address(
                remote_addr, meta.get("HTTP_X_FORWARDED_FOR", ""), settings.EGOV_TRUSTED_PROXIES
            )
        return self.get_response(request)
