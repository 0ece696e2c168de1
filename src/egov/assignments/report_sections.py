"""The follow-up section of the department's reports: the tasks assigned by documents (directives,
plans, the agency's own dispatches) and how far each has come.

The figures are a selectors.ProgressSummary: of one document up to a day (followup_report.py's report
on that document), or of every task the agency followed in a period (the periodic reports). The text
and the table are the ones the Office's follow-up report prints.
"""

from __future__ import annotations

from egov.core.formats import local_date, vn_date_short
from egov.core.reporting import ReportScope, Section, Table

from .models import Task
from .selectors import ProgressSummary, TaskSummary, period_progress_summary

FOLLOWUP_KEY = "documents.followup"
TABLE_HEADER = ["TT", "Nhiệm vụ", "Đơn vị thực hiện", "Kết quả thực hiện", "Tình trạng"]
TABLE_WIDTHS_CM = [1.0, 5.0, 3.0, 4.5, 3.0]


def followup_figures(period, scope: ReportScope) -> ProgressSummary:
    return period_progress_summary(
        date_from=period.date_from, date_to=period.date_to, agency=scope.agency, user=scope.user
    )


def followup_paragraphs(summary: ProgressSummary) -> list[str]:
    return [
        f"1. Tình hình chung: tổng số {summary.total:02d} nhiệm vụ; hoàn thành {summary.done:02d}; "
        f"đang thực hiện {summary.in_progress:02d}; có {summary.overdue:02d} nhiệm vụ chậm báo cáo so với thời hạn."
    ]


def _state(item: TaskSummary) -> str:
    task = item.task
    if task.status == Task.Status.DONE:
        return "Hoàn thành"
    if item.overdue:
        return "Chậm báo cáo: " + "; ".join(f"{o.label} (hạn {vn_date_short(o.due_date)})" for o in item.overdue)
    if task.status == Task.Status.CANCELLED:
        return "Hủy"
    return "Đang thực hiện"


def followup_table(summary: ProgressSummary) -> Table:
    """One row per task; over several documents the rows are numbered in order and each task says
    which document assigned it (its own number repeats from one document to the next)."""
    rows = []
    for number, item in enumerate(summary.tasks, start=1):
        task = item.task
        content = task.content
        if summary.document is None:
            content += f"\n(Văn bản số {task.document.ref})"
        units = task.lead.name
        coordinating = ", ".join(u.short_name for u in task.coordinating_units.all())
        if coordinating:
            units += f"\n(phối hợp: {coordinating})"
        if item.latest_report is not None:
            result = f"{item.latest_report.content}\n({item.latest_report.unit.short_name}, "
            result += f"{vn_date_short(local_date(item.latest_report.created_at))}; {item.percent_complete} %)"
        else:
            result = "Chưa có báo cáo"
        position = str(task.position) if summary.document is not None else str(number)
        rows.append([position, content, units, result, _state(item)])
    return Table(
        header=TABLE_HEADER,
        rows=rows,
        widths_cm=TABLE_WIDTHS_CM,
        reference="2. Kết quả thực hiện từng nhiệm vụ (chi tiết tại bảng dưới đây).",
    )


FOLLOWUP = Section(
    key=FOLLOWUP_KEY,
    title="Kết quả thực hiện nhiệm vụ được giao",
    figures=followup_figures,
    paragraphs=followup_paragraphs,
    table=followup_table,
)

SECTIONS = [FOLLOWUP]
