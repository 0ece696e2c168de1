"""The admin pages of every documents model open, and register lines cannot be added or deleted there."""

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from egov.documents import models
from egov.documents.numbering import next_number


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


def test_a_series_shows_its_numbers_per_year_and_keeps_its_place_once_it_gave_some(client, superuser, agency):
    series = models.NumberingSeries.objects.create(
        agency=agency, direction=models.Direction.OUTGOING, name="Dãy số chung"
    )
    model_admin = admin.site._registry[models.NumberingSeries]
    assert model_admin.get_readonly_fields(None, series) == ["numbers_given"]  # no number yet: may still move
    with transaction.atomic():
        next_number(series=series, year=2021)
        next_number(series=series, year=2021)
        next_number(series=series, year=2022)
    assert model_admin.numbers_given(series) == "2022: 1; 2021: 2"
    assert {"agency", "direction", "document_type"} <= set(model_admin.get_readonly_fields(None, series))
    client.force_login(superuser)
    page = client.get(reverse("admin:documents_numberingseries_change", args=[series.pk]))
    assert page.status_code == 200 and "2022: 1; 2021: 2" in page.content.decode()
