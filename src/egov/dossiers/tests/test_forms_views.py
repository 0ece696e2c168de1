"""Printing views: log-in, permission, scope (404 out of scope), HTML and PDF answers."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from egov.dossiers.models import Status
from egov.organisations.roles import Role

from .test_forms_fixtures import make_agency, make_dossier, make_unit, make_user

pytestmark = pytest.mark.django_db


def grant(user, codename="process_dossier"):
    user.user_permissions.add(Permission.objects.get(content_type__app_label="dossiers", codename=codename))
    return user


@pytest.fixture
def setting():
    agency = make_agency()
    unit = make_unit(agency)
    dossier = make_dossier(agency=agency, unit=unit)
    return agency, unit, dossier


def form_url(dossier, form_no="01"):
    return reverse("dossier_forms:form", kwargs={"pk": dossier.pk, "form_no": form_no})


def test_anonymous_is_sent_to_log_in(client, setting):
    _, _, dossier = setting
    response = client.get(form_url(dossier))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_without_a_dossier_permission_is_refused(client, setting):
    agency, _, dossier = setting
    client.force_login(make_user(agency=agency, roles=(Role.CLERK,)))
    assert client.get(form_url(dossier)).status_code == 403


def test_agency_staff_prints_html_and_pdf(client, setting):
    agency, _, dossier = setting
    client.force_login(grant(make_user(agency=agency, roles=(Role.RECEIVING_OFFICER,)), "receive_dossier"))
    response = client.get(form_url(dossier))
    assert response.status_code == 200
    assert "GIẤY TIẾP NHẬN HỒ SƠ" in response.content.decode().upper()
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]

    response = client.get(form_url(dossier), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"mau-01-{dossier.code}.pdf" in response["Content-Disposition"]


def test_other_agency_staff_gets_404(client, setting):
    _, _, dossier = setting
    other = make_agency(name="Sở Xây dựng tỉnh Quảng Ngãi")
    client.force_login(grant(make_user(agency=other, roles=(Role.RECEIVING_OFFICER,))))
    assert client.get(form_url(dossier)).status_code == 404
    assert client.get(form_url(dossier), {"format": "pdf"}).status_code == 404


def test_unit_scoped_staff_sees_only_their_units_dossiers(client, setting):
    agency, unit, dossier = setting
    other_unit = make_unit(agency, "Phòng Kỹ thuật an toàn")
    outsider = grant(make_user(agency=agency, unit=other_unit, roles=(Role.SPECIALIST,)))
    client.force_login(outsider)
    assert client.get(form_url(dossier, "05")).status_code == 404
    insider = grant(make_user(agency=agency, unit=unit, roles=(Role.SPECIALIST,)))
    client.force_login(insider)
    assert client.get(form_url(dossier, "05")).status_code == 200


def test_form_not_yet_applicable_answers_409_with_a_vietnamese_message(client, setting):
    agency, _, dossier = setting
    client.force_login(grant(make_user(agency=agency, roles=(Role.RECEIVING_OFFICER,))))
    response = client.get(form_url(dossier, "04"))
    assert response.status_code == 409
    assert "chưa có phiếu xin lỗi" in response.content.decode()


def test_unknown_form_number_is_not_routed(client, setting):
    _, _, dossier = setting
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/mau/08/").status_code == 404


def test_register_for_agency_staff_only(client, setting):
    agency, unit, dossier = setting
    make_dossier(agency=make_agency(name="Sở khác"), applicant_name="Người của sở khác")
    url = reverse("dossier_forms:register", kwargs={"year": 2021})

    client.force_login(grant(make_user(agency=agency, unit=unit, roles=(Role.SPECIALIST,))))
    assert client.get(url).status_code == 403

    client.force_login(grant(make_user(agency=agency, roles=(Role.AGENCY_LEADER,))))
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html and "Người của sở khác" not in html
    pdf = client.get(url, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("dossier_forms:register", kwargs={"year": 1999})).status_code == 404


def test_register_for_a_superuser_needs_the_agency(client, setting):
    agency, _, dossier = setting
    admin = make_user(agency=None)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("dossier_forms:register", kwargs={"year": 2021})
    assert client.get(url).status_code == 409
    assert dossier.code in client.get(url, {"co-quan": agency.pk}).content.decode()


def test_submitted_dossier_form_02_needs_no_code(client):
    agency = make_agency()
    dossier = make_dossier(agency=agency, status=Status.SUBMITTED)
    client.force_login(grant(make_user(agency=agency, roles=(Role.RECEIVING_OFFICER,))))
    assert client.get(form_url(dossier, "02")).status_code == 409
