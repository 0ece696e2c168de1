"""The staff workspace in English on request, Vietnamese by default."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from egov.organisations.roles import Role
from egov.portal.tests.world import advance_to, file_online

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    yield
    translation.deactivate()


def test_queues_in_english_and_vietnamese_by_default(client, department):
    file_online(department, name="Công ty Sa Huỳnh")
    client.force_login(department.user(Role.RECEIVING_OFFICER))
    page = client.get(reverse("workspace:queue", args=["tiep-nhan"])).content.decode()
    for text in ("Chờ tiếp nhận (1)", "Quá hạn (0)", "Người nộp", "Trực tuyến, nộp"):
        assert text in page, text

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("workspace:queue", args=["tiep-nhan"])).content.decode()
    for text in (
        "To receive (1)",
        "My tasks",
        "Overdue (0)",
        "Results to return",
        "Queues",
        "Counter intake",
        'data-label="Applicant"',
        "Online, submitted",
        "Not received yet",
        "Submitted, awaiting intake",
        "Công ty Sa Huỳnh",
    ):
        assert text in page, text
    for text in ("Chờ tiếp nhận", "Quá hạn", "Người nộp"):
        assert text not in page, text


def test_dossier_page_in_english(client, department):
    dossier = advance_to(department, file_online(department), "received")
    client.force_login(department.user(Role.RECEIVING_OFFICER))
    url = reverse("workspace:dossier", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "Thông tin hồ sơ" in page and "Quá trình xử lý" in page

    page = client.get(url, **EN).content.decode()
    for text in (
        f"Dossier {dossier.code}",
        "Actions",
        "Dossier details",
        "Intake channel",
        "1 set",
        "Forms and register",
        "Form 01",
        "Processing history",
        "Due: ",
        "Upload another file",
        "Lead processing unit",  # the transfer form's label
    ):
        assert text in page, text
    for text in ("Thông tin hồ sơ", "Quá trình xử lý", "Thao tác", "Phải nộp"):
        assert text not in page, text


def test_an_invalid_action_form_explains_itself_in_english(client, department):
    dossier = file_online(department)
    client.force_login(department.user(Role.RECEIVING_OFFICER))
    url = reverse("workspace:action", args=[dossier.pk, "refuse_intake"])
    response = client.post(url, {"refuse_intake-reason": ""}, **EN)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not sent yet: please check the form" in page
    assert "Reason: This field is required." in page

    page = client.post(url, {"refuse_intake-reason": ""}).content.decode()
    assert "Lý do: Trường này là bắt buộc." in page
