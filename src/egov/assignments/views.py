"""Staff pages of task follow-up, under the document that assigns the tasks (the same addresses
as when they were part of the registers). Thin: forms check shapes, services decide, selectors
read within the user's scope (out-of-scope objects answer 404, as everywhere)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.core.forms import apply_errors
from egov.documents.service import Document, documents_visible
from egov.organisations.models import Unit

from . import selectors, services
from .followup_report import followup_report_docx
from .forms import FollowupExportForm, ProgressForm, TaskBatchForm, TaskForm, TaskItemFormSet
from .models import Task, TaskOccurrence
from .proposals import propose_recurrence, tasks_propose_from_text

PAGE_SIZE = 50


def _visible_document(request, pk: int) -> Document:
    return get_object_or_404(
        documents_visible(request.user).select_related(
            "document_type", "issuer", "handling_unit", "drafting_unit", "agency"
        ),
        pk=pk,
    )


@login_required
@permission_required("assignments.view_task", raise_exception=True)
def document_tasks(request, pk: int):
    document = _visible_document(request, pk)
    can_assign = request.user.has_perm("assignments.add_task")
    existing = set(document.tasks.values_list("position", flat=True))
    # Numbered items of the text not yet assigned: the next one pre-fills the form, the clerk confirms it.
    proposals = [p for p in tasks_propose_from_text(document.body) if p.position not in existing]
    form = None
    if can_assign:
        initial = {"position": max(existing, default=0) + 1, "recurrence": propose_recurrence(document.body)}
        if proposals:
            initial.update(position=proposals[0].position, content=proposals[0].content)
        form = TaskForm(request.POST or None, agency=document.agency, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.task_create(
                    document=document,
                    user=request.user,
                    position=data["position"],
                    content=data["content"],
                    lead_unit=data["lead_unit"],
                    lead_agency=data["lead_agency"],
                    coordinating_units=list(data["coordinating_units"]),
                    deadline=data["deadline"],
                    recurrence=data["recurrence"] or "",
                    recurrence_until=data["recurrence_until"],
                    report_day=data["report_day"] or 15,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Đã giao nhiệm vụ số %(position)s.") % {"position": data["position"]})
                return redirect("assignments:tasks", pk=document.pk)
    elif request.method == "POST":
        raise PermissionDenied
    today = timezone.localdate()
    summary = selectors.document_progress_summary(document=document, as_of=today)
    context = {
        "document": document,
        "summary": summary,
        "form": form,
        "proposals": proposals if can_assign else [],
        "progress_form": ProgressForm(),
        "task_statuses": Task.Status.choices,
        "export_form": FollowupExportForm(initial={"as_of": today}),
        "reportable": {t.task.pk for t in summary.tasks if services.user_may_report(request.user, t.task)},
    }
    return render(request, "assignments/tasks.html", context)


@login_required
@permission_required("assignments.add_task", raise_exception=True)
def tasks_from_items(request, pk: int):
    """Every numbered item of the text not yet assigned, in one page: the clerk checks each one,
    chooses its units, and confirms them together (all or nothing)."""
    document = _visible_document(request, pk)
    existing = set(document.tasks.values_list("position", flat=True))
    proposals = [p for p in tasks_propose_from_text(document.body) if p.position not in existing]
    if not proposals:
        messages.info(request, "Văn bản không còn mục đánh số nào chưa giao (các mục “1.”, “2.”... trong toàn văn).")
        return redirect("assignments:tasks", pk=document.pk)
    default_lead = document.handling_unit_id or document.drafting_unit_id
    # Each item's cycle: what the item itself asks for ("báo cáo hằng quý"), else the document's.
    document_recurrence = propose_recurrence(document.body)
    initial = [
        {
            "selected": True,
            "position": p.position,
            "content": p.content,
            "lead_unit": default_lead,
            "recurrence": propose_recurrence(p.content) or document_recurrence,
        }
        for p in proposals
    ]
    formset = TaskItemFormSet(request.POST or None, initial=initial, form_kwargs={"agency": document.agency})
    batch = TaskBatchForm(request.POST or None, initial={"report_day": 15})
    if request.method == "POST" and formset.is_valid() and batch.is_valid():
        units = list(Unit.objects.filter(agency=document.agency, is_active=True).order_by("name"))
        items = []
        for data in formset.cleaned_data:
            if not data.get("selected"):
                continue
            coordinating = list(data["coordinating_units"])
            if batch.cleaned_data["others_coordinate"]:
                coordinating = [u for u in units if u != data["lead_unit"]]
            items.append(
                services.ItemAssignment(
                    position=data["position"],
                    content=data["content"],
                    lead_unit=data["lead_unit"],
                    lead_agency=data["lead_agency"],
                    coordinating_units=tuple(coordinating),
                    deadline=data["deadline"],
                    recurrence=data["recurrence"] or "",
                )
            )
        try:
            created = services.tasks_create_from_items(
                document=document,
                user=request.user,
                items=items,
                recurrence_until=batch.cleaned_data["recurrence_until"],
                report_day=batch.cleaned_data["report_day"] or 15,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"Đã giao {len(created)} nhiệm vụ theo văn bản {document.ref}.")
            return redirect("assignments:tasks", pk=document.pk)
    context = {"document": document, "formset": formset, "batch": batch}
    return render(request, "assignments/tasks_from_items.html", context)


@login_required
@require_POST
@permission_required("assignments.change_task", raise_exception=True)
def task_status(request, pk: int):
    task = get_object_or_404(Task.objects.filter(document__in=documents_visible(request.user)), pk=pk)
    status = request.POST.get("status", "")
    try:
        task = services.task_set_status(task=task, status=status)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Nhiệm vụ số %(position)s: %(status)s.")
            % {"position": task.position, "status": task.get_status_display()},
        )
    return redirect("assignments:tasks", pk=task.document_id)


@login_required
@require_POST
@permission_required("assignments.add_progressreport", raise_exception=True)
def occurrence_report(request, pk: int):
    occurrence = get_object_or_404(
        TaskOccurrence.objects.filter(task__in=selectors.tasks_visible(request.user).values("pk")).select_related(
            "task"
        ),
        pk=pk,
    )
    form = ProgressForm(request.POST)
    document_pk = occurrence.task.document_id
    if not form.is_valid():
        messages.error(request, _("Vui lòng nhập kết quả thực hiện và tỷ lệ hoàn thành từ 0 đến 100."))
        return redirect("assignments:tasks", pk=document_pk)
    try:
        services.progress_report_submit(occurrence=occurrence, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi báo cáo: %(label)s.") % {"label": occurrence.label})
    return redirect("assignments:tasks", pk=document_pk)


@login_required
@permission_required("assignments.view_task", raise_exception=True)
def overdue_tasks(request):
    today = timezone.localdate()
    occurrences = selectors.overdue_occurrences(user=request.user, today=today)
    page = Paginator(occurrences, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "assignments/overdue.html", {"page": page, "today": today})


@login_required
@permission_required("assignments.export_followup", raise_exception=True)
def followup_export(request, pk: int):
    document = _visible_document(request, pk)
    form = FollowupExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Vui lòng nhập ngày số liệu, chức vụ và họ tên người ký để xuất báo cáo."))
        return redirect("assignments:tasks", pk=document.pk)
    data = form.cleaned_data
    content = followup_report_docx(
        document=document,
        as_of=data["as_of"],
        signing_authority=data["signing_authority"],
        signer_title=data["signer_title"],
        signer_deputy_title=data["signer_deputy_title"],
        signer_name=data["signer_name"],
        recipients=data["recipients"].splitlines(),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"bao-cao-theo-doi-{document.ref.replace('/', '_')}-{data['as_of']:%Y%m%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
