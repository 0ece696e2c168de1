"""What every dossier service shares: the engine over the table (`DOSSIERS`), the event writer, the
statutory due date, the hand-over steps (Form 05) and the small checks of a reason or a finish."""

from __future__ import annotations

import datetime as dt
import math

from egov.core.formats import local_date
from egov.core.text import clean_text, nfc
from egov.core.workflow import Change, Step, Workflow, refuse
from egov.organisations.models import Unit, User
from egov.organisations.selectors import user_can_access
from egov.procedures.service import ProcedureVersion, WorkflowStep
from egov.workdays.calendar import LOCAL_TZ, get_calendar

from .. import notifications
from ..models import Dossier, DossierEvent, DossierStep
from ..transitions import TRANSITIONS

STEP_DAY_END = dt.time(17, 0)


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, STEP_DAY_END, tzinfo=LOCAL_TZ)


def event_write(
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
    return event_write(
        dossier,
        step.action,
        from_status=step.from_status,
        actor=step.actor,
        at=step.at,
        note=change.note,
        data=change.data,
    )


# The engine over the table (core/workflow.py): each `@DOSSIERS.action` in this package is the
# effect of one action, and its name is the service (dossier=, actor=, the row's input, at=).
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


def require_reason(reason: str, what: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise refuse(f"Cần ghi rõ {what}.", "reason_required")
    return reason


def finish(dossier: Dossier, outcome: str, at: dt.datetime) -> list[str]:
    dossier.finished_at = at
    dossier.outcome = outcome
    return ["finished_at", "outcome"]


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
    return end_of_day(calendar.add_working_days(day, whole_days) if whole_days else day)


def advance(
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
