"""The one way to record that someone read or downloaded a record (core.models.AccessLogEntry).

Called by every view and API endpoint that serves a dossier, an attachment, a printed form or an
official document, after it has checked the reader's rights and just before it answers.
"""

from __future__ import annotations

from ipaddress import ip_address

from .models import AccessLogEntry

Action = AccessLogEntry.Action
Kind = AccessLogEntry.Kind
LABEL_LENGTH = AccessLogEntry._meta.get_field("label").max_length


def access_record(request, *, action: str, kind: str, object_id: int, agency_id: int, label: str) -> AccessLogEntry:
    user = getattr(request, "user", None)
    return AccessLogEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        agency_id=agency_id,
        action=action,
        kind=kind,
        object_id=object_id,
        label=label[:LABEL_LENGTH],
        channel="api" if request.path.startswith("/api/") else "web",
        client_address=_client_address(request),
    )


def _client_address(request) -> str | None:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ip_address(address))
    except ValueError:
        return None
