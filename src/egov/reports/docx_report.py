"""The TTHC report as a Word document in the Nghị định 30/2020 layout (core/officedoc/docx_layout.py).

Header block (UBND TỈNH ... / SỞ CÔNG THƯƠNG, "Số:      /BC-SCT"; national motto; place and date),
BÁO CÁO with its summary line, the narrative (narrative.py), the Biểu 06 table by field, the
recipients ("Nơi nhận:", last line "Lưu: VT, VP.") and the signing block (KT. GIÁM ĐỐC / PHÓ GIÁM
ĐỐC). The number is left blank: the clerk issues it when the report is signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation

from egov.core.formats import local_today, vn_number
from egov.core.officedoc.docx_layout import (
    BODY_SIZE,
    DOCUMENT_LANGUAGE,
    Header,
    Layout,
    Signature,
    add_paragraph,
    add_table,
    recipient_lines,
    render,
)
from egov.organisations.models import Agency

from .narrative import agency_short_name, narrative, period_phrase
from .selectors import Statistics

REPORT_SYMBOL = "BC"
DEFAULT_RECIPIENTS = [
    "UBND tỉnh (b/c)",
    "Văn phòng UBND tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Giám đốc, các Phó Giám đốc Sở",
]
# The full Biểu 06 (15 columns) is the .xlsx; the report's table keeps what fits A4 portrait.
TABLE_HEADER = [
    "STT",
    "Lĩnh vực",
    "Tổng số tiếp nhận",
    "Kỳ trước chuyển qua",
    "Trực tuyến",
    "Đã giải quyết",
    "Trước hạn, đúng hạn",
    "Quá hạn",
    "Đang giải quyết",
]
TABLE_WIDTHS_CM = [1.2, 4.3, 1.6, 1.6, 1.6, 1.6, 1.6, 1.4, 1.6]


@dataclass
class ReportOptions:
    report_date: dt.date | None = None  # None: today
    signer_name: str = ""
    authority_line: str = "KT. GIÁM ĐỐC"
    title_line: str = "PHÓ GIÁM ĐỐC"
    archive_unit: str = "VP"


def _agency_lines(agency: Agency | None) -> tuple[str, str, str]:
    """(parent line, agency line, symbol issuer) as documents/drafting.py writes them."""
    if agency is None:
        return "", "CÁC CƠ QUAN GIẢI QUYẾT TTHC", ""
    province = agency.province.name
    name = agency.name
    for suffix in (f" tỉnh {province}", f" {province}"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return f"UBND TỈNH {province.upper()}", name.upper(), agency.short_name


def _number(value: int) -> str:
    return vn_number(value)


def _table_rows(stats: Statistics) -> list[list[str]]:
    rows = []
    items = [(str(i), row.name, row.figures) for i, row in enumerate(stats.rows, start=1)]
    items.append(("", "Tổng cộng", stats.totals))
    for number, name, f in items:
        rows.append(
            [
                number,
                name,
                _number(f.received_total),
                _number(f.carried_over),
                _number(f.online),
                _number(f.resolved_total),
                _number(f.early + f.on_time),
                _number(f.late),
                _number(f.in_progress_total),
            ]
        )
    return rows


def summary_line(stats: Statistics) -> str:
    phrase = period_phrase(stats.date_from, stats.date_to)
    return "Tình hình, kết quả giải quyết thủ tục hành chính " + phrase[0].lower() + phrase[1:]


def tthc_report_docx(stats: Statistics, options: ReportOptions | None = None) -> bytes:
    """`stats` grouped by field (the table); the narrative reads its totals. A Nghị định 30
    document: Vietnamese whatever the UI language (a context manager, not the decorator, see
    docs/decisions/0021-english-ui.md)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _tthc_report_docx(stats, options)


def _tthc_report_docx(stats: Statistics, options: ReportOptions | None) -> bytes:
    options = options or ReportOptions()
    agency = stats.agency
    parent, agency_line, issuer = _agency_lines(agency)
    report_date = options.report_date or local_today()
    symbol = f"{REPORT_SYMBOL}-{issuer}" if issuer else REPORT_SYMBOL
    place = (agency.place_name or agency.province.name) if agency else "Quảng Ngãi"
    header = Header(
        parent_agency=parent,
        agency=agency_line,
        number_line=f"Số:        /{symbol}",
        place=place,
        date=report_date,
    )
    name = agency_short_name(agency.name) if agency else ""
    paragraphs = [
        f"{name or 'Các cơ quan'} báo cáo tình hình, kết quả giải quyết thủ tục hành chính (TTHC) "
        f"từ ngày {stats.date_from:%d/%m/%Y} đến ngày {stats.date_to:%d/%m/%Y} như sau:",
        *narrative(stats),
        "Số liệu chi tiết theo từng lĩnh vực tại biểu dưới đây (số liệu tổng hợp từ Hệ thống thông tin "
        "giải quyết TTHC, theo Biểu số 06/VPCP/KSTT).",
    ]
    layout = Layout(
        header=header,
        title="BÁO CÁO",
        summary=summary_line(stats),
        paragraphs=paragraphs,
        recipients=recipient_lines(DEFAULT_RECIPIENTS, options.archive_unit),
        signature=Signature(options.authority_line, options.title_line, options.signer_name),
    )

    def add_statistics(document):
        add_paragraph(document, "", BODY_SIZE)
        add_paragraph(document, "KẾT QUẢ GIẢI QUYẾT TTHC THEO LĨNH VỰC", 13, bold=True, space_after=6)
        add_table(document, TABLE_HEADER, _table_rows(stats), TABLE_WIDTHS_CM)

    return render(layout, extra=add_statistics)
