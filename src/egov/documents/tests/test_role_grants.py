"""Every permission the documents roles are granted exists, and the reminder sweep is scheduled."""

from django.conf import settings
from django.contrib.auth.models import Permission

from egov.documents.role_grants import GRANTS
from egov.organisations.roles import Role


def test_granted_permissions_exist(db):
    known = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    for role, permissions in GRANTS.items():
        assert permissions <= known, (role, permissions - known)


def test_roles_match_the_brief():
    assert "documents.issue_number" in GRANTS[Role.CLERK]
    assert "documents.add_task" in GRANTS[Role.AGENCY_LEADER]
    assert "documents.add_progressreport" in GRANTS[Role.UNIT_HEAD]
    assert "documents.change_numberingseries" in GRANTS[Role.ADMINISTRATOR]
    assert "documents.issue_number" not in GRANTS[Role.SPECIALIST]


def test_reminders_are_scheduled():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "documents.send_task_reminders"]
    assert len(entries) == 1
