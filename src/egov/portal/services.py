"""Writes of the citizen portal. Dossier writes go through egov.dossiers.services and
egov.dossiers.attachments; this module only puts the portal's steps around them.

- One-time codes confirm the phone number or e-mail address given for an online dossier. The
  code is sent through the outbox at once (`message_send_now`: one attempt in the request, its
  text erased from the row afterwards) and kept hashed in the session (shared by every server
  process), valid OTP_TTL seconds, OTP_MAX_ATTEMPTS tries.
- Filing validates everything (applicant, every file by content, the code) before writing, then
  submits the dossier and stores its files in one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from egov.core.integrations import IntegrationNotConfigured
from egov.core.text import clean_text
from egov.dossiers.service import (
    ApplicantData,
    Attachment,
    Channel,
    Dossier,
    Status,
    applicant_messages_queue,
    attachment_add,
    check_room,
    check_takes_files,
    dossier_complete_intake_supplement,
    dossier_complete_supplement,
    dossier_submit,
    read_validated,
    result_delivery_cleaned,
    result_delivery_text,
)
from egov.organisations.models import Agency, User
from egov.organisations.selectors import user_can_access
from egov.outbox.backends import MessagingError
from egov.outbox.models import Message
from egov.outbox.services import message_queue, message_send_now
from egov.procedures.service import Procedure, RequiredDocument
from egov.workdays.calendar import get_calendar

from .models import Feedback, FeedbackTimeLimit

OTP_TTL = 10 * 60
OTP_MAX_ATTEMPTS = 5
OTP_RESEND_AFTER = 30
SESSION_KEY = "portal_otp"
CONFIRMED_KEY = "portal_confirmed_contact"
KIND_ONLINE_SUBMITTED = "online_submitted"
KIND_OTP = "otp"
OTP_ERROR_CODES = frozenset({"otp_missing", "otp_expired", "otp_locked", "otp_wrong"})


@dataclass(frozen=True)
class Contact:
    channel: str  # "sms" or "email"
    recipient: str


def _digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def otp_send(*, session, contact: Contact, purpose: str) -> None:
    """Send a fresh 6-digit code to `contact`; raises ValidationError with a Vietnamese message."""
    pending = session.get(SESSION_KEY)
    now = time.time()
    if pending and pending.get("recipient") == contact.recipient and now - pending["sent_at"] < OTP_RESEND_AFTER:
        raise ValidationError(
            gettext("Mã xác nhận vừa được gửi; vui lòng chờ %(seconds)s giây trước khi gửi lại.")
            % {"seconds": OTP_RESEND_AFTER},
            code="otp_wait",
        )
    code = f"{secrets.randbelow(10**6):06d}"
    body = (
        f"Mã xác nhận nộp hồ sơ trực tuyến của bạn là {code}. Mã có hiệu lực {OTP_TTL // 60} phút. "
        "Không cung cấp mã này cho người khác."
    )
    try:
        # Sent at once, in this request: the citizen is waiting for it and must hear of a failure.
        message_send_now(
            channel=contact.channel,
            recipient=contact.recipient,
            kind=KIND_OTP,
            subject="Mã xác nhận nộp hồ sơ",
            body=body,
            expires_at=timezone.now() + dt.timedelta(seconds=OTP_TTL),
            secret=True,
        )
    except IntegrationNotConfigured as exc:
        message = (
            gettext("Hệ thống chưa có dịch vụ gửi tin nhắn; vui lòng chọn cách xác nhận khác.")
            if contact.channel == "sms"
            else gettext("Hệ thống chưa có dịch vụ gửi thư điện tử; vui lòng chọn cách xác nhận khác.")
        )
        raise ValidationError(message, code="otp_unavailable") from exc
    except MessagingError as exc:
        raise ValidationError(
            gettext("Không gửi được mã xác nhận tới địa chỉ đã nhập; vui lòng kiểm tra lại hoặc thử lại sau."),
            code="otp_send_failed",
        ) from exc
    session[SESSION_KEY] = {
        "channel": contact.channel,
        "recipient": contact.recipient,
        "purpose": purpose,
        "digest": _digest(code),
        "sent_at": now,
        "attempts": 0,
    }
    session.pop(CONFIRMED_KEY, None)


def otp_pending(session, purpose: str) -> Contact | None:
    pending = session.get(SESSION_KEY)
    if not pending or pending.get("purpose") != purpose or time.time() - pending["sent_at"] > OTP_TTL:
        return None
    return Contact(pending["channel"], pending["recipient"])


def otp_verify(*, session, purpose: str, code: str) -> Contact:
    """The confirmed contact, or a ValidationError. The code is single-use."""
    pending = session.get(SESSION_KEY)
    if not pending or pending.get("purpose") != purpose:
        raise ValidationError(gettext("Chưa có mã xác nhận; vui lòng yêu cầu gửi mã."), code="otp_missing")
    if time.time() - pending["sent_at"] > OTP_TTL:
        session.pop(SESSION_KEY, None)
        raise ValidationError(gettext("Mã xác nhận đã hết hạn; vui lòng yêu cầu gửi mã mới."), code="otp_expired")
    if pending["attempts"] >= OTP_MAX_ATTEMPTS:
        session.pop(SESSION_KEY, None)
        raise ValidationError(
            gettext("Đã nhập sai mã quá số lần cho phép; vui lòng yêu cầu gửi mã mới."), code="otp_locked"
        )
    if not hmac.compare_digest(pending["digest"], _digest("".join((code or "").split()))):
        pending["attempts"] += 1
        session[SESSION_KEY] = pending
        left = OTP_MAX_ATTEMPTS - pending["attempts"]
        raise ValidationError(
            gettext("Mã xác nhận không đúng (còn %(left)s lần thử).") % {"left": left}, code="otp_wrong"
        )
    session.pop(SESSION_KEY, None)
    return Contact(pending["channel"], pending["recipient"])


# --- filing ---------------------------------------------------------------------------------------


def validate_uploads(documents: list[RequiredDocument], uploads: dict[int, object]) -> dict[str, list[str]]:
    """Errors by form field (doc_<id>) for missing mandatory documents and unacceptable files."""
    errors: dict[str, list[str]] = {}
    for document in documents:
        upload = uploads.get(document.pk)
        key = f"doc_{document.pk}"
        if upload is None:
            if document.is_mandatory:
                errors[key] = [gettext("Cần tải lên “%(name)s”.") % {"name": document.name}]
            continue
        try:
            read_validated(upload)
        except ValidationError as exc:
            errors[key] = exc.messages
        finally:
            upload.seek(0)
    try:
        check_room(None, [upload.size for upload in uploads.values()])
    except ValidationError as exc:
        errors[NON_FIELD_ERRORS] = exc.messages
    return errors


def portal_file_dossier(
    *,
    procedure: Procedure,
    owner: User,
    applicant: ApplicantData,
    uploads: dict[int, object],
    documents: list[RequiredDocument],
    result_delivery: str,
    result_address: str = "",
) -> Dossier:
    """Submit an online dossier with one file per required document and the applicant's choice of
    how to receive the result, all or nothing.

    Raises ValidationError (a dict by field: applicant fields, doc_<id>, result_delivery,
    result_address) before writing anything."""
    errors: dict[str, list[str]] = {}
    try:
        applicant.cleaned(channel=Channel.ONLINE)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    errors.update(validate_uploads(documents, uploads))
    try:
        result_delivery_cleaned(result_delivery, result_address, owner=owner, applicant_address=applicant.address)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dossier = dossier_submit(
            procedure=procedure,
            applicant=applicant,
            channel=Channel.ONLINE,
            actor=owner,
            owner=owner,
            result_delivery=result_delivery,
            result_address=result_address,
        )
        for document in documents:
            upload = uploads.get(document.pk)
            if upload is not None:
                attachment_add(dossier=dossier, upload=upload, actor=owner, required_document=document)
        _queue_submission_receipt(dossier)
    return dossier


def submission_reference(dossier: Dossier) -> str:
    """The number an online filing is known by until the desk receives it and issues the code."""
    return f"TT-{dossier.pk:08d}"


def _queue_submission_receipt(dossier: Dossier) -> None:
    body = (
        f"{dossier.agency.short_name or dossier.agency.name}: đã nhận hồ sơ trực tuyến số "
        f"{submission_reference(dossier)} ({dossier.procedure.name}). Bộ phận Một cửa sẽ kiểm tra; "
        "mã hồ sơ và ngày hẹn trả được gửi tới bạn khi hồ sơ được tiếp nhận."
    )
    if dossier.result_delivery:
        body += f" Nhận kết quả: {result_delivery_text(dossier)}."
    subject = f"Đã nhận hồ sơ trực tuyến {submission_reference(dossier)}"
    applicant_messages_queue(
        dossier=dossier, kind=KIND_ONLINE_SUBMITTED, subject=subject, email_body=body, sms_body=body
    )


# --- supplements ----------------------------------------------------------------------------------


def portal_submit_supplement(*, dossier: Dossier, owner: User, uploads: list, note: str = "") -> Dossier:
    """The applicant sends the requested documents; the dossier goes back to the agency.

    Files are checked first; then, in one transaction, stored and the supplement completed."""
    check_takes_files(dossier, actor=owner)
    if dossier.status not in (Status.INTAKE_SUPPLEMENT, Status.PAUSED):
        raise ValidationError(gettext("Hồ sơ hiện không chờ bổ sung."), code="invalid_state")
    if not uploads:
        raise ValidationError({"files": [gettext("Cần tải lên ít nhất một tệp hồ sơ bổ sung.")]})
    errors = []
    for upload in uploads:
        try:
            read_validated(upload)
        except ValidationError as exc:
            errors.append(f"{upload.name}: {exc.messages[0]}")
        finally:
            upload.seek(0)
    if errors:
        raise ValidationError({"files": errors})
    check_room(dossier, [upload.size for upload in uploads])
    complete = (
        dossier_complete_intake_supplement
        if dossier.status == Status.INTAKE_SUPPLEMENT
        else dossier_complete_supplement
    )
    with transaction.atomic():
        for upload in uploads:
            attachment_add(dossier=dossier, upload=upload, actor=owner, kind=Attachment.Kind.SUPPLEMENT)
        return complete(dossier=dossier, actor=owner, note=clean_text(note))


# --- feedback -------------------------------------------------------------------------------------


KIND_FEEDBACK_ANSWERED = "feedback_answered"


def feedback_due_date(sent_at: dt.datetime) -> dt.date | None:
    """The last working day to answer feedback sent at `sent_at`, by the time limit then in force;
    None when no limit covers that day (an administrator must add one)."""
    day = timezone.localtime(sent_at).date()
    limit = FeedbackTimeLimit.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    return get_calendar().add_working_days(day, limit.working_days) if limit else None


def feedback_create(
    *, author: User, message: str, dossier: Dossier | None = None, agency: Agency | None = None
) -> Feedback:
    """Feedback about one of the author's dossiers goes to the dossier's agency, general feedback to
    the agency chosen; its answer is due by the time limit in force on the day it is sent."""
    message = clean_text(message)
    errors = {}
    if len(message) < 10:
        errors["message"] = [gettext("Nội dung góp ý cần ít nhất 10 ký tự.")]
    if dossier is not None and dossier.owner_id != author.pk:
        errors["dossier"] = [gettext("Chỉ góp ý về hồ sơ của chính bạn.")]
    elif dossier is not None:
        agency = dossier.agency
    elif agency is None or not agency.is_active:
        errors["agency"] = [gettext("Cần chọn cơ quan nhận góp ý.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    return Feedback.objects.create(
        author=author, message=message, dossier=dossier, agency=agency, due_date=feedback_due_date(now)
    )


def _feedback_answer_message(feedback: Feedback) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS) telling the citizen the answer is in their account."""
    agency = feedback.agency
    sender = agency.short_name or agency.name
    sent = timezone.localtime(feedback.created_at)
    about = f" về hồ sơ {feedback.dossier.code}" if feedback.dossier_id and feedback.dossier.code else ""
    link = settings.EGOV_PUBLIC_BASE_URL.rstrip("/") + reverse("portal:feedback")
    subject = f"{sender}: trả lời góp ý, phản ánh ngày {sent:%d/%m/%Y}"
    body = (
        f"Kính gửi {feedback.author.full_name or feedback.author.username},\n\n"
        f"{agency.name} trả lời góp ý, phản ánh{about} ông/bà gửi ngày {sent:%d/%m/%Y}:\n\n"
        f"{feedback.answer}\n\nXem lại tại: {link}\n\n{agency.name}"
    )
    sms = f"{sender} đã trả lời góp ý, phản ánh{about} ngày {sent:%d/%m/%Y}. Xem tại: {link}"
    return subject, body, sms


@transaction.atomic
def feedback_answer(*, feedback: Feedback, actor: User, answer: str) -> Feedback:
    """Record the answer (who, when, text) once, and tell the citizen through the outbox, in the same
    transaction. Only staff allowed to answer, for feedback of their agency."""
    if not actor.has_perm("portal.answer_feedback") or feedback.agency_id is None:
        raise PermissionDenied(gettext("Tài khoản không có quyền trả lời góp ý, phản ánh."))
    if not user_can_access(actor, agency_id=feedback.agency_id):
        raise PermissionDenied(gettext("Góp ý này không thuộc cơ quan của bạn."))
    answer = clean_text(answer)
    if len(answer) < 10:
        raise ValidationError({"answer": [gettext("Nội dung trả lời cần ít nhất 10 ký tự.")]})
    feedback = (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("agency", "author", "dossier")
        .get(pk=feedback.pk)
    )
    if feedback.answered_at is not None:
        raise ValidationError(gettext("Góp ý này đã được trả lời."), code="already_answered")
    feedback.answer, feedback.answered_by, feedback.answered_at = answer, actor, timezone.now()
    feedback.save(update_fields=["answer", "answered_by", "answered_at"])
    subject, body, sms = _feedback_answer_message(feedback)
    author = feedback.author
    common = {"kind": KIND_FEEDBACK_ANSWERED, "about": feedback, "agency_id": feedback.agency_id}
    if author.email.strip():
        message_queue(channel=Message.Channel.EMAIL, recipient=author.email, subject=subject, body=body, **common)
    if author.phone.strip():
        message_queue(channel=Message.Channel.SMS, recipient=author.phone, body=sms, **common)
    if not (author.email.strip() or author.phone.strip()):
        # Visible in the outbox as undeliverable rather than silently skipped; the answer is in the portal.
        message_queue(
            channel=Message.Channel.EMAIL,
            recipient="",
            subject=subject,
            body=body,
            error="Tài khoản người gửi không có thư điện tử hay số điện thoại.",
            **common,
        )
    return feedback
