"""The Django admin is where the catalogue, calendar and organisations are edited: every page must open."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from egov.organisations.models import User
from egov.procedures.models import BlankForm, FeeItem, FilingMethod, ProcedureVersion, RequiredDocument, WorkflowStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="admin"))
    return client


def test_every_admin_page_opens_and_the_catalogue_is_editable_in_full(superuser_client):
    failures = []
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = superuser_client.get(reverse(f"{prefix}_changelist"))
        pages = [("changelist", changelist)]
        if model_admin.has_add_permission(changelist.wsgi_request):
            pages.append(("add", superuser_client.get(reverse(f"{prefix}_add"))))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(("change", superuser_client.get(reverse(f"{prefix}_change", args=[first.pk]))))
        failures += [
            f"{model._meta.label} {page}: {response.status_code}"
            for page, response in pages
            if response.status_code != 200
        ]
    assert failures == []

    # The catalogue's version page carries the published sections with the channels and blank forms,
    # the required documents, fees and internal workflow.
    version = ProcedureVersion.objects.filter(procedure__name__icontains="bán buôn rượu").first()
    response = superuser_client.get(reverse("admin:procedures_procedureversion_change", args=[version.pk]))
    inline_models = {formset.formset.model for formset in response.context["inline_admin_formsets"]}
    assert inline_models == {FilingMethod, FeeItem, RequiredDocument, BlankForm, WorkflowStep}
    page = response.content.decode()
    assert 'name="steps"' in page and 'name="blank_forms-0-file"' in page
