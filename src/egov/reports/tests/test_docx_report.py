"""The report read back with python-docx: texts, Times New Roman, sizes, A4 and the decree's margins;
and (slow) LibreOffice converts it to PDF, which proves it opens."""

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from PIL import Image, ImageFont

from egov.core.officedoc.docx_layout import MOTTO_TITLE
from egov.core.officedoc.pdf import FONT_DIR as FONTS  # Liberation Serif, shipped for the PDF forms
from egov.reports.docx_report import ReportOptions, summary_line, tthc_report_docx
from egov.reports.selectors import Row, Statistics

from .test_narrative import SAMPLE, sample_figures


@pytest.fixture
def report(world):
    figures = sample_figures()
    stats = Statistics(
        dt.date(2021, 1, 1),
        dt.date(2021, 6, 6),
        figures,
        by="field",
        rows=[Row(key=world.trade.pk, code="", name=world.trade.name, figures=figures)],
        agency=world.agency,
    )
    data = tthc_report_docx(stats, ReportOptions(report_date=dt.date(2021, 6, 15), signer_name="Nguyễn Văn A"))
    return Document(io.BytesIO(data)), data


def _texts(document) -> list[str]:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts


def _runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def test_texts_of_the_nd30_layout(report):
    document, _ = report
    texts = _texts(document)
    for expected in [
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ CÔNG THƯƠNG",
        "Số:        /BC-SCT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 15 tháng 6 năm 2021",
        "BÁO CÁO",
        "Tình hình, kết quả giải quyết thủ tục hành chính trong 06 tháng đầu năm 2021 (tính đến 06/6)",
        SAMPLE,
        "Nơi nhận:",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
        "Lưu thông hàng hóa trong nước",
        "Tổng cộng",
        "6.279",
    ]:
        assert expected in texts, expected


def test_fonts_sizes_page_and_margins(report):
    document, _ = report
    section = document.sections[0]
    # Word stores twentieths of a point: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    runs = [run for run in _runs(document) if run.text.strip()]
    assert runs and all(run.font.name == "Times New Roman" for run in runs)
    by_text = {run.text: run for run in runs}
    assert by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].font.size == Pt(13)
    assert by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].font.bold
    motto = by_text["Độc lập - Tự do - Hạnh phúc"]
    assert motto.font.size == Pt(14) and motto.font.bold and motto.font.underline
    assert by_text["Quảng Ngãi, ngày 15 tháng 6 năm 2021"].font.italic
    assert by_text["BÁO CÁO"].font.bold and by_text["BÁO CÁO"].font.size == Pt(14)
    body = by_text[SAMPLE]
    assert body.font.size == Pt(14)
    paragraph = next(p for p in document.paragraphs if p.text == SAMPLE)
    assert paragraph.paragraph_format.first_line_indent is not None
    recipients = by_text["Nơi nhận:"]
    assert recipients.font.bold and recipients.font.italic and recipients.font.size == Pt(12)
    assert by_text["- Lưu: VT, VP."].font.size == Pt(11)
    assert by_text["KT. GIÁM ĐỐC"].font.bold


def test_summary_line_follows_the_period():
    stats = Statistics(dt.date(2021, 4, 1), dt.date(2021, 6, 30), sample_figures())
    assert summary_line(stats) == "Tình hình, kết quả giải quyết thủ tục hành chính trong quý II năm 2021"


DPI = 150


def _require(program: str, package: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is required in CI: .ci/run installs {package}.")
        pytest.skip(f"{program} is not installed ({package})")
    return found


def _render_pdf(data: bytes, tmp_path: Path) -> Path:
    """LibreOffice's PDF of the .docx, with the Liberation fonts the project ships (metrically
    Times New Roman's) so that lines break where they would with Times New Roman."""
    soffice = shutil.which("soffice") or _require("libreoffice", "libreoffice-writer-nogui")
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(data)
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{tmp_path / 'fontconfig'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "FONTCONFIG_FILE": str(fonts_conf)},
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    return pdf


def _first_page_image(pdf: Path) -> Image.Image:
    pdftoppm = _require("pdftoppm", "poppler-utils")
    stem = pdf.with_name("trang-1")
    subprocess.run(
        [pdftoppm, "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
        timeout=60,
    )
    return Image.open(stem.with_suffix(".png")).convert("L")


def _top_line_blocks(page: Image.Image) -> list[int]:
    """Widths in pixels of the blocks of ink on the page's first line of text (the header's two
    columns), blocks being apart by more than 20 px (a word space is about 7 px at 150 dpi)."""
    ink = page.point(lambda v: 255 if v < 128 else 0)
    width, height = page.size
    rows = [ink.crop((0, y, width, y + 1)).getbbox() is not None for y in range(height)]
    top = rows.index(True)
    bottom = top
    while any(rows[bottom : bottom + 4]):  # through the diacritics' small gaps
        bottom += 1
    columns = [ink.crop((x, top, x + 1, bottom)).getbbox() is not None for x in range(width)]
    blocks, start, gap = [], None, 0
    for x, inked in enumerate(columns):
        if inked:
            start, end, gap = (x if start is None else start), x, 0
        elif start is not None:
            gap += 1
            if gap > 20:
                blocks.append(end - start + 1)
                start = None
    if start is not None:
        blocks.append(end - start + 1)
    return blocks


@pytest.mark.slow
def test_libreoffice_renders_the_report_with_the_motto_on_one_line(report, tmp_path):
    """Nghị định 30/2020/NĐ-CP, Phụ lục I: the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    is one line of 12–13 pt bold capitals. The first line of the rendered page is the agency's and
    the title's: its right-hand block is as wide as the whole title set in that font."""
    _, data = report
    pdf = _render_pdf(data, tmp_path)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "BÁO CÁO" in text
    assert "6.279" in text

    bold = ImageFont.truetype(str(FONTS / "LiberationSerif-Bold.ttf"), size=round(13 * DPI / 72))
    left, _, right, _ = bold.getbbox(MOTTO_TITLE)
    blocks = _top_line_blocks(_first_page_image(pdf))
    assert blocks[-1] == pytest.approx(right - left, rel=0.03), blocks
