"""Citizen portal pages. Thin: forms check shapes, portal/dossier services write, selectors read.

A citizen reaches only the dossiers filed with their account (others answer 404, like a missing
one); the public look-up shows no personal data and is rate-limited per address.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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
    ApplicantData,
    Attachment,
    Channel,
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
    result_delivery_cleaned,
)
from egov.procedures.service import (
    OnlineLevel,
    Procedure,
    blank_form_download,
    blank_form_public,
    filing_method_rows,
    procedure_current_version,
    procedure_published_version,
    procedure_search,
)

from . import selectors, services
from .forms import (
    CatalogueFilterForm,
    ContactForm,
    FeedbackForm,
    FilingForm,
    LookupForm,
    ProcedureDateForm,
    RateForm,
    SignupForm,
    SupplementForm,
)
from .lookup_cache import SharedLookup
from .throttle import LimitUnavailable, throttle_hit, throttle_hit_and_get_many

logger = logging.getLogger(__name__)

PAGE_SIZE = 30


# --- catalogue ------------------------------------------------------------------------------------


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


def _procedure_or_404(code: str) -> Procedure:
    return get_object_or_404(Procedure.objects.select_related("field", "agency"), code=code, is_active=True)


def procedure_detail(request, code: str):
    """The procedure as published: in force today, or on `?ngay=` (a dossier links to the rules it
    was filed under)."""
    procedure = _procedure_or_404(code)
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


# --- online filing --------------------------------------------------------------------------------


def _filing_purpose(procedure: Procedure) -> str:
    return f"file:{procedure.code}"


def _online_version_or_404(procedure: Procedure):
    version = procedure_current_version(procedure)
    if version is None or version.online_level == OnlineLevel.NONE:
        raise Http404(gettext("Thủ tục này không nộp trực tuyến."))
    return version


@never_cache
@login_required
def file_contact(request, code: str):
    """Step 1: the phone number or e-mail address that will receive the code and the messages."""
    procedure = _procedure_or_404(code)
    _online_version_or_404(procedure)
    form = ContactForm(request.POST or None, initial={"phone": request.user.phone, "email": request.user.email})
    if request.method == "POST" and form.is_valid():
        contact = services.Contact(form.cleaned_data["channel"], form.cleaned_data["recipient"])
        try:
            # Every code is an SMS or an e-mail someone pays for or receives: a cap per address,
            # and none sent while it cannot be counted.
            try:
                retry_after = throttle_hit(request, scope="otp", rate=settings.EGOV_OTP_RATE, fail_closed=True)
            except LimitUnavailable:
                raise ValidationError(
                    gettext("Tạm thời chưa gửi được mã xác nhận; vui lòng thử lại sau ít phút."),
                    code="otp_unavailable",
                ) from None
            if retry_after is not None:
                raise ValidationError(
                    gettext("Đã gửi quá nhiều mã xác nhận; vui lòng thử lại sau %(minutes)s phút.")
                    % {"minutes": retry_after // 60 + 1},
                    code="otp_rate",
                )
            services.otp_send(session=request.session, contact=contact, purpose=_filing_purpose(procedure))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, gettext("Đã gửi mã xác nhận tới %(recipient)s.") % {"recipient": contact.recipient}
            )
            return redirect("portal:file_form", code=procedure.code)
    return render(
        request, "portal/file_contact.html", {"procedure": procedure, "form": form}, status=400 if form.errors else 200
    )


@never_cache
@login_required
def file_form(request, code: str):
    """Step 2: applicant details, one file per required document, and the code received."""
    procedure = _procedure_or_404(code)
    version = _online_version_or_404(procedure)
    purpose = _filing_purpose(procedure)
    contact = services.otp_pending(request.session, purpose)
    if contact is None:
        messages.info(request, gettext("Vui lòng nhận mã xác nhận trước khi nộp hồ sơ."))
        return redirect("portal:file_contact", code=procedure.code)
    documents = list(version.required_documents.all())
    contact_field = "phone" if contact.channel == "sms" else "email"
    initial = {"name": request.user.full_name, "kind": "person", contact_field: contact.recipient}
    if contact.channel == "sms" and request.user.email:
        initial["email"] = request.user.email
    form = FilingForm(request.POST or None, request.FILES or None, documents=documents, initial=initial)
    form.fields[contact_field].disabled = True  # the confirmed contact is not edited here
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {
                key: form.cleaned_data.get(key) or ""
                for key in ("kind", "name", "id_number", "tax_code", "representative", "address", "phone", "email")
            }
            data[contact_field] = contact.recipient
            applicant = ApplicantData(**data)
            dossier = None
            try:
                # Everything is checked before the one-time code is spent: a mistake in the form
                # must not cost the citizen a new code.
                errors = {}
                try:
                    applicant.cleaned(channel=Channel.ONLINE)
                except ValidationError as exc:
                    errors.update(exc.message_dict)
                errors.update(services.validate_uploads(documents, form.uploads()))
                try:
                    result_delivery_cleaned(
                        form.cleaned_data["result_delivery"],
                        form.cleaned_data["result_address"],
                        owner=request.user,
                        applicant_address=applicant.address,
                    )
                except ValidationError as exc:
                    errors.update(exc.message_dict)
                if errors:
                    raise ValidationError(errors)
                services.otp_verify(session=request.session, purpose=purpose, code=form.cleaned_data["otp"])
                dossier = services.portal_file_dossier(
                    procedure=procedure,
                    owner=request.user,
                    applicant=applicant,
                    uploads=form.uploads(),
                    documents=documents,
                    result_delivery=form.cleaned_data["result_delivery"],
                    result_address=form.cleaned_data["result_address"],
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) in services.OTP_ERROR_CODES:
                    form.add_error("otp", exc.messages)
                else:
                    apply_errors(form, exc)
            if dossier is not None:
                messages.success(
                    request,
                    gettext(
                        "Đã nộp hồ sơ trực tuyến, số tham chiếu %(reference)s. "
                        "Mã hồ sơ sẽ được gửi khi Bộ phận Một cửa tiếp nhận."
                    )
                    % {"reference": services.submission_reference(dossier)},
                )
                return redirect("portal:my_dossier", pk=dossier.pk)
        status = 400
    context = {"procedure": procedure, "version": version, "form": form, "contact": contact}
    return render(request, "portal/file_form.html", context, status=status)


# --- public look-up -------------------------------------------------------------------------------


@never_cache
def lookup(request):
    form = LookupForm(request.GET or None)
    result = None
    searched = False
    shared = None
    if request.GET.get("ma") is not None:
        code = selectors.normalise_code(form.cleaned_data["ma"]) if form.is_valid() else ""
        shared = SharedLookup.for_request(request, code)
        retry_after, cached = throttle_hit_and_get_many(
            request, scope="lookup", rate=settings.EGOV_LOOKUP_RATE, keys=shared.keys if shared else []
        )
        if retry_after is not None:
            response = render(
                request, "portal/lookup.html", {"form": form, "throttled": True, "retry_after": retry_after}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        if code:
            searched = True
            if shared is not None:
                shared.read(cached)
                if shared.html is not None:
                    return shared.response()
            result = selectors.dossier_public_status(code)
    context = {"form": form, "result": result, "searched": searched}
    response = render(request, "portal/lookup.html", context, status=404 if searched and result is None else 200)
    if shared is not None:
        shared.store(response)
    return response


# --- the citizen's account ------------------------------------------------------------------------


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


@never_cache
@login_required
def feedback(request):
    dossiers = selectors.own_dossiers(request.user).order_by("-submitted_at")
    form = FeedbackForm(request.POST or None, dossiers=dossiers, initial={"dossier": request.GET.get("ho-so")})
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.feedback_create(
                author=request.user,
                message=form.cleaned_data["message"],
                dossier=form.cleaned_data["dossier"],
                agency=form.cleaned_data["agency"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            done = gettext("Đã gửi góp ý. Cảm ơn bạn.")
            if feedback.due_date:
                done += " " + gettext("Cơ quan trả lời chậm nhất ngày %(day)s.") % {
                    "day": feedback.due_date.strftime("%d/%m/%Y")
                }
            messages.success(request, done)
            return redirect("portal:feedback")
    context = {"form": form, "sent": selectors.own_feedback(request.user)}
    return render(request, "portal/feedback.html", context, status=400 if form.errors else 200)


@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("portal:my_dossiers")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        # Every attempt counts, valid or not: a cap per address on mass account creation, and no
        # account created while it cannot be counted.
        try:
            retry_after = throttle_hit(request, scope="signup", rate=settings.EGOV_SIGNUP_RATE, fail_closed=True)
        except LimitUnavailable:
            unavailable = gettext("Tạm thời chưa đăng ký được tài khoản; vui lòng thử lại sau ít phút.")
            response = render(request, "portal/signup.html", {"form": form, "throttled": unavailable}, status=503)
            response["Retry-After"] = "60"
            return response
        if retry_after is not None:
            throttled = gettext("Đã có quá nhiều lần đăng ký từ địa chỉ này; vui lòng thử lại sau %(minutes)s phút.")
            context = {"form": form, "throttled": throttled % {"minutes": retry_after // 60 + 1}}
            response = render(request, "portal/signup.html", context, status=429)
            response["Retry-After"] = str(retry_after)
            return response
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, gettext("Đã tạo tài khoản. Bạn có thể nộp hồ sơ trực tuyến."))
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("portal:my_dossiers")
    return render(request, "portal/signup.html", {"form": form}, status=400 if form.errors else 200)
