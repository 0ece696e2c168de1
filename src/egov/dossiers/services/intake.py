"""Intake: the submission, the requests to supplement it at the desk, the refusal and the receipt."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from egov.core.columns import integer_error
from egov.core.formats import local_date
from egov.core.text import fold
from egov.core.workflow import Change, Step, refuse
from egov.organisations.models import User
from egov.organisations.selectors import user_can_access
from egov.procedures.service import OnlineLevel, Procedure, WorkflowStep
from egov.workdays.calendar import get_calendar

from .. import transitions as t
from ..codes import next_code
from ..handover import transfer_due_at
from ..models import Channel, Dossier, Status
from ..transitions import SUBMIT, Action
from .applicant import ApplicantData, result_delivery_cleaned
from .fees import fees_fix, fixed_items
from .lifecycle import DOSSIERS, advance, event_write, require_reason, statutory_due_date


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


@transaction.atomic
def dossier_submit(
    *,
    procedure: Procedure,
    applicant: ApplicantData,
    channel: str,
    actor: User | None = None,
    owner: User | None = None,
    at: dt.datetime | None = None,
    sets_count: int = 1,
    note: str = "",
    result_delivery: str = "",
    result_address: str = "",
) -> Dossier:
    """A dossier presented online (by the applicant) or at the counter / by post (by an officer).

    `result_delivery`: how the applicant will receive the result (ReturnMethod); empty only for
    callers that do not ask (imports, tests), whose dossiers are then returned any way."""
    at = _now(at)
    if channel not in Channel.values:
        raise refuse("Kênh nộp hồ sơ không hợp lệ.", "invalid_channel")
    if not procedure.is_active:
        raise refuse("Thủ tục này hiện không còn áp dụng.", "procedure_inactive")
    version = procedure.version_on(local_date(at))
    if version is None:
        raise refuse("Thủ tục chưa có quy định đang có hiệu lực; không thể nộp hồ sơ.", "no_version")
    if channel == Channel.ONLINE:
        if version.online_level == OnlineLevel.NONE:
            raise refuse("Thủ tục này không cung cấp dịch vụ nộp hồ sơ trực tuyến.", "not_online")
    elif not (
        actor is not None
        and actor.has_perm("dossiers.receive_dossier")
        and user_can_access(actor, agency_id=procedure.agency_id)
    ):
        raise refuse("Chỉ cán bộ Bộ phận Một cửa của cơ quan mới nhận hồ sơ trực tiếp hoặc qua bưu chính.", "forbidden")
    if reason := integer_error(sets_count, Dossier._meta.get_field("sets_count"), low=1):
        raise refuse(f"Số bộ hồ sơ {reason}.", "invalid_sets")
    data = applicant.cleaned(channel=channel)
    if result_delivery:
        result_delivery, result_address = result_delivery_cleaned(
            result_delivery, result_address, owner=owner, applicant_address=data.address
        )
    dossier = Dossier.objects.create(
        procedure=procedure,
        procedure_version=version,
        field_id=procedure.field_id,
        agency_id=procedure.agency_id,
        owner=owner,
        applicant_kind=data.kind,
        applicant_name=data.name,
        applicant_id_number=data.id_number,
        applicant_tax_code=data.tax_code,
        applicant_representative=data.representative,
        applicant_address=data.address,
        applicant_phone=data.phone,
        applicant_email=data.email,
        identity_verified=data.identity_verified,
        population_data_used=data.population_data_used,
        channel=channel,
        status=Status.SUBMITTED,
        sets_count=sets_count,
        submitted_at=at,
        search_text=_search_text(None, data, procedure),
        result_delivery=result_delivery,
        result_address=result_address if result_delivery else "",
    )
    submitted = {"channel": channel} | ({"result_delivery": result_delivery} if result_delivery else {})
    event_write(dossier, SUBMIT, from_status="", actor=actor or owner, at=at, note=note, data=submitted)
    return dossier


def _search_text(code: str | None, data, procedure: Procedure) -> str:
    name = data.name if isinstance(data, ApplicantData) else data.applicant_name
    ids = (
        f"{data.id_number} {data.tax_code}"
        if isinstance(data, ApplicantData)
        else f"{data.applicant_id_number} {data.applicant_tax_code}"
    )
    return fold(f"{code or ''} {name} {ids} {procedure.code} {procedure.name}")


@DOSSIERS.action(Action.REQUEST_INTAKE_SUPPLEMENT)
def dossier_request_intake_supplement(dossier: Dossier, data: t.SupplementItems, step: Step) -> Change:
    """Form 02 at intake: every missing item listed at once."""
    return Change(note=data.reason, data={"items": data.items})


@DOSSIERS.action(Action.COMPLETE_INTAKE_SUPPLEMENT)
def dossier_complete_intake_supplement(dossier: Dossier, data: t.Note, step: Step) -> Change:
    return Change(note=data.note)


@DOSSIERS.action(Action.REFUSE_INTAKE)
def dossier_refuse_intake(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    """Form 03 at intake: not eligible or not this agency's competence. The dossier is not received."""
    return Change(note=require_reason(data.reason, "lý do từ chối tiếp nhận"))


@DOSSIERS.action(Action.RECEIVE)
def dossier_receive(dossier: Dossier, data: t.Receive, step: Step) -> Change:
    """Complete dossier: the code is issued, the clock starts, the receipt (Form 01) can be printed.

    `appointment` is required only for procedures without a published time limit."""
    at = step.at
    due = statutory_due_date(dossier.procedure_version, at)
    if due is None:
        if data.appointment is None:
            raise refuse("Thủ tục chưa có thời hạn giải quyết: cần nhập ngày hẹn trả kết quả.", "appointment_required")
        if data.appointment < local_date(at) or not get_calendar().is_working_day(data.appointment):
            raise refuse("Ngày hẹn trả phải là một ngày làm việc, không trước ngày tiếp nhận.", "invalid_appointment")
        due = data.appointment
    dossier.code = next_code(dossier.agency, at)
    dossier.received_at = at
    dossier.due_date = due
    dossier.search_text = _search_text(dossier.code, dossier, dossier.procedure)
    event_data = {"due_date": due.isoformat()}
    fields = ["code", "received_at", "due_date", "search_text"]
    if dossier.procedure_version.fee_fixed is not None:  # one tariff for everybody: fixed at receipt
        fixed = [(item, item.name, item.amount_vnd) for item in fixed_items(dossier)]
        event_data["fees"] = fees_fix(dossier, fixed, at)
        fields.append("fees_assessed_at")
    advance(
        dossier,
        WorkflowStep.Action.RECEIVE,
        at=at,
        name="Tiếp nhận, chuyển hồ sơ",
        assignee=step.actor,
        due_at=transfer_due_at(dossier.channel, at),
    )
    return Change(fields, note=data.note, data=event_data)
