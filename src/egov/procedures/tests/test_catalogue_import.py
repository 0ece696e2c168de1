"""`load_catalogue`: the shared 76-row catalogue, idempotence, versioning and files it must refuse."""

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.procedures.catalogue_import import local_code
from egov.procedures.models import FeeItem, Field, OnlineLevel, Procedure, ProcedureVersion, RequiredDocument
from egov.procedures.selectors import procedure_current_version
from egov.procedures.tests.factories import AgencyFactory, WorkflowStepFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tthc_catalogue.csv"
SHARED = Path(__file__).resolve().parents[5] / "shared" / "data" / "tthc_catalogue.csv"
CATALOGUE = SHARED if SHARED.is_file() else FIXTURE

# Physical CSV line -> columns whose values are kept verbatim (raw_values), for the shared file.
EXPECTED_UNPARSED = {
    2: {"fee_vnd"},
    3: {"fee_vnd"},
    7: {"online_level"},
    8: {"fee_vnd"},
    21: {"fee_vnd"},
    22: {"fee_vnd"},
    23: {"fee_vnd"},
    25: {"fee_vnd"},
    26: {"fee_vnd"},
    27: {"fee_vnd"},
    28: {"reduced_time_limit_days"},
    29: {"fee_vnd"},
    30: {"fee_vnd"},
    31: {"fee_vnd"},
    38: {"fee_vnd"},
    39: {"fee_vnd"},
    46: {"time_limit_days", "fee_vnd"},
    53: {"fee_vnd"},
    54: {"fee_vnd"},
    63: {"time_limit_days"},
    67: {"fee_vnd", "online_level"},
    73: {"time_limit_days"},
    75: {"time_limit_days"},
    77: {"time_limit_days"},
}
HEADER = "code,name,field,time_limit_days,reduced_time_limit_days,fee_vnd,online_level,result,legal_basis,source_url"


@pytest.fixture
def sct():
    return AgencyFactory(short_name="SCT", identifier="000.00.53.H48", name="Sở Công Thương tỉnh Quảng Ngãi")


def load(path, *args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text: str, name="catalogue.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_lines() -> list[str]:
    return CATALOGUE.read_text(encoding="utf-8").splitlines()


def snapshot():
    return (
        list(Procedure.objects.order_by("pk").values_list("pk", "code", "name", "updated_at")),
        list(ProcedureVersion.objects.order_by("pk").values_list("pk", "effective_from", "effective_to", "updated_at")),
        list(FeeItem.objects.order_by("pk").values_list("pk", "amount_vnd")),
        list(Field.objects.order_by("pk").values_list("pk", "name")),
    )


def version(code: str) -> ProcedureVersion:
    return Procedure.objects.get(code=code).versions.get()


# ----------------------------------------------------------------------------- the shared file


def test_imports_all_76_rows_with_28_national_codes(sct):
    output = load(CATALOGUE)

    assert Procedure.objects.count() == 76
    assert Procedure.objects.filter(has_national_code=True).count() == 28
    assert Procedure.objects.filter(code__startswith="LOCAL-").count() == 48
    assert ProcedureVersion.objects.count() == 76
    assert set(Procedure.objects.values_list("agency", flat=True)) == {sct.pk}
    assert Field.objects.count() == 14
    assert "đọc 76 dòng; tạo mới 76, cập nhật 0 (mở phiên bản mới 0), không đổi 0; 24 dòng" in output


def test_reports_exactly_the_unparsed_rows_with_line_numbers(sct):
    output = load(CATALOGUE)

    reported = {int(line.split()[1]) for line in output.splitlines() if line.startswith("Dòng ")}
    assert reported == set(EXPECTED_UNPARSED)
    assert "Dòng 75 [2.000330]" in output
    assert "time_limit_days = “10 + 15 + 3”: thời hạn gồm nhiều giai đoạn" in output
    versions = {v.procedure.code: v for v in ProcedureVersion.objects.select_related("procedure")}
    lines = csv_lines()
    for line, columns in EXPECTED_UNPARSED.items():
        code, name = next(csv.reader([lines[line - 1]]))[:2]
        assert set(versions[code or local_code(name)].raw_values) == columns, line
    assert sum(1 for v in versions.values() if v.raw_values) == len(EXPECTED_UNPARSED)


def test_parsed_values_match_the_csv(sct):
    load(CATALOGUE)

    petrol = version("2.000648")  # 20,10 (Quảng Nam),<fee with several amounts>,Mức độ 3 (Quảng Trị)
    assert (petrol.time_limit, petrol.reduced_time_limit, petrol.effective_time_limit) == (20, 10, 10)
    assert petrol.time_limit_unit == "working_days" and petrol.time_limit_text == ""
    assert (petrol.online_level, petrol.legacy_online_level) == (OnlineLevel.PARTIAL, 3)
    assert petrol.value_sources == {"reduced_time_limit_days": "Quảng Nam", "online_level": "Quảng Trị"}
    assert petrol.raw_values["fee_vnd"].startswith("phí thẩm định theo TT 168/2016/TT-BTC")
    assert petrol.fee_text == petrol.raw_values["fee_vnd"] and not petrol.fee_items.exists()
    assert petrol.result_document == "Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu"
    assert petrol.procedure.field.name == "Lưu thông hàng hóa trong nước"

    full = version("2.000645")  # Toàn trình (Vĩnh Phúc)
    assert (full.online_level, full.legacy_online_level, full.time_limit) == (OnlineLevel.FULL, None, 16)

    free = version("2.000664")  # Không (theo trang Tiền Giang)
    assert free.fee_text == "Không (theo trang Tiền Giang)" and "fee_vnd" not in free.raw_values
    assert free.total_fee_vnd == 0 and not free.fee_items.exists()

    tobacco = version("2.000637")  # phí thẩm định 2.200.000 đ/lần/hồ sơ (TT 299/2016/TT-BTC)
    assert [(i.name, i.amount_vnd) for i in tobacco.fee_items.all()] == [("Phí thẩm định", 2_200_000)]
    assert tobacco.value_sources == {"fee_vnd": "TT 299/2016/TT-BTC"}

    level4 = version("2.000197")  # 15,11 (Bà Rịa - Vũng Tàu),phí thẩm định 2.200.000 đ/lần,Mức độ 4 (...)
    assert (level4.time_limit, level4.reduced_time_limit, level4.total_fee_vnd) == (15, 11, 2_200_000)
    # Line 4: "1.200.000 (TP, thị xã) / 600.000 (khu vực khác) đ/lần thẩm định" — two rates, one applies
    # (TT 168/2016/TT-BTC by area): no fixed fee, the desk chooses per dossier.
    small_petrol = ProcedureVersion.objects.get(
        fee_text__startswith="1.200.000 (TP, thị xã) / 600.000 (khu vực khác) đ/lần"
    )
    assert [(i.amount_vnd, i.condition) for i in small_petrol.fee_items.all()] == [
        (1_200_000, "TP, thị xã"),
        (600_000, "khu vực khác"),
    ]
    assert small_petrol.fee_fixed is None and small_petrol.fee_known
    assert (level4.online_level, level4.legacy_online_level) == (OnlineLevel.FULL, 4)

    staged = version("2.000330")  # 10 + 15 + 3
    assert (staged.time_limit, staged.time_limit_text) == (None, "10 + 15 + 3")
    assert staged.raw_values == {"time_limit_days": "10 + 15 + 3"}

    representative = version(
        local_code("Cấp Giấy phép thành lập Văn phòng đại diện của thương nhân nước ngoài tại Việt Nam")
    )
    assert [(i.name, i.amount_vnd) for i in representative.fee_items.all()] == [("Lệ phí", 3_000_000)]
    assert (representative.online_level, representative.legacy_online_level) == (OnlineLevel.PARTIAL, 3)

    cng = version(local_code("Cấp Giấy chứng nhận đủ điều kiện trạm nạp CNG vào phương tiện vận tải"))
    assert cng.reduced_time_limit is None and cng.time_limit is None
    assert cng.raw_values["reduced_time_limit_days"] == "118 giờ làm việc (Ninh Bình)"

    alcohol = version(local_code("Cấp giấy phép bán buôn rượu trên địa bàn tỉnh, thành phố trực thuộc Trung ương"))
    assert alcohol.online_level == OnlineLevel.NONE and alcohol.time_limit == 10
    assert "motcua.quangngai.gov.vn" in alcohol.raw_values["online_level"]
    assert alcohol.source_url.startswith("https://sct.quangngai.gov.vn/")

    no_limit = version(local_code("Cấp lại Giấy xác nhận đủ điều kiện làm đại lý bán lẻ xăng dầu"))
    assert no_limit.time_limit is None and "time_limit_days" not in no_limit.raw_values


def test_local_codes_are_stable_and_derived_from_the_normalised_name(sct, tmp_path):
    load(CATALOGUE)
    first = dict(Procedure.objects.filter(has_national_code=False).values_list("name", "code"))
    Procedure.objects.all().delete()  # cascade: versions
    load(CATALOGUE)
    assert dict(Procedure.objects.filter(has_national_code=False).values_list("name", "code")) == first
    for name, code in first.items():
        assert code == local_code(name)
    assert local_code("Cấp sửa đổi/ bổ sung  GIẤY PHÉP") == local_code("cap sua doi, bo sung giay phep")
    assert local_code("Cấp giấy phép") != local_code("Cấp lại giấy phép")


def test_text_is_stored_nfc_and_decomposed_input_finds_the_same_procedure(sct, tmp_path):
    name = "Cấp Giấy phép bán buôn rượu thử nghiệm"
    load(write(tmp_path, f"{HEADER}\n,{name},Lưu thông hàng hóa trong nước,10,,,,,,\n"))
    decomposed = unicodedata.normalize("NFD", f"{HEADER}\n,{name},Lưu thông hàng hóa trong nước,12,,,,,,\n")
    output = load(write(tmp_path, decomposed, "nfd.csv"))

    assert "tạo mới 0, cập nhật 1" in output
    procedure = Procedure.objects.get()
    assert procedure.name == unicodedata.normalize("NFC", name) and procedure.versions.get().time_limit == 12
    assert Field.objects.get().name == unicodedata.normalize("NFC", "Lưu thông hàng hóa trong nước")


# ----------------------------------------------------------------------------- re-import


def test_second_run_creates_nothing(sct):
    load(CATALOGUE)
    before = snapshot()
    output = load(CATALOGUE)

    assert "tạo mới 0, cập nhật 0 (mở phiên bản mới 0), không đổi 76" in output
    assert snapshot() == before


def test_changed_rule_without_effective_from_updates_the_current_version_in_place(sct, tmp_path):
    load(CATALOGUE)
    lines = csv_lines()
    lines[1] = lines[1].replace(",20,10 (Quảng Nam),", ",15,10 (Quảng Nam),", 1)
    output = load(write(tmp_path, "\n".join(lines) + "\n"))

    assert "tạo mới 0, cập nhật 1 (mở phiên bản mới 0), không đổi 75" in output
    assert ProcedureVersion.objects.count() == 76
    assert version("2.000648").time_limit == 15


def test_effective_from_opens_a_new_version_only_for_changed_procedures(sct, tmp_path):
    load(CATALOGUE, "--effective-from", "2026-01-01")
    current = version("2.000648")
    current.decision = "Quyết định 1234/QĐ-UBND ngày 01/7/2021"
    current.save()
    WorkflowStepFactory(version=current, order=1)
    RequiredDocument.objects.create(version=current, name="Đơn đề nghị")
    lines = csv_lines()
    lines[1] = lines[1].replace(",20,10 (Quảng Nam),", ",15,10 (Quảng Nam),", 1)
    output = load(write(tmp_path, "\n".join(lines) + "\n"), "--effective-from", "2026-07-01")

    assert "tạo mới 0, cập nhật 1 (mở phiên bản mới 1), không đổi 75" in output
    assert ProcedureVersion.objects.count() == 77
    procedure = Procedure.objects.get(code="2.000648")
    old, new = procedure.versions.order_by("effective_from")
    assert (old.effective_from, old.effective_to, old.time_limit) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30), 20)
    assert (new.effective_from, new.effective_to, new.time_limit, new.reduced_time_limit) == (
        dt.date(2026, 7, 1),
        None,
        15,
        10,
    )
    assert procedure_current_version(procedure, on=dt.date(2026, 6, 30)) == old
    assert procedure_current_version(procedure, on=dt.date(2026, 7, 1)) == new
    assert procedure_current_version(procedure, on=dt.date(2025, 12, 31)) is None
    # What the CSV does not carry moves to the new version: the workflow and the documents.
    assert new.workflow_steps.count() == 1 and new.required_documents.count() == 1
    assert old.workflow_steps.count() == 1 and old.required_documents.count() == 1
    assert new.raw_values == old.raw_values and new.fee_text == old.fee_text
    assert old.decision.startswith("Quyết định 1234") and new.decision == ""

    # Same file, same date: nothing more to do.
    again = load(write(tmp_path, "\n".join(lines) + "\n"), "--effective-from", "2026-07-01")
    assert "không đổi 76" in again and ProcedureVersion.objects.count() == 77


def test_effective_from_before_the_current_version_is_refused(sct, tmp_path):
    load(CATALOGUE, "--effective-from", "2026-01-01")
    before = snapshot()
    lines = csv_lines()
    lines[1] = lines[1].replace(",20,10 (Quảng Nam),", ",15,10 (Quảng Nam),", 1)
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, "\n".join(lines) + "\n"), "--effective-from", "2025-01-01")
    assert error.value.returncode == 2 and "sớm hơn" in str(error.value)
    assert snapshot() == before


def test_a_value_completed_by_hand_survives_reimport_while_its_text_is_unchanged(sct, tmp_path):
    load(CATALOGUE)
    staged = version("2.000330")
    staged.time_limit = 28
    staged.save()
    FeeItem.objects.create(version=version("2.000648"), name="Phí thẩm định (thành phố)", amount_vnd=1_200_000)

    assert "không đổi 76" in load(CATALOGUE)
    assert version("2.000330").time_limit == 28
    assert version("2.000648").total_fee_vnd == 1_200_000

    lines = csv_lines()
    lines[74] = lines[74].replace("10 + 15 + 3", "10 + 15 + 5")
    load(write(tmp_path, "\n".join(lines) + "\n"))
    changed = version("2.000330")
    assert (changed.time_limit, changed.time_limit_text) == (None, "10 + 15 + 5")


def test_a_national_code_found_later_keeps_the_procedure(sct, tmp_path):
    name = "Cấp Giấy phép thử nghiệm"
    load(write(tmp_path, f"{HEADER}\n,{name},Điện,5,,,,,,\n"))
    local = Procedure.objects.get()
    assert local.code == local_code(name) and not local.has_national_code
    load(write(tmp_path, f"{HEADER}\n2.999999,{name},Điện,5,,,,,,\n"))
    procedure = Procedure.objects.get()
    assert (procedure.pk, procedure.code, procedure.has_national_code) == (local.pk, "2.999999", True)


def test_procedures_absent_from_the_file_are_counted_not_touched(sct, tmp_path):
    load(CATALOGUE)
    output = load(write(tmp_path, f"{HEADER}\n2.000648,Cấp Giấy chứng nhận,Lưu thông hàng hóa trong nước,20,,,,,,\n"))
    assert "75 thủ tục của cơ quan không có trong tệp (không thay đổi)" in output
    assert Procedure.objects.filter(is_active=True).count() == 76


def test_dry_run_writes_nothing(sct):
    output = load(CATALOGUE, "--dry-run")
    assert "[Chạy thử, không ghi]" in output and "tạo mới 76" in output
    assert Procedure.objects.count() == 0 and Field.objects.count() == 0


# ----------------------------------------------------------------------------- agency


def test_agency_by_identifier(sct):
    other = AgencyFactory(short_name="SNV", identifier="000.00.51.H48")
    load(CATALOGUE, "--agency", "000.00.51.H48")
    assert set(Procedure.objects.values_list("agency", flat=True)) == {other.pk}


@pytest.mark.parametrize("setup", ["none", "two"])
def test_agency_must_be_named_unless_there_is_exactly_one_sct(setup):
    if setup == "two":
        AgencyFactory(short_name="SCT", identifier="000.00.53.H48")
        AgencyFactory(short_name="SCT", identifier="000.00.53.H49")
    with pytest.raises(CommandError) as error:
        load(CATALOGUE)
    assert error.value.returncode == 2 and "--agency" in str(error.value)
    if setup == "none":
        assert "load_demo" in str(error.value)
    assert Procedure.objects.count() == 0


def test_unknown_agency_identifier(sct):
    with pytest.raises(CommandError) as error:
        load(CATALOGUE, "--agency", "000.00.99.H48")
    assert error.value.returncode == 2 and "000.00.99.H48" in str(error.value)


def test_a_procedure_of_another_agency_rolls_the_whole_import_back(sct, tmp_path):
    other = AgencyFactory(short_name="SNV", identifier="000.00.51.H48")
    load(write(tmp_path, f"{HEADER}\n2.000648,Thủ tục của Sở khác,Điện,5,,,,,,\n"), "--agency", other.identifier)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        load(CATALOGUE)  # row 2 is 2.000648, rows before it would otherwise be written
    assert error.value.returncode == 2 and "dòng 2" in str(error.value)
    assert snapshot() == before


# ----------------------------------------------------------------------------- bad files


def _bad_files():
    good_row = "2.000001,Cấp giấy phép,Điện,5,,,,,,"
    return {
        "missing column": (f"{HEADER.replace(',fee_vnd', '')}\n2.000001,Cấp giấy phép,Điện,5,,,,,\n", "fee_vnd"),
        "empty file": ("", "rỗng"),
        "header only": (f"{HEADER}\n", "không có dòng dữ liệu"),
        "binary garbage": (bytes(range(256)) * 4, "nhị phân"),
        "xlsx": (b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 40, "Excel"),
        "windows-1258 bytes": (
            f"{HEADER}\n{good_row}\n,Cấp phép rượu,Điện,5,,,,,,\n".encode("cp1258", "replace"),
            "UTF-8",
        ),
        "latin-1 bytes": (
            f"{HEADER}\n".encode() + "2.000001,Café,Điện,5,,,,,,\n".encode("latin-1", "replace"),
            "UTF-8",
        ),
        "duplicate code": (f"{HEADER}\n{good_row}\n2.000001,Cấp lại giấy phép,Điện,5,,,,,,\n", "trùng mã 2.000001"),
        "duplicate local name": (
            f"{HEADER}\n,Cấp giấy phép,Điện,5,,,,,,\n,CẤP GIẤY PHÉP,Điện,7,,,,,,\n",
            "Dòng 3: trùng tên thủ tục",
        ),
        "row without name": (f"{HEADER}\n{good_row}\n2.000002,,Điện,5,,,,,,\n", "Dòng 3: thiếu tên thủ tục"),
        "row without field": (f"{HEADER}\n2.000002,Cấp phép,,5,,,,,,\n", "thiếu lĩnh vực"),
        "bad code": (f"{HEADER}\n2.0001,Cấp phép,Điện,5,,,,,,\n", "không đúng dạng"),
        "short row": (f"{HEADER}\n2.000002,Cấp phép,Điện\n", "Dòng 2: có 3 cột, cần 10 cột như dòng tiêu đề"),
        "semicolons": (HEADER.replace(",", ";") + "\n", "dấu chấm phẩy"),
        "unclosed quote": (f'{HEADER}\n2.000002,"Cấp phép,Điện,5,,,,,,\n', "CSV"),
    }


@pytest.mark.parametrize("case", list(_bad_files()))
def test_bad_files_are_refused_with_exit_code_2_and_change_nothing(case, sct, tmp_path):
    content, expected = _bad_files()[case]
    load(write(tmp_path, f"{HEADER}\n,Thủ tục có sẵn,Điện,5,,,,,,\n", "existing.csv"))
    before = snapshot()
    path = tmp_path / "bad.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    with pytest.raises(CommandError) as error:
        load(path)

    assert error.value.returncode == 2
    assert expected in str(error.value) and "Không có thay đổi nào được ghi" in str(error.value)
    assert snapshot() == before


def test_missing_file(sct, tmp_path):
    with pytest.raises(CommandError) as error:
        load(tmp_path / "nope.csv")
    assert error.value.returncode == 2 and "Không đọc được tệp" in str(error.value)


def test_bad_effective_from_date(sct):
    with pytest.raises(CommandError) as error:
        load(CATALOGUE, "--effective-from", "01/07/2026")
    assert error.value.returncode == 2


def test_bom_crlf_and_blank_lines_are_accepted(sct, tmp_path):
    text = f"\ufeff{HEADER}\r\n2.000001,Cấp phép,Điện,5,,Miễn,Toàn trình,,,\r\n\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    load(path)
    imported = version("2.000001")
    assert (imported.time_limit, imported.online_level, imported.total_fee_vnd) == (5, OnlineLevel.FULL, 0)
    assert imported.fee_text == "Miễn"


def test_line_numbers_count_physical_lines_of_multi_line_records(sct, tmp_path):
    text = f'{HEADER}\n2.000001,"Cấp phép\ntrên hai dòng",Điện,5,,,,,,\n2.000002,Cấp lại,Điện,"3; 25",,,,,,\n'
    output = load(write(tmp_path, text))
    assert "Dòng 4 [2.000002]" in output
    assert Procedure.objects.get(code="2.000001").name == "Cấp phép trên hai dòng"


def test_whole_numbers_the_columns_cannot_hold_are_refused_before_any_write(sct, tmp_path):
    # Before: a time limit of 4294967301 days was stored as 5 on PostgreSQL with prepared statements.
    text = (
        f"{HEADER}\n"
        ",Cấp giấy phép A,Điện,4294967301,,,,,,\n"
        ",Cấp giấy phép B,Điện,5,,99999999999999999999,,,,\n"
        ",Cấp giấy phép C,Điện,5,,,,,,\n"
    )
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, text))
    message = str(error.value)
    assert "Dòng 2: cột time_limit_days 4.294.967.301 phải từ 0 đến 2.147.483.647" in message
    assert "Dòng 3: cột fee_vnd 99.999.999.999.999.999.999 phải từ 0 đến 9.223.372.036.854.775.807" in message
    assert not Procedure.objects.exists()


def test_a_control_character_in_a_cell_is_refused_before_any_write(sct, tmp_path):
    # Before: an ESC in a procedure name was stored, then broke its page and every export.
    with pytest.raises(CommandError) as error:
        load(write(tmp_path, f"{HEADER}\n,Cấp giấy\x1b phép,Điện,5,,,,,,\n"))
    assert "Dòng 2: cột name có ký tự điều khiển U+001B ở vị trí 9" in str(error.value)
    assert not Procedure.objects.exists()
