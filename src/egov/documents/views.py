"""Staff pages for the registers and citations. Thin: forms check shapes, services decide,
selectors read within the user's scope (out-of-scope objects answer 404, as everywhere)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.core.access_log import Action, Kind, access_record
from egov.core.forms import apply_errors

from . import selectors, services
from .citation_map import citation_map, citation_map_svg
from .forms import (
    AttachForm,
    DispatchForm,
    DraftForm,
    HandlingForm,
    IncomingForm,
    IssueForm,
    RegisterFilterForm,
)
from .models import Direction, Document, DocumentFile

PAGE_SIZE = 50


def _staff_agency(request):
    if request.user.agency is None:
        raise PermissionDenied("Tài khoản không thuộc cơ quan nào.")
    return request.user.agency


def _visible_document(request, pk: int) -> Document:
    return get_object_or_404(
        selectors.documents_visible(request.user).select_related(
            "document_type", "issuer", "handling_unit", "drafting_unit", "agency"
        ),
        pk=pk,
    )


def _record(request, document: Document, *, action: str, kind: str, object_id: int, what: str = "") -> None:
    label = str(document)
    access_record(
        request,
        action=action,
        kind=kind,
        object_id=object_id,
        agency_id=document.agency_id,
        label=f"{label} · {what}" if what else label,
    )


def _register(request, direction: str):
    years = selectors.register_years(user=request.user, direction=direction)
    form = RegisterFilterForm(request.GET or None, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    documents = selectors.register_list(
        user=request.user,
        direction=direction,
        year=filters.get("year"),
        document_type_id=getattr(filters.get("document_type"), "pk", None),
        issuer_id=getattr(filters.get("issuer"), "pk", None),
        query=filters.get("q") or "",
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "direction": direction,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "drafts": selectors.drafts_list(user=request.user) if direction == Direction.OUTGOING else None,
    }
    return render(request, "documents/register.html", context)


@login_required
@permission_required("documents.view_document", raise_exception=True)
def incoming_register(request):
    return _register(request, Direction.INCOMING)


@login_required
@permission_required("documents.view_document", raise_exception=True)
def outgoing_register(request):
    return _register(request, Direction.OUTGOING)


@login_required
@permission_required("documents.add_document", raise_exception=True)
def incoming_create(request):
    agency = _staff_agency(request)
    today = timezone.localdate()
    initial = {"arrived_on": today, "ref": request.GET.get("ref", "")}
    form = IncomingForm(request.POST or None, request.FILES or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                document = services.incoming_register(
                    agency=agency,
                    user=request.user,
                    ref=data["ref"],
                    issuer=data["issuer"],
                    document_type=data["document_type"],
                    document_date=data["document_date"],
                    summary=data["summary"],
                    arrived_on=data["arrived_on"],
                    handling_unit=data["handling_unit"],
                    handed_over_on=data["handed_over_on"],
                    handling_deadline=data["handling_deadline"],
                    body=data["body"],
                    notes=data["notes"],
                    receipt=data["receipt"],
                )
                if data["file"]:
                    services.document_attach_file(document=document, uploaded=data["file"], user=request.user)
        except ValidationError as error:
            # A bad file is reported on the file field; the whole registration is rolled back.
            if not hasattr(error, "error_dict"):
                error = ValidationError({"file": error.messages})
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã vào sổ văn bản đến số %(number)s/%(year)s: %(ref)s.")
                % {"number": document.arrival_number, "year": document.arrival_year, "ref": document.ref},
            )
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/incoming_form.html", {"form": form})


@login_required
@permission_required("documents.draft_outgoing", raise_exception=True)
def draft_create(request):
    agency = _staff_agency(request)
    initial = {"drafting_unit": request.user.unit_id}
    form = DraftForm(request.POST or None, agency=agency, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.outgoing_draft_create(agency=agency, user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo. Văn bản được cấp số khi văn thư phát hành."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/draft_form.html", {"form": form})


@login_required
@permission_required("documents.draft_outgoing", raise_exception=True)
def draft_update(request, pk: int):
    document = _visible_document(request, pk)
    if not (document.is_outgoing and document.is_draft):
        messages.error(request, _("Văn bản đã cấp số, không sửa dự thảo được nữa."))
        return redirect("documents:detail", pk=document.pk)
    fields = DraftForm.base_fields
    initial = {name: getattr(document, name) for name in fields if hasattr(document, name)}
    form = DraftForm(request.POST or None, agency=document.agency, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.outgoing_draft_update(document=document, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/draft_form.html", {"form": form, "document": document})


@login_required
@permission_required("documents.view_document", raise_exception=True)
def document_detail(request, pk: int):
    document = _visible_document(request, pk)
    _record(request, document, action=Action.VIEW, kind=Kind.DOCUMENT, object_id=document.pk)
    agency = document.agency
    graph = selectors.citation_graph(document=document)
    context = {
        "document": document,
        "graph": graph,
        "graph_svg": citation_map_svg(citation_map(document=document, graph=graph)),
        "files": document.files.all(),
        "tasks_count": document.tasks.count(),
        "attach_form": AttachForm(),
        "issue_form": IssueForm(initial={"issued_on": timezone.localdate()}),
        "dispatch_form": DispatchForm(initial={"dispatched_on": timezone.localdate(), "copies": document.copies}),
        "handling_form": HandlingForm(
            agency=agency,
            initial={
                "handling_status": document.handling_status or Document.Handling.NOT_STARTED,
                "handling_deadline": document.handling_deadline,
                "handling_unit": document.handling_unit_id,
                "handed_over_on": document.handed_over_on,
                "handling_note": document.handling_note,
                "reply_ref": document.reply_ref,
            },
        ),
    }
    return render(request, "documents/detail.html", context)


def _detail_with_error(request, document: Document, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
@permission_required("documents.issue_number", raise_exception=True)
def document_issue(request, pk: int):
    document = _visible_document(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(request, document, ValidationError(_("Ngày ban hành không hợp lệ.")))
    try:
        document = services.outgoing_issue(
            document=document, user=request.user, issued_on=form.cleaned_data["issued_on"] or None
        )
    except ValidationError as error:
        return _detail_with_error(request, document, error)
    messages.success(request, _("Đã cấp số và vào sổ văn bản đi: %(ref)s.") % {"ref": document.ref})
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
@permission_required("documents.change_document", raise_exception=True)
def document_dispatch(request, pk: int):
    document = _visible_document(request, pk)
    form = DispatchForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(request, document, ValidationError(_("Vui lòng nhập ngày chuyển hợp lệ.")))
    try:
        services.outgoing_record_dispatch(document=document, **form.cleaned_data)
    except ValidationError as error:
        return _detail_with_error(request, document, error)
    messages.success(request, _("Đã ghi ngày chuyển văn bản."))
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
@permission_required("documents.change_document", raise_exception=True)
def document_handling(request, pk: int):
    document = _visible_document(request, pk)
    form = HandlingForm(request.POST, agency=document.agency)
    if not form.is_valid():
        errors = [m for messages_ in form.errors.values() for m in messages_]
        return _detail_with_error(request, document, ValidationError(errors))
    try:
        services.incoming_update_handling(document=document, **form.cleaned_data)
    except ValidationError as error:
        return _detail_with_error(request, document, error)
    messages.success(request, _("Đã cập nhật tiến độ giải quyết."))
    return redirect("documents:detail", pk=document.pk)


@login_required
@require_POST
@permission_required("documents.add_documentfile", raise_exception=True)
def document_attach(request, pk: int):
    document = _visible_document(request, pk)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_with_error(request, document, ValidationError(_("Vui lòng chọn tệp và loại tệp.")))
    try:
        services.document_attach_file(
            document=document, uploaded=form.cleaned_data["file"], user=request.user, kind=form.cleaned_data["kind"]
        )
    except ValidationError as error:
        return _detail_with_error(request, document, error)
    messages.success(request, _("Đã đính kèm tệp."))
    return redirect("documents:detail", pk=document.pk)


@login_required
@permission_required("documents.view_documentfile", raise_exception=True)
def document_file(request, pk: int, file_pk: int):
    document = _visible_document(request, pk)
    attachment = get_object_or_404(DocumentFile, pk=file_pk, document=document)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên kho lưu trữ.") from exc
    _record(
        request,
        document,
        action=Action.DOWNLOAD,
        kind=Kind.DOCUMENT_FILE,
        object_id=attachment.pk,
        what=attachment.original_name,
    )
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@permission_required("documents.view_citation", raise_exception=True)
def unresolved_citations(request):
    groups = selectors.unresolved_citations(user=request.user)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "documents/unresolved.html", {"page": page, "total": len(groups)})
