"""The dossiers' section of the department's reports: reception and results of administrative
procedures (TTHC) in the period, the Biểu 06/VPCP/KSTT figures by field.

Declared here rather than in dossiers/ because its figures (selectors.tthc_statistics, one
aggregate, docs/decisions/0013) and its text (narrative.py, the phrasing of the department's
half-year report) are the reports app's own modules, which a domain may not import
(docs/decisions/0046-layers.md). The table keeps the columns of Biểu 06 that fit A4 portrait (the
full 15 columns are the .xlsx, xlsx.py).
"""

from __future__ import annotations

from egov.core.formats import vn_number
from egov.core.reporting import ReportScope, Section, Table

from .narrative import narrative
from .periods import Period
from .selectors import Scope, Statistics, tthc_statistics

TTHC_KEY = "dossiers.tthc"

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


def tthc_figures(period: Period, scope: ReportScope) -> Statistics:
    """Biểu 06 of the period by field, for the scope's agency within what its user may see."""
    return tthc_statistics(
        date_from=period.date_from,
        date_to=period.date_to,
        scope=Scope(agency=scope.agency),
        by="field",
        user=scope.user,
    )


def tthc_table(stats: Statistics) -> Table:
    rows = []
    items = [(str(i), row.name, row.figures) for i, row in enumerate(stats.rows, start=1)]
    items.append(("", "Tổng cộng", stats.totals))
    for number, name, f in items:
        rows.append(
            [
                number,
                name,
                vn_number(f.received_total),
                vn_number(f.carried_over),
                vn_number(f.online),
                vn_number(f.resolved_total),
                vn_number(f.early + f.on_time),
                vn_number(f.late),
                vn_number(f.in_progress_total),
            ]
        )
    return Table(
        header=TABLE_HEADER,
        rows=rows,
        widths_cm=TABLE_WIDTHS_CM,
        reference="Số liệu chi tiết theo từng lĩnh vực tại biểu dưới đây (số liệu tổng hợp từ Hệ thống thông tin "
        "giải quyết TTHC, theo Biểu số 06/VPCP/KSTT).",
        caption="KẾT QUẢ GIẢI QUYẾT TTHC THEO LĨNH VỰC",
    )


TTHC = Section(
    key=TTHC_KEY,
    title="Kết quả giải quyết thủ tục hành chính",
    figures=tthc_figures,
    paragraphs=narrative,
    table=tthc_table,
)

SECTIONS = [TTHC]
