"""Writes on dossiers: the submission, and one effect per transition of transitions.TRANSITIONS.

Every transition is taken by the workflow engine (core/workflow.py, decision 0041) in one
transaction: it locks the dossier row (SELECT ... FOR UPDATE), checks the table (state, permission,
scope, or the owning applicant), then the effect below checks the rule of the action and keeps the
derived columns — due dates, pauses, hand-over steps, finish — in step; the engine sets the status
and this module writes the append-only DossierEvent. A refused transition raises `TransitionRefused`
(a ValidationError with a Vietnamese message and a code) and changes nothing.
The applicant's messages are written in the same transaction (notifications.dossier_event_notify).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from egov.core.columns import integer_error
from egov.core.formats import local_date, vn_number
from egov.core.text import clean_text, fold, nfc
from egov.core.workflow import Change, Step, Workflow, refuse
from egov.organisations.models import Unit, User
from egov.organisations.selectors import user_can_access
from egov.procedures.models import FeeItem, OnlineLevel, Procedure, ProcedureVersion, WorkflowStep
from egov.workdays.calendar import LOCAL_TZ, get_calendar

from . import notifications
from . import transitions as t
from .codes import next_code
from .fees import fees_outstanding
from .handover import transfer_due_at
from .models import (
    ApplicantKind,
    Attachment,
    Channel,
    Dossier,
    DossierEvent,
    DossierFee,
    DossierStep,
    Outcome,
    PauseInterval,
    Rating,
    ReturnMethod,
    Status,
)
from .transitions import SUBMIT, TRANSITIONS, Action
from .validators import normalise_phone, validate_citizen_id, validate_phone, validate_tax_code

# A supplement request during processing is allowed within this many working days of receipt.
SUPPLEMENT_WINDOW_WORKING_DAYS = 3
STEP_DAY_END = dt.time(17, 0)


# --- applicant ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantData:
    kind: str
    name: str
    id_number: str = ""
    tax_code: str = ""
    representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    # Reported by the intake on DVCQG (VNeID login, population-database look-up), never guessed.
    identity_verified: bool = False
    population_data_used: bool = False

    def cleaned(self, *, channel: str) -> ApplicantData:
        """Normalised copy; raises ValidationError with every problem at once, by field."""
        errors: dict[str, list[str]] = {}
        name = clean_text(self.name)
        phone = normalise_phone(self.phone) if self.phone.strip() else ""
        email = self.email.strip()
        if self.kind not in ApplicantKind.values:
            errors.setdefault("kind", []).append("Loại người nộp không hợp lệ (cá nhân hoặc tổ chức).")
        if not name:
            errors.setdefault("name", []).append("Cần nhập tên tổ chức, cá nhân nộp hồ sơ.")
        checks = [("phone", validate_phone, phone), ("email", validate_email, email)]
        if self.kind == ApplicantKind.PERSON:
            checks.append(("id_number", validate_citizen_id, self.id_number.strip()))
            if not self.id_number.strip():
                errors.setdefault("id_number", []).append("Cần nhập số định danh cá nhân.")
        elif self.kind == ApplicantKind.ORGANISATION:
            checks.append(("tax_code", validate_tax_code, self.tax_code.strip()))
            if not self.tax_code.strip():
                errors.setdefault("tax_code", []).append("Cần nhập mã số thuế của tổ chức.")
        for key, check, value in checks:
            if value:
                try:
                    check(value)
                except ValidationError as exc:
                    message = "Địa chỉ thư điện tử không hợp lệ." if key == "email" else exc.messages[0]
                    errors.setdefault(key, []).append(message)
        if channel == Channel.ONLINE and not (phone or email):
            errors.setdefault("phone", []).append(
                "Hồ sơ trực tuyến cần số điện thoại hoặc thư điện tử để nhận thông báo."
            )
        if errors:
            raise ValidationError(errors)
        return ApplicantData(
            kind=self.kind,
            name=name,
            id_number=self.id_number.strip(),
            tax_code=self.tax_code.strip(),
            representative=clean_text(self.representative),
            address=clean_text(self.address),
            phone=phone,
            email=email,
            identity_verified=bool(self.identity_verified),
            population_data_used=bool(self.population_data_used),
        )


# --- how the result is returned --------------------------------------------------------------------


def result_delivery_cleaned(
    method: str, address: str = "", *, owner: User | None, applicant_address: str = ""
) -> tuple[str, str]:
    """(method, address) as stored; ValidationError by field. An electronic result is made available
    in the applicant's account, so it needs one; by post it needs an address (the applicant's when
    none is given)."""
    address = clean_text(address) or clean_text(applicant_address)
    if method not in ReturnMethod.values:
        raise ValidationError({"result_delivery": ["Cần chọn hình thức nhận kết quả."]})
    if method == ReturnMethod.ELECTRONIC and owner is None:
        raise ValidationError(
            {"result_delivery": ["Nhận kết quả trực tuyến cần tài khoản trên Cổng dịch vụ công của người nộp."]}
        )
    if method == ReturnMethod.POST and not address:
        raise ValidationError({"result_address": ["Cần nhập địa chỉ nhận kết quả qua bưu chính."]})
    return method, address if method == ReturnMethod.POST else ""


# --- helpers ---------------------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, STEP_DAY_END, tzinfo=LOCAL_TZ)


def _event_write(
    dossier: Dossier,
    action: str,
    *,
    from_status: str,
    actor: User | None,
    at: dt.datetime,
    note: str = "",
    data: dict | None = None,
) -> DossierEvent:
    """Write the event and queue the applicant's messages."""
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=str(action),
        from_status=from_status,
        to_status=dossier.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=at,
        note=nfc(note.strip()),
        data=data or {},
    )
    notifications.dossier_event_notify(event=event)  # in this transaction: the outbox (decision 0025)
    return event


def _record(dossier: Dossier, step: Step, change: Change) -> DossierEvent:
    return _event_write(
        dossier,
        step.action,
        from_status=step.from_status,
        actor=step.actor,
        at=step.at,
        note=change.note,
        data=change.data,
    )


# The engine over the table (core/workflow.py): each `@DOSSIERS.action` below is the effect of one
# action, and its name is the service (dossier=, actor=, the row's input, at=).
DOSSIERS = Workflow(
    Dossier,
    TRANSITIONS,
    record=_record,
    in_scope=lambda user, dossier: user_can_access(user, agency_id=dossier.agency_id, unit_id=dossier.unit_id),
    noun="hồ sơ",
    subject="dossier",
    lock_related=("procedure_version", "agency"),
)


def statutory_due_date(version: ProcedureVersion, start: dt.datetime) -> dt.date | None:
    """The legal due date counted from `start` (receipt, or completion of a supplement)."""
    limit = version.effective_time_limit
    if limit is None:
        return None
    cutoff = version.cutoff_time if version.afternoon_cutoff else None
    return get_calendar().due_date(start, limit, version.time_limit_unit, cutoff)


# --- hand-over steps (Form 05) ----------------------------------------------------------------


def _close_open_steps(dossier: Dossier, at: dt.datetime) -> None:
    for step in dossier.steps.filter(finished_at__isnull=True):
        step.finished_at = at
        if step.due_at is not None:
            finished, due = local_date(at), local_date(step.due_at)
            step.timeliness = (
                DossierStep.Timeliness.EARLY
                if finished < due
                else DossierStep.Timeliness.ON_TIME
                if finished == due
                else DossierStep.Timeliness.LATE
            )
        step.save(update_fields=["finished_at", "timeliness"])


def _step_due(start: dt.datetime, budget_days) -> dt.datetime:
    calendar = get_calendar()
    day = calendar.receipt_day(start)
    whole_days = math.ceil(budget_days)
    return _end_of_day(calendar.add_working_days(day, whole_days) if whole_days else day)


def _advance(
    dossier: Dossier,
    kind: str | None,
    *,
    at: dt.datetime,
    name: str,
    assignee: User | None = None,
    unit: Unit | None = None,
    due_at: dt.datetime | None = None,
) -> DossierStep | None:
    """Close the open step and open the next one of the workflow (the first later step of `kind`);
    `kind=None` closes only."""
    _close_open_steps(dossier, at)
    if kind is None:
        return None
    last_order = dossier.steps.order_by("-order").values_list("order", flat=True).first() or 0
    workflow = list(dossier.procedure_version.workflow_steps.filter(order__gt=last_order).order_by("order"))
    planned: WorkflowStep | None = next((s for s in workflow if s.action == kind), None)
    return DossierStep.objects.create(
        dossier=dossier,
        workflow_step=planned,
        order=planned.order if planned else last_order + 1,
        name=planned.name if planned else name,
        unit=unit or (planned.unit if planned else None) or dossier.unit,
        assignee=assignee,
        started_at=at,
        due_at=due_at or (_step_due(at, planned.budget_days) if planned else None),
    )


# --- intake ----------------------------------------------------------------------------------------


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
    _event_write(dossier, SUBMIT, from_status="", actor=actor or owner, at=at, note=note, data=submitted)
    return dossier


def _search_text(code: str | None, data, procedure: Procedure) -> str:
    name = data.name if isinstance(data, ApplicantData) else data.applicant_name
    ids = (
        f"{data.id_number} {data.tax_code}"
        if isinstance(data, ApplicantData)
        else f"{data.applicant_id_number} {data.applicant_tax_code}"
    )
    return fold(f"{code or ''} {name} {ids} {procedure.code} {procedure.name}")


def _require_reason(reason: str, what: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise refuse(f"Cần ghi rõ {what}.", "reason_required")
    return reason


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
    return Change(note=_require_reason(data.reason, "lý do từ chối tiếp nhận"))


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
        fixed = [(item, item.name, item.amount_vnd) for item in _fixed_items(dossier)]
        event_data["fees"] = _fees_fix(dossier, fixed, at)
        fields.append("fees_assessed_at")
    _advance(
        dossier,
        WorkflowStep.Action.RECEIVE,
        at=at,
        name="Tiếp nhận, chuyển hồ sơ",
        assignee=step.actor,
        due_at=transfer_due_at(dossier.channel, at),
    )
    return Change(fields, note=data.note, data=event_data)


# --- processing ------------------------------------------------------------------------------------


@DOSSIERS.action(Action.TRANSFER)
def dossier_transfer(dossier: Dossier, data: t.Transfer, step: Step) -> Change:
    unit = data.unit or dossier.procedure.lead_unit
    if unit is None:
        raise refuse("Cần chọn phòng chủ trì xử lý hồ sơ.", "unit_required")
    if unit.agency_id != dossier.agency_id or not unit.is_active:
        raise refuse("Phòng xử lý phải là một phòng đang hoạt động của cơ quan giải quyết.", "invalid_unit")
    dossier.unit = unit
    _advance(dossier, WorkflowStep.Action.ASSIGN, at=step.at, name="Phân công xử lý", unit=unit)
    return Change(["unit"], note=data.note, data={"unit": unit.pk})


@DOSSIERS.action(Action.ASSIGN)
def dossier_assign(dossier: Dossier, data: t.Assign, step: Step) -> Change:
    assignee = data.assignee
    if (
        not assignee.is_active
        or assignee.unit_id != dossier.unit_id
        or not assignee.has_perm("dossiers.process_dossier")
    ):
        raise refuse("Người được phân công phải là cán bộ xử lý hồ sơ của phòng đang giữ hồ sơ.", "invalid_assignee")
    dossier.assignee = assignee
    _advance(dossier, WorkflowStep.Action.APPRAISE, at=step.at, name="Thẩm định, xử lý", assignee=assignee)
    return Change(["assignee"], note=data.note, data={"assignee": assignee.pk})


@DOSSIERS.action(Action.CONSULT)
def dossier_consult(dossier: Dossier, data: t.Consult, step: Step) -> Change:
    """Ask another agency's opinion, with its own deadline; the statutory clock keeps running."""
    consulted = _require_reason(data.consulted, "cơ quan được lấy ý kiến")
    if data.reply_due < local_date(step.at):
        raise refuse("Hạn trả lời ý kiến không được trước ngày gửi.", "invalid_reply_due")
    _advance(
        dossier,
        WorkflowStep.Action.CONSULT,
        at=step.at,
        name=f"Lấy ý kiến: {consulted}",
        assignee=dossier.assignee,
        due_at=_end_of_day(data.reply_due),
    )
    return Change(note=data.note, data={"consulted": consulted, "reply_due": data.reply_due.isoformat()})


@DOSSIERS.action(Action.CONSULT_REPLY)
def dossier_consult_reply(dossier: Dossier, data: t.ConsultReply, step: Step) -> Change:
    note = _require_reason(data.note, "nội dung ý kiến trả lời")
    _advance(dossier, WorkflowStep.Action.APPRAISE, at=step.at, name="Tiếp tục thẩm định", assignee=dossier.assignee)
    return Change(note=note)


@DOSSIERS.action(Action.REQUEST_SUPPLEMENT)
def dossier_request_supplement(dossier: Dossier, data: t.ProcessingSupplementItems, step: Step) -> Change:
    """Form 02 during appraisal: once, within 3 working days of receipt unless a leader overrides.
    The dossier pauses; the statutory clock restarts from zero on the complete dossier."""
    if dossier.pauses.filter(kind=PauseInterval.Kind.SUPPLEMENT).exists():
        raise refuse("Hồ sơ chỉ được yêu cầu bổ sung một lần trong quá trình giải quyết.", "supplement_once")
    elapsed = get_calendar().working_days_between(local_date(dossier.received_at), local_date(step.at))
    override_reason = clean_text(data.override_reason)
    if elapsed > SUPPLEMENT_WINDOW_WORKING_DAYS:
        if not step.actor.has_perm("dossiers.override_dossier_rules"):
            raise refuse(
                f"Đã quá {SUPPLEMENT_WINDOW_WORKING_DAYS} ngày làm việc kể từ ngày tiếp nhận; "
                "chỉ lãnh đạo mới được cho phép yêu cầu bổ sung, kèm lý do.",
                "supplement_window",
            )
        if not override_reason:
            raise refuse("Cần ghi lý do cho phép yêu cầu bổ sung sau thời hạn 3 ngày làm việc.", "override_reason")
    PauseInterval.objects.create(
        dossier=dossier, kind=PauseInterval.Kind.SUPPLEMENT, requested_at=step.at, reason="; ".join(data.items)
    )
    return Change(note=data.reason, data={"items": data.items, "override_reason": override_reason})


@DOSSIERS.action(Action.COMPLETE_SUPPLEMENT)
def dossier_complete_supplement(dossier: Dossier, data: t.Note, step: Step) -> Change:
    """The complete dossier is back: the statutory clock restarts from zero (NĐ 61/2018 art. 19.4)."""
    pause = dossier.pauses.get(completed_at__isnull=True)
    pause.completed_at = step.at
    pause.save(update_fields=["completed_at"])
    new_due = statutory_due_date(dossier.procedure_version, step.at)
    if new_due is not None:
        dossier.due_date = new_due
    if dossier.apology_due_date is not None and dossier.apology_due_date <= dossier.due_date:
        dossier.apology_due_date = None  # the restarted clock already gives more time
    return Change(["due_date", "apology_due_date"], note=data.note, data={"due_date": dossier.due_date.isoformat()})


@DOSSIERS.action(Action.SUBMIT_FOR_SIGNATURE)
def dossier_submit_for_signature(dossier: Dossier, data: t.Note, step: Step) -> Change:
    _advance(dossier, WorkflowStep.Action.REVIEW, at=step.at, name="Xem xét, trình ký")
    return Change(note=data.note)


@DOSSIERS.action(Action.APPROVE)
def dossier_approve(dossier: Dossier, data: t.Note, step: Step) -> Change:
    """The unit head checks the draft result and passes it to the agency leader for signature."""
    if dossier.events.filter(action=Action.APPROVE, at__gte=_last_submission(dossier)).exists():
        raise refuse("Lãnh đạo phòng đã duyệt hồ sơ này, đang chờ lãnh đạo cơ quan ký.", "already_approved")
    _advance(dossier, WorkflowStep.Action.SIGN, at=step.at, name="Ký duyệt")
    return Change(note=data.note)


def _last_submission(dossier: Dossier) -> dt.datetime:
    return (
        dossier.events.filter(action=Action.SUBMIT_FOR_SIGNATURE).order_by("-at").values_list("at", flat=True).first()
        or dossier.received_at
    )


@DOSSIERS.action(Action.SEND_BACK)
def dossier_send_back(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    reason = _require_reason(data.reason, "nội dung cần xử lý lại")
    _advance(dossier, WorkflowStep.Action.APPRAISE, at=step.at, name="Xử lý lại theo ý kiến", assignee=dossier.assignee)
    return Change(note=reason)


def _finish(dossier: Dossier, outcome: str, at: dt.datetime) -> list[str]:
    dossier.finished_at = at
    dossier.outcome = outcome
    return ["finished_at", "outcome"]


@DOSSIERS.action(Action.SIGN)
def dossier_sign(dossier: Dossier, data: t.Sign, step: Step) -> Change:
    """The leader signs: the dossier is resolved (finished for the statistics) and the result registered."""
    result_number = _require_reason(data.result_number, "số, ký hiệu của kết quả giải quyết")
    dossier.result_number = result_number
    dossier.result_date = data.result_date or local_date(step.at)
    fields = ["result_number", "result_date", *_finish(dossier, Outcome.RESOLVED, step.at)]
    _advance(dossier, WorkflowStep.Action.RETURN, at=step.at, name="Trả kết quả")
    return Change(fields, note=data.note, data={"result_number": result_number})


@DOSSIERS.action(Action.REFUSE)
def dossier_refuse(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    """A reasoned refusal after appraisal (Form 03) is the dossier's result."""
    reason = _require_reason(data.reason, "lý do từ chối giải quyết")
    fields = _finish(dossier, Outcome.REFUSED, step.at)
    _advance(dossier, WorkflowStep.Action.RETURN, at=step.at, name="Trả kết quả")
    return Change(fields, note=reason)


@DOSSIERS.action(Action.APOLOGISE)
def dossier_apologise(dossier: Dossier, data: t.Apologise, step: Step) -> Change:
    """Form 04: once, at least one working day before the due date, with a new appointment after it."""
    reason = _require_reason(data.reason, "lý do chậm trả kết quả")
    calendar = get_calendar()
    if dossier.events.filter(action=Action.APOLOGISE).exists():
        raise refuse("Chỉ được hẹn lại ngày trả kết quả một lần.", "apology_once")
    if calendar.working_days_between(local_date(step.at), dossier.due_date) < 1:
        raise refuse(
            "Phiếu xin lỗi phải được gửi chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả.", "apology_too_late"
        )
    new_due_date = data.new_due_date
    if new_due_date <= dossier.due_date or not calendar.is_working_day(new_due_date):
        raise refuse("Ngày hẹn lại phải là một ngày làm việc sau ngày hẹn trả ban đầu.", "invalid_new_due_date")
    dossier.apology_due_date = new_due_date
    return Change(
        ["apology_due_date"],
        note=reason,
        data={"due_date": dossier.due_date.isoformat(), "new_due_date": new_due_date.isoformat()},
    )


# --- fees and the financial obligation -------------------------------------------------------------


def _fixed_items(dossier: Dossier) -> list[FeeItem]:
    return [item for item in dossier.procedure_version.fee_items.all() if not item.condition]


def _fees_fix(dossier: Dossier, lines: list[tuple[FeeItem | None, str, int]], at: dt.datetime) -> list:
    """Replace what the dossier must pay; the caller saves `fees_assessed_at` with its event."""
    dossier.fees.all().delete()
    DossierFee.objects.bulk_create(
        DossierFee(dossier=dossier, fee_item=item, name=name, amount_vnd=amount) for item, name, amount in lines
    )
    dossier.fees_assessed_at = at
    return [[name, amount] for _, name, amount in lines]


@DOSSIERS.action(Action.ASSESS_FEE)
def dossier_assess_fee(dossier: Dossier, data: t.AssessFee, step: Step) -> Change:
    """The desk fixes what this dossier pays: the version's fixed items plus the one alternative rate
    that applies (`fee_item`: by area, by kind of establishment), or, when the catalogue could not
    read the fee, the amount from the fee regulation (`amount_vnd`, 0 for none). NĐ 118/2025 Art. 8
    (the one-stop unit collects fees and charges) [S]."""
    if dossier.payments.exists():
        raise refuse("Hồ sơ đã có khoản thu: không xác định lại phí, lệ phí.", "fee_already_paid")
    version = dossier.procedure_version
    fee_item, amount_vnd = data.fee_item, data.amount_vnd
    lines: list[tuple[FeeItem | None, str, int]] = [
        (item, item.name, item.amount_vnd) for item in _fixed_items(dossier)
    ]
    alternatives = version.fee_alternatives
    if alternatives:
        if fee_item is None or fee_item.pk not in {item.pk for item in alternatives}:
            raise refuse("Cần chọn một mức thu đúng với trường hợp của hồ sơ.", "fee_choice_required")
        lines.append((fee_item, fee_item.name, fee_item.amount_vnd))
    elif not version.fee_known:
        if amount_vnd is None or isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd < 0:
            raise refuse(
                "Cần nhập số tiền phí, lệ phí theo quy định (số nguyên, đồng; 0 nếu không thu).", "fee_amount_required"
            )
        if amount_vnd:
            lines.append((None, clean_text(data.name) or "Phí, lệ phí", amount_vnd))
    elif fee_item is not None or amount_vnd is not None:
        raise refuse("Thủ tục có một mức thu cố định: không chọn hay nhập số tiền khác.", "fee_fixed")
    fees = _fees_fix(dossier, lines, step.at)
    return Change(["fees_assessed_at"], note=data.note, data={"fees": fees})


def _check_fees_settled(dossier: Dossier) -> None:
    """No result is handed over while a fee is due and unpaid (Luật Phí và lệ phí 2015 [K]; NĐ 118/2025
    Art. 8 [S]; DVCQG status 6 "Yêu cầu thực hiện nghĩa vụ tài chính", law-2026.md §6.4)."""
    outstanding = fees_outstanding(dossier)
    if outstanding is None:
        raise refuse(
            "Chưa xác định số tiền phí, lệ phí hồ sơ phải nộp: cần xác định và thu trước khi trả kết quả.",
            "fee_not_assessed",
        )
    if outstanding > 0:
        raise refuse(
            f"Hồ sơ còn {vn_number(outstanding)} đồng phí, lệ phí chưa nộp: "
            "chỉ trả kết quả sau khi người nộp đã thực hiện nghĩa vụ tài chính.",
            "fee_unpaid",
        )


@DOSSIERS.action(Action.REQUEST_PAYMENT)
def dossier_request_payment(dossier: Dossier, data: t.Note, step: Step) -> Change:
    """The applicant must pay before processing goes on (DVCQG status 6, law-2026.md §6.4 and §8.3):
    the dossier waits and the statutory clock stops, as for a supplement, until the fees are paid."""
    outstanding = fees_outstanding(dossier)
    if outstanding is None:
        raise refuse("Cần xác định số tiền phí, lệ phí phải nộp trước khi yêu cầu nộp.", "fee_not_assessed")
    if outstanding == 0:
        raise refuse("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.", "nothing_due")
    PauseInterval.objects.create(
        dossier=dossier,
        kind=PauseInterval.Kind.PAYMENT,
        requested_at=step.at,
        reason=f"Nộp {vn_number(outstanding)} đồng phí, lệ phí",
    )
    return Change(note=data.note, data={"amount_vnd": outstanding})


@DOSSIERS.action(Action.COMPLETE_PAYMENT)
def dossier_complete_payment(dossier: Dossier, data: None, step: Step) -> Change:
    """The fees are paid: processing resumes where the clock stopped, the due date moved by the
    working days spent waiting (not restarted, unlike a supplement; law-2026.md §5.2 indicator 2.1)."""
    if fees_outstanding(dossier) != 0:
        raise refuse("Hồ sơ còn phí, lệ phí chưa nộp.", "fee_unpaid")
    pause = dossier.pauses.get(completed_at__isnull=True)
    pause.completed_at = step.at
    pause.save(update_fields=["completed_at"])
    calendar = get_calendar()
    waited = calendar.working_days_between(local_date(pause.requested_at), local_date(step.at))
    dossier.due_date = calendar.add_working_days(dossier.due_date, waited)
    if dossier.apology_due_date is not None:
        dossier.apology_due_date = calendar.add_working_days(dossier.apology_due_date, waited)
    return Change(
        ["due_date", "apology_due_date"],
        data={"due_date": dossier.due_date.isoformat(), "waited_working_days": waited},
    )


# --- result and end --------------------------------------------------------------------------------


@DOSSIERS.action(Action.CHANGE_RESULT_DELIVERY)
def dossier_change_result_delivery(dossier: Dossier, data: t.ChangeResultDelivery, step: Step) -> Change:
    """The desk records the applicant's new choice of how to receive the result, with an event."""
    method, address = result_delivery_cleaned(
        data.method, data.address, owner=dossier.owner, applicant_address=dossier.applicant_address
    )
    if (method, address) == (dossier.result_delivery, dossier.result_address):
        raise refuse("Hình thức nhận kết quả không thay đổi.", "unchanged")
    previous = dossier.result_delivery
    dossier.result_delivery, dossier.result_address = method, address
    return Change(
        ["result_delivery", "result_address"],
        note=data.note,
        data={"from": previous, "to": method} | ({"address": address} if address else {}),
    )


@DOSSIERS.action(Action.RETURN_RESULT)
def dossier_return_result(dossier: Dossier, data: t.ReturnResult, step: Step) -> Change:
    """Hand over the result the way the applicant chose (`method` defaults to it; another way needs
    the choice changed first). Electronic: the signed file must be attached, and the applicant can
    then download it; by post: the posting's tracking number is recorded."""
    method = data.method or dossier.result_delivery
    if method not in ReturnMethod.values:
        raise refuse("Hình thức trả kết quả không hợp lệ.", "invalid_return_method")
    if dossier.result_delivery and method != dossier.result_delivery:
        raise refuse(
            f"Người nộp đã chọn nhận kết quả “{ReturnMethod(dossier.result_delivery).label}”; "
            "đổi hình thức nhận kết quả trước khi trả theo cách khác.",
            "delivery_mismatch",
        )
    if dossier.status == Status.RESOLVED:
        _check_fees_settled(dossier)
    event_data = {"method": method}
    if method == ReturnMethod.ELECTRONIC:
        if dossier.owner_id is None:
            raise refuse("Hồ sơ không có tài khoản người nộp để nhận kết quả trực tuyến.", "no_owner")
        if dossier.status == Status.RESOLVED and not dossier.attachments.filter(kind=Attachment.Kind.RESULT).exists():
            raise refuse("Chưa có bản điện tử của kết quả để trả trực tuyến.", "no_result_file")
    if method == ReturnMethod.POST:
        postal_tracking = clean_text(data.postal_tracking)
        if not postal_tracking:
            raise refuse("Cần nhập số hiệu bưu gửi khi trả kết quả qua bưu chính.", "no_postal_tracking")
        address = dossier.result_address or dossier.applicant_address
        event_data |= {"postal_tracking": postal_tracking, "address": address}
    dossier.returned_at, dossier.return_method = step.at, method
    _advance(dossier, None, at=step.at, name="")
    return Change(["returned_at", "return_method"], note=data.note, data=event_data)


def _end_open_pause(dossier: Dossier, at: dt.datetime) -> None:
    dossier.pauses.filter(completed_at__isnull=True).update(completed_at=at)


@DOSSIERS.action(Action.WITHDRAW)
def dossier_withdraw(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    reason = _require_reason(data.reason, "lý do rút hồ sơ")
    fields = _finish(dossier, Outcome.WITHDRAWN, step.at) if dossier.received_at else []
    _end_open_pause(dossier, step.at)
    _advance(dossier, None, at=step.at, name="")
    return Change(fields, note=reason)


@DOSSIERS.action(Action.STOP)
def dossier_stop(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    reason = _require_reason(data.reason, "lý do dừng xử lý")
    _end_open_pause(dossier, step.at)
    fields = _finish(dossier, Outcome.STOPPED, step.at)
    _advance(dossier, None, at=step.at, name="")
    return Change(fields, note=reason)


@DOSSIERS.action(Action.RATE)
def dossier_rate(dossier: Dossier, data: t.Rate, step: Step) -> Change:
    """The applicant rates once, after the result is returned (the table: the owner only, and closed
    once rated)."""
    if data.rating not in Rating.values:
        raise refuse("Mức độ hài lòng không hợp lệ.", "invalid_rating")
    dossier.rating, dossier.rated_at = data.rating, step.at
    return Change(["rating", "rated_at"], note=data.comment, data={"rating": data.rating})


# Action name -> service, for views and the API that take the action from the URL.
SERVICES = DOSSIERS.services()
