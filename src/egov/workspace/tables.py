"""The workspace's dossier table (workspace/_table.html), shared by the queue and search pages.

Each row's display values are computed here once per page, so that the template only prints
variables: a `{% url %}`, a `{% blocktranslate %}` with `|date` filters and related-object look-ups
per row were about half of a queue page's cost. The output is what those tags printed: the same
URL, the same local dates (d/m/Y), the same translated "channel, nộp date" line, with the values
escaped and the translated format string not, as `{% blocktranslate %}` does.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from egov.dossiers.models import Channel, Status
from egov.dossiers.transitions import PROCESSING_STATES

_PK_PLACEHOLDER = 2**31 - 1


def dossier_url_maker():
    """A function pk -> the dossier page's URL, reversed once (with the current script prefix)."""
    sample = reverse("workspace:dossier", args=[_PK_PLACEHOLDER])
    head, tail = sample.split(str(_PK_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def _day(value: dt.date | None) -> str:
    """The template's `|date:"d/m/Y"` of a date."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def table_rows(dossiers: list[dict], today: dt.date) -> list[dict]:
    """The table's rows for `dossiers` (`workspace.selectors.table_dossiers`): labels are looked up
    once per page (Django's get_FOO_display costs a translation look-up per call), the dates are in
    the current time zone, as the `|date` filter shows them."""
    statuses = {value: str(label) for value, label in Status.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    not_received = gettext("Chưa tiếp nhận")
    # The msgid of the template's former {% blocktranslate %}: the catalogue keeps its translation.
    submitted_line = gettext("%(channel)s, nộp %(date)s")
    url = dossier_url_maker()
    zone = timezone.get_current_timezone()
    rows = []
    for d in dossiers:
        channel = channels.get(d["channel"], d["channel"])
        submitted = _day(d["submitted_at"].astimezone(zone).date()) if d["submitted_at"] else ""
        unit = (d["unit_short_name"] if d["unit_id"] else "") or "—"
        if d["assignee_id"]:
            unit = f"{unit}, {d['assignee_full_name'] or d['assignee_username']}"  # as User.__str__
        deadline, status = d["deadline"], d["status"]
        rows.append(
            {
                "url": url(d["pk"]),
                "code": d["code"] or not_received,
                "submitted": mark_safe(  # translated format, escaped values
                    submitted_line % {"channel": conditional_escape(channel), "date": conditional_escape(submitted)}
                ),
                "applicant": d["applicant_name"],
                "procedure": d["procedure_name"],
                "status": statuses.get(status, status),
                "unit": unit,
                "deadline": _day(deadline) or "—",
                "overdue": deadline is not None and deadline < today and status in PROCESSING_STATES,
            }
        )
    return rows
