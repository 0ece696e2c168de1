"""Staff views that print Forms 01–05 of a dossier and the yearly register (Form 06), as HTML or PDF.

Access: logged in, holding a dossier permission, and the dossier in the user's scope (its agency,
or its unit for unit-scoped roles); a dossier out of scope answers 404, as if it did not exist.
The register lists the whole agency, so it needs an agency-wide role.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from egov.core.access_log import access_record
from egov.organisations.models import Agency
from egov.organisations.roles import Scope
from egov.organisations.selectors import user_can_access

from . import forms_render
from .access import Action, Kind, dossier_access_record
from .models import Dossier

# Any of the dossier permissions lets a staff member print the forms of dossiers in scope.
PRINT_PERMISSIONS = (
    "dossiers.view_dossier",
    "dossiers.receive_dossier",
    "dossiers.process_dossier",
    "dossiers.assign_dossier",
    "dossiers.sign_dossier",
    "dossiers.return_dossier",
)
FIRST_REGISTER_YEAR = 2000


def _require_print_permission(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_superuser or any(user.has_perm(permission) for permission in PRINT_PERMISSIONS)):
        raise PermissionDenied("Tài khoản không có quyền in phiếu, sổ hồ sơ.")


def _wants_pdf(request: HttpRequest) -> bool:
    return request.GET.get("format") == "pdf"


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _not_applicable(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "dossiers/forms/not_applicable.html", {"message": message}, status=409)


@never_cache  # personal data: no copy in shared caches or the browser's history
@login_required
@require_GET
def dossier_form(request: HttpRequest, pk: int, form_no: str) -> HttpResponse:
    _require_print_permission(request)
    dossier = get_object_or_404(
        Dossier.objects.select_related("agency__province", "procedure", "procedure_version", "unit"), pk=pk
    )
    if not user_can_access(request.user, agency_id=dossier.agency_id, unit_id=dossier.unit_id):
        raise Http404("Không tìm thấy hồ sơ.")
    dossier_access_record(request, dossier, action=Action.PRINT, kind=Kind.FORM, what=f"Mẫu {form_no}")
    try:
        if _wants_pdf(request):
            pdf = forms_render.render_form_pdf(form_no, dossier)
            return _pdf_response(pdf, forms_render.pdf_filename(form_no, dossier))
        return HttpResponse(forms_render.render_form_html(form_no, dossier, request=request))
    except forms_render.FormNotApplicable as exc:
        return _not_applicable(request, str(exc))


@never_cache
@login_required
@require_GET
def register(request: HttpRequest, year: int) -> HttpResponse:
    _require_print_permission(request)
    user = request.user
    if not (user.is_superuser or user.scope == Scope.AGENCY):
        raise PermissionDenied("Sổ theo dõi hồ sơ của cả cơ quan chỉ dành cho cán bộ có phạm vi toàn cơ quan.")
    if not FIRST_REGISTER_YEAR <= year <= timezone.localdate().year:
        raise Http404("Không có sổ theo dõi hồ sơ của năm này.")
    agency_id = request.GET.get("co-quan") if user.is_superuser else user.agency_id
    if not agency_id or not str(agency_id).isdigit():
        return _not_applicable(request, _("Chọn cơ quan cần in sổ theo dõi hồ sơ (tham số co-quan)."))
    agency = get_object_or_404(Agency.objects.select_related("province"), pk=agency_id)
    access_record(
        request,
        action=Action.PRINT,
        kind=Kind.FORM,
        object_id=year,
        agency_id=agency.pk,
        label=f"Mẫu 06 · Sổ theo dõi hồ sơ năm {year}",
    )
    if _wants_pdf(request):
        return _pdf_response(
            forms_render.render_register_pdf(agency, year), f"so-theo-doi-ho-so-{agency.short_name}-{year}.pdf"
        )
    return HttpResponse(forms_render.render_register_html(agency, year, request=request))
