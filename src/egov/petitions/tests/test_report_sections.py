"""The reception and petitions section: the department's sentence read from the figures given
(sample 000's wording, zeros read naturally), the period named as the reports name it, the figures
scoped by agency, and the section collected by the registry."""

import datetime as dt

import pytest

from egov.core.reporting import ReportScope
from egov.reports.periods import Period
from egov.reports.sections import collect_sections

from ..models import Classification
from ..report_sections import PETITIONS_KEY, RECEPTION, period_phrase, petitions_paragraphs
from ..selectors import KINDS, Figures, KindFigures, PetitionFigures, ReceptionFigures
from .factories import local, office

H1_2021 = (dt.date(2021, 1, 1), dt.date(2021, 6, 30))


def figures(reception=None, period=H1_2021, **kinds) -> Figures:
    reception = reception or ReceptionFigures()
    by_kind = {kind: kinds.get(kind, KindFigures()) for kind in KINDS}
    return Figures(period[0], period[1], reception, PetitionFigures(by_kind=by_kind), [])


def test_sample_000_reads_as_the_department_wrote_it():
    sample = figures(
        ReceptionFigures(sessions=2, visits=2, people=9, cases=1),
        recommendation=KindFigures(new=4, settled=4, cases=1),
    )
    assert petitions_paragraphs(sample) == [
        "Trong 6 tháng đầu năm, có 02 lượt tiếp công dân (9 người, 01 vụ việc); tiếp nhận và giải quyết "
        "04/04 đơn kiến nghị, phản ánh cùng 01 vụ việc; không có đơn thư khiếu nại tồn đọng."
    ]


def test_nothing_at_all_reads_as_a_sentence():
    assert petitions_paragraphs(figures()) == [
        "Trong 6 tháng đầu năm, không có lượt tiếp công dân; không tiếp nhận đơn thư; "
        "không có đơn thư khiếu nại tồn đọng."
    ]


def test_several_kinds_carried_over_and_a_backlog():
    text = petitions_paragraphs(
        figures(
            ReceptionFigures(sessions=3, visits=12, people=1250, cases=4, delegations=1),
            recommendation=KindFigures(new=7, settled=7, cases=3),
            complaint=KindFigures(carried_over=1, new=3, settled=2, in_progress=2, cases=4),
            denunciation=KindFigures(new=1, in_progress=1, cases=1),
        )
    )[0]
    assert text == (
        "Trong 6 tháng đầu năm, có 12 lượt tiếp công dân (1.250 người, 04 vụ việc); "
        "tiếp nhận và giải quyết 07/07 đơn kiến nghị, phản ánh thuộc 03 vụ việc, 02/04 đơn khiếu nại "
        "(trong đó 01 đơn kỳ trước chuyển sang) thuộc 04 vụ việc, 00/01 đơn tố cáo cùng 01 vụ việc; "
        "còn 02 đơn khiếu nại và 01 đơn tố cáo đang giải quyết."
    )


@pytest.mark.parametrize(
    ("date_from", "date_to", "phrase"),
    [
        (dt.date(2021, 1, 1), dt.date(2021, 6, 30), "Trong 6 tháng đầu năm"),
        (dt.date(2021, 1, 1), dt.date(2021, 9, 30), "Trong 9 tháng đầu năm"),
        (dt.date(2021, 1, 1), dt.date(2021, 12, 31), "Trong năm 2021"),
        (dt.date(2021, 7, 1), dt.date(2021, 12, 31), "Trong 6 tháng cuối năm"),
        (dt.date(2021, 4, 1), dt.date(2021, 6, 30), "Trong quý II"),
        (dt.date(2021, 3, 5), dt.date(2021, 4, 20), "Từ ngày 05/03/2021 đến ngày 20/04/2021"),
    ],
)
def test_the_period_is_named_as_the_reports_name_it(date_from, date_to, phrase):
    assert period_phrase(date_from, date_to) == phrase


def test_the_registry_collects_the_section():
    assert collect_sections()[PETITIONS_KEY] is RECEPTION


@pytest.mark.django_db
def test_the_sections_figures_are_the_agencys():
    o, other = office(), office()
    o.petition(received_at=local(2021, 3, 1, 9, 0))
    other.petition(received_at=local(2021, 3, 1, 9, 0))
    part = RECEPTION.compose(Period(*H1_2021), ReportScope(agency=o.agency))
    assert "tiếp nhận và giải quyết 00/01 đơn kiến nghị, phản ánh cùng 01 vụ việc" in part.paragraphs[0]
    assert part.key == PETITIONS_KEY and part.table is None
    assert RECEPTION.figures(Period(*H1_2021), ReportScope()).petitions.by_kind[Classification.RECOMMENDATION].new == 2
