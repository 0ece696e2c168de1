"""Form 06, the register: a dossier's line in it (printed on its receipt), and one line per dossier an
agency received in a year, in order of receipt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from egov.core.formats import local_date, vn_count
from egov.organisations.models import Agency

from .. import form_sets
from ..form_sets import register_form_set
from ..models import Dossier, DossierStep
from ..transitions import WAITING_STATES
from .formatting import place_and_date, vn_date, vn_datetime


def register_number(dossier: Dossier) -> int | None:
    """The dossier's line in its agency's register (Form 06) for the year of receipt."""
    if dossier.received_at is None:
        return None
    year = local_date(dossier.received_at).year
    start, end = _year_bounds(year)
    earlier = Dossier.objects.filter(agency_id=dossier.agency_id, received_at__gte=start, received_at__lt=end).filter(
        Q(received_at__lt=dossier.received_at) | Q(received_at=dossier.received_at, pk__lt=dossier.pk)
    )
    return earlier.count() + 1


@dataclass(frozen=True)
class RegisterLine:
    number: int
    code: str
    procedure: str
    sets_count: str
    applicant: str
    address_phone: str
    lead: str
    received: str
    due: str
    transferred: str
    result_received: str
    returned: str
    note: str


def register_lines(agency: Agency, year: int) -> list[RegisterLine]:
    """One line per dossier received by the agency in `year` (local time), in order of receipt."""
    start, end = _year_bounds(year)
    dossiers = (
        Dossier.objects.filter(agency=agency, received_at__gte=start, received_at__lt=end)
        .select_related("procedure_version", "unit")
        .order_by("received_at", "pk")
    )
    first_steps = dict(
        DossierStep.objects.filter(dossier__in=dossiers.values("pk"))
        .order_by("dossier_id", "-started_at")
        .values_list("dossier_id", "started_at")
    )  # ordered descending, so the dict keeps each dossier's earliest hand-over
    lines = []
    for number, dossier in enumerate(dossiers, start=1):
        notes = []
        if dossier.apology_due_date:
            notes.append(f"Hẹn lại {vn_date(dossier.apology_due_date)}")
        if dossier.outcome:
            notes.append(dossier.get_outcome_display())
        elif dossier.status in WAITING_STATES:
            notes.append(dossier.get_status_display())
        lines.append(
            RegisterLine(
                number=number,
                code=dossier.code or "",
                procedure=dossier.procedure_version.name,
                sets_count=vn_count(dossier.sets_count),
                applicant=dossier.applicant_name,
                address_phone="; ".join(filter(None, [dossier.applicant_address, dossier.applicant_phone])),
                lead=dossier.unit.name if dossier.unit_id else "",
                received=vn_datetime(dossier.received_at),
                due=vn_date(dossier.due_date),
                transferred=vn_date(first_steps.get(dossier.pk)),
                result_received=vn_date(dossier.result_date or dossier.finished_at),
                returned=vn_date(dossier.returned_at),
                note="; ".join(str(n) for n in notes),
            )
        )
    return lines


def register_context(agency: Agency, year: int) -> dict[str, Any]:
    form_set = register_form_set(year)
    form = form_set.by_kind(form_sets.REGISTER)
    return {
        "form_no": form.number,
        "kind": form.kind,
        "form_set": form_set,
        "title": form.title,
        "agency": agency,
        "year": year,
        "lines": register_lines(agency, year),
        "place_and_date": place_and_date(agency, timezone.localdate()),
    }


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)
