"""Reads on dossiers: what a user may see and do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from egov.core.text import fold
from egov.organisations.models import User
from egov.organisations.selectors import scope_filter, user_can_access

from .form_sets import APOLOGY, RECEIPT, REFUSAL, STOP_NOTICE, SUPPLEMENT, FormSpec
from .forms_render import issued_forms
from .models import Attachment, Dossier, ReturnMethod, Status
from .transitions import SUBMIT, Action


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    """Staff: the dossiers of their scope. Citizens: their own. Anyone else: none."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    if user.is_superuser or user.scope is not None:
        if not (user.is_superuser or user.has_perm("dossiers.view_dossier")):
            return Dossier.objects.none()
        return Dossier.objects.filter(scope_filter(user, agency_field="agency_id", unit_field="unit_id"))
    return Dossier.objects.filter(owner=user)


def dossier_for_user(user: User, pk: int) -> Dossier | None:
    return dossiers_visible_to(user).filter(pk=pk).select_related("procedure", "agency", "unit").first()


def dossier_search(user: User, query: str) -> QuerySet[Dossier]:
    """Search by code, applicant name, ID number, tax code or procedure, with or without diacritics."""
    qs = dossiers_visible_to(user)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def working_state_filter() -> Q:
    from .transitions import PROCESSING_STATES

    return Q(status__in=PROCESSING_STATES)


def dossiers_due_between(user: User, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    return dossiers_visible_to(user).filter(working_state_filter(), due_date__gte=start, due_date__lte=end)


# --- what the applicant sees ------------------------------------------------------------------------
# One definition, read by the citizen portal and by the API (for every account that reaches a
# dossier without being staff in its scope): the steps of the history that concern the applicant,
# the notes addressed to them (what to supplement, why it was refused, stopped or delayed) and
# never who inside the agency acted, nor the internal steps (assignment, consultation, review),
# their notes, or the agency's working papers.
APPLICANT_STEPS = frozenset(
    {
        SUBMIT,
        Action.RECEIVE,
        Action.REQUEST_INTAKE_SUPPLEMENT,
        Action.COMPLETE_INTAKE_SUPPLEMENT,
        Action.REFUSE_INTAKE,
        Action.TRANSFER,
        Action.REQUEST_SUPPLEMENT,
        Action.COMPLETE_SUPPLEMENT,
        Action.SIGN,
        Action.REFUSE,
        Action.APOLOGISE,
        Action.REQUEST_PAYMENT,
        Action.COMPLETE_PAYMENT,
        Action.RETURN_RESULT,
        Action.WITHDRAW,
        Action.STOP,
        Action.RATE,
    }
)
NOTES_FOR_THE_APPLICANT = frozenset(
    {
        Action.REQUEST_INTAKE_SUPPLEMENT,
        Action.REFUSE_INTAKE,
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.APOLOGISE,
        Action.WITHDRAW,
        Action.STOP,
    }
)
# The one-stop forms addressed to the applicant: the receipt, the requests to supplement, the
# refusal, the apology, the notice of stopping. Never the control slip (the agency's record of the
# hand-overs between its officers) nor the register (every applicant's dossiers of the year).
APPLICANT_FORMS = frozenset({RECEIPT, SUPPLEMENT, REFUSAL, APOLOGY, STOP_NOTICE})
# Fields of the dossier itself that name agency staff.
STAFF_ONLY_FIELDS = ("assignee",)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: dt.datetime
    action: str
    from_status: str
    to_status: str
    status_label: str
    actor: User | None  # None in the applicant's view
    note: str
    items: list[str]  # the documents asked for (supplement requests)
    new_due_date: str | None  # the new appointment (apology), ISO date


def sees_as_staff(user: User, dossier: Dossier) -> bool:
    """Staff whose scope holds the dossier see its whole record; anyone else who reaches it (the
    applicant's account, an integration filing for applicants, a staff member's own application)
    sees what the applicant sees."""
    return user.has_perm("dossiers.view_dossier") and user_can_access(
        user, agency_id=dossier.agency_id, unit_id=dossier.unit_id
    )


def dossier_history(dossier: Dossier, *, staff_view: bool) -> list[HistoryEntry]:
    """The history in order; the applicant's view keeps only APPLICANT_STEPS, their public notes,
    and no actor."""
    events = dossier.events.order_by("at", "pk")
    if staff_view:
        events = events.select_related("actor")
    entries = []
    for event in events:
        if not staff_view and event.action not in APPLICANT_STEPS:
            continue
        public = staff_view or event.action in NOTES_FOR_THE_APPLICANT
        data = event.data or {}
        entries.append(
            HistoryEntry(
                id=event.pk,
                at=event.at,
                action=event.action,
                from_status=event.from_status,
                to_status=event.to_status,
                status_label=str(Status(event.to_status).label),
                actor=event.actor if staff_view else None,
                note=event.note if public else "",
                items=list(data.get("items", [])) if public else [],
                new_due_date=data.get("new_due_date") if event.action == Action.APOLOGISE else None,
            )
        )
    return entries


def applicant_history(dossier: Dossier) -> list[HistoryEntry]:
    return dossier_history(dossier, staff_view=False)


def applicant_attachments(dossier: Dossier) -> QuerySet[Attachment]:
    """What they filed, and the result once it is returned to them electronically; never the agency's
    internal working papers (nor a signed result before its fees are paid and it is handed over)."""
    hidden = [Attachment.Kind.INTERNAL]
    if not (dossier.status == Status.RETURNED and dossier.return_method == ReturnMethod.ELECTRONIC):
        hidden.append(Attachment.Kind.RESULT)
    return dossier.attachments.exclude(kind__in=hidden).order_by("uploaded_at", "pk")


def applicant_forms(dossier: Dossier) -> list[FormSpec]:
    """The applicant's forms that exist for the dossier, to read and download."""
    return issued_forms(dossier, APPLICANT_FORMS)


def dossier_attachments_for(user: User, dossier: Dossier) -> QuerySet[Attachment]:
    if sees_as_staff(user, dossier):
        return dossier.attachments.order_by("uploaded_at", "pk")
    return applicant_attachments(dossier)
