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
