"""Every permission the task roles are granted exists, and the reminder sweep is scheduled."""

from django.conf import settings
from django.contrib.auth.models import Permission

from egov.assignments.role_grants import GRANTS
from egov.organisations.roles import Role


def test_granted_permissions_exist(db):
    known = {f"{app}.{code}" for app, code in Permission.objects.values_list("content_type__app_label", "codename")}
    for role, permissions in GRANTS.items():
        assert permissions <= known, (role, permissions - known)


def test_roles_match_the_brief():
    assert "assignments.add_task" in GRANTS[Role.AGENCY_LEADER]
    assert "assignments.add_task" in GRANTS[Role.CLERK]
    assert "assignments.add_progressreport" in GRANTS[Role.UNIT_HEAD]
    assert "assignments.change_task" not in GRANTS[Role.SPECIALIST]


def test_reminders_are_scheduled():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "assignments.send_task_reminders"]
    assert len(entries) == 1
