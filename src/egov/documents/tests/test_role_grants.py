"""Every permission the documents roles are granted exists."""

from django.contrib.auth.models import Permission

from egov.documents.role_grants import GRANTS
from egov.organisations.roles import Role


def test_granted_permissions_exist(db):
    known = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    for role, permissions in GRANTS.items():
        assert permissions <= known, (role, permissions - known)


def test_roles_match_the_brief():
    assert "documents.issue_number" in GRANTS[Role.CLERK]
    assert "documents.change_numberingseries" in GRANTS[Role.ADMINISTRATOR]
    assert "documents.issue_number" not in GRANTS[Role.SPECIALIST]
