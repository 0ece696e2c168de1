"""Nghị định 30/2020/NĐ-CP Phụ lục I layout with python-docx, for documents this app renders.

A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman throughout (East Asian
font set too, so Word does not substitute a CJK font for Vietnamese); header block of two
borderless columns (agency | national motto), "Số: ...", place and date in italics, type title
caps bold, body 14 pt justified with a 1.27 cm first-line indent, "Nơi nhận:" bold italic 12 with
an 11 pt list, the signing block caps bold. Page numbers from page 2 only.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from egov.core.formats import local_today, vn_date_long
from egov.core.text import xml_safe

__all__ = [
    "BODY_SIZE",
    "DOCUMENT_LANGUAGE",
    "FONT",
    "HEADER_WIDTHS_CM",
    "MOTTO",
    "MOTTO_TITLE",
    "SIGNING_WIDTHS_CM",
    "Header",
    "Layout",
    "Signature",
    "add_addressees",
    "add_body",
    "add_header",
    "add_paragraph",
    "add_signing_block",
    "add_table",
    "add_title",
    "new_document",
    "place_date_line",
    "recipient_lines",
    "render",
    "set_column_widths",
]

FONT = "Times New Roman"
BODY_SIZE = 14
MOTTO_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# Documents in this layout are Vietnamese administrative documents whatever the UI language: the
# functions that build them run under translation.override(DOCUMENT_LANGUAGE).
DOCUMENT_LANGUAGE = "vi"
# The 165 mm between the margins: agency | motto (the motto, 13 pt bold, on one line), and
# recipients | signature.
HEADER_WIDTHS_CM = [6.5, 10.0]
SIGNING_WIDTHS_CM = [7.5, 9.0]


@dataclass
class Header:
    parent_agency: str  # "UBND TỈNH QUẢNG NGÃI" (cơ quan chủ quản), may be ""
    agency: str  # "SỞ CÔNG THƯƠNG"
    number_line: str  # "Số: 05/SCT-VP" or "Số:      /SCT-VP" for a draft
    place: str
    date: dt.date | None  # None for a draft: "ngày    tháng    năm 2021"
    cong_van_summary: str = ""  # "V/v ..." under the number (công văn only)


@dataclass
class Signature:
    authority_line: str  # "KT. GIÁM ĐỐC" or "GIÁM ĐỐC"
    title_line: str  # "PHÓ GIÁM ĐỐC" or ""
    name: str


@dataclass
class Layout:
    header: Header
    title: str = ""  # "KẾ HOẠCH"; "" for a công văn
    summary: str = ""  # trích yếu under the title
    addressees: str = ""  # "Kính gửi: ..." (công văn)
    paragraphs: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None


def _set_font(run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _run(paragraph, text: str):
    """Every text run of every document: stored text from before the boundary rule (core.text) may
    hold a control character, which Word's XML cannot carry; it is left out, not a failed export."""
    return paragraph.add_run(xml_safe(text))


def add_paragraph(container, text: str, size: float, *, align=WD_ALIGN_PARAGRAPH.CENTER, space_after: float = 0, **fmt):
    """A paragraph of `container` (the document or a cell) in the layout's font, centred unless told;
    `fmt` takes bold, italic and underline."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        _set_font(_run(paragraph, text), size, **fmt)
    return paragraph


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def set_column_widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths that every reader agrees on: Word reads the cells' widths, LibreOffice
    the table grid (python-docx fills it with equal columns) — so set both, the table's own width
    and a fixed layout, or the national motto wraps in a column narrower than its cell."""
    table.autofit = False  # <w:tblLayout w:type="fixed"/>
    width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx writes one, "auto"
    width.set(qn("w:w"), str(sum(Cm(w).twips for w in widths_cm)))
    width.set(qn("w:type"), "dxa")
    for column, width_cm in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width_cm)  # the grid column
    for row in table.rows:
        for cell, width_cm in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width_cm)


def _first_cell_paragraph(cell):
    # A new cell holds one empty paragraph; reuse it so the block starts at the top.
    return cell.paragraphs[0]


def _cell_line(cell, text: str, size: float, first: list, **fmt):
    if first[0]:
        paragraph = _first_cell_paragraph(cell)
        paragraph.alignment = fmt.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.space_after = Pt(0)
        if text:
            _set_font(_run(paragraph, text), size, **fmt)
        first[0] = False
        return paragraph
    return add_paragraph(cell, text, size, **fmt)


def new_document():
    document = DocxDocument()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True  # no page number on page 1
    _add_page_number(section.header)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


def _add_page_number(header) -> None:
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)


def place_date_line(place: str, date: dt.date | None, year_hint: int | None = None) -> str:
    if date is None:
        year = year_hint or local_today().year
        return f"{place}, ngày      tháng      năm {year}"
    return f"{place}, {vn_date_long(date)}"


def add_header(document, header: Header) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    set_column_widths(table, HEADER_WIDTHS_CM)
    left, right = table.rows[0].cells
    first = [True]
    if header.parent_agency:
        _cell_line(left, header.parent_agency.upper(), 13, first)
    _cell_line(left, header.agency.upper(), 13, first, bold=True)
    _cell_line(left, "", 6, first)
    _cell_line(left, header.number_line, 13, first)
    if header.cong_van_summary:
        _cell_line(left, header.cong_van_summary, 12, first)
    first = [True]
    _cell_line(right, MOTTO_TITLE, 13, first, bold=True)
    _cell_line(right, MOTTO, 14, first, bold=True, underline=True)
    _cell_line(right, "", 6, first)
    _cell_line(right, place_date_line(header.place, header.date), 14, first, italic=True)


def add_title(document, title: str, summary: str) -> None:
    add_paragraph(document, "", BODY_SIZE)
    add_paragraph(document, title.upper(), BODY_SIZE, bold=True)
    if summary:
        add_paragraph(document, summary, BODY_SIZE, bold=True, space_after=12)


def add_addressees(document, addressees: str) -> None:
    paragraph = add_paragraph(document, "", BODY_SIZE, space_after=12)
    _set_font(_run(paragraph, f"Kính gửi: {addressees}"), BODY_SIZE)


def add_body(document, paragraphs: Iterable[str]) -> None:
    for text in paragraphs:
        paragraph = add_paragraph(document, text, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
        paragraph.paragraph_format.line_spacing = 1.15


def recipient_lines(recipients: Iterable[str], archive_unit: str = "") -> list[str]:
    """'- X;' lines, the last being '- Lưu: VT, <unit>.' as NĐ 30 requires."""
    lines = [r.strip().lstrip("-–").strip().rstrip(";.") for r in recipients if r.strip()]
    lines = [line for line in lines if not line.lower().startswith("lưu")]
    archive = "Lưu: VT" + (f", {archive_unit}" if archive_unit else "") + "."
    return [f"- {line};" for line in lines] + [f"- {archive}"]


def add_signing_block(document, recipients: list[str], signature: Signature | None) -> None:
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    set_column_widths(table, SIGNING_WIDTHS_CM)
    left, right = table.rows[0].cells
    first = [True]
    _cell_line(left, "Nơi nhận:", 12, first, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True)
    for line in recipients:
        _cell_line(left, line, 11, first, align=WD_ALIGN_PARAGRAPH.LEFT)
    if signature is None:
        return
    first = [True]
    _cell_line(right, signature.authority_line.upper(), BODY_SIZE, first, bold=True)
    if signature.title_line:
        _cell_line(right, signature.title_line.upper(), BODY_SIZE, first, bold=True)
    for _ in range(4):
        _cell_line(right, "", BODY_SIZE, first)
    _cell_line(right, signature.name, BODY_SIZE, first, bold=True)


def render(layout: Layout, *, extra=None) -> bytes:
    """The whole document as .docx bytes; `extra(document)` may add content (a table) after the body."""
    document = new_document()
    add_header(document, layout.header)
    if layout.title:
        add_title(document, layout.title, layout.summary)
    else:
        add_paragraph(document, "", BODY_SIZE)
    if layout.addressees:
        add_addressees(document, layout.addressees)
    add_body(document, layout.paragraphs)
    if extra is not None:
        extra(document)
    add_paragraph(document, "", BODY_SIZE)
    add_signing_block(document, layout.recipients, layout.signature)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_table(document, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
    """A bordered table (13 pt header bold, 12 pt cells) for report annexes."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(_run(paragraph, text), 12, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            lines = text.split("\n")
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _set_font(_run(paragraph, lines[0]), 12)
            for line in lines[1:]:
                add_paragraph(cell, line, 12, align=WD_ALIGN_PARAGRAPH.LEFT)
    set_column_widths(table, widths_cm)
