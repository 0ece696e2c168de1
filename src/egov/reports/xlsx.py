"""Biểu 06 as an .xlsx (openpyxl): the layout of the form "Tình hình, kết quả giải quyết TTHC"
(Thông tư 01/2020/TT-VPCP), one row per field or procedure, a total row, the two-level header.
Made and saved through core.officedoc.xlsx: a procedure or field name is never a formula.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from egov.core.formats import vn_date_short
from egov.core.officedoc.xlsx import new_workbook, workbook_bytes
from egov.core.text import xml_safe

from .selectors import Figures, Statistics

FONT = "Times New Roman"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# (group header, column header, value) — group None: the column spans both header rows.
COLUMNS = [
    ("Số hồ sơ nhận giải quyết", "Tổng số", lambda f: f.received_total),
    ("Số hồ sơ nhận giải quyết", "Kỳ trước chuyển qua", lambda f: f.carried_over),
    ("Số hồ sơ nhận giải quyết", "Trực tuyến", lambda f: f.online),
    ("Số hồ sơ nhận giải quyết", "Trực tiếp", lambda f: f.direct),
    ("Số hồ sơ nhận giải quyết", "Bưu chính công ích", lambda f: f.postal),
    ("Số hồ sơ đã giải quyết", "Tổng số", lambda f: f.resolved_total),
    ("Số hồ sơ đã giải quyết", "Trước hạn", lambda f: f.early),
    ("Số hồ sơ đã giải quyết", "Đúng hạn", lambda f: f.on_time),
    ("Số hồ sơ đã giải quyết", "Quá hạn", lambda f: f.late),
    (None, "Số hồ sơ rút, dừng xử lý", lambda f: f.withdrawn_or_stopped),
    ("Số hồ sơ đang giải quyết", "Tổng số", lambda f: f.in_progress_total),
    ("Số hồ sơ đang giải quyết", "Trong hạn", lambda f: f.within_deadline),
    ("Số hồ sơ đang giải quyết", "Quá hạn", lambda f: f.overdue),
    (None, "Tỷ lệ đúng hạn (%)", lambda f: f.on_time_pct),
    (None, "Tỷ lệ trực tuyến (%)", lambda f: f.online_pct),
]


def _cell(sheet, row: int, column: int, value, *, bold: bool = False, align=CENTER, number_format: str = ""):
    # Stored text from before the boundary rule (core.text) may hold a control character, which
    # the .xlsx XML cannot carry (openpyxl refuses the cell): it is left out, not a failed export.
    cell = sheet.cell(row=row, column=column, value=xml_safe(value) if isinstance(value, str) else value)
    cell.font = Font(name=FONT, size=12, bold=bold)
    cell.alignment = align
    cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    return cell


def bieu06_workbook(stats: Statistics, *, agency_name: str = "") -> bytes:
    by_label = "Thủ tục hành chính" if stats.by == "procedure" else "Lĩnh vực giải quyết"
    book = new_workbook()
    sheet = book.active
    sheet.title = "Biểu 06"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    last_column = 2 + len(COLUMNS)
    title_rows = [
        ("Biểu số 06/VPCP/KSTT", False),
        ("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", True),
        (agency_name.upper() if agency_name else "TẤT CẢ CƠ QUAN", True),
        (f"Kỳ báo cáo: từ ngày {vn_date_short(stats.date_from)} đến ngày {vn_date_short(stats.date_to)}", False),
    ]
    for index, (text, bold) in enumerate(title_rows, start=1):
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=last_column)
        cell = sheet.cell(row=index, column=1, value=xml_safe(text))
        cell.font = Font(name=FONT, size=13, bold=bold, italic=not bold and index == 4)
        cell.alignment = Alignment(horizontal="center")
    top, sub = 6, 7
    sheet.merge_cells(start_row=top, start_column=1, end_row=sub, end_column=1)
    _cell(sheet, top, 1, "STT", bold=True)
    sheet.merge_cells(start_row=top, start_column=2, end_row=sub, end_column=2)
    _cell(sheet, top, 2, by_label, bold=True)
    column = 3
    groups: dict[str, list[int]] = {}
    for group, header, _ in COLUMNS:
        if group is None:
            sheet.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
            _cell(sheet, top, column, header, bold=True)
        else:
            groups.setdefault(group, []).append(column)
            _cell(sheet, sub, column, header, bold=True)
        column += 1
    for group, columns in groups.items():
        sheet.merge_cells(start_row=top, start_column=columns[0], end_row=top, end_column=columns[-1])
        _cell(sheet, top, columns[0], group, bold=True)
        for other in columns[1:]:
            sheet.cell(row=top, column=other).border = BORDER
    # Column numbers under the header, as the official forms print them.
    for number in range(1, last_column + 1):
        _cell(sheet, sub + 1, number, f"({number})", align=CENTER)

    row = sub + 2
    items: list[tuple[str, str, Figures, bool]] = [
        (str(index), item.name, item.figures, False) for index, item in enumerate(stats.rows, start=1)
    ]
    items.append(("", "Tổng cộng", stats.totals, True))
    for number, name, figures, bold in items:
        _cell(sheet, row, 1, number, bold=bold)
        _cell(sheet, row, 2, name, bold=bold, align=Alignment(vertical="center", wrap_text=True))
        for offset, (_, header, value) in enumerate(COLUMNS):
            is_pct = header.endswith("(%)")
            _cell(sheet, row, 3 + offset, value(figures), bold=bold, number_format="0.00" if is_pct else "#,##0")
        row += 1
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 42
    for number in range(3, last_column + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 12
    sheet.row_dimensions[sub].height = 45
    return workbook_bytes(book)
