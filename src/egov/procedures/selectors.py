"""Reads of the procedure catalogue."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from egov.core.text import fold
from egov.organisations.models import Agency

from .models import Field, Procedure, ProcedureVersion


def procedure_search(query: str = "", field: Field | int | None = None, agency: Agency | int | None = None) -> QuerySet:
    """Procedures whose code or name contains every word of `query`, with or without diacritics.

    "ban buon ruou" finds "Cấp giấy phép bán buôn rượu"; "2.000648" finds it by code. An empty query
    returns every procedure (of the field / agency, when given).
    """
    procedures = Procedure.objects.select_related("field", "agency")
    for word in fold(query or "").split():
        procedures = procedures.filter(search_text__contains=word)
    if field is not None:
        procedures = procedures.filter(field=field)
    if agency is not None:
        procedures = procedures.filter(agency=agency)
    return procedures.order_by("field__name", "name")


def procedure_current_version(procedure: Procedure, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version in force on `on` (default: today in Asia/Ho_Chi_Minh), or None."""
    return procedure.version_on(on or timezone.localdate())
