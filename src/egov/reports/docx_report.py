"""The department's reports as Word documents in the Nghị định 30/2020 layout (core/officedoc/docx_layout.py).

The frame: header block (UBND TỈNH ... / SỞ CÔNG THƯƠNG, "Số:      /BC-SCT"; national motto; place
and date), BÁO CÁO with its summary line, the opening sentence, then the report's parts (the
sections of sections.py, each its text and its table), the recipients ("Nơi nhận:", last line
"Lưu: VT, VP.") and the signing block (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC). The number is left blank: the
clerk issues it when the report is signed. The TTHC report is this frame around one part, the
dossiers section (the narrative of narrative.py and the Biểu 06 table by field).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from egov.core.formats import local_today
from egov.core.officedoc.docx_layout import (
    BODY_SIZE,
    DOCUMENT_LANGUAGE,
    Header,
    Layout,
    Signature,
    add_body,
    add_paragraph,
    add_table,
    recipient_lines,
    render,
)
from egov.core.reporting import Part
from egov.organisations.models import Agency

from .narrative import agency_short_name, period_phrase
from .report_sections import TTHC
from .selectors import Statistics

REPORT_SYMBOL = "BC"
DEFAULT_RECIPIENTS = [
    "UBND tỉnh (b/c)",
    "Văn phòng UBND tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Giám đốc, các Phó Giám đốc Sở",
]
ROMAN = [("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40)]
ROMAN += [("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1)]


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
    """The frame around one part, the dossiers section for `stats`."""
    agency = stats.agency
    name = agency_short_name(agency.name) if agency else ""
    opening = (
        f"{name or 'Các cơ quan'} báo cáo tình hình, kết quả giải quyết thủ tục hành chính (TTHC) "
        f"từ ngày {stats.date_from:%d/%m/%Y} đến ngày {stats.date_to:%d/%m/%Y} như sau:"
    )
    parts = [TTHC.part(stats)]
    return _report_docx(agency, summary_line(stats), opening, parts, options or ReportOptions())


def report_docx(
    *, agency: Agency | None, summary: str, opening: str, parts: list[Part], options: ReportOptions | None = None
) -> bytes:
    """A BÁO CÁO of `agency` made of `parts` (sections.compose) in the Nghị định 30 frame,
    Vietnamese whatever the UI language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _report_docx(agency, summary, opening, parts, options or ReportOptions())


def roman(number: int) -> str:
    text = ""
    for letters, value in ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


def _report_docx(agency: Agency | None, summary: str, opening: str, parts: list[Part], options: ReportOptions) -> bytes:
    parent, agency_line, issuer = _agency_lines(agency)
    symbol = f"{REPORT_SYMBOL}-{issuer}" if issuer else REPORT_SYMBOL
    place = (agency.place_name or agency.province.name) if agency else "Quảng Ngãi"
    header = Header(
        parent_agency=parent,
        agency=agency_line,
        number_line=f"Số:        /{symbol}",
        place=place,
        date=options.report_date or local_today(),
    )
    layout = Layout(
        header=header,
        title="BÁO CÁO",
        summary=summary,
        paragraphs=[opening],
        recipients=recipient_lines(DEFAULT_RECIPIENTS, options.archive_unit),
        signature=Signature(options.authority_line, options.title_line, options.signer_name),
    )
    return render(layout, extra=lambda document: add_parts(document, parts))


def add_parts(document, parts: list[Part]) -> None:
    """Each part's text then its table; a report of several parts numbers them I., II., ... as
    Nghị định 30 reports do, a report of one part needs no heading (its summary line names it)."""
    for number, part in enumerate(parts, start=1):
        if len(parts) > 1:
            heading = add_paragraph(
                document,
                f"{roman(number)}. {part.title.upper()}",
                BODY_SIZE,
                align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                space_after=6,
                bold=True,
            )
            heading.paragraph_format.first_line_indent = Cm(1.27)
        table = part.table
        add_body(document, [*part.paragraphs, *([table.reference] if table and table.reference else [])])
        if table is None:
            continue
        if table.caption:
            add_paragraph(document, "", BODY_SIZE)
            add_paragraph(document, table.caption, 13, bold=True, space_after=6)
        add_table(document, table.header, table.rows, table.widths_cm)
