"""The petition lifecycle's effects, one per action of workflow.TRANSITIONS, on the core engine.

`PETITIONS.perform()` locks the petition, checks the table (state, permission, the actor's scope:
the agency, or the handling unit for unit staff), runs the effect below, moves the status and
writes a `PetitionEvent`, all in one transaction: a refusal changes nothing. A handling that sends
a notice issues it in that transaction (services/notices.py) and the event's data keeps its link
(`data["notice"]`: the outgoing document's id, number and form). Each effect's name is
its service: `petition_classify(petition=, actor=, <input>, at=None)` and so on.
"""

from __future__ import annotations

import dataclasses

from egov.core.formats import local_date
from egov.core.workflow import Change, Step, Workflow, refuse
from egov.organisations.selectors import user_can_access

from ..classification import Eligibility, defects, forward_refusal, routes
from ..models import Classification, Handling, LimitStep, Petition, PetitionEvent
from ..selectors import rule_in_force
from ..workflow import TRANSITIONS, Accept, Action, Answer, Classify, Forward, Guidance, Reason, Urge, taken
from .deadlines import deadline_create
from .notices import notice_issue


def _record(petition: Petition, step: Step, change: Change) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        action=step.action,
        from_status=step.from_status,
        to_status=petition.status,
        actor=step.actor,
        at=step.at,
        note=change.note,
        data=change.data,
    )


PETITIONS = Workflow(
    Petition,
    TRANSITIONS,
    record=_record,
    in_scope=lambda user, p: user_can_access(user, agency_id=p.agency_id, unit_id=p.handling_unit_id),
    noun="đơn",
    subject="petition",
    lock_related=("case", "duplicate_of"),
    owner_field=None,  # no citizen account owns a petition: staff take every transition
)

_HANDLED = ["handling", "handled_at"]
# The resolution clock an acceptance starts, by the content's kind (law-2026.md §1.4).
_RESOLUTION = {
    Classification.COMPLAINT: LimitStep.COMPLAINT_FIRST_RESOLUTION,
    Classification.DENUNCIATION: LimitStep.DENUNCIATION_RESOLUTION,
}


def content_kind(petition: Petition) -> str:
    """The petition's kind by content; a duplicate's is its original's."""
    while petition.classification == Classification.DUPLICATE:
        petition = petition.duplicate_of
    return petition.classification


# The clocks a registration starts end with the handling decision, whichever it is: a complaint
# forwarded or returned is not accepted, and that decision is the acceptance step done.
_INTAKE_CLOCKS = (
    LimitStep.PETITION_PROCESSING,
    LimitStep.PETITION_UNPROCESSED_LIMIT,
    LimitStep.COMPLAINT_ACCEPTANCE,
    LimitStep.DENUNCIATION_INTAKE,
    LimitStep.DENUNCIATION_FORWARD,
)


def _take(petition: Petition, step: Step) -> str:
    """Record the handling the action takes (the table's `closed` rule made sure one is open) and
    stop the intake clocks; urging again leaves them as the first urge stopped them."""
    petition.handling = taken(step.action, petition)
    petition.handled_at = petition.handled_at or step.at  # the first decision is the one the figures time
    petition.deadlines.filter(step__in=_INTAKE_CLOCKS, completed_at__isnull=True).update(completed_at=step.at)
    return petition.handling


def _with_notice(data: dict, notice: dict | None) -> dict:
    return data | {"notice": notice} if notice else data


@PETITIONS.action(Action.CLASSIFY)
def petition_classify(petition: Petition, data: Classify, step: Step) -> Change:
    """Competence and eligibility (law-2026.md §1.3), and with them the handlings left open."""
    kind = content_kind(petition)
    facts = Eligibility(**{f.name: getattr(data, f.name) for f in dataclasses.fields(Eligibility)})
    found = defects(kind, facts, anonymous=petition.anonymous)
    stopped = petition.case is not None and petition.case.no_new_facts_stop
    nothing_new = not data.new_facts and (petition.classification == Classification.DUPLICATE or stopped)
    options = routes(
        kind,
        competence=data.competence,
        defects=found,
        anonymous=petition.anonymous,
        concrete_evidence=data.concrete_evidence,
        nothing_new=nothing_new,
    )
    petition.competence, petition.defects = data.competence, found
    petition.handling_options = [h for h in Handling.values if h in options]
    return Change(
        fields=["competence", "defects", "handling_options"],
        note=data.note,
        data={"competence": data.competence, "defects": found, "handling_options": petition.handling_options},
    )


@PETITIONS.action(Action.ACCEPT)
def petition_accept(petition: Petition, data: Accept, step: Step) -> Change:
    """Accept for resolution and start the resolution clock from the day of acceptance."""
    _take(petition, step)
    limit, day = _RESOLUTION[content_kind(petition)], local_date(step.at)
    rule = rule_in_force(limit, day, data.condition)
    if rule is None:
        raise refuse(
            f"Không có quy định thời hạn “{LimitStep(limit).label}” cho trường hợp này áp dụng ngày {day:%d/%m/%Y}.",
            "no_rule",
        )
    deadline = deadline_create(petition, rule, day, data.condition)
    notice = notice_issue(petition, step, content_kind(petition), due_date=deadline.due_date)
    return Change(
        fields=_HANDLED,
        note=data.note,
        data=_with_notice({"condition": data.condition, "due_date": deadline.due_date.isoformat()}, notice),
    )


@PETITIONS.action(Action.FORWARD)
def petition_forward(petition: Petition, data: Forward, step: Step) -> Change:
    """Forward to the competent body: once only, never back to the body that sent it to us."""
    previous = [petition.forwarded_to] if petition.forwarded_to else []
    refusal = forward_refusal(forwarded_to=previous, target=data.target, source_body=petition.source_body)
    if refusal:
        raise refuse(refusal, "forward_refused")
    handling = _take(petition, step)
    petition.forwarded_to = data.target
    notice = notice_issue(petition, step, content_kind(petition), target=data.target)
    return Change(
        fields=[*_HANDLED, "forwarded_to"],
        note=data.note,
        data=_with_notice({"target": data.target, "reference": data.reference, "handling": handling}, notice),
    )


@PETITIONS.action(Action.GUIDE_RETURN)
def petition_guide_return(petition: Petition, data: Guidance, step: Step) -> Change:
    _take(petition, step)
    # A complaint returned for its defects is told why it is not accepted, then how to proceed.
    detail = " ".join([*petition.defects, data.guidance])
    notice = notice_issue(petition, step, content_kind(petition), detail=detail)
    return Change(fields=_HANDLED, note=data.guidance, data=_with_notice({}, notice))


@PETITIONS.action(Action.ANSWER)
def petition_answer(petition: Petition, data: Answer, step: Step) -> Change:
    _take(petition, step)
    notice = notice_issue(petition, step, content_kind(petition), detail=data.answer)
    return Change(fields=_HANDLED, note=data.answer, data=_with_notice({}, notice))


@PETITIONS.action(Action.FILE)
def petition_file(petition: Petition, data: Reason, step: Step) -> Change:
    _take(petition, step)
    return Change(fields=_HANDLED, note=data.reason)


@PETITIONS.action(Action.URGE)
def petition_urge(petition: Petition, data: Urge, step: Step) -> Change:
    """Require the lower body that holds the competence to resolve it (NĐ 154/2026 Art. 15.3)."""
    _take(petition, step)
    notice = notice_issue(petition, step, content_kind(petition), target=data.body, detail=data.note)
    return Change(fields=_HANDLED, note=data.note, data=_with_notice({"body": data.body}, notice))


SERVICES = PETITIONS.services()
