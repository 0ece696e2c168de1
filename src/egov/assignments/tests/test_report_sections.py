"""The follow-up section (report_sections.py): the tasks an agency followed in a period, judged at
its end, and the text and table of the Office's follow-up report."""

import datetime as dt

import pytest

from egov.assignments.models import Task
from egov.assignments.report_sections import FOLLOWUP
from egov.assignments.services import task_create
from egov.core.reporting import ReportScope
from egov.organisations.models import Unit
from egov.reports.periods import Period

# Every test starts from the ten tasks of dispatch 003 (01/SCT-VP of 03/03/2021, reports due 15/06
# and 15/12/2021).
pytestmark = pytest.mark.usefixtures("tasks_003")

H1_2021 = Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30))


def _other_agency_task(other_agency, register_incoming):
    document = register_incoming(
        "15/KH-SNV", type_name="Kế hoạch", issuer_symbol="SNV", agency=other_agency, document_date=dt.date(2021, 2, 1)
    )
    unit = Unit.objects.create(agency=other_agency, name="Phòng Tổ chức", short_name="TC")
    return task_create(
        document=document,
        user=None,
        position=1,
        content="Rà soát biên chế",
        lead_unit=unit,
        deadline=dt.date(2021, 5, 31),
    )


def test_the_figures_are_the_tasks_of_the_agency_followed_in_the_period(agency, other_agency, register_incoming):
    _other_agency_task(other_agency, register_incoming)
    mine = FOLLOWUP.figures(H1_2021, ReportScope(agency=agency))
    assert (mine.total, mine.done, mine.in_progress, mine.overdue) == (10, 0, 10, 10)  # 15/06 report not made
    assert mine.as_of == dt.date(2021, 6, 30)
    assert FOLLOWUP.figures(H1_2021, ReportScope(agency=other_agency)).total == 1
    assert FOLLOWUP.figures(H1_2021, ReportScope()).total == 11
    # Before the dispatch was dated, and with no report due: nothing was followed yet.
    assert FOLLOWUP.figures(Period(dt.date(2020, 7, 1), dt.date(2020, 12, 31)), ReportScope(agency=agency)).total == 0


def test_a_user_sees_only_the_tasks_of_their_scope(agency, units, make_staff):
    from egov.organisations.roles import Role

    task = Task.objects.get(position=1)
    task.coordinating_units.clear()
    outsider = make_staff(Role.UNIT_HEAD, unit=units["TTr"])
    scope = ReportScope(agency=agency, user=outsider)
    positions = {item.task.position for item in FOLLOWUP.figures(H1_2021, scope).tasks}
    assert 1 not in positions and positions  # led by VP, no longer co-ordinated by TTr


def test_the_part_over_several_documents_says_which_document_assigned_each_task(other_agency, register_incoming):
    _other_agency_task(other_agency, register_incoming)
    part = FOLLOWUP.compose(H1_2021, ReportScope())
    assert part.paragraphs == [
        "1. Tình hình chung: tổng số 11 nhiệm vụ; hoàn thành 00; đang thực hiện 11; "
        "có 11 nhiệm vụ chậm báo cáo so với thời hạn."
    ]
    rows = part.table.rows
    assert [row[0] for row in rows] == [str(n) for n in range(1, 12)]  # numbered in order, not by position
    assert rows[0][1] == "Rà soát biên chế\n(Văn bản số 15/KH-SNV)"  # the plan of 01/02 comes first
    assert rows[1][1].endswith("\n(Văn bản số 01/SCT-VP)")
    assert rows[0][4] == "Chậm báo cáo: Hạn hoàn thành nhiệm vụ (hạn 31/05/2021)"
    assert part.table.reference == "2. Kết quả thực hiện từng nhiệm vụ (chi tiết tại bảng dưới đây)."
