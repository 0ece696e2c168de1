"""Registering a petition once, classified by its content, with its time limits started."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.core.formats import local_date
from egov.core.text import clean_text, fold, nfc
from egov.organisations.models import Agency, Unit, User
from egov.procedures.service import Field

from ..classification import classification_errors
from ..models import (
    Case,
    Channel,
    Classification,
    Condition,
    LimitStep,
    Petition,
    PetitionEvent,
    PetitionSender,
    ReceivedDocument,
    Status,
    Visit,
)
from ..numbering import format_number, next_number
from ..selectors import rule_in_force
from .base import REGISTER_PETITION, authorise, raise_errors
from .deadlines import deadline_create


@dataclass(frozen=True)
class SenderData:
    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    is_representative: bool = False


@dataclass(frozen=True)
class DocumentData:
    title: str
    is_original: bool = False
    pages: int | None = None


def _fingerprint(agency: Agency, day: dt.date, channel: str, senders: Sequence[SenderData], content: str) -> str:
    names = sorted(fold(s.name) for s in senders) or ["(nặc danh)"]
    key = "\x1f".join([str(agency.pk), day.isoformat(), channel, "\x1e".join(names), fold(content)])
    return hashlib.sha256(key.encode()).hexdigest()


def _duplicate_registration(petition: Petition) -> ValidationError:
    return ValidationError(
        f"Đơn này đã được vào sổ ngày {local_date(petition.received_at):%d/%m/%Y}, "
        f"số {format_number(petition.number)}/{petition.number_year}; mỗi đơn chỉ vào sổ một lần.",
        code="duplicate_registration",
    )


def _sender_errors(senders: Sequence[SenderData], *, anonymous: bool, signatories: int) -> dict[str, str]:
    if anonymous:
        return {"senders": "Đơn nặc danh không ghi người gửi."} if senders else {}
    if not senders or any(not clean_text(s.name) for s in senders):
        return {"senders": "Cần ghi họ tên người gửi đơn, hoặc đánh dấu là đơn nặc danh."}
    if signatories < len(senders):
        return {"signatory_count": f"Số người ký đơn ({signatories}) ít hơn số người gửi đã ghi ({len(senders)})."}
    if signatories > 1 and not any(s.is_representative for s in senders):
        return {"senders": "Đơn có nhiều người ký cần ghi người đại diện."}
    for sender in senders:
        if sender.email.strip():
            try:
                validate_email(sender.email.strip())
            except ValidationError:
                return {"senders": f"Thư điện tử của {clean_text(sender.name)} không hợp lệ."}
    return {}


def _petition_links_errors(
    *,
    agency: Agency,
    channel: str,
    visit: Visit | None,
    case: Case | None,
    duplicate_of: Petition | None,
    handling_unit: Unit | None,
    received_at: dt.datetime,
    source_body: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if channel not in Channel.values:
        errors["channel"] = "Cần chọn nguồn đơn."
    elif channel == Channel.FORWARDED and not clean_text(source_body):
        errors["source_body"] = "Đơn do cơ quan khác chuyển đến cần ghi tên cơ quan chuyển đơn."
    if visit is not None:
        if visit.session.agency_id != agency.pk:
            errors["visit"] = "Lượt tiếp thuộc cơ quan khác."
        elif channel != Channel.RECEPTION:
            errors["channel"] = "Đơn nhận tại lượt tiếp công dân có nguồn “Qua tiếp công dân”."
        elif case is not None and visit.case_id not in (None, case.pk):
            errors["case"] = "Đơn nhận tại lượt tiếp thuộc vụ việc của lượt tiếp đó."
    if case is not None and case.agency_id != agency.pk:
        errors["case"] = "Vụ việc thuộc cơ quan khác."
    if duplicate_of is not None and (duplicate_of.agency_id != agency.pk or duplicate_of.received_at > received_at):
        errors["duplicate_of"] = "Đơn trùng phải trùng với một đơn cơ quan đã nhận trước đó."
    if handling_unit is not None and handling_unit.agency_id != agency.pk:
        errors["handling_unit"] = "Đơn vị xử lý thuộc cơ quan khác."
    if received_at > timezone.now():
        errors["received_at"] = "Thời điểm nhận đơn chưa đến."
    return errors


# The clocks a registration starts, by classification (law-2026.md §1.4).
_INTAKE_STEPS = {
    Classification.COMPLAINT: (LimitStep.COMPLAINT_ACCEPTANCE,),
    Classification.DENUNCIATION: (LimitStep.DENUNCIATION_INTAKE,),
}


@transaction.atomic
def petition_register(
    *,
    agency: Agency,
    channel: str,
    received_at: dt.datetime,
    content: str,
    classification: str,
    actor: User,
    senders: Sequence[SenderData] = (),
    anonymous: bool = False,
    signatory_count: int | None = None,
    documents: Sequence[DocumentData] = (),
    mixed_kinds: Sequence[str] = (),
    duplicate_of: Petition | None = None,
    titled_as: str = "",
    field: Field | None = None,
    case: Case | None = None,
    visit: Visit | None = None,
    handling_unit: Unit | None = None,
    source_body: str = "",
    source_reference: str = "",
    prior_handling: str = "",
    written_for_sender: bool = False,
) -> Petition:
    """Register a petition once, classified by its content, and start its time limits."""
    authorise(actor, REGISTER_PETITION, agency.pk)
    signatories = signatory_count if signatory_count is not None else max(1, len(senders))
    errors = classification_errors(classification, mixed_kinds, has_original=duplicate_of is not None)
    errors |= _sender_errors(senders, anonymous=anonymous, signatories=signatories)
    errors |= _petition_links_errors(
        agency=agency,
        channel=channel,
        visit=visit,
        case=case,
        duplicate_of=duplicate_of,
        handling_unit=handling_unit,
        received_at=received_at,
        source_body=source_body,
    )
    if not clean_text(content):
        errors["content"] = "Đơn phải có nội dung: cần ghi tóm tắt nội dung đơn."
    if any(not clean_text(d.title) for d in documents):
        errors["documents"] = "Cần ghi tên từng tài liệu kèm theo đơn."
    raise_errors(errors)
    if visit is not None and Petition.objects.filter(visit=visit).exists():
        raise ValidationError(
            "Lượt tiếp này đã có đơn vào sổ; mỗi đơn chỉ vào sổ một lần.", code="duplicate_registration"
        )
    fingerprint = _fingerprint(agency, local_date(received_at), channel, senders, content)
    earlier = Petition.objects.filter(agency=agency, fingerprint=fingerprint).first()
    if earlier is not None:
        raise _duplicate_registration(earlier)
    received_on = local_date(received_at)
    petition = Petition(
        agency=agency,
        number=next_number(agency.pk, received_on),
        number_year=received_on.year,
        handling_unit=handling_unit,
        case=case if case is not None else (visit.case if visit is not None else None),
        visit=visit,
        channel=channel,
        received_at=received_at,
        received_by=actor,
        source_body=clean_text(source_body),
        source_reference=clean_text(source_reference),
        anonymous=anonymous,
        signatory_count=signatories,
        written_for_sender=written_for_sender,
        content=nfc(content).strip(),
        titled_as=titled_as,
        classification=classification,
        mixed_kinds=sorted(set(mixed_kinds)),
        duplicate_of=duplicate_of,
        field=field,
        prior_handling=clean_text(prior_handling),
        fingerprint=fingerprint,
    )
    petition.full_clean(exclude=["fingerprint"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin loses here, with the same message
            petition.save()
    except IntegrityError:
        raise _duplicate_registration(Petition.objects.get(agency=agency, fingerprint=fingerprint)) from None
    PetitionSender.objects.bulk_create(
        PetitionSender(
            petition=petition,
            order=order,
            name=clean_text(s.name),
            id_number=clean_text(s.id_number),
            address=clean_text(s.address),
            phone=clean_text(s.phone),
            email=s.email.strip(),
            is_representative=s.is_representative or len(senders) == 1,
        )
        for order, s in enumerate(senders, start=1)
    )
    ReceivedDocument.objects.bulk_create(
        ReceivedDocument(
            petition=petition, order=order, title=clean_text(d.title), is_original=d.is_original, pages=d.pages
        )
        for order, d in enumerate(documents, start=1)
    )
    PetitionEvent.objects.create(
        petition=petition, action="register", to_status=Status.RECEIVED, actor=actor, at=timezone.now()
    )
    steps = [LimitStep.PETITION_PROCESSING, LimitStep.PETITION_UNPROCESSED_LIMIT]
    if not (anonymous and classification == Classification.DENUNCIATION):
        steps += _INTAKE_STEPS.get(classification, ())
    for step in steps:
        rule = rule_in_force(step, received_on)
        if rule is not None:  # a step whose law was not in force on that day has no clock
            deadline_create(petition, rule, received_on, Condition.STANDARD)
    return petition
