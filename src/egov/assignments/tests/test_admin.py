"""The admin pages of the task models open."""

import pytest
from django.urls import reverse

from egov.assignments import models


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "qt@example.org", "mat-khau-quan-tri-123")


@pytest.mark.parametrize("model", [models.Task, models.ProgressReport])
def test_changelists_open(client, superuser, model, tasks_003):
    client.force_login(superuser)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    task = tasks_003[0]
    assert client.get(reverse("admin:assignments_task_change", args=[task.pk])).status_code == 200
