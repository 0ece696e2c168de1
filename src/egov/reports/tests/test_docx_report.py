"""The report read back with python-docx: texts, Times New Roman, sizes, A4 and the decree's margins;
and (slow) LibreOffice converts it to PDF, which proves it opens."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

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


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
def test_libreoffice_converts_the_report_to_pdf(report, tmp_path):
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-writer-nogui.")
        pytest.skip("LibreOffice (soffice) is not installed")
    _, data = report
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(data)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
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
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "BÁO CÁO" in text
    assert "6.279" in text
