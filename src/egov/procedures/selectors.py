"""Reads of the procedure catalogue."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from egov.core.text import fold
from egov.organisations.models import Agency

from .models import BlankForm, Field, Procedure, ProcedureVersion, RequiredDocument


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


def procedure_published_version(procedure: Procedure, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version in force on `on` with everything its public page shows, or None."""
    version = procedure_current_version(procedure, on)
    if version is not None:
        prefetch_related_objects(
            [version],
            "fee_items",
            "filing_methods",
            "blank_forms",
            Prefetch("required_documents", queryset=RequiredDocument.objects.prefetch_related("blank_forms")),
        )
    return version


@dataclass(frozen=True)
class FilingMethodRow:
    channel: str
    time_limit: str  # as shown: "10 ngày làm việc"; empty when not published
    fee: str  # the channel's own fee text; empty: the version's fees apply
    description: str


def _limit_text(amount: int | None, version: ProcedureVersion) -> str:
    if amount is None:
        return version.time_limit_text
    return f"{amount} {version.get_time_limit_unit_display()}"


def filing_method_rows(version: ProcedureVersion) -> list[FilingMethodRow]:
    """Each channel with its time limit (the version's when the channel has none of its own)."""
    return [
        FilingMethodRow(
            channel=str(method.get_channel_display()),
            time_limit=_limit_text(
                method.time_limit if method.time_limit is not None else version.effective_time_limit, version
            ),
            fee=method.fee_text,
            description=method.description,
        )
        for method in version.filing_methods.all()
    ]


def blank_form_public(code: str, form_id: int) -> BlankForm | None:
    """A blank form of any version of an active procedure (older versions stay public, for the
    dossiers filed under them)."""
    return (
        BlankForm.objects.filter(pk=form_id, version__procedure__code=code, version__procedure__is_active=True)
        .select_related("version__procedure")
        .first()
    )
