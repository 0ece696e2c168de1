"""The public look-up's page, shared between visitors through the cache while it is exact
(docs/decisions/0024).

The look-up is the site's hottest page (citizens following their dossier, the code scanned from the
receipt's QR code, enumeration attempts), and for one code it is the same page for every anonymous
visitor of one language on one day. A page is stored with the stamp it was rendered under and is
served only while that stamp is still current:

- the dossier's token, removed by every write of that dossier (at the write, and again after
  commit); a reader finding none starts a new random one;
- the catalogue's token, removed by every write of a procedure (its name and code are shown);
- today's date (whether the dossier is on time changes with it);
- the release fingerprint (`core.release`: a deployment changes the page).

The tokens are read before the dossier is: a page rendered from data that a concurrent write then
replaced is stored under a token that write removes after its commit, so it is never served. A
random token never repeats one seen before, even when the cache evicts or loses a key.

Only the shared page is cached: an anonymous visitor (no session or messages cookie) asking for a
code written exactly as its canonical form, nothing else in the query, and a dossier found (an
unknown code is not stored, so a code that appears later needs no invalidation). The rate limit
counts every request before the cache is asked. EGOV_LOOKUP_CACHE_SECONDS = 0 (the default) turns it
off: it needs one cache shared by every process that writes dossiers (Redis in production), or a
write in one process would not reach the page another process stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from egov.core.cache import invalidate_at_write_and_commit
from egov.core.release import fingerprint
from egov.dossiers.service import Dossier
from egov.procedures.service import Procedure

_PAGE = "lookup-page:{}:{}"
_DOSSIER_TOKEN = "lookup-token:{}"
_CATALOGUE_TOKEN = "lookup-token:catalogue"


@dataclass
class SharedLookup:
    """The cache's side of one look-up request: its keys, read with the rate limit's count in one
    round trip (`throttle_hit_and_get_many`), then the stored page if still current, else the means
    to store the page this request renders."""

    page_key: str
    token_keys: tuple[str, str]  # the dossier's, the catalogue's
    stamp: tuple[str, ...] | None = None  # None: not to be stored
    html: str | None = None

    @classmethod
    def for_request(cls, request: HttpRequest, code: str) -> SharedLookup | None:
        """None when this request's page is not the shared one (or caching is off)."""
        if not _seconds() or not code or not _is_shared_page(request, code):
            return None
        return cls(_PAGE.format(code, translation.get_language()), (_DOSSIER_TOKEN.format(code), _CATALOGUE_TOKEN))

    @property
    def keys(self) -> list[str]:
        return [self.page_key, *self.token_keys]

    def read(self, found: dict) -> None:
        """Take the cache's values of `keys`: the page if its stamp is current; missing tokens
        started, before the dossier is read."""
        tokens = []
        for key in self.token_keys:
            token = found.get(key)
            if token is None:  # first look-up since the last write (or the cache lost it): start one
                token = uuid.uuid4().hex
                # Outliving the pages it stamps; the catalogue's is one key, kept.
                if not cache.add(key, token, timeout=None if key == _CATALOGUE_TOKEN else 2 * _seconds()):
                    return  # another request started it meanwhile: this page is not stored
            tokens.append(token)
        self.stamp = (*tokens, timezone.localdate().isoformat(), fingerprint())
        entry = found.get(self.page_key)
        self.html = entry[1] if entry is not None and entry[0] == self.stamp else None

    def response(self) -> HttpResponse:
        response = HttpResponse(self.html)
        # As the rendered page's: its header reads the session (anonymous or not), which adds this.
        patch_vary_headers(response, ("Cookie",))
        return response

    def store(self, response: HttpResponse) -> None:
        if self.stamp is None or response.status_code != 200:
            return
        cache.set(self.page_key, (self.stamp, response.content.decode()), timeout=_timeout())


def _seconds() -> int:
    return settings.EGOV_LOOKUP_CACHE_SECONDS


def _timeout() -> int:
    # No longer than today: tomorrow's stamp differs anyway, so the page would only take room.
    now = timezone.localtime()
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=now.tzinfo)
    return max(1, min(_seconds(), int((midnight - now).total_seconds())))


def _is_shared_page(request: HttpRequest, code: str) -> bool:
    return (
        request.method == "GET"
        and request.META.get("QUERY_STRING") == f"ma={code}"  # the page shows its own address
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # else the header may name a user
        and CookieStorage.cookie_name not in request.COOKIES  # else it may show messages
    )


# --- invalidation ---------------------------------------------------------------------------------


def pages_changed(codes: Iterable[str | None] = (), *, catalogue: bool = False) -> None:
    """The dossiers with these codes (or any procedure) were written, in the current transaction
    if any: forget their tokens now and again after commit (see the module's docstring)."""
    keys = [_DOSSIER_TOKEN.format(code) for code in codes if code]
    if catalogue:
        keys.append(_CATALOGUE_TOKEN)
    if keys:
        invalidate_at_write_and_commit(lambda: cache.delete_many(keys), f"Look-up pages of {keys} not invalidated")


@receiver(post_save, sender=Dossier, dispatch_uid="lookup_page_on_dossier_save")
@receiver(post_delete, sender=Dossier, dispatch_uid="lookup_page_on_dossier_delete")
def _dossier_written(sender, instance: Dossier, **kwargs) -> None:
    # Whatever this process's setting: the process serving the look-up may cache.
    pages_changed([instance.code])


@receiver(post_save, sender=Procedure, dispatch_uid="lookup_page_on_procedure_save")
@receiver(post_delete, sender=Procedure, dispatch_uid="lookup_page_on_procedure_delete")
def _procedure_written(sender, instance: Procedure, **kwargs) -> None:
    pages_changed(catalogue=True)
