"""The workspace's dossier table (workspace/_table.html), shared by the queue and search pages.

Each row's markup is made here, once per page, as Django's admin makes its change list rows: the
template prints one safe string per row. A template printing ~16 variables per row (each resolved,
localised and escaped), and before that a `{% url %}`, a `{% blocktranslate %}` with `|date` filters
and related-object look-ups per row, were most of a queue page's rendering. The output is what the
template printed: the same URL, the same local dates (d/m/Y), the same translated "channel, nộp
date" line (the values escaped and the translated format string not, as `{% blocktranslate %}`
does), the same labels, values escaped, and the template's whitespace. The page's links to
dossiers and queues come from one `reverse()` per URL name (`url_maker`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from egov.dossiers.service import PROCESSING_STATES, Channel, Status

_PK_PLACEHOLDER = 2**31 - 1
_SLUG_PLACEHOLDER = "queue-slug-placeholder"


def url_maker(name: str, placeholder: int | str):
    """A function arg -> the URL `name` with that one argument, reversed once (with the current
    script prefix) for `placeholder`: for arguments that URL quoting leaves as they are (numbers,
    slugs), ~25 µs a `reverse()` saved per URL."""
    head, tail = reverse(name, args=[placeholder]).split(str(placeholder))
    return lambda arg: f"{head}{arg}{tail}"


def dossier_url_maker():
    """A function pk -> the dossier page's URL."""
    return url_maker("workspace:dossier", _PK_PLACEHOLDER)


def queue_url_maker():
    """A function slug -> the queue page's URL (the queue tabs)."""
    return url_maker("workspace:queue", _SLUG_PLACEHOLDER)


@dataclass(frozen=True, slots=True)
class Labels:
    """The column headings, translated and escaped (each row repeats them as its cells' data-label)."""

    code: SafeString
    applicant: SafeString
    procedure: SafeString
    status: SafeString
    unit: SafeString
    deadline: SafeString


def table_labels() -> Labels:
    return Labels(
        code=escape(gettext("Mã hồ sơ")),
        applicant=escape(gettext("Người nộp")),
        procedure=escape(gettext("Thủ tục")),
        status=escape(gettext("Trạng thái")),
        unit=escape(gettext("Phòng, người xử lý")),
        deadline=escape(gettext("Hạn")),
    )


_OVERDUE = 'class="overdue"'


def row_html(
    labels: Labels,
    *,
    url: str,
    code: str,
    submitted: SafeString,
    applicant: str,
    procedure: str,
    status: str,
    unit: str,
    deadline: str,
    overdue: bool,
) -> SafeString:
    """One `<tr>` of the table, with the whitespace of the template's former loop body: the values
    escaped (`html.escape` is what `django.utils.html.escape` calls, without its lazy-string check and
    SafeString wrapper: with these, or with `format_html`, escaping was most of a row's time; the
    values are plain strings), `submitted` already safe."""
    e = html.escape
    overdue_class = _OVERDUE if overdue else ""
    return mark_safe(
        "\n    <tr>"
        f'\n      <td data-label="{labels.code}"><a href="{e(url)}">{e(code)}</a>'
        f'<br><span class="meta">{submitted}</span></td>'
        f'\n      <td data-label="{labels.applicant}">{e(applicant)}</td>'
        f'\n      <td data-label="{labels.procedure}">{e(procedure)}</td>'
        f'\n      <td data-label="{labels.status}">{e(status)}</td>'
        f'\n      <td data-label="{labels.unit}">{e(unit)}</td>'
        f'\n      <td data-label="{labels.deadline}" {overdue_class}>{e(deadline)}</td>'
        "\n    </tr>\n  "
    )


def _day(value: dt.date | None) -> str:
    """The template's `|date:"d/m/Y"` of a date."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def dossier_table(dossiers: list[dict], today: dt.date) -> dict:
    """The context of workspace/_table.html for `dossiers` (`workspace.selectors.table_dossiers`):
    the headings and one `<tr>` per dossier. Labels are looked up once per page (Django's
    get_FOO_display costs a translation look-up per call), the dates are in the current time zone,
    as the `|date` filter shows them."""
    labels = table_labels()
    # Translated on first use: a page shows a few of the statuses, and a look-up costs ~5 µs.
    statuses, channels = dict(Status.choices), dict(Channel.choices)
    status_label = functools.cache(lambda value: str(statuses.get(value, value)))
    channel_label = functools.cache(lambda value: html.escape(str(channels.get(value, value))))  # escaped once
    not_received = gettext("Chưa tiếp nhận")
    # The msgid of the template's former {% blocktranslate %}: the catalogue keeps its translation.
    submitted_line = gettext("%(channel)s, nộp %(date)s")
    url = dossier_url_maker()
    zone = timezone.get_current_timezone()
    rows = []
    for d in dossiers:
        channel = channel_label(d["channel"])
        submitted = _day(d["submitted_at"].astimezone(zone).date()) if d["submitted_at"] else ""
        unit = (d["unit_short_name"] if d["unit_id"] else "") or "—"
        if d["assignee_id"]:
            unit = f"{unit}, {d['assignee_full_name'] or d['assignee_username']}"  # as User.__str__
        deadline, status = d["deadline"], d["status"]
        rows.append(
            row_html(
                labels,
                url=url(d["pk"]),
                code=d["code"] or not_received,
                # The translated format as it is, the values escaped, as {% blocktranslate %} does.
                submitted=mark_safe(submitted_line % {"channel": channel, "date": html.escape(submitted)}),
                applicant=d["applicant_name"],
                procedure=d["procedure_name"],
                status=status_label(status),
                unit=unit,
                deadline=_day(deadline) or "—",
                overdue=deadline is not None and deadline < today and status in PROCESSING_STATES,
            )
        )
    return {"labels": labels, "rows": rows}
