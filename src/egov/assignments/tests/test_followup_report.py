"""The Office's follow-up report of dispatch 003's tasks (.docx, NĐ 30 layout)."""

import datetime as dt
import io

import docx
import pytest

from egov.assignments.followup_report import followup_report_docx
from egov.assignments.models import Task, TaskOccurrence
from egov.assignments.selectors import document_progress_summary
from egov.assignments.services import progress_report_submit
from egov.documents.tests.conftest import assert_nd30_page
from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ


def test_followup_export(tasks_003, units, make_staff, dispatch_003):
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    june = tasks_003[0].occurrences.get(due_date=dt.date(2021, 6, 15))
    report = progress_report_submit(
        occurrence=june, user=head_vp, content="Đã quán triệt đến toàn thể công chức.", percent_complete=100
    )
    # Reported on 14 June 2021 (the summary only counts reports made up to its date).
    reported_at = dt.datetime(2021, 6, 14, 9, tzinfo=dt.UTC)
    type(report).objects.filter(pk=report.pk).update(created_at=reported_at)
    TaskOccurrence.objects.filter(pk=june.pk).update(completed_at=reported_at)
    late = progress_report_submit(
        occurrence=tasks_003[3].occurrences.first(), user=make_staff(Role.UNIT_HEAD, unit=units["QLCN"]), content="x"
    )
    assert late.created_at.date() > dt.date(2021, 6, 20)  # made after the report's date: not counted
    summary = document_progress_summary(document=dispatch_003, as_of=dt.date(2021, 6, 20))
    assert (summary.total, summary.done, summary.overdue) == (10, 0, 9)
    content = followup_report_docx(
        document=dispatch_003,
        as_of=dt.date(2021, 6, 20),
        signing_authority="TL.",
        signer_title="GIÁM ĐỐC",
        signer_deputy_title="CHÁNH VĂN PHÒNG",
        signer_name="Nguyễn Văn A",
        recipients=["Ban Dân vận Tỉnh ủy", "Sở Nội vụ"],
    )
    document = docx.Document(io.BytesIO(content))
    assert_nd30_page(document)
    texts = [p.text for p in document.paragraphs]
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả thực hiện Công văn số 01/SCT-VP ngày 03/03/2021" in texts
    assert "Quảng Ngãi, ngày 20 tháng 6 năm 2021" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert any("tổng số 10 nhiệm vụ" in t and "có 09 nhiệm vụ chậm báo cáo" in t for t in texts)
    body_table = document.tables[1]
    assert body_table.rows[0].cells[1].text == "Nhiệm vụ"
    assert body_table.rows[1].cells[3].text.startswith("Đã quán triệt đến toàn thể công chức.")
    assert body_table.rows[2].cells[3].text == "Chưa có báo cáo"
    assert "Chậm báo cáo: Báo cáo 6 tháng đầu năm 2021 (hạn 15/06/2021)" in body_table.rows[2].cells[4].text
    assert {"TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Nguyễn Văn A", "Nơi nhận:"} <= set(cells)
    assert cells[cells.index("Nơi nhận:") + 1 :][:3] == ["- Ban Dân vận Tỉnh ủy;", "- Sở Nội vụ;", "- Lưu: VT, VP."]
    fonts = {r.font.name for p in document.paragraphs for r in p.runs} | {
        r.font.name for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    }
    assert fonts == {"Times New Roman"}


@pytest.mark.parametrize(
    "summary",
    ["Về việc triển khai Kế hoạch phối hợp", "Về triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"],
)
def test_followup_sentence_does_not_repeat_ve(dispatch_003, tasks_003, summary):
    dispatch_003.summary = summary
    dispatch_003.save(update_fields=["summary"])
    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date(2021, 6, 30), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "về triển khai Kế hoạch phối hợp; kết quả" in text and "về về" not in text.lower()


def test_a_report_made_at_00_06_is_dated_that_local_day(tasks_003, units, make_staff, dispatch_003):
    """00:06 on 15/06/2021 in Việt Nam is 17:06 UTC on the 14th: the follow-up report dates the
    unit's report 15/06/2021, and a summary up to the 14th does not count it."""
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    june = tasks_003[0].occurrences.get(due_date=dt.date(2021, 6, 15))
    report = progress_report_submit(occurrence=june, user=head_vp, content="Đã quán triệt.", percent_complete=100)
    at = dt.datetime(2021, 6, 15, 0, 6, tzinfo=LOCAL_TZ)
    type(report).objects.filter(pk=report.pk).update(created_at=at)
    TaskOccurrence.objects.filter(pk=june.pk).update(completed_at=at)
    assert document_progress_summary(document=dispatch_003, as_of=dt.date(2021, 6, 14)).tasks[0].latest_report is None
    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date(2021, 6, 15), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    result = docx.Document(io.BytesIO(content)).tables[1].rows[1].cells[3].text
    assert result == "Đã quán triệt.\n(VP, 15/06/2021; 100 %)"


def test_an_undated_header_at_00_06_on_new_year_carries_the_new_year(monkeypatch):
    from django.utils import timezone

    from egov.core.officedoc.docx_layout import place_date_line

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2022, 1, 1, 0, 6, tzinfo=LOCAL_TZ).astimezone(dt.UTC))
    assert place_date_line("Quảng Ngãi", None) == "Quảng Ngãi, ngày      tháng      năm 2022"


def test_a_control_character_stored_before_the_boundary_rule_does_not_break_the_report(tasks_003, dispatch_003):
    # Before: python-docx refused the text ("All strings must be XML compatible") and the
    # follow-up report of this dispatch could not be produced any more.
    Task.objects.filter(pk=tasks_003[0].pk).update(content="Quán triệt\x1b nội dung Kế hoạch\x07 phối hợp số 10")
    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date(2021, 6, 30), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    document = docx.Document(io.BytesIO(content))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Quán triệt nội dung Kế hoạch phối hợp số 10" in cells
