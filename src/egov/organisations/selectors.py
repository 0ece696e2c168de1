"""Reads for organisations, and the one rule that scopes any queryset to what a user may see."""

from django.db.models import Q, QuerySet

from .models import User
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
