"""Online filing in two steps: the contact that receives the one-time code, then the dossier itself."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from egov.core.forms import apply_errors
from egov.dossiers.service import ApplicantData, Channel, result_delivery_cleaned
from egov.procedures.service import OnlineLevel, Procedure, procedure_current_version

from .. import services
from ..forms import ContactForm, FilingForm
from ..throttle import LimitUnavailable, throttle_hit
from .catalogue import procedure_or_404


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
    procedure = procedure_or_404(code)
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
    procedure = procedure_or_404(code)
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
