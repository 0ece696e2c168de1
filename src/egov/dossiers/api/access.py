"""Lookups of the dossier API on top of the lifecycle selectors (dossiers/selectors.py).

Which dossiers a user reaches is decided there (`dossiers_visible_to`: staff their scope, an
applicant's account its own dossiers); views look objects up only through it, so an out-of-scope
id answers 404 exactly like a missing one.
"""

from django.db.models import QuerySet
from django.http import Http404

from egov.dossiers.models import Dossier
from egov.dossiers.selectors import dossier_for_user, dossier_search
from egov.organisations.models import User


def dossier_for_user_or_404(user: User, pk: int) -> Dossier:
    dossier = dossier_for_user(user, pk)
    if dossier is None:
        raise Http404
    return dossier


def dossier_list(user: User, *, filters: dict) -> QuerySet[Dossier]:
    """The user's dossiers (searched with the lifecycle's search), narrowed by the list's filters."""
    dossiers = dossier_search(user, filters.get("q", "")).select_related("procedure")
    if filters.get("status"):
        dossiers = dossiers.filter(status__in=filters["status"])
    for key in ("procedure", "field", "channel"):
        if filters.get(key):
            dossiers = dossiers.filter(**{key: filters[key]})
    if filters.get("received_from"):
        dossiers = dossiers.filter(received_at__date__gte=filters["received_from"])
    if filters.get("received_to"):
        dossiers = dossiers.filter(received_at__date__lte=filters["received_to"])
    return dossiers.order_by("-submitted_at", "-pk")
