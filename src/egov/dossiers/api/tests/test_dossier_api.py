"""The dossier API drives the lifecycle services: intake, transitions, history, files."""

import datetime as dt
import inspect
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from egov.api.tests.factories import (
    AgencyFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    RequiredDocumentFactory,
    UnitFactory,
    citizen,
    staff,
)
from egov.api.tests.world import PDF
from egov.dossiers.api.views import TRANSITION_INPUTS
from egov.dossiers.models import Attachment, Dossier, NationalStatusCode, Status
from egov.dossiers.services import SERVICES
from egov.organisations.roles import Role
from egov.procedures.models import OnlineLevel

pytestmark = pytest.mark.django_db

APPLICANT = {
    "kind": "person",
    "name": "Nguyễn Thị Lan",
    "id_number": "051190000123",
    "phone": "0905 123 456",
    "address": "12 Lê Lợi, TP Quảng Ngãi",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def office():
    """An agency with its one-stop desk, a processing unit and the people of the workflow."""
    agency = AgencyFactory()
    unit = UnitFactory(agency=agency)
    procedure = ProcedureFactory(agency=agency, lead_unit=unit)
    version = ProcedureVersionFactory(procedure=procedure, time_limit=10, online_level=OnlineLevel.FULL)
    document = RequiredDocumentFactory(version=version, name="Đơn đề nghị cấp giấy phép")

    class Office:
        pass

    office = Office()
    office.agency, office.unit, office.procedure, office.document = agency, unit, procedure, document
    office.desk = staff(Role.RECEIVING_OFFICER, agency=agency)
    office.head = staff(Role.UNIT_HEAD, agency=agency, unit=unit)
    office.specialist = staff(Role.SPECIALIST, agency=agency, unit=unit)
    office.leader = staff(Role.AGENCY_LEADER, agency=agency)
    office.applicant = citizen()
    return office


def submit_online(office) -> dict:
    response = client_for(office.applicant).post(
        "/api/v1/dossiers/", {"procedure": office.procedure.code, "applicant": APPLICANT}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def act(user, dossier_id: int, action: str, payload: dict | None = None):
    return client_for(user).post(f"/api/v1/dossiers/{dossier_id}/transitions/{action}/", payload or {}, format="json")


def test_every_lifecycle_action_has_an_api_input_that_matches_its_service():
    assert set(TRANSITION_INPUTS) == set(SERVICES)
    for action, serializer in TRANSITION_INPUTS.items():
        accepted = set(inspect.signature(SERVICES[action]).parameters) - {"dossier", "actor", "at"}
        assert set(serializer().fields) <= accepted, action


def test_citizen_submits_online_and_owns_the_dossier(office):
    body = submit_online(office)
    assert body["status"] == "submitted"
    assert body["channel"] == "online"
    assert body["code"] is None  # the code is issued at receipt
    assert body["applicant_phone"] == "0905123456"  # normalised by the intake service
    dossier = Dossier.objects.get(pk=body["id"])
    assert dossier.owner == office.applicant
    listed = client_for(office.applicant).get("/api/v1/dossiers/").json()
    assert [row["id"] for row in listed["results"]] == [dossier.pk]


def test_intake_errors_come_from_the_service_by_field(office):
    payload = {"procedure": office.procedure.code, "applicant": {**APPLICANT, "id_number": "", "phone": "12"}}
    response = client_for(office.applicant).post("/api/v1/dossiers/", payload, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["id_number"] == ["Cần nhập số định danh cá nhân."]
    assert error["fields"]["phone"] == ["Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (hoặc +84)."]
    assert not Dossier.objects.exists()


def test_unknown_procedure_is_a_field_error(office):
    payload = {"procedure": "9.999999", "applicant": APPLICANT}
    response = client_for(office.applicant).post("/api/v1/dossiers/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["procedure"]


def test_a_citizen_cannot_file_at_the_counter(office):
    payload = {"procedure": office.procedure.code, "applicant": APPLICANT, "channel": "direct"}
    response = client_for(office.applicant).post("/api/v1/dossiers/", payload, format="json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "forbidden",
        "message": "Chỉ cán bộ Bộ phận Một cửa của cơ quan mới nhận hồ sơ trực tiếp hoặc qua bưu chính.",
    }


def test_counter_intake_belongs_to_no_account(office):
    payload = {"procedure": office.procedure.code, "applicant": APPLICANT, "channel": "direct", "sets_count": 2}
    response = client_for(office.desk).post("/api/v1/dossiers/", payload, format="json")
    assert response.status_code == 201
    dossier = Dossier.objects.get(pk=response.json()["id"])
    assert dossier.owner is None
    assert dossier.channel == "direct"
    assert dossier.sets_count == 2


def test_the_whole_lifecycle_through_the_api(office):
    dossier_id = submit_online(office)["id"]

    allowed = client_for(office.desk).get(f"/api/v1/dossiers/{dossier_id}/transitions/").json()
    assert {row["action"] for row in allowed} >= {"receive", "request_intake_supplement", "refuse_intake"}
    receive = next(row for row in allowed if row["action"] == "receive")
    assert receive["url"] == f"/api/v1/dossiers/{dossier_id}/transitions/receive/"
    assert receive["label"] == "Tiếp nhận hồ sơ (Mẫu 01)"

    received = act(office.desk, dossier_id, "receive").json()
    assert received["status"] == "received"
    assert received["code"].startswith(f"{office.agency.identifier}-")
    assert received["due_date"] is not None

    assert act(office.desk, dossier_id, "transfer").json()["unit"]["id"] == office.unit.pk
    assigned = act(office.head, dossier_id, "assign", {"assignee": office.specialist.pk}).json()
    assert assigned["assignee"]["id"] == office.specialist.pk
    assert act(office.specialist, dossier_id, "submit_for_signature", {"note": "Đủ điều kiện"}).status_code == 200
    assert act(office.head, dossier_id, "approve").status_code == 200
    signed = act(office.leader, dossier_id, "sign", {"result_number": "12/GP-SCT"}).json()
    assert (signed["status"], signed["outcome"], signed["result_number"]) == ("resolved", "resolved", "12/GP-SCT")
    assert act(office.desk, dossier_id, "return_result", {"method": "desk"}).json()["status"] == "returned"
    rated = act(office.applicant, dossier_id, "rate", {"rating": "very_satisfied"}).json()
    assert rated["rating"] == "very_satisfied"

    history = client_for(office.desk).get(f"/api/v1/dossiers/{dossier_id}/status/").json()["history"]
    assert [event["action"] for event in history] == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "submit_for_signature",
        "approve",
        "sign",
        "return_result",
        "rate",
    ]
    assert history[1]["to_status"] == "received"
    assert history[1]["actor"]["id"] == office.desk.pk
    # The applicant's own view is the portal's: no internal steps, no staff names
    # (dossiers/tests/test_selectors.py for the notes and the portal).
    history = client_for(office.applicant).get(f"/api/v1/dossiers/{dossier_id}/status/").json()["history"]
    assert [event["action"] for event in history] == ["submit", "receive", "transfer", "sign", "return_result", "rate"]
    assert all(event["actor"] is None for event in history)


def test_a_transition_from_the_wrong_state_is_a_conflict(office):
    dossier_id = submit_online(office)["id"]
    assert act(office.desk, dossier_id, "receive").status_code == 200
    response = act(office.desk, dossier_id, "receive")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "invalid_state",
        "message": "Không thể “Tiếp nhận hồ sơ (Mẫu 01)” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”.",
    }


def test_assigning_the_current_assignee_again_is_a_conflict_that_records_nothing(office):
    dossier_id = submit_online(office)["id"]
    act(office.desk, dossier_id, "receive")
    act(office.desk, dossier_id, "transfer")
    assert act(office.head, dossier_id, "assign", {"assignee": office.specialist.pk}).status_code == 200
    response = act(office.head, dossier_id, "assign", {"assignee": office.specialist.pk})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "unchanged"
    assert Dossier.objects.get(pk=dossier_id).events.filter(action="assign").count() == 1


def test_a_sets_count_the_column_cannot_hold_is_refused_by_name(office):
    # Before: 1,000,000 was stored as 16960 on PostgreSQL with prepared statements.
    for sets_count in (1_000_000, 2**31, 0):
        payload = {"procedure": office.procedure.code, "applicant": APPLICANT, "channel": "direct"}
        payload["sets_count"] = sets_count
        response = client_for(office.desk).post("/api/v1/dossiers/", payload, format="json")
        assert response.status_code == 400, sets_count
        assert list(response.json()["error"]["fields"]) == ["sets_count"]
    assert not Dossier.objects.exists()


def test_a_rule_refusal_keeps_the_services_code(office):
    dossier_id = submit_online(office)["id"]
    response = act(office.desk, dossier_id, "refuse_intake", {"reason": "   "})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    assert response.json()["error"]["message"] == "Cần ghi rõ lý do từ chối tiếp nhận."
    assert Dossier.objects.get(pk=dossier_id).status == Status.SUBMITTED


def test_missing_input_is_a_field_error(office):
    dossier_id = submit_online(office)["id"]
    response = act(office.desk, dossier_id, "request_intake_supplement", {})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["items"]


def test_an_unknown_action_answers_in_the_api_shape(office):
    dossier_id = submit_online(office)["id"]
    response = act(office.desk, dossier_id, "approve_everything")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_action"


def test_the_applicant_withdraws_own_dossier(office):
    dossier_id = submit_online(office)["id"]
    allowed = {
        row["action"] for row in client_for(office.applicant).get(f"/api/v1/dossiers/{dossier_id}/transitions/").json()
    }
    assert allowed == {"withdraw"}
    response = act(office.applicant, dossier_id, "withdraw", {"reason": "Nộp nhầm thủ tục."})
    assert response.json()["status"] == "withdrawn"


# --- files ------------------------------------------------------------------------------------------


def upload(user, dossier_id, content: bytes, name="don-de-nghi.pdf", **extra):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client_for(user).post(
        f"/api/v1/dossiers/{dossier_id}/attachments/", {"file": file, **extra}, format="multipart"
    )


def test_upload_is_checked_by_content_and_downloadable(office):
    dossier_id = submit_online(office)["id"]
    response = upload(office.applicant, dossier_id, PDF, name="Đơn đề nghị.pdf", required_document=office.document.pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["content_type"], body["size"], body["original_name"]) == (
        "application/pdf",
        len(PDF),
        "Đơn đề nghị.pdf",
    )

    download = client_for(office.desk).get(f"/api/v1/dossiers/{dossier_id}/attachments/{body['id']}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_a_renamed_executable_is_refused(office):
    dossier_id = submit_online(office)["id"]
    response = upload(office.applicant, dossier_id, b"MZ\x90\x00\x03" + b"\x00" * 200, name="giay-phep.pdf")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_type"
    assert not Attachment.objects.exists()


def test_a_zip_disguised_as_docx_is_refused(office):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "x")
    dossier_id = submit_online(office)["id"]
    response = upload(office.applicant, dossier_id, buffer.getvalue(), name="to-khai.docx")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_type"


def test_a_zip_bomb_shaped_as_docx_is_refused_with_a_precise_code(office):
    from egov.core.tests.test_files import zip_bomb_docx

    dossier_id = submit_online(office)["id"]
    response = upload(office.applicant, dossier_id, zip_bomb_docx(), name="to-khai.docx")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "archive_too_large",
        "message": "Tệp nén khi giải nén chiếm 110 MB, vượt giới hạn 100 MB: không nhận.",
        "fields": {},
    }
    assert not Attachment.objects.exists()


def test_a_finished_dossier_takes_no_file_through_the_api(office):
    dossier_id = submit_online(office)["id"]
    assert act(office.applicant, dossier_id, "withdraw", {"reason": "Nộp nhầm thủ tục."}).status_code == 200
    for user, kind in ((office.applicant, "supplement"), (office.desk, "internal")):
        response = upload(user, dossier_id, PDF, kind=kind)
        assert response.status_code == 409
        assert response.json()["error"] == {
            "code": "invalid_state",
            "message": "Hồ sơ đang ở trạng thái “Rút hồ sơ”: không nhận thêm tệp.",
        }
    assert not Attachment.objects.exists()


def test_the_dossier_cap_through_the_api(office, settings):
    settings.EGOV_DOSSIER_MAX_BYTES = 2 * len(PDF)
    dossier_id = submit_online(office)["id"]
    assert upload(office.applicant, dossier_id, PDF).status_code == 201
    assert upload(office.applicant, dossier_id, PDF).status_code == 201
    response = upload(office.applicant, dossier_id, PDF)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "dossier_quota"
    assert error["message"] == (
        f"Tổng dung lượng tệp của một hồ sơ tối đa {2 * len(PDF)} byte: hồ sơ đã có {2 * len(PDF)} byte, "
        f"tệp gửi thêm {len(PDF)} byte, chỉ còn nhận được 0 byte."
    )
    assert Attachment.objects.count() == 2


def test_an_applicant_cannot_upload_a_result(office):
    dossier_id = submit_online(office)["id"]
    response = upload(office.applicant, dossier_id, PDF, kind="result")
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_document_of_another_procedure_is_refused(office):
    dossier_id = submit_online(office)["id"]
    foreign = RequiredDocumentFactory()
    response = upload(office.applicant, dossier_id, PDF, required_document=foreign.pk)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_item"


def test_upload_needs_a_file(office):
    dossier_id = submit_online(office)["id"]
    response = client_for(office.applicant).post(f"/api/v1/dossiers/{dossier_id}/attachments/", {}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["file"]


def test_list_filters(office):
    first = submit_online(office)["id"]
    second = submit_online(office)["id"]
    act(office.desk, first, "receive")
    client = client_for(office.desk)
    assert [r["id"] for r in client.get("/api/v1/dossiers/", {"status": "received"}).json()["results"]] == [first]
    assert [r["id"] for r in client.get("/api/v1/dossiers/", {"status": "submitted"}).json()["results"]] == [second]
    today = dt.date.today().isoformat()
    assert client.get("/api/v1/dossiers/", {"received_from": today}).json()["count"] <= 1
    assert client.get("/api/v1/dossiers/", {"status": "nonsense"}).status_code == 400


def test_text_must_be_sent_as_text(office):
    # openapi.yaml says a string: a number is refused, not turned into "5" and acted on.
    dossier_id = submit_online(office)["id"]
    response = act(office.desk, dossier_id, "refuse_intake", {"reason": 5})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["reason"]
    assert Dossier.objects.get(pk=dossier_id).status == "submitted"
    payload = {"procedure": office.procedure.code, "applicant": {**APPLICANT, "name": 12345}}
    response = client_for(office.applicant).post("/api/v1/dossiers/", payload, format="json")
    assert list(response.json()["error"]["fields"]) == ["applicant.name"]


def test_the_dvcqg_record_is_for_staff_in_scope(office):
    """GET /dossiers/{id}/dvcqg/: the sync record with TrangThaiHoSo mapped (law-2026.md §6.4)."""
    dossier = Dossier.objects.get(pk=submit_online(office)["id"])
    citizen = office.applicant
    response = client_for(office.desk).get(f"/api/v1/dossiers/{dossier.pk}/dvcqg/")
    assert response.status_code == 200 and response.json()["TrangThaiHoSo"] == 1
    assert client_for(citizen).get(f"/api/v1/dossiers/{dossier.pk}/dvcqg/").status_code == 403
    outsider = staff(Role.RECEIVING_OFFICER, agency=AgencyFactory())
    assert client_for(outsider).get(f"/api/v1/dossiers/{dossier.pk}/dvcqg/").status_code == 404
    NationalStatusCode.objects.filter(status=Status.SUBMITTED).delete()
    response = client_for(office.desk).get(f"/api/v1/dossiers/{dossier.pk}/dvcqg/")
    assert response.status_code == 409 and "chưa có mã trạng thái DVCQG" in response.json()["error"]["message"]
