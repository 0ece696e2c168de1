"""The admin pages of every documents model open, and register lines cannot be added or deleted there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from egov.documents import models


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "qt@example.org", "mat-khau-quan-tri-123")


@pytest.mark.parametrize(
    "model",
    [
        models.DocumentType,
        models.Issuer,
        models.NumberingSeries,
        models.Document,
        models.Citation,
    ],
)
def test_changelists_open(client, superuser, model, register_incoming):
    document = register_incoming("1/TB-SNV", type_name="Thông báo", issuer_symbol="SNV", body="Theo 05-NQ/TU.")
    client.force_login(superuser)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    if model is models.Document:
        assert client.get(reverse("admin:documents_document_change", args=[document.pk])).status_code == 200


def test_register_lines_are_not_added_or_deleted_in_the_admin(rf, superuser):
    model_admin = admin.site._registry[models.Document]
    request = rf.get("/")
    request.user = superuser
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request)
