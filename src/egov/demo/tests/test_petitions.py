"""The 2021H1 reception and petitions: made through the petitions services, they give sample
000's figures and sentence exactly, with no clock (none was in force), once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from egov.demo import petitions as sample
from egov.demo.build import build_demo
from egov.demo.history import HistoryResult
from egov.petitions.models import Petition, PetitionEvent, Status
from egov.petitions.report_sections import petitions_paragraphs
from egov.petitions.selectors import period_figures

SAMPLE_000 = (
    "Trong 6 tháng đầu năm, có 02 lượt tiếp công dân (9 người, 01 vụ việc); tiếp nhận và giải quyết "
    "04/04 đơn kiến nghị, phản ánh cùng 01 vụ việc; không có đơn thư khiếu nại tồn đọng."
)


@pytest.fixture
def demo(db):
    return build_demo()


def test_the_half_year_gives_sample_000(demo):
    assert sample.build_petition_history(demo) is True
    figures = period_figures(date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 6, 30), agency=demo.agency)
    r, p = figures.reception, figures.petitions
    assert (r.sessions, r.visits, r.people, r.cases, r.delegations) == (2, 2, 9, 1, 1)
    assert (p.received, p.settled, p.in_progress, p.by_kind["recommendation"].cases) == (4, 4, 0, 1)
    assert (p.on_time, p.late, p.no_clock) == (0, 0, 4)  # no time limit was in force before 16/11/2021
    assert petitions_paragraphs(figures) == [SAMPLE_000]


def test_it_goes_through_the_services_once(demo):
    sample.build_petition_history(demo)
    petitions = Petition.objects.filter(agency=demo.agency)
    assert sorted(petitions.values_list("number", flat=True)) == [1, 2, 3, 4]  # the register's numbers
    assert set(petitions.values_list("status", flat=True)) == {Status.ANSWERED}
    assert PetitionEvent.objects.filter(petition__in=petitions).count() == 12  # register, classify, answer
    assert sample.build_petition_history(demo) is False
    assert petitions.count() == 4


def test_load_demo_history_adds_them(db, monkeypatch):
    monkeypatch.setattr(
        "egov.demo.management.commands.load_demo.build_history", lambda result, name: HistoryResult(skipped=True)
    )
    out = io.StringIO()
    call_command("load_demo", "--history", "2021H1", stdout=out)
    assert "Tiếp công dân, xử lý đơn 06 tháng đầu năm 2021: 02 lượt tiếp, 04 đơn kiến nghị, phản ánh." in out.getvalue()
    call_command("load_demo", "--history", "2021H1", stdout=out)
    assert "Tiếp công dân, xử lý đơn 06 tháng đầu năm 2021: đã có, không tạo lại." in out.getvalue()
