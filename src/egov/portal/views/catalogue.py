"""The public catalogue: the procedures, one procedure as published (today or on a given day), its blank forms."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from egov.core.formats import vn_number
from egov.procedures.service import (
    OnlineLevel,
    Procedure,
    blank_form_download,
    blank_form_public,
    filing_method_rows,
    procedure_published_version,
    procedure_search,
)

from .. import selectors
from ..forms import CatalogueFilterForm, ProcedureDateForm

PAGE_SIZE = 30


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    procedures = procedure_search(filters.get("q", ""), field=filters.get("field")).filter(is_active=True)
    if filters.get("online"):
        procedures = procedures.filter(versions__online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]).distinct()
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form,
        "page": page,
        "rows": selectors.catalogue_rows(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "portal/catalogue.html", context)


def procedure_or_404(code: str) -> Procedure:
    return get_object_or_404(Procedure.objects.select_related("field", "agency"), code=code, is_active=True)


def procedure_detail(request, code: str):
    """The procedure as published: in force today, or on `?ngay=` (a dossier links to the rules it
    was filed under)."""
    procedure = procedure_or_404(code)
    form = ProcedureDateForm(request.GET or None)
    on = form.cleaned_data.get("ngay") if form.is_valid() else None
    version = procedure_published_version(procedure, on)
    fees = list(version.fee_items.all()) if version else []
    context = {
        "procedure": procedure,
        "version": version,
        "date_form": form,
        "on": on,
        "versions": list(procedure.versions.order_by("effective_from").only("effective_from", "effective_to")),
        "methods": filing_method_rows(version) if version else [],
        "documents": list(version.required_documents.all()) if version else [],
        "fees": [(fee, vn_number(fee.amount_vnd)) for fee in fees],
        # A total only when every dossier pays the same: alternative rates are not added up.
        "fee_total": vn_number(version.fee_fixed) if version and version.fee_fixed else "",
        "online": version is not None and version.online_level != OnlineLevel.NONE,
    }
    return render(request, "portal/procedure_detail.html", context)


def procedure_blank_form(request, code: str, form_id: int):
    """A blank form (mẫu đơn, tờ khai) to download: public, like the rest of the catalogue."""
    form = blank_form_public(code, form_id)
    if form is None:
        raise Http404(gettext("Không có mẫu đơn, tờ khai này."))
    return blank_form_download(form)
