import datetime as dt
import unicodedata

import pytest
from rest_framework.test import APIClient

from egov.api.tests.factories import (
    AgencyFactory,
    FeeItemFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    RequiredDocumentFactory,
)
from egov.procedures.models import WorkflowStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_fields_are_public_and_sorted(api):
    FieldFactory(name="Hóa chất", code="HC")
    FieldFactory(name="An toàn thực phẩm", code="ATTP")
    response = api.get("/api/v1/fields/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["An toàn thực phẩm", "Hóa chất"]


def test_procedure_search_is_diacritic_insensitive_and_paginated(api):
    wanted = ProcedureFactory(name="Cấp Giấy phép bán buôn rượu")
    ProcedureFactory(name="Cấp Giấy chứng nhận đủ điều kiện kinh doanh khí")
    response = api.get("/api/v1/procedures/", {"q": "ban buon RUOU"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["code"] == wanted.code
    assert body["results"][0]["field"]["name"] == "Lưu thông hàng hóa trong nước"
    assert set(body) == {"count", "next", "previous", "results"}


def test_procedure_search_accepts_decomposed_input(api):
    ProcedureFactory(name="Cấp Giấy phép bán buôn rượu")
    response = api.get("/api/v1/procedures/", {"q": unicodedata.normalize("NFD", "bán buôn rượu")})
    assert response.json()["count"] == 1


def test_procedure_filters_by_field_and_agency(api):
    electricity = FieldFactory(name="Điện", code="DIEN")
    agency = AgencyFactory()
    in_both = ProcedureFactory(field=electricity, agency=agency, name="Cấp giấy phép hoạt động điện lực")
    ProcedureFactory(field=electricity, name="Cấp giấy phép hoạt động điện lực khác")
    ProcedureFactory(agency=agency)
    response = api.get("/api/v1/procedures/", {"field": electricity.pk, "agency": agency.pk})
    assert [row["id"] for row in response.json()["results"]] == [in_both.pk]


def test_invalid_filter_answers_the_api_error_shape(api):
    response = api.get("/api/v1/procedures/", {"field": "điện"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["field"]


def test_page_size_is_capped(api):
    # Past the cap, or unreadable: refused with the parameter named, not silently replaced.
    for limit in (201, 0, "mười", ""):
        response = api.get("/api/v1/procedures/", {"limit": limit})
        assert response.status_code == 400, limit
        assert list(response.json()["error"]["fields"]) == ["limit"]
    assert api.get("/api/v1/procedures/", {"limit": 200}).status_code == 200
    ProcedureFactory.create_batch(3)
    response = api.get("/api/v1/procedures/", {"limit": 2})
    assert len(response.json()["results"]) == 2
    assert response.json()["next"] is not None


def test_procedure_detail_has_the_current_version_with_documents_fees_and_workflow(api):
    procedure = ProcedureFactory()
    ProcedureVersionFactory(procedure=procedure, effective_from=dt.date(2019, 1, 1), effective_to=dt.date(2020, 12, 31))
    current = ProcedureVersionFactory(
        procedure=procedure, effective_from=dt.date(2021, 1, 1), time_limit=15, reduced_time_limit=10
    )
    RequiredDocumentFactory(version=current, name="Đơn đề nghị", order=1)
    RequiredDocumentFactory(version=current, name="Bản sao Giấy chứng nhận đăng ký doanh nghiệp", order=2)
    FeeItemFactory(version=current, name="Phí thẩm định", amount_vnd=1_200_000)
    FeeItemFactory(version=current, name="Lệ phí cấp giấy phép", amount_vnd=300_000)
    WorkflowStep.objects.create(
        version=current, order=1, action="receive", name="Tiếp nhận", role="receiving_officer", budget_days="0.5"
    )

    response = api.get(f"/api/v1/procedures/{procedure.code}/")
    assert response.status_code == 200
    version = response.json()["current_version"]
    assert version["id"] == current.pk
    assert version["time_limit"] == 15
    assert version["effective_time_limit"] == 10
    assert version["total_fee_vnd"] == 1_500_000
    assert [doc["name"] for doc in version["documents"]] == [
        "Đơn đề nghị",
        "Bản sao Giấy chứng nhận đăng ký doanh nghiệp",
    ]
    assert version["workflow"] == [
        {
            "order": 1,
            "action": "receive",
            "name": "Tiếp nhận",
            "unit": None,
            "role": "receiving_officer",
            "budget_days": "0.50",
        }
    ]


def test_procedure_version_carries_its_online_service_level_data(api):
    """NĐ 224/2026 (from 01/7/2026, law-2026.md §6.3): the decree in force, the reason for a partial
    service (Art. 14) and the proactive level (Art. 16); a version ended in 2021 had none in force."""
    procedure = ProcedureFactory()
    ProcedureVersionFactory(procedure=procedure, effective_from=dt.date(2019, 1, 1), effective_to=dt.date(2021, 12, 31))
    ProcedureVersionFactory(
        procedure=procedure,
        effective_from=dt.date(2022, 1, 1),
        online_level="partial",
        online_partial_reason="on_site",
        online_partial_note="Phải kiểm tra cơ sở kinh doanh.",
        proactive_level=1,
    )
    version = api.get(f"/api/v1/procedures/{procedure.code}/").json()["current_version"]
    assert version["online_regime"] == "Nghị định 224/2026/NĐ-CP"
    assert (version["online_partial_reason"], version["proactive_level"]) == ("on_site", 1)
    old = api.get(f"/api/v1/procedures/{procedure.code}/", {"on": "2021-03-01"}).json()["current_version"]
    assert old["online_regime"] is None


def test_procedure_without_a_version_in_force_says_so(api):
    procedure = ProcedureFactory()
    ProcedureVersionFactory(procedure=procedure, effective_from=dt.date(2019, 1, 1), effective_to=dt.date(2019, 12, 31))
    response = api.get(f"/api/v1/procedures/{procedure.code}/")
    assert response.status_code == 200
    assert response.json()["current_version"] is None


def test_unknown_procedure_is_404_in_the_api_shape(api):
    response = api.get("/api/v1/procedures/9.999999/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy đối tượng yêu cầu."}}


def test_catalogue_is_read_only(api):
    response = api.post("/api/v1/procedures/", {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_anonymous_catalogue_requests_are_throttled(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/hour"},
    }
    for _ in range(3):
        assert api.get("/api/v1/fields/").status_code == 200
    response = api.get("/api/v1/fields/")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "Retry-After" in response


def test_procedure_detail_carries_the_published_sections_of_the_version_in_force_on_a_day(api, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from egov.demo.procedures import application_form_docx
    from egov.procedures.blank_forms import blank_form_add
    from egov.procedures.models import FilingChannel, FilingMethod

    settings.MEDIA_ROOT = str(tmp_path)
    procedure = ProcedureFactory(code="2.000633")
    old = ProcedureVersionFactory(
        procedure=procedure,
        effective_from=dt.date(2021, 1, 1),
        effective_to=dt.date(2025, 12, 31),
        steps="Nộp hồ sơ giấy\nNhận kết quả",
        applicants="Doanh nghiệp",
        requirements="Là doanh nghiệp",
    )
    ProcedureVersionFactory(procedure=procedure, effective_from=dt.date(2026, 1, 1), steps="Nộp trực tuyến")
    FilingMethod.objects.create(version=old, channel=FilingChannel.ONLINE, time_limit=8, description="Cổng DVC")
    document = RequiredDocumentFactory(version=old, name="Đơn đề nghị")
    form = blank_form_add(
        version=old,
        upload=SimpleUploadedFile("mau.docx", application_form_docx()),
        name="Mẫu 01",
        required_document=document,
    )

    today = api.get("/api/v1/procedures/2.000633/").json()["current_version"]
    assert today["steps"] == "Nộp trực tuyến" and today["filing_methods"] == [] and today["blank_forms"] == []
    body = api.get("/api/v1/procedures/2.000633/", {"on": "2021-03-01"}).json()["current_version"]
    assert body["effective_from"] == "2021-01-01"
    assert (body["steps"], body["applicants"], body["requirements"]) == (
        "Nộp hồ sơ giấy\nNhận kết quả",
        "Doanh nghiệp",
        "Là doanh nghiệp",
    )
    assert body["filing_methods"] == [{"channel": "online", "time_limit": 8, "fee_text": "", "description": "Cổng DVC"}]
    [blank] = body["blank_forms"]
    assert blank["url"] == f"http://testserver/thu-tuc/2.000633/mau/{form.pk}/"
    assert (blank["name"], blank["required_document"], blank["sha256"]) == ("Mẫu 01", document.pk, form.sha256)
    assert api.get(blank["url"]).status_code == 200
    bad = api.get("/api/v1/procedures/2.000633/", {"on": "01/03/2021"})
    assert bad.status_code == 400 and "on" in bad.content.decode()
    assert api.get("/api/v1/procedures/2.000633/", {"on": "2000-01-01"}).json()["current_version"] is None
