"""Processing: the hand-over to a unit and an officer, consultation, the supplement during
appraisal, the review and signature, the refusal and the apology (Form 04)."""

from __future__ import annotations

import datetime as dt

from egov.core.formats import local_date
from egov.core.text import clean_text
from egov.core.workflow import Change, Step, refuse
from egov.procedures.service import WorkflowStep
from egov.workdays.calendar import get_calendar

from .. import transitions as t
from ..models import Dossier, Outcome, PauseInterval
from ..transitions import Action
from .lifecycle import DOSSIERS, advance, end_of_day, finish, require_reason, statutory_due_date

# A supplement request during processing is allowed within this many working days of receipt.
SUPPLEMENT_WINDOW_WORKING_DAYS = 3


@DOSSIERS.action(Action.TRANSFER)
def dossier_transfer(dossier: Dossier, data: t.Transfer, step: Step) -> Change:
    unit = data.unit or dossier.procedure.lead_unit
    if unit is None:
        raise refuse("Cần chọn phòng chủ trì xử lý hồ sơ.", "unit_required")
    if unit.agency_id != dossier.agency_id or not unit.is_active:
        raise refuse("Phòng xử lý phải là một phòng đang hoạt động của cơ quan giải quyết.", "invalid_unit")
    dossier.unit = unit
    advance(dossier, WorkflowStep.Action.ASSIGN, at=step.at, name="Phân công xử lý", unit=unit)
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
    advance(dossier, WorkflowStep.Action.APPRAISE, at=step.at, name="Thẩm định, xử lý", assignee=assignee)
    return Change(["assignee"], note=data.note, data={"assignee": assignee.pk})


@DOSSIERS.action(Action.CONSULT)
def dossier_consult(dossier: Dossier, data: t.Consult, step: Step) -> Change:
    """Ask another agency's opinion, with its own deadline; the statutory clock keeps running."""
    consulted = require_reason(data.consulted, "cơ quan được lấy ý kiến")
    if data.reply_due < local_date(step.at):
        raise refuse("Hạn trả lời ý kiến không được trước ngày gửi.", "invalid_reply_due")
    advance(
        dossier,
        WorkflowStep.Action.CONSULT,
        at=step.at,
        name=f"Lấy ý kiến: {consulted}",
        assignee=dossier.assignee,
        due_at=end_of_day(data.reply_due),
    )
    return Change(note=data.note, data={"consulted": consulted, "reply_due": data.reply_due.isoformat()})


@DOSSIERS.action(Action.CONSULT_REPLY)
def dossier_consult_reply(dossier: Dossier, data: t.ConsultReply, step: Step) -> Change:
    note = require_reason(data.note, "nội dung ý kiến trả lời")
    advance(dossier, WorkflowStep.Action.APPRAISE, at=step.at, name="Tiếp tục thẩm định", assignee=dossier.assignee)
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
    advance(dossier, WorkflowStep.Action.REVIEW, at=step.at, name="Xem xét, trình ký")
    return Change(note=data.note)


@DOSSIERS.action(Action.APPROVE)
def dossier_approve(dossier: Dossier, data: t.Note, step: Step) -> Change:
    """The unit head checks the draft result and passes it to the agency leader for signature."""
    if dossier.events.filter(action=Action.APPROVE, at__gte=_last_submission(dossier)).exists():
        raise refuse("Lãnh đạo phòng đã duyệt hồ sơ này, đang chờ lãnh đạo cơ quan ký.", "already_approved")
    advance(dossier, WorkflowStep.Action.SIGN, at=step.at, name="Ký duyệt")
    return Change(note=data.note)


def _last_submission(dossier: Dossier) -> dt.datetime:
    return (
        dossier.events.filter(action=Action.SUBMIT_FOR_SIGNATURE).order_by("-at").values_list("at", flat=True).first()
        or dossier.received_at
    )


@DOSSIERS.action(Action.SEND_BACK)
def dossier_send_back(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    reason = require_reason(data.reason, "nội dung cần xử lý lại")
    advance(dossier, WorkflowStep.Action.APPRAISE, at=step.at, name="Xử lý lại theo ý kiến", assignee=dossier.assignee)
    return Change(note=reason)


@DOSSIERS.action(Action.SIGN)
def dossier_sign(dossier: Dossier, data: t.Sign, step: Step) -> Change:
    """The leader signs: the dossier is resolved (finished for the statistics) and the result registered."""
    result_number = require_reason(data.result_number, "số, ký hiệu của kết quả giải quyết")
    dossier.result_number = result_number
    dossier.result_date = data.result_date or local_date(step.at)
    fields = ["result_number", "result_date", *finish(dossier, Outcome.RESOLVED, step.at)]
    advance(dossier, WorkflowStep.Action.RETURN, at=step.at, name="Trả kết quả")
    return Change(fields, note=data.note, data={"result_number": result_number})


@DOSSIERS.action(Action.REFUSE)
def dossier_refuse(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    """A reasoned refusal after appraisal (Form 03) is the dossier's result."""
    reason = require_reason(data.reason, "lý do từ chối giải quyết")
    fields = finish(dossier, Outcome.REFUSED, step.at)
    advance(dossier, WorkflowStep.Action.RETURN, at=step.at, name="Trả kết quả")
    return Change(fields, note=reason)


@DOSSIERS.action(Action.APOLOGISE)
def dossier_apologise(dossier: Dossier, data: t.Apologise, step: Step) -> Change:
    """Form 04: once, at least one working day before the due date, with a new appointment after it."""
    reason = require_reason(data.reason, "lý do chậm trả kết quả")
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
