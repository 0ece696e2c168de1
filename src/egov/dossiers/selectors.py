"""Reads on dossiers: what a user may see and do."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from egov.core.text import fold
from egov.organisations.models import User
from egov.organisations.selectors import scope_filter, user_can_access

from .models import Dossier
from .transitions import TRANSITIONS, Action


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


def allowed_actions(dossier: Dossier, user: User) -> list[Action]:
    """The actions the transition table lets `user` take on `dossier` now (rule checks that need
    input, such as the 3-working-day window, are made when the action is taken)."""
    if not user.is_authenticated:
        return []
    is_owner = dossier.owner_id is not None and dossier.owner_id == user.pk
    in_scope = user_can_access(user, agency_id=dossier.agency_id, unit_id=dossier.unit_id)
    actions = []
    for action, transition in TRANSITIONS.items():
        if dossier.status not in transition.sources:
            continue
        by_applicant = transition.applicant and is_owner
        by_staff = bool(transition.permission) and in_scope and user.has_perm(transition.permission)
        if by_applicant or by_staff:
            actions.append(action)
    if dossier.rating:
        actions = [a for a in actions if a != Action.RATE]
    return actions


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
