"""The published sections are edited in the admin by catalogue editors only, the blank form checked
by its content there too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egov.demo.procedures import application_form_docx
from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory, verify_second_factor_in_session
from egov.procedures.models import BlankForm, FilingMethod
from egov.procedures.tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def staff_client(client, role):
    user = StaffFactory(roles=[role], is_staff=True)
    client.force_login(user)
    verify_second_factor_in_session(client, user)
    return client


def inline_post(version, upload=None, **changes) -> dict:
    """The version's change form as the admin sends it, with one filing method and one blank form."""
    data = {
        "procedure": version.procedure_id,
        "effective_from": version.effective_from.isoformat(),
        "name": version.name,
        "time_limit_unit": version.time_limit_unit,
        "online_level": version.online_level,
        "proactive_level": version.proactive_level,
        "cutoff_time": "15:00",
        "raw_values": "{}",
        "value_sources": "{}",
        "steps": "Nộp hồ sơ\nNhận kết quả",
        "applicants": "Doanh nghiệp",
        "requirements": "",
        "legal_basis": "Nghị định 105/2017/NĐ-CP",
        "filing_methods-TOTAL_FORMS": "1",
        "filing_methods-INITIAL_FORMS": "0",
        "filing_methods-0-channel": "online",
        "filing_methods-0-time_limit": "7",
        "filing_methods-0-fee_text": "",
        "filing_methods-0-description": "Cổng Dịch vụ công quốc gia",
        "filing_methods-0-order": "0",
        "blank_forms-TOTAL_FORMS": "1" if upload else "0",
        "blank_forms-INITIAL_FORMS": "0",
    }
    for prefix in ("fee_items", "required_documents", "workflow_steps"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    if upload is not None:
        data |= {"blank_forms-0-name": "Mẫu số 01", "blank_forms-0-file": upload, "blank_forms-0-order": "0"}
    return data | changes


def test_a_catalogue_editor_sets_the_sections_and_uploads_a_form(client):
    version = ProcedureVersionFactory()
    client = staff_client(client, Role.ADMINISTRATOR)
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    upload = SimpleUploadedFile("mau-01.docx", application_form_docx())
    response = client.post(url, inline_post(version, upload))

    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert version.steps == "Nộp hồ sơ\nNhận kết quả" and version.applicants == "Doanh nghiệp"
    assert list(FilingMethod.objects.values_list("channel", "time_limit")) == [("online", 7)]
    form = BlankForm.objects.get()
    assert form.version == version and form.extension == ".docx" and len(form.sha256) == 64


def test_the_admin_refuses_a_form_that_is_not_a_document_by_its_content(client):
    version = ProcedureVersionFactory()
    client = staff_client(client, Role.ADMINISTRATOR)
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    fake = SimpleUploadedFile("mau-01.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(url, inline_post(version, fake))

    assert response.status_code == 200
    assert "Định dạng tệp không được chấp nhận" in response.content.decode()
    assert not BlankForm.objects.exists() and not FilingMethod.objects.exists()
    version.refresh_from_db()
    assert version.steps == ""


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.RECEIVING_OFFICER, Role.UNIT_HEAD, Role.AGENCY_LEADER])
def test_other_staff_cannot_change_the_sections(client, role):
    version = ProcedureVersionFactory()
    client = staff_client(client, role)
    url = reverse("admin:procedures_procedureversion_change", args=[version.pk])
    upload = SimpleUploadedFile("mau-01.docx", application_form_docx())
    response = client.post(url, inline_post(version, upload))

    assert response.status_code == 403
    version.refresh_from_db()
    assert version.steps == "" and not FilingMethod.objects.exists() and not BlankForm.objects.exists()
    # They may read the version (the catalogue is public), with no field to edit.
    page = client.get(url).content.decode()
    assert 'name="steps"' not in page and 'name="blank_forms-0-file"' not in page
