"""The citizen's own dossiers: the list, one dossier's page, and what the citizen does there
(supplement, rate, pay, download a file or a form)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from egov.core.access_log import Action as AccessAction
from egov.core.access_log import Kind
from egov.core.formats import vn_number
from egov.core.forms import apply_errors
from egov.core.integrations import IntegrationNotConfigured
from egov.core.workflow import TransitionRefused
from egov.dossiers.service import (
    DOSSIERS,
    Action,
    Attachment,
    Status,
    applicant_attachments,
    applicant_forms,
    applicant_history,
    attachment_download,
    dossier_access_record,
    dossier_rate,
    fee_summary,
    payment_online,
    pdf_filename,
    render_form_pdf,
)

from .. import selectors, services
from ..forms import RateForm, SupplementForm
from .catalogue import PAGE_SIZE

logger = logging.getLogger(__name__)


@never_cache
@login_required
def my_dossiers(request):
    dossiers = selectors.own_dossiers(request.user).order_by("-submitted_at", "-pk")
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [(d, services.submission_reference(d), selectors.TIMELINESS_LABELS[selectors.timeliness(d)]) for d in page]
    return render(request, "portal/my_dossiers.html", {"page": page, "rows": rows})


def _own_or_404(request, pk: int):
    dossier = selectors.own_dossier(request.user, pk)
    if dossier is None:
        raise Http404(gettext("Không tìm thấy hồ sơ."))
    return dossier


def _dossier_page(request, dossier, *, supplement_form=None, rate_form=None, status=200):
    actions = DOSSIERS.allowed(dossier, request.user)
    can_rate = Action.RATE in actions and dossier.owner_id == request.user.pk
    waiting = selectors.open_supplement_request(dossier)
    fees = fee_summary(dossier)
    context = {
        "dossier": dossier,
        "reference": services.submission_reference(dossier),
        "timeline": applicant_history(dossier),
        "attachments": applicant_attachments(dossier),
        "forms": applicant_forms(dossier),
        "supplement": waiting,
        "supplement_form": supplement_form or (SupplementForm() if waiting else None),
        "rate_form": rate_form or (RateForm() if can_rate else None),
        "timeliness": selectors.TIMELINESS_LABELS[selectors.timeliness(dossier)],
        "lookup_url": reverse("portal:lookup") + f"?ma={dossier.code}" if dossier.code else "",
        "results": dossier.attachments.filter(kind=Attachment.Kind.RESULT).exists(),
        "fees": fees,
        "fee_lines": [(name, vn_number(amount), condition) for name, amount, condition in fees.lines],
        "fees_due": None if fees.due is None else vn_number(fees.due),
        "fees_paid": vn_number(fees.paid),
        "fees_outstanding": None if fees.outstanding is None else vn_number(fees.outstanding),
        "can_pay_online": bool(fees.outstanding) and dossier.received_at is not None,
        "payments": dossier.payments.order_by("paid_at"),
        "feedback": selectors.own_feedback(request.user).filter(dossier=dossier),
        "Status": Status,
    }
    return render(request, "portal/my_dossier.html", context, status=status)


@never_cache
@login_required
def my_dossier(request, pk: int):
    dossier = _own_or_404(request, pk)
    dossier_access_record(request, dossier)
    return _dossier_page(request, dossier)


@never_cache
@login_required
@require_POST
def my_dossier_supplement(request, pk: int):
    dossier = _own_or_404(request, pk)
    form = SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.portal_submit_supplement(
                dossier=dossier, owner=request.user, uploads=form.cleaned_data["files"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Đã gửi hồ sơ bổ sung. Cơ quan sẽ tiếp tục giải quyết hồ sơ."))
            return redirect("portal:my_dossier", pk=dossier.pk)
    dossier.refresh_from_db()
    return _dossier_page(request, dossier, supplement_form=form, status=400)


@never_cache
@login_required
@require_POST
def my_dossier_rate(request, pk: int):
    dossier = _own_or_404(request, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            dossier_rate(
                dossier=dossier,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, gettext("Cảm ơn bạn đã đánh giá mức độ hài lòng."))
            return redirect("portal:my_dossier", pk=dossier.pk)
    dossier.refresh_from_db()
    return _dossier_page(request, dossier, rate_form=form, status=400)


@never_cache
@login_required
@require_POST
def my_dossier_pay(request, pk: int):
    """The applicant pays the outstanding fees online (the `payment` integration)."""
    dossier = _own_or_404(request, pk)
    try:
        payment = payment_online(dossier=dossier, payer=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except IntegrationNotConfigured:
        logger.error("Online payment asked for dossier %s but no payment gateway is configured", dossier.pk)
        messages.error(
            request,
            gettext("Thanh toán trực tuyến chưa được kết nối; vui lòng nộp phí, lệ phí tại Bộ phận Một cửa."),
        )
    else:
        messages.success(
            request,
            gettext("Đã thanh toán %(amount)s đồng (mã giao dịch %(reference)s).")
            % {"amount": vn_number(payment.amount_vnd), "reference": payment.gateway_reference},
        )
    return redirect("portal:my_dossier", pk=dossier.pk)


@never_cache
@login_required
def my_dossier_file(request, pk: int, attachment_id: int):
    dossier = _own_or_404(request, pk)
    attachment = get_object_or_404(applicant_attachments(dossier), pk=attachment_id)
    return attachment_download(request, attachment)


@never_cache
@login_required
def my_dossier_form(request, pk: int, form_no: str):
    """A form the agency issued to the applicant (the receipt, a supplement request...), as PDF."""
    dossier = _own_or_404(request, pk)
    form = next((form for form in applicant_forms(dossier) if form.number == form_no), None)
    if form is None:
        raise Http404(gettext("Hồ sơ không có phiếu này."))
    dossier_access_record(request, dossier, action=AccessAction.DOWNLOAD, kind=Kind.FORM, what=f"Mẫu {form_no}")
    response = HttpResponse(render_form_pdf(form_no, dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(form_no, dossier)}"'
    return response
