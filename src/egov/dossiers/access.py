"""Reads of a dossier, its files and its printed forms, into the access log (core.access_log)."""

from __future__ import annotations

from egov.core.access_log import Action, Kind, access_record

from .models import Dossier

__all__ = ["Action", "Kind", "dossier_access_record"]


def dossier_access_record(
    request, dossier: Dossier, *, action: str = Action.VIEW, kind: str = Kind.DOSSIER, object_id=None, what: str = ""
) -> None:
    """Record that `request.user` read `dossier` (or, with `kind`/`object_id`/`what`, a file or form of it)."""
    label = dossier.code or f"#{dossier.pk}"
    access_record(
        request,
        action=action,
        kind=kind,
        object_id=dossier.pk if object_id is None else object_id,
        agency_id=dossier.agency_id,
        label=f"{label} · {what}" if what else label,
    )
