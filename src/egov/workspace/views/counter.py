"""Intake at the desk: a walk-in (or postal) dossier, from the choice of the procedure to the receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from egov.core.forms import apply_errors
from egov.dossiers.service import (
    ApplicantData,
    Channel,
    attachment_add,
    check_room,
    dossier_receive,
    dossier_submit,
    read_validated,
)
from egov.procedures.service import Procedure, procedure_current_version

from ..forms import CounterIntakeForm, ProcedureChoiceForm
from .queues import require_staff


@never_cache
@login_required
def counter_intake(request):
    """A walk-in (or postal) dossier: choose the procedure, enter the applicant, attach the scans."""
    require_staff(request)
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
