"""The dossier lifecycle as one table (domain.md §2.1), run by the workflow engine (core/workflow.py,
decision 0041).

Each row names an action, the states it may start from, the state it leads to (None: the state
does not change), who may take it (a staff permission, the applicant who owns the dossier, or
both), its label and its input (the service's keyword arguments, one dataclass below). services/
writes one effect per action (`@DOSSIERS.action`); the engine's `allowed()` reads this table for
the pages, the queues and the API, and the API's serializers and the workspace's forms are chosen
by each row's input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.core.text import clean_text
from egov.core.workflow import Transition, TransitionRefused, refuse

from .models import Outcome, Status

if TYPE_CHECKING:
    from egov.organisations.models import Unit, User
    from egov.procedures.service import FeeItem

S = Status

# States in which the agency holds the dossier and the statutory clock runs.
PROCESSING_STATES = frozenset({S.RECEIVED, S.PROCESSING, S.CONSULTING, S.AWAITING_SIGNATURE})
# The applicant holds the dossier and the clock is stopped: a supplement, or a fee to pay (DVCQG status 6).
WAITING_STATES = frozenset({S.PAUSED, S.AWAITING_PAYMENT})
OPEN_STATES = PROCESSING_STATES | WAITING_STATES
TERMINAL_STATES = frozenset({S.INTAKE_REFUSED, S.RETURNED, S.WITHDRAWN, S.STOPPED})
# Decided (result signed or refusal issued), waiting to be handed over.
DECIDED_STATES = frozenset({S.RESOLVED, S.REFUSED})


def takes_files(status: str, *, from_applicant: bool) -> bool:
    """Whether a dossier in this state accepts a new file: none once finished; once decided, only
    the agency's (the result, its working papers), not the applicant's."""
    if status in TERMINAL_STATES:
        return False
    return not (from_applicant and status in DECIDED_STATES)


class Action(StrEnum):
    REQUEST_INTAKE_SUPPLEMENT = "request_intake_supplement"
    COMPLETE_INTAKE_SUPPLEMENT = "complete_intake_supplement"
    REFUSE_INTAKE = "refuse_intake"
    RECEIVE = "receive"
    TRANSFER = "transfer"
    ASSIGN = "assign"
    CONSULT = "consult"
    CONSULT_REPLY = "consult_reply"
    REQUEST_SUPPLEMENT = "request_supplement"
    COMPLETE_SUPPLEMENT = "complete_supplement"
    SUBMIT_FOR_SIGNATURE = "submit_for_signature"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    SIGN = "sign"
    REFUSE = "refuse"
    APOLOGISE = "apologise"
    ASSESS_FEE = "assess_fee"
    REQUEST_PAYMENT = "request_payment"
    COMPLETE_PAYMENT = "complete_payment"
    CHANGE_RESULT_DELIVERY = "change_result_delivery"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"
    STOP = "stop"
    RATE = "rate"


# --- the input of each action (the service's keyword arguments besides dossier, actor, at) ----------


@dataclass(frozen=True)
class Note:
    note: str = ""


@dataclass(frozen=True)
class Reason:
    reason: str


@dataclass(frozen=True)
class SupplementItems:
    items: list[str]
    reason: str = ""

    def cleaned(self):
        items = [clean_text(item) for item in self.items if clean_text(item)]
        if not items:
            raise refuse("Cần liệt kê đầy đủ các thành phần hồ sơ phải bổ sung.", "items_required")
        return type(self)(**(vars(self) | {"items": items}))


@dataclass(frozen=True)
class ProcessingSupplementItems(SupplementItems):
    override_reason: str = ""  # a leader's reason to ask after the 3-working-day window


@dataclass(frozen=True)
class Receive:
    appointment: dt.date | None = None  # only for procedures without a published time limit
    note: str = ""


@dataclass(frozen=True)
class Transfer:
    unit: Unit | None = None  # None: the procedure's lead unit
    note: str = ""


@dataclass(frozen=True)
class Assign:
    assignee: User
    note: str = ""


@dataclass(frozen=True)
class Consult:
    consulted: str
    reply_due: dt.date
    note: str = ""


@dataclass(frozen=True)
class ConsultReply:
    note: str


@dataclass(frozen=True)
class Sign:
    result_number: str
    result_date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Apologise:
    reason: str
    new_due_date: dt.date


@dataclass(frozen=True)
class AssessFee:
    fee_item: FeeItem | None = None
    amount_vnd: int | None = None
    name: str = ""
    note: str = ""


@dataclass(frozen=True)
class ChangeResultDelivery:
    method: str
    address: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReturnResult:
    method: str = ""  # empty: the way the applicant chose
    postal_tracking: str = ""
    note: str = ""


@dataclass(frozen=True)
class Rate:
    rating: str
    comment: str = ""


# --- the table -------------------------------------------------------------------------------------


def _t(action, sources, target, permission, label, input=None, *, applicant=False, **rules) -> Transition:
    return Transition(Action(action), frozenset(sources), target, permission, applicant, label, input, **rules)


def _same_assignee(dossier, data: Assign) -> str | None:
    if data.assignee is not None and dossier.assignee_id == data.assignee.pk:
        return f"Hồ sơ đã được phân công cho {data.assignee}; phân công lại cho cùng người không thay đổi gì."
    return None


def _rated(dossier) -> TransitionRefused | None:
    return refuse("Hồ sơ này đã được đánh giá.", "already_rated") if dossier.rating else None


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        _t(
            Action.REQUEST_INTAKE_SUPPLEMENT,
            {S.SUBMITTED},
            S.INTAKE_SUPPLEMENT,
            "dossiers.receive_dossier",
            _("Yêu cầu bổ sung hồ sơ (Mẫu 02)"),
            SupplementItems,
        ),
        _t(
            Action.COMPLETE_INTAKE_SUPPLEMENT,
            {S.INTAKE_SUPPLEMENT},
            S.SUBMITTED,
            "dossiers.receive_dossier",
            _("Nộp bổ sung hồ sơ"),
            Note,
            applicant=True,
        ),
        _t(
            Action.REFUSE_INTAKE,
            {S.SUBMITTED, S.INTAKE_SUPPLEMENT},
            S.INTAKE_REFUSED,
            "dossiers.receive_dossier",
            _("Từ chối tiếp nhận (Mẫu 03)"),
            Reason,
        ),
        _t(
            Action.RECEIVE,
            {S.SUBMITTED},
            S.RECEIVED,
            "dossiers.receive_dossier",
            _("Tiếp nhận hồ sơ (Mẫu 01)"),
            Receive,
        ),
        _t(Action.TRANSFER, {S.RECEIVED}, S.PROCESSING, "dossiers.receive_dossier", _("Chuyển phòng xử lý"), Transfer),
        _t(
            Action.ASSIGN,
            {S.PROCESSING},
            None,
            "dossiers.assign_dossier",
            _("Phân công xử lý"),
            Assign,
            unchanged=_same_assignee,
        ),
        _t(
            Action.CONSULT,
            {S.PROCESSING},
            S.CONSULTING,
            "dossiers.process_dossier",
            _("Lấy ý kiến cơ quan khác"),
            Consult,
        ),
        _t(
            Action.CONSULT_REPLY,
            {S.CONSULTING},
            S.PROCESSING,
            "dossiers.process_dossier",
            _("Ghi nhận ý kiến trả lời"),
            ConsultReply,
        ),
        _t(
            Action.REQUEST_SUPPLEMENT,
            {S.PROCESSING},
            S.PAUSED,
            "dossiers.process_dossier",
            _("Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"),
            ProcessingSupplementItems,
        ),
        _t(
            Action.COMPLETE_SUPPLEMENT,
            {S.PAUSED},
            S.PROCESSING,
            "dossiers.receive_dossier",
            _("Nhận hồ sơ bổ sung đầy đủ"),
            Note,
            applicant=True,
        ),
        _t(
            Action.SUBMIT_FOR_SIGNATURE,
            {S.PROCESSING},
            S.AWAITING_SIGNATURE,
            "dossiers.process_dossier",
            _("Thẩm định xong, trình ký"),
            Note,
        ),
        _t(
            Action.APPROVE,
            {S.AWAITING_SIGNATURE},
            None,
            "dossiers.assign_dossier",
            _("Lãnh đạo phòng duyệt, trình lãnh đạo cơ quan"),
            Note,
        ),
        _t(
            Action.SEND_BACK,
            {S.AWAITING_SIGNATURE},
            S.PROCESSING,
            "dossiers.assign_dossier",
            _("Trả lại để xử lý tiếp"),
            Reason,
        ),
        _t(Action.SIGN, {S.AWAITING_SIGNATURE}, S.RESOLVED, "dossiers.sign_dossier", _("Ký duyệt kết quả"), Sign),
        _t(
            Action.REFUSE,
            {S.PROCESSING, S.AWAITING_SIGNATURE},
            S.REFUSED,
            "dossiers.sign_dossier",
            _("Từ chối giải quyết (Mẫu 03)"),
            Reason,
        ),
        _t(
            Action.APOLOGISE,
            PROCESSING_STATES,
            None,
            "dossiers.process_dossier",
            _("Xin lỗi và hẹn lại ngày trả (Mẫu 04)"),
            Apologise,
        ),
        _t(
            Action.ASSESS_FEE,
            OPEN_STATES | {S.RESOLVED},
            None,
            "dossiers.add_payment",
            _("Xác định phí, lệ phí phải nộp"),
            AssessFee,
        ),
        _t(
            Action.REQUEST_PAYMENT,
            {S.PROCESSING},
            S.AWAITING_PAYMENT,
            "dossiers.process_dossier",
            _("Yêu cầu thực hiện nghĩa vụ tài chính"),
            Note,
        ),
        # Taken by the payment that settles the fees (payments.py), not from a form.
        _t(
            Action.COMPLETE_PAYMENT,
            {S.AWAITING_PAYMENT},
            S.PROCESSING,
            "dossiers.add_payment",
            _("Đã thực hiện nghĩa vụ tài chính"),
            applicant=True,
        ),
        # The applicant asks the desk to receive the result another way (before it is returned).
        _t(
            Action.CHANGE_RESULT_DELIVERY,
            {S.SUBMITTED, S.INTAKE_SUPPLEMENT, S.RESOLVED, S.REFUSED} | OPEN_STATES,
            None,
            "dossiers.receive_dossier",
            _("Đổi hình thức nhận kết quả"),
            ChangeResultDelivery,
        ),
        _t(
            Action.RETURN_RESULT,
            {S.RESOLVED, S.REFUSED},
            S.RETURNED,
            "dossiers.return_dossier",
            _("Trả kết quả"),
            ReturnResult,
        ),
        _t(
            Action.WITHDRAW,
            {S.SUBMITTED, S.INTAKE_SUPPLEMENT} | OPEN_STATES,
            S.WITHDRAWN,
            "dossiers.receive_dossier",
            pgettext_lazy("action", "Rút hồ sơ"),
            Reason,
            applicant=True,
        ),
        _t(Action.STOP, OPEN_STATES, S.STOPPED, "dossiers.sign_dossier", pgettext_lazy("action", "Dừng xử lý"), Reason),
        _t(Action.RATE, {S.RETURNED}, None, None, _("Đánh giá mức độ hài lòng"), Rate, applicant=True, closed=_rated),
    ]
}


# Events of the history that are not actions a user takes from the table above: the submission that
# opens every live history, and the two events of a dossier imported from the department's previous
# system (legacy_import): received (from nothing), then, if it finished there, finished.
SUBMIT = "submit"
LEGACY_RECEIVE = "legacy_receive"
LEGACY_FINISH = "legacy_finish"
# The state an imported dossier is left in by its outcome in the previous system. A resolved or
# refused dossier of the old system had its result handed over there: it is history, not work.
LEGACY_FINISH_STATES: dict[str, str] = {
    Outcome.RESOLVED: S.RETURNED,
    Outcome.REFUSED: S.RETURNED,
    Outcome.WITHDRAWN: S.WITHDRAWN,
    Outcome.STOPPED: S.STOPPED,
}
# The action that finishes a received dossier for the statistics, and the outcome it records.
FINISHING_ACTIONS: dict[str, str] = {
    Action.SIGN: Outcome.RESOLVED,
    Action.REFUSE: Outcome.REFUSED,
    Action.WITHDRAW: Outcome.WITHDRAWN,
    Action.STOP: Outcome.STOPPED,
}
