"""Permission classes shared by every API view.

Two questions, asked separately:
1. May this user perform this *kind* of operation at all? A view names the Django permissions it
   needs (`required_permissions`); roles are permission groups (organisations/roles.py), so the
   answer comes from the role grants, never from role names in view code.
2. May this user touch this *object*? The one scoping rule (`organisations.selectors.user_can_access`).
   An object out of scope answers 404, exactly like one that does not exist, so an id does not
   reveal that a dossier of another agency or another citizen exists.
"""

from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from egov.organisations.selectors import user_can_access


class HasRequiredPermissions(BasePermission):
    """Requires every codename in the view's `required_permissions` (e.g. ("dossiers.receive_dossier",)).

    An empty tuple only requires authentication; a view without the attribute is a programming
    error and fails closed.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        required = getattr(view, "required_permissions", None)
        if required is None:
            raise AssertionError(f"{type(view).__name__} must declare required_permissions.")
        return user.has_perms(required)


class InScope(BasePermission):
    """Object-level scope: staff in the object's agency (and unit, for unit-scoped roles).

    The object exposes `agency_id` and optionally `unit_id`. Failing the check raises 404.
    """

    def has_object_permission(self, request, view, obj) -> bool:
        if not user_can_access(request.user, agency_id=obj.agency_id, unit_id=getattr(obj, "unit_id", None)):
            raise exceptions.NotFound()
        return True
