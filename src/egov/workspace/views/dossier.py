"""One dossier's page, and what staff do there: take an action of the table, attach a file, record
a fee paid at the desk, download a file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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
    Status,
    attachment_add,
    attachment_download,
    check_room,
    check_takes_files,
    dossier_access_record,
    dossier_attachments_for,
    dossier_for_user,
    dossier_form_set,
    fee_summary,
    fees_outstanding,
    payment_record,
    read_validated,
    register_form_set,
    takes_files,
)
from egov.organisations.roles import Scope

from ..forms import ACTION_FORMS, CounterPaymentForm, UploadForm
from .queues import require_staff


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
    require_staff(request)
    dossier = _visible_or_404(request, pk)
    dossier_access_record(request, dossier)
    return _dossier_page(request, dossier)


@never_cache
@login_required
@require_POST
def dossier_action(request, pk: int, action: str):
    require_staff(request)
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
    require_staff(request)
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
    require_staff(request)
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
    require_staff(request)
    dossier = _visible_or_404(request, pk)
    attachment = get_object_or_404(dossier_attachments_for(request.user, dossier), pk=attachment_id)
    return attachment_download(request, attachment)
