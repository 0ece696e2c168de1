"""A per-agency "dossier version": a token in the shared cache that changes whenever a dossier of
the agency is written, so that figures derived from an agency's dossiers (the workspace's queue tab
counts) can be cached and still be exact.

Every dossier write goes through `Model.save()` / `delete()` (the lifecycle services) and is caught
by the signals below, except the legacy import's bulk COPY / `bulk_create`, which calls
`dossiers_changed` itself. A write that bypasses both (`QuerySet.update()`, raw SQL) must call it too.

The token changes twice: at the write, so that the writing transaction itself (and a test run in
one transaction) reads fresh figures, and again after commit, so that figures another request
computed from the data as it was before the commit, and cached under the first token, are not
used afterwards. A random token (not a counter) never repeats one seen before, even when the cache
evicts or loses the key.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from egov.core.cache import invalidate_at_write_and_commit

from .models import Dossier

_KEY = "dossier-version:{}"


def version_key(agency_id: int) -> str:
    """The cache key of the agency's token (absent when the cache holds none: trust nothing cached)."""
    return _KEY.format(agency_id)


def new_dossier_version(agency_id: int) -> None:
    """Start a token for an agency that has none (a fresh or flushed cache)."""
    cache.add(_KEY.format(agency_id), uuid.uuid4().hex, timeout=None)


def dossiers_changed(agency_ids: Iterable[int]) -> None:
    """The dossiers of these agencies were written (in the current transaction, if any)."""
    ids = frozenset(agency_id for agency_id in agency_ids if agency_id is not None)
    if ids:
        # A new token each time; if the cache is down, counts cached before the outage may be shown
        # until their timeout (the safety net).
        invalidate_at_write_and_commit(
            lambda: cache.set_many({_KEY.format(agency_id): uuid.uuid4().hex for agency_id in ids}, timeout=None),
            f"Dossier version of agencies {sorted(ids)} not changed",
        )


@receiver(post_save, sender=Dossier, dispatch_uid="dossier_version_on_save")
@receiver(post_delete, sender=Dossier, dispatch_uid="dossier_version_on_delete")
def _dossier_written(sender, instance: Dossier, **kwargs) -> None:
    dossiers_changed([instance.agency_id])
