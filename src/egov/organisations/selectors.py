"""Reads for organisations, and the one rule that scopes any queryset to what a user may see."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import Agency, AgencyIdentifier, User
from .roles import Scope


def scope_filter(user: User, *, agency_field: str, unit_field: str | None = None) -> Q:
    """A Q limiting rows to the user's scope.

    Superusers see everything; agency-scoped roles see their agency; unit-scoped roles see their
    unit (rows of the agency with no unit yet are not theirs). Anyone else sees nothing.
    """
    if user.is_superuser:
        return Q()
    scope = user.scope
    if scope is None or user.agency_id is None:
        return Q(pk__in=[])
    if scope == Scope.AGENCY or unit_field is None:
        return Q(**{agency_field: user.agency_id})
    if user.unit_id is None:
        return Q(pk__in=[])
    return Q(**{agency_field: user.agency_id, unit_field: user.unit_id})


def scoped(queryset: QuerySet, user: User, *, agency_field: str, unit_field: str | None = None) -> QuerySet:
    return queryset.filter(scope_filter(user, agency_field=agency_field, unit_field=unit_field))


def user_can_access(user: User, *, agency_id: int, unit_id: int | None = None) -> bool:
    """The same rule as scope_filter, for one object already loaded."""
    if user.is_superuser:
        return True
    scope = user.scope
    if scope is None or user.agency_id != agency_id:
        return False
    return scope == Scope.AGENCY or (user.unit_id is not None and user.unit_id == unit_id)


# (valid_from, valid_to or None, identifier) of one agency, in order.
IdentifierPeriods = list[tuple[dt.date, dt.date | None, str]]


def identifier_periods(agency_ids: Iterable[int]) -> dict[int, IdentifierPeriods]:
    """The dated identifiers of these agencies, for readers that check many dossiers at once."""
    periods: dict[int, IdentifierPeriods] = {}
    rows = AgencyIdentifier.objects.filter(agency_id__in=list(agency_ids)).order_by("agency_id", "valid_from")
    for agency_id, start, end, identifier in rows.values_list("agency_id", "valid_from", "valid_to", "identifier"):
        periods.setdefault(agency_id, []).append((start, end, identifier))
    return periods


def identifier_in(periods: IdentifierPeriods, current: str, day: dt.date) -> str:
    """The identifier in force on `day`: the dated one covering it, else the agency's current one
    (an agency whose identifier never changed has no dated rows)."""
    for start, end, identifier in periods:
        if start <= day and (end is None or day <= end):
            return identifier
    return current


def agency_identifier_on(agency: Agency, day: dt.date) -> str:
    """The electronic identifier of `agency` on local `day` (law-2026.md §8.4: identifiers changed
    with the 2025 merger of provinces, a code keeps the one of its day of receipt)."""
    return identifier_in(identifier_periods([agency.pk]).get(agency.pk, []), agency.identifier, day)
