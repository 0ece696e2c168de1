"""Staff workspace pages. Thin: forms check shapes, the lifecycle services decide, selectors read.

Every page needs a staff account with a dossier permission; a dossier outside the user's scope
answers 404 exactly like a missing one. A refused action shows the service's Vietnamese message
above the form, keeps what was typed, and changes nothing (the services are transactional).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from egov.core.formats import vn_number
from egov.core.forms import apply_errors
from egov.dossiers.service import (
    DOSSIERS,
    REGISTER,
    SERVICES,
    TRANSITIONS,
    Action,
    ApplicantData,
    Channel,
    Status,
    attachment_add,
    attachment_download,
    check_room,
    check_takes_files,
    dossier_access_record,
    dossier_attachments_for,
    dossier_for_user,
    dossier_form_set,
    dossier_receive,
    dossier_submit,
    fee_summary,
    fees_outstanding,
    payment_record,
    read_validated,
    register_form_set,
    takes_files,
)
from egov.organisations.roles import Scope
from egov.portal import selectors as portal_selectors
from egov.portal.services import feedback_answer
from egov.procedures.service import Procedure, procedure_current_version

from . import selectors
from .forms import (
    ACTION_FORMS,
    AccessLogFilterForm,
    CounterIntakeForm,
    CounterPaymentForm,
    FeedbackAnswerForm,
    ProcedureChoiceForm,
    SearchForm,
    UploadForm,
)
from .tables import dossier_table, queue_url_maker

PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 25


def _require_staff(request) -> list[selectors.Queue]:
    """The user's queues; refused without a staff account or without any queue."""
    selectors.load_access(request.user)
    queues = selectors.queues_for(request.user) if selectors.is_staff_user(request.user) else []
    if not queues:
        raise PermissionDenied(gettext("Tài khoản không có quyền xử lý hồ sơ."))
    return queues


@never_cache
@login_required
def queues(request, slug: str | None = None):
    user_queues = _require_staff(request)
    today = timezone.localdate()
    counts = selectors.queue_counts(request.user, today, user_queues)
    available = [queue for queue, _ in counts]
    if slug is None:
        queue = next((q for q, count in counts if count), available[0])
    else:
        queue = selectors.QUEUES_BY_SLUG.get(slug)
        if queue is None or queue not in available:
            raise Http404(gettext("Không có hàng đợi này."))
    count = dict((q.slug, c) for q, c in counts)[queue.slug]
    ids = selectors.queue_dossiers(request.user, queue, today).values_list("pk", flat=True)
    paginator = Paginator(ids, PAGE_SIZE)
    paginator.count = count  # already counted for the tabs
    page = paginator.get_page(request.GET.get("trang"))
    table = dossier_table(selectors.table_dossiers(page), today)
    queue_url = queue_url_maker()
    tabs = [(q, count, queue_url(q.slug)) for q, count in counts]
    context = {"counts": counts, "tabs": tabs, "queue": queue, "page": page, "table": table}
    return render(request, "workspace/queues.html", context)


def _visible_or_404(request, pk: int):
    dossier = dossier_for_user(request.user, pk)
    if dossier is None:
        raise Http404(gettext("Không tìm thấy hồ sơ."))
    return dossier


def _event_label(event) -> str:
    try:
        return str(TRANSITIONS[Action(event.action)].label)
    except ValueError:
        return {"submit": gettext("Nộp hồ sơ")}.get(event.action, event.action)


def _dossier_page(request, dossier, *, failed_form=None, upload_form=None, payment_form=None, status=200):
    user = request.user
    actions = [a for a in DOSSIERS.allowed(dossier, user) if a in ACTION_FORMS]
    forms = []
    for action in actions:
        form = (
            failed_form
            if failed_form is not None and failed_form.action == action
            else ACTION_FORMS[action](dossier=dossier, user=user)
        )
        forms.append((action, TRANSITIONS[action].label, form))
    events = dossier.events.select_related("actor").order_by("at", "pk")
    fees = fee_summary(dossier)
    register_year = (dossier.received_at or dossier.submitted_at).astimezone(timezone.get_current_timezone()).year
    context = {
        "dossier": dossier,
        "actions": forms,
        "failed_action": failed_form.action if failed_form is not None else None,
        # A refused action that is no longer (or never was) offered: its message goes on top.
        "orphan_form": failed_form if failed_form is not None and failed_form.action not in actions else None,
        "events": [(event, _event_label(event), event.data.get("items", [])) for event in events],
        "steps": dossier.steps.select_related("unit", "assignee").order_by("order", "started_at"),
        "attachments": dossier_attachments_for(user, dossier).select_related("required_document"),
        "fees": fees,
        "fee_lines": [(name, vn_number(amount), condition) for name, amount, condition in fees.lines],
        "fees_due": None if fees.due is None else vn_number(fees.due),
        "fees_paid": vn_number(fees.paid),
        "fees_outstanding": None if fees.outstanding is None else vn_number(fees.outstanding),
        "payments": dossier.payments.order_by("paid_at"),
        "payment_form": (
            (payment_form or CounterPaymentForm(outstanding=fees.outstanding))
            if fees.outstanding and user.has_perm("dossiers.add_payment")
            else None
        ),
        "forms": dossier_form_set(dossier).dossier_forms,
        "register_form": register_form_set(register_year).by_kind(REGISTER),
        "register_year": register_year,
        "can_register": user.is_superuser or user.scope == Scope.AGENCY,
        "upload_form": upload_form or UploadForm(),
        "takes_files": takes_files(dossier.status, from_applicant=False),
        "deadline": dossier.apology_due_date or dossier.due_date,
        "today": timezone.localdate(),
        "Status": Status,
    }
    return render(request, "workspace/dossier.html", context, status=status)


@never_cache
@login_required
def dossier_detail(request, pk: int):
    _require_staff(request)
    dossier = _visible_or_404(request, pk)
    dossier_access_record(request, dossier)
    return _dossier_page(request, dossier)


@never_cache
@login_required
@require_POST
def dossier_action(request, pk: int, action: str):
    _require_staff(request)
    dossier = _visible_or_404(request, pk)
    try:
        action = Action(action)
        form_class = ACTION_FORMS[action]
    except (ValueError, KeyError) as exc:
        raise Http404(gettext("Không có thao tác này.")) from exc
    form = form_class(request.POST, request.FILES, dossier=dossier, user=request.user)
    if form.is_valid():
        try:
            uploads = [upload for _kind, upload in form.uploads()]
            if uploads:
                check_takes_files(dossier, actor=request.user)
            for upload in uploads:
                read_validated(upload)
                upload.seek(0)
            check_room(dossier, [upload.size for upload in uploads])
            with transaction.atomic():
                for kind, upload in form.uploads():
                    attachment_add(dossier=dossier, upload=upload, actor=request.user, kind=kind)
                SERVICES[action](dossier=dossier, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:  # TransitionRefused is one
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Đã thực hiện: %(action)s.") % {"action": TRANSITIONS[action].label})
            return redirect("workspace:dossier", pk=dossier.pk)
    dossier = _visible_or_404(request, pk)  # as it is in the database: nothing was changed
    return _dossier_page(request, dossier, failed_form=form, status=400)


@never_cache
@login_required
@require_POST
def dossier_upload(request, pk: int):
    _require_staff(request)
    dossier = _visible_or_404(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment_add(
                dossier=dossier,
                upload=form.cleaned_data["file"],
                actor=request.user,
                kind=form.cleaned_data["kind"],
                is_digitised=form.cleaned_data["kind"] == "application",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Đã tải tệp lên."))
            return redirect("workspace:dossier", pk=dossier.pk)
    return _dossier_page(request, dossier, upload_form=form, status=400)


@never_cache
@login_required
@require_POST
def dossier_payment(request, pk: int):
    """A fee taken at the desk: the receipt is recorded, and a dossier waiting for it resumes."""
    _require_staff(request)
    dossier = _visible_or_404(request, pk)
    form = CounterPaymentForm(request.POST, outstanding=fees_outstanding(dossier))
    if form.is_valid():
        try:
            payment_record(dossier=dossier, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Đã ghi nhận khoản thu."))
            return redirect("workspace:dossier", pk=dossier.pk)
    dossier = _visible_or_404(request, pk)
    return _dossier_page(request, dossier, payment_form=form, status=400)


@never_cache
@login_required
def dossier_file(request, pk: int, attachment_id: int):
    _require_staff(request)
    dossier = _visible_or_404(request, pk)
    attachment = get_object_or_404(dossier_attachments_for(request.user, dossier), pk=attachment_id)
    return attachment_download(request, attachment)


@never_cache
@login_required
def counter_intake(request):
    """A walk-in (or postal) dossier: choose the procedure, enter the applicant, attach the scans."""
    _require_staff(request)
    user = request.user
    if not user.has_perm("dossiers.receive_dossier"):
        raise PermissionDenied(gettext("Chỉ cán bộ Bộ phận Một cửa mới nhận hồ sơ tại quầy."))
    agency_id = None if user.is_superuser else user.agency_id
    chooser = ProcedureChoiceForm(request.GET or None, agency_id=agency_id)
    if not chooser.is_valid():
        return render(request, "workspace/counter_choose.html", {"chooser": chooser})
    procedure: Procedure = chooser.cleaned_data["thu_tuc"]
    version = procedure_current_version(procedure)
    documents = list(version.required_documents.all()) if version else []
    form = CounterIntakeForm(request.POST or None, request.FILES or None, documents=documents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        applicant = ApplicantData(
            **{
                key: data.get(key) or ""
                for key in ("kind", "name", "id_number", "tax_code", "representative", "address", "phone", "email")
            }
        )
        try:
            errors = {}
            for document_pk, upload in form.uploads().items():
                try:
                    read_validated(upload)
                except ValidationError as exc:
                    errors[f"doc_{document_pk}"] = exc.messages
                finally:
                    upload.seek(0)
            try:
                check_room(None, [upload.size for upload in form.uploads().values()])
            except ValidationError as exc:
                errors[NON_FIELD_ERRORS] = exc.messages
            if errors:
                raise ValidationError(errors)
            with transaction.atomic():
                dossier = dossier_submit(
                    procedure=procedure,
                    applicant=applicant,
                    channel=data["channel"],
                    actor=user,
                    sets_count=data["sets_count"],
                    note=data.get("note") or "",
                    result_delivery=data["result_delivery"],
                    result_address=data.get("result_address") or "",
                )
                for document in documents:
                    upload = form.uploads().get(document.pk)
                    if upload is not None:
                        attachment_add(
                            dossier=dossier, upload=upload, actor=user, required_document=document, is_digitised=True
                        )
                if data.get("receive_now"):
                    dossier = dossier_receive(dossier=dossier, actor=user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if dossier.code:
                messages.success(
                    request,
                    gettext("Đã tiếp nhận hồ sơ %(code)s. In Giấy tiếp nhận (Mẫu 01) để giao người nộp.")
                    % {"code": dossier.code},
                )
            else:
                messages.success(request, gettext("Đã ghi nhận hồ sơ; kiểm tra và tiếp nhận hoặc yêu cầu bổ sung."))
            return redirect("workspace:dossier", pk=dossier.pk)
    context = {
        "chooser": chooser,
        "procedure": procedure,
        "version": version,
        "form": form,
        "channel_direct": Channel.DIRECT,
    }
    return render(request, "workspace/counter_form.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def search(request):
    _require_staff(request)
    form = SearchForm(request.GET or None)
    rows, has_next, page_number = [], False, 1
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["status"]):
        try:
            page_number = max(1, int(request.GET.get("trang", 1)))
        except ValueError:
            page_number = 1
        start = (page_number - 1) * SEARCH_PAGE_SIZE
        dossiers = selectors.staff_search(request.user, form.cleaned_data["q"], status=form.cleaned_data["status"])
        # No COUNT(*) over a million rows: one row more than the page tells whether there is a next one.
        ids = list(dossiers.values_list("pk", flat=True)[start : start + SEARCH_PAGE_SIZE + 1])
        has_next = len(ids) > SEARCH_PAGE_SIZE
        rows = selectors.table_dossiers(ids[:SEARCH_PAGE_SIZE])
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form,
        "table": dossier_table(rows, timezone.localdate()),
        "has_next": has_next,
        "page_number": page_number,
        "query": query.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "workspace/search.html", context)


ACCESS_LOG_PAGE_SIZE = 50


@never_cache
@login_required
def access_log(request):
    """Who read or downloaded which record of the agency: its head and auditors (core.view_accesslogentry)."""
    if not request.user.has_perm("core.view_accesslogentry"):
        raise PermissionDenied(gettext("Tài khoản không có quyền xem nhật ký truy cập."))
    form = AccessLogFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "text": data["q"].strip(),
            "reader": data["reader"].strip(),
            "kind": data["kind"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    entries = selectors.access_log_search(request.user, **filters) if not form.errors else []
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "workspace/access_log.html", context, status=400 if form.errors else 200)


# --- citizens' feedback ---------------------------------------------------------------------------

FEEDBACK_PAGE_SIZE = 25


def _require_feedback_access(request) -> None:
    selectors.load_access(request.user)
    if not (selectors.is_staff_user(request.user) and request.user.has_perm("portal.view_feedback")):
        raise PermissionDenied(gettext("Tài khoản không có quyền xem góp ý, phản ánh."))


@never_cache
@login_required
def feedback_queue(request):
    """Citizens' feedback to the user's agency: waiting (by deadline), overdue, answered."""
    _require_feedback_access(request)
    state = request.GET.get("loc", "cho-tra-loi")
    if state not in portal_selectors.FEEDBACK_FILTERS:
        raise Http404(gettext("Không có danh sách này."))
    today = timezone.localdate()
    rows = portal_selectors.feedback_for_staff(request.user, state=state, today=today)
    page = Paginator(rows, FEEDBACK_PAGE_SIZE).get_page(request.GET.get("trang"))
    counts = portal_selectors.feedback_counts(request.user, today)
    context = {
        "tabs": [(key, label, counts[key]) for key, label in portal_selectors.FEEDBACK_FILTERS.items()],
        "state": state,
        "page": page,
        "rows": [(feedback, portal_selectors.feedback_is_overdue(feedback, today)) for feedback in page],
        "query": f"loc={state}",
    }
    return render(request, "workspace/feedback_queue.html", context)


@never_cache
@login_required
def feedback_detail(request, pk: int):
    """One feedback and its answer; staff allowed to answer record it here, once."""
    _require_feedback_access(request)
    feedback = get_object_or_404(portal_selectors.feedback_visible_to(request.user), pk=pk)
    can_answer = feedback.answered_at is None and request.user.has_perm("portal.answer_feedback")
    form = FeedbackAnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(gettext("Không thể trả lời góp ý này."))
        if form.is_valid():
            try:
                feedback_answer(feedback=feedback, actor=request.user, answer=form.cleaned_data["answer"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, gettext("Đã gửi trả lời tới người gửi góp ý."))
                return redirect("workspace:feedback", pk=feedback.pk)
    context = {
        "feedback": feedback,
        "form": form,
        "overdue": portal_selectors.feedback_is_overdue(feedback),
    }
    return render(request, "workspace/feedback.html", context, status=400 if form is not None and form.errors else 200)
