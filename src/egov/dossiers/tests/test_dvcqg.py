"""The DVCQG status mapping and sync record (law-2026.md §6.4, [V-code]: the de-facto DTO of provincial
systems and the status codes 1–10 every integrator uses; TT 04/2025/TT-VPCP's annexes not yet read)."""

import datetime as dt

import pytest

from egov.organisations.roles import Role
from egov.procedures.models import FeeItem
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..dvcqg import StatusNotMapped, dvcqg_payload, national_status, status_codes_on
from ..models import Channel, NationalStatusCode, Payment, Status
from ..payments import payment_online
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db

EXPECTED = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.INTAKE_REFUSED: 3,
    Status.PROCESSING: 4,
    Status.CONSULTING: 4,
    Status.AWAITING_SIGNATURE: 4,
    Status.INTAKE_SUPPLEMENT: 5,
    Status.PAUSED: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.RESOLVED: 9,
    Status.REFUSED: 9,
    Status.RETURNED: 10,
}


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def test_every_internal_state_has_its_national_code():
    """The ten DVCQG codes, "financial obligation requested" (6) a state of its own."""
    assert set(EXPECTED) == set(Status.values)
    codes = status_codes_on(dt.date(2026, 12, 4))
    assert {status: codes[status] for status in Status.values} == EXPECTED
    assert set(codes.values()) == set(NationalStatusCode.Code.values)


def test_a_new_period_of_the_mapping_applies_from_its_date_only():
    NationalStatusCode.objects.create(status=Status.INTAKE_SUPPLEMENT, code=1, valid_from=dt.date(2027, 1, 1))
    assert national_status(Status.INTAKE_SUPPLEMENT, dt.date(2026, 12, 31)) == 5
    assert national_status(Status.INTAKE_SUPPLEMENT, dt.date(2027, 1, 1)) == 1


def test_a_status_without_a_code_is_a_clear_error():
    NationalStatusCode.objects.filter(status=Status.STOPPED).delete()
    with pytest.raises(StatusNotMapped, match="chưa có mã trạng thái DVCQG"):
        national_status(Status.STOPPED, dt.date(2026, 12, 4))


@pytest.fixture
def world(django_user_model):
    procedure = procedure_with_workflow(time_limit=10)
    version = procedure.versions.get()
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=1_200_000)
    staff = {
        "desk": make_staff(procedure.agency, Role.RECEIVING_OFFICER, full_name="Lê Thị Hồng Nhung"),
        "head": make_staff(procedure.agency, Role.UNIT_HEAD, procedure.lead_unit),
        "specialist": make_staff(procedure.agency, Role.SPECIALIST, procedure.lead_unit),
    }
    citizen = django_user_model.objects.create_user(username="dvcqg-cd", password="x")
    return procedure, staff, citizen


def test_the_record_of_a_dossier_waiting_for_its_fee(world):
    procedure, staff, citizen = world
    at = local(2026, 3, 2, 9, 0)
    dossier = submitted_dossier(procedure, at=at, owner=citizen)
    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=at)
    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=at + dt.timedelta(hours=1))
    dossier = services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=at + dt.timedelta(hours=2)
    )
    dossier = services.dossier_request_payment(dossier=dossier, actor=staff["specialist"], at=local(2026, 3, 3, 9))
    record = dvcqg_payload(dossier)
    assert record["MaHoSo"] == dossier.code and record["TrangThaiHoSo"] == 6
    assert record["KenhThucHien"] == 2 and record["LoaiDoiTuong"] == 1
    assert record["NgayTiepNhan"] == "20260302090000"
    assert record["NgayHenTra"] == "20260316170000"
    assert record["DanhSachLePhi"] == [
        {"MaPhiLePhi": None, "TenPhiLePhi": "Phí thẩm định", "HinhThucThu": None, "Gia": 1_200_000, "LoaiPhiLePhi": 1}
    ]
    assert record["DuocThanhToanTrucTuyen"] == 0 and record["TaiKhoanDuocXacThucVoiVNeID"] == 0
    assert [step["TrangThai"] for step in record["tienTrinhDongBo"]] == [1, 2, 4, 4, 6]
    assert record["tienTrinhDongBo"][1]["NguoiXuLy"] == "Lê Thị Hồng Nhung"
    payment_online(dossier=dossier, payer=citizen)
    dossier.refresh_from_db()
    record = dvcqg_payload(dossier)
    assert record["TrangThaiHoSo"] == 4 and record["DuocThanhToanTrucTuyen"] == 2
    assert Payment.objects.get().method == Payment.Method.ONLINE


def test_an_intake_refusal_carries_its_date(world):
    procedure, staff, _ = world
    dossier = submitted_dossier(procedure, at=local(2026, 3, 2, 9, 0), channel=Channel.DIRECT, actor=staff["desk"])
    dossier = services.dossier_refuse_intake(
        dossier=dossier, actor=staff["desk"], reason="Không thuộc thẩm quyền.", at=local(2026, 3, 2, 9, 30)
    )
    record = dvcqg_payload(dossier)
    assert (record["TrangThaiHoSo"], record["NgayTuChoi"], record["KenhThucHien"]) == (3, "20260302093000", 1)
    assert record["MaHoSo"] is None and record["NgayTiepNhan"] is None


def test_the_record_carries_what_the_intake_reported(world):
    """law-2026.md §6.4: TaiKhoanDuocXacThucVoiVNeID, DuocTaiSuDung, DuocLayTuKhoDMQG are what the
    intake recorded on the dossier and its files (QĐ 766 indicators 4.3–4.5 read the same flags)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from egov.demo.dossiers import DEMO_PDF

    from ..attachments import attachment_add
    from .factories import applicant

    procedure, _, citizen = world
    dossier = services.dossier_submit(
        procedure=procedure,
        applicant=applicant(identity_verified=True, population_data_used=True),
        channel=Channel.ONLINE,
        owner=citizen,
        at=local(2026, 3, 2, 9, 0),
    )
    assert dossier.identity_verified and dossier.population_data_used
    for name, flags in (("a.pdf", {"is_reused": True}), ("b.pdf", {"from_personal_store": True})):
        attachment_add(
            dossier=dossier, upload=SimpleUploadedFile(name, DEMO_PDF), actor=citizen, is_digitised=True, **flags
        )
    record = dvcqg_payload(dossier)
    assert record["TaiKhoanDuocXacThucVoiVNeID"] == 1
    assert [(item["DuocTaiSuDung"], item["DuocLayTuKhoDMQG"]) for item in record["TaiLieuNop"]] == [(1, 0), (0, 1)]


def test_the_return_method_is_the_applicants_choice_from_filing_on():
    """HinhThuc (0 desk, 1 post, 2 online [K], law-2026.md §6.4) is known from filing, not only at return."""
    dossier = submitted_dossier(procedure_with_workflow())
    dossier.result_delivery, dossier.result_address = "post", "Số 5 Phan Bội Châu"
    dossier.save()
    assert dvcqg_payload(dossier)["HinhThuc"] == 1
