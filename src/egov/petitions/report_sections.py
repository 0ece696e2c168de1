"""The citizen reception and petitions section of the department's reports (issue 14 item 7).

The paragraph is the department's own sentence (sample 000, the half-year report of 2021):
"Trong 6 tháng đầu năm, có 02 lượt tiếp công dân (9 người, 01 vụ việc); tiếp nhận và giải quyết
04/04 đơn kiến nghị, phản ánh cùng 01 vụ việc; không có đơn thư khiếu nại tồn đọng." Counts of
visits, cases and petitions are written with two digits as the report writes them ("02", "04"),
the people as a plain number ("9 người"); a kind with no petition is left out, and nothing at all
reads as a sentence ("không có lượt tiếp công dân", "không tiếp nhận đơn thư").
The figures are selectors.period_figures; each clause names the measure it reads (law-2026.md §1.6).
"""

from __future__ import annotations

import datetime as dt

from egov.core.formats import vn_count, vn_date_short, vn_number
from egov.core.reporting import ReportScope, Section

from .models import Classification
from .selectors import KINDS, Figures, period_figures

PETITIONS_KEY = "petitions.reception"

# The report's words for each kind (by content).
KIND_WORDS = {
    Classification.RECOMMENDATION: "đơn kiến nghị, phản ánh",
    Classification.COMPLAINT: "đơn khiếu nại",
    Classification.DENUNCIATION: "đơn tố cáo",
    Classification.MIXED: "đơn có nhiều nội dung",
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_phrase(date_from: dt.date, date_to: dt.date) -> str:
    """How the report names its period: "Trong 6 tháng đầu năm", "Trong quý II", "Trong năm 2021"…"""
    same_year = date_from.year == date_to.year
    if same_year and (date_from.month, date_from.day) == (1, 1):
        if (date_to.month, date_to.day) == (6, 30):
            return "Trong 6 tháng đầu năm"
        if (date_to.month, date_to.day) == (9, 30):
            return "Trong 9 tháng đầu năm"
        if (date_to.month, date_to.day) == (12, 31):
            return f"Trong năm {date_from.year}"
    if same_year and (date_from.month, date_from.day) == (7, 1) and (date_to.month, date_to.day) == (12, 31):
        return "Trong 6 tháng cuối năm"
    quarter_end = {1: (3, 31), 4: (6, 30), 7: (9, 30), 10: (12, 31)}
    if same_year and date_from.day == 1 and quarter_end.get(date_from.month) == (date_to.month, date_to.day):
        return f"Trong quý {_ROMAN[(date_from.month - 1) // 3 + 1]}"
    return f"Từ ngày {vn_date_short(date_from)} đến ngày {vn_date_short(date_to)}"


def _cases(count: int) -> str:
    # "cùng 01 vụ việc": the petitions are about one subject; several subjects are counted.
    return f"cùng {vn_count(count)} vụ việc" if count == 1 else f"thuộc {vn_count(count)} vụ việc"


def reception_clause(figures: Figures) -> str:
    """`visits`, `people`, `cases`. Delegations are in the figures, not in the sentence: sample 000's
    nine people in two visits held one (five or more with one content), and the report does not say so."""
    r = figures.reception
    if r.visits == 0:
        return "không có lượt tiếp công dân"
    return f"có {vn_count(r.visits)} lượt tiếp công dân ({vn_number(r.people)} người, {vn_count(r.cases)} vụ việc)"


def petitions_clause(figures: Figures) -> str:
    """Per kind: settled / the period's petitions (carried over + new), and their cases."""
    parts = []
    for kind in KINDS:
        k = figures.petitions.by_kind[kind]
        if k.total == 0:
            continue
        part = f"{vn_count(k.settled)}/{vn_count(k.total)} {KIND_WORDS[kind]}"
        if k.carried_over:
            part += f" (trong đó {vn_count(k.carried_over)} đơn kỳ trước chuyển sang)"
        parts.append(f"{part} {_cases(k.cases)}")
    if not parts:
        return "không tiếp nhận đơn thư"
    return "tiếp nhận và giải quyết " + ", ".join(parts)


def backlog_clause(figures: Figures) -> str:
    """Complaints (and denunciations, when any) not settled by the period's end (`in_progress`)."""
    kinds = figures.petitions.by_kind
    complaints = kinds[Classification.COMPLAINT].in_progress
    denunciations = kinds[Classification.DENUNCIATION].in_progress
    if complaints == 0 and denunciations == 0:
        return "không có đơn thư khiếu nại tồn đọng"
    pending = []
    if complaints:
        pending.append(f"{vn_count(complaints)} đơn khiếu nại")
    if denunciations:
        pending.append(f"{vn_count(denunciations)} đơn tố cáo")
    return "còn " + " và ".join(pending) + " đang giải quyết"


def petitions_paragraphs(figures: Figures) -> list[str]:
    phrase = period_phrase(figures.date_from, figures.date_to)
    return [f"{phrase}, {reception_clause(figures)}; {petitions_clause(figures)}; {backlog_clause(figures)}."]


def petitions_figures(period, scope: ReportScope) -> Figures:
    return period_figures(date_from=period.date_from, date_to=period.date_to, agency=scope.agency, user=scope.user)


RECEPTION = Section(
    key=PETITIONS_KEY,
    title="Công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    figures=petitions_figures,
    paragraphs=petitions_paragraphs,
)

SECTIONS = [RECEPTION]
