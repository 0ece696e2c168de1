"""Every page and API call that serves a dossier, its files or its forms writes the access log;
the log's page shows the agency's entries to its head and auditors only."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from egov.core.models import AccessLogEntry
from egov.dossiers.tests.factories import DossierFactory
from egov.organisations.roles import Role
from egov.organisations.services import user_set_roles
from egov.organisations.tests.factories import StaffFactory
from egov.portal.tests.world import advance_to, file_online

pytestmark = pytest.mark.django_db


def _logged(**filters):
    return list(
        AccessLogEntry.objects.filter(**filters).order_by("pk").values_list("user", "action", "kind", "channel")
    )


def test_staff_reads_downloads_and_prints_are_logged(client, department):
    dossier = advance_to(department, file_online(department), "received")
    attachment = dossier.attachments.first()
    officer = department.user(Role.RECEIVING_OFFICER)
    client.force_login(officer)
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 200
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/tep/{attachment.pk}/").status_code == 200
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/mau/01/").status_code == 200
    year = timezone.localdate().year
    assert client.get(f"/can-bo/so-theo-doi/{year}/").status_code == 200
    assert _logged(agency=department.agency) == [
        (officer.pk, "view", "dossier", "web"),
        (officer.pk, "download", "attachment", "web"),
        (officer.pk, "print", "form", "web"),
        (officer.pk, "print", "form", "web"),
    ]
    labels = list(AccessLogEntry.objects.order_by("pk").values_list("label", flat=True))
    assert labels[0] == dossier.code and attachment.original_name in labels[1] and "Mẫu 01" in labels[2]


def test_the_applicants_own_reads_in_the_portal_and_the_api_are_logged(client, department):
    dossier = file_online(department)
    attachment = dossier.attachments.first()
    citizen = department.citizen
    client.force_login(citizen)
    assert client.get(f"/cong-dan/ho-so/{dossier.pk}/").status_code == 200
    assert client.get(f"/cong-dan/ho-so/{dossier.pk}/tep/{attachment.pk}/").status_code == 200
    api = APIClient()
    api.force_authenticate(citizen)
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/").status_code == 200
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/status/").status_code == 200
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/attachments/{attachment.pk}/download/").status_code == 200
    assert _logged(object_id__in=[dossier.pk, attachment.pk]) == [
        (citizen.pk, "view", "dossier", "web"),
        (citizen.pk, "download", "attachment", "web"),
        (citizen.pk, "view", "dossier", "api"),
        (citizen.pk, "view", "dossier", "api"),
        (citizen.pk, "download", "attachment", "api"),
    ]


def test_a_dossier_out_of_scope_answers_404_and_logs_nothing(client, department):
    dossier = DossierFactory()  # of another agency
    client.force_login(department.user(Role.RECEIVING_OFFICER))
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(("role", "status"), [(Role.AGENCY_LEADER, 200), (Role.AUDITOR, 200), (Role.SPECIALIST, 403)])
def test_the_log_page_is_for_the_agency_head_and_auditors(client, department, role, status):
    user = StaffFactory(agency=department.agency, roles=[role], unit=department.trade_unit)
    client.force_login(user)
    assert client.get("/can-bo/nhat-ky-truy-cap/").status_code == status


def test_the_log_page_searches_within_the_agency_only(client, department):
    ours, theirs = file_online(department, name="Công ty Sa Huỳnh"), DossierFactory()
    reader = department.user(Role.RECEIVING_OFFICER)
    client.force_login(reader)
    assert client.get(f"/can-bo/ho-so/{ours.pk}/").status_code == 200
    outsider = StaffFactory(agency=theirs.agency, roles=[Role.RECEIVING_OFFICER])
    client.force_login(outsider)
    assert client.get(f"/can-bo/ho-so/{theirs.pk}/").status_code == 200
    auditor = StaffFactory(agency=department.agency, roles=[Role.AUDITOR])
    client.force_login(auditor)
    page = client.get("/can-bo/nhat-ky-truy-cap/").content.decode()
    assert f"#{ours.pk}" in page or (ours.code or "") in page
    assert reader.username in page and outsider.username not in page
    today = timezone.localdate()
    found = client.get("/can-bo/nhat-ky-truy-cap/", {"reader": reader.username, "date_from": today, "date_to": today})
    assert found.context["page"].paginator.count == 1
    yesterday = today - dt.timedelta(days=1)
    assert client.get("/can-bo/nhat-ky-truy-cap/", {"date_to": yesterday}).context["page"].paginator.count == 0
    bad = client.get("/can-bo/nhat-ky-truy-cap/", {"date_from": today, "date_to": yesterday})
    assert bad.status_code == 400 and "không được trước" in bad.content.decode()


def test_an_auditor_is_an_agency_wide_role_without_dossier_rights(department):
    auditor = StaffFactory(agency=department.agency, roles=[Role.AUDITOR])
    assert auditor.has_perm("core.view_accesslogentry") and not auditor.has_perm("dossiers.view_dossier")
    user_set_roles(user=auditor, roles=[])
    assert not type(auditor).objects.get(pk=auditor.pk).has_perm("core.view_accesslogentry")
