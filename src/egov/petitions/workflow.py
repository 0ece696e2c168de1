"""The petition lifecycle as one table (law-2026.md §1.2 B), run by the workflow engine (core/workflow.py).

received → classify → classified → one handling: accept for resolution | forward | guide and return
| answer | file | urge (urging again keeps it urged). Which handlings are open for a petition is
decided when it is classified (classification.routes) and checked by each handling's effect.
services/handling.py writes one effect per action; the engine's `allowed()` reads this table.
Closing, withdrawal and the resolution track of an accepted complaint or denunciation come next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from egov.core.text import clean_text, nfc
from egov.core.workflow import Transition, refuse

from .models import Competence, Condition, Handling, Status

S, H = Status, Handling
HANDLE = "petitions.handle_petition"
ACCEPT = "petitions.accept_petition"


class Action(StrEnum):
    CLASSIFY = "classify"
    ACCEPT = "accept"
    FORWARD = "forward"
    GUIDE_RETURN = "guide_return"
    ANSWER = "answer"
    FILE = "file"
    URGE = "urge"


# --- the input of each action (the service's keyword arguments besides petition, actor, at) --------


def _required(value: str, message: str, code: str) -> str:
    if not clean_text(value):
        raise refuse(message, code)
    return nfc(value).strip()


@dataclass(frozen=True)
class Classify:
    """What the officer found (law-2026.md §1.3); see classification.Eligibility for each item."""

    competence: str
    vietnamese: bool = True
    dated: bool = True
    named: bool = True
    signed: bool = True
    clear_request: bool = True
    within_time_bar: bool | None = None
    finally_decided: bool | None = None
    identity_verifiable: bool | None = None
    concrete_evidence: bool = False
    new_facts: bool = False
    note: str = ""

    def cleaned(self):
        if self.competence not in Competence.values:
            raise refuse("Cần xác định đơn thuộc thẩm quyền, thuộc cấp dưới hay không thuộc thẩm quyền.", "competence")
        return self


@dataclass(frozen=True)
class Accept:
    condition: str = Condition.STANDARD  # complex, remote…: the resolution limit that applies
    note: str = ""


@dataclass(frozen=True)
class Forward:
    target: str
    reference: str = ""  # the forwarding letter's number
    note: str = ""

    def cleaned(self):
        target = _required(self.target, "Cần ghi cơ quan có thẩm quyền nhận đơn chuyển.", "target_required")
        return type(self)(target=clean_text(target), reference=clean_text(self.reference), note=nfc(self.note).strip())


@dataclass(frozen=True)
class Guidance:
    guidance: str

    def cleaned(self):
        return type(self)(_required(self.guidance, "Cần ghi nội dung hướng dẫn người gửi đơn.", "guidance_required"))


@dataclass(frozen=True)
class Answer:
    answer: str

    def cleaned(self):
        return type(self)(_required(self.answer, "Cần ghi nội dung trả lời.", "answer_required"))


@dataclass(frozen=True)
class Reason:
    reason: str

    def cleaned(self):
        return type(self)(_required(self.reason, "Cần ghi lý do lưu đơn.", "reason_required"))


@dataclass(frozen=True)
class Urge:
    body: str  # the lower body that holds the competence
    note: str = ""

    def cleaned(self):
        body = _required(self.body, "Cần ghi cơ quan cấp dưới được đôn đốc.", "body_required")
        return type(self)(body=clean_text(body), note=nfc(self.note).strip())


# --- the table -------------------------------------------------------------------------------------

# The handling each action takes; the classification leaves some open (Petition.handling_options).
# An anonymous denunciation with concrete evidence is passed on by the forward action.
HANDLINGS: dict[Action, tuple[str, ...]] = {
    Action.ACCEPT: (H.ACCEPT,),
    Action.FORWARD: (H.FORWARD, H.PASS_ON),
    Action.GUIDE_RETURN: (H.GUIDE_RETURN,),
    Action.ANSWER: (H.ANSWER,),
    Action.FILE: (H.FILE,),
    Action.URGE: (H.URGE,),
}


def taken(action: str, petition) -> str | None:
    """The handling `action` takes on this petition, if its classification left one open."""
    return next((h for h in HANDLINGS[action] if h in petition.handling_options), None)


def _closed_unless_open(action: Action, label):
    def closed(petition):
        if taken(action, petition) is not None:
            return None
        options = "; ".join(H(h).label.lower() for h in petition.handling_options)
        return refuse(f"Theo kết quả phân loại, đơn này không “{label}” được; hướng xử lý: {options}.", "not_open")

    return closed


def _t(action, sources, target, permission, label, input) -> Transition:
    closed = _closed_unless_open(action, label) if action in HANDLINGS else None
    return Transition(Action(action), frozenset(sources), target, permission, False, label, input, closed=closed)


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        _t(Action.CLASSIFY, {S.RECEIVED}, S.CLASSIFIED, HANDLE, _("Phân loại, xác định thẩm quyền"), Classify),
        _t(Action.ACCEPT, {S.CLASSIFIED}, S.ACCEPTED, ACCEPT, _("Thụ lý giải quyết"), Accept),
        _t(Action.FORWARD, {S.CLASSIFIED}, S.FORWARDED, HANDLE, _("Chuyển đơn"), Forward),
        _t(Action.GUIDE_RETURN, {S.CLASSIFIED}, S.GUIDED, HANDLE, _("Hướng dẫn, trả lại đơn"), Guidance),
        _t(Action.ANSWER, {S.CLASSIFIED}, S.ANSWERED, HANDLE, _("Trả lời đơn"), Answer),
        _t(Action.FILE, {S.CLASSIFIED}, S.FILED, HANDLE, _("Lưu đơn"), Reason),
        _t(Action.URGE, {S.CLASSIFIED, S.URGED}, S.URGED, HANDLE, _("Đôn đốc cấp dưới giải quyết"), Urge),
    ]
}
