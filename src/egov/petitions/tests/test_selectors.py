"""The figures of the reports (selectors.period_figures) against rows built by hand: each figure,
the period's edges in local time, the agency and the user's scope, petitions carried over, the
counting trap (a case over several visits or petitions is one case), and one query per group."""

import datetime as dt

import pytest

from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory, UnitFactory
from egov.procedures.models import Field

from ..models import (
    Classification,
    Competence,
    Deadline,
    Handling,
    LimitStep,
    ReceptionKind,
    SessionStatus,
    VisitOutcome,
)
from ..selectors import period_figures, petition_fields, petition_figures, reception_figures
from ..services.handling import SERVICES
from ..services.reception import PersonData, visit_register
from ..workflow import Action
from .factories import local, office

pytestmark = pytest.mark.django_db

H1_2026 = {"date_from": dt.date(2026, 1, 1), "date_to": dt.date(2026, 6, 30)}


def visit(o, session, *, people=1, case=None, new_case_title="", delegation=False):
    names = [PersonData(name=f"Công dân {i}", is_representative=delegation) for i in range(1 if delegation else people)]
    return visit_register(
        session=session,
        people=names,
        people_count=people,
        is_delegation=delegation,
        content="Phản ánh việc cấp điện chậm.",
        classification=Classification.RECOMMENDATION,
        outcome=VisitOutcome.GUIDED,
        outcome_detail="Hướng dẫn gửi đơn đến Điện lực Đức Phổ.",
        case=case,
        new_case_title=new_case_title,
        actor=o.specialist,
    )


def handle(o, petition, action, at, *, competence=Competence.OWN, **args):
    """Classify then take `action` at `at` (the same moment)."""
    petition = SERVICES[Action.CLASSIFY](petition=petition, actor=o.leader, at=at, competence=competence)
    return SERVICES[action](petition=petition, actor=o.leader, at=at, **args)


def answered(o, at, **register):
    return handle(o, o.petition(**register), Action.ANSWER, at, answer="Đã trả lời bằng văn bản.")


# --- reception -------------------------------------------------------------------------------------


def test_reception_counts_sessions_visits_people_delegations_and_each_case_once():
    o = office()
    first = o.session(held_on=dt.date(2026, 3, 10))
    power = visit(o, first, people=2, new_case_title="Cấp điện thôn Tân Phong").case
    visit(o, first, people=7, delegation=True, case=power)  # the same subject again: the same case
    second = o.session(held_on=dt.date(2026, 6, 30), kind=ReceptionKind.UNSCHEDULED)
    visit(o, second, people=1)  # linked to no case: a subject of its own
    o.session(held_on=dt.date(2026, 4, 2))  # a session with no visit is still a session
    outside = o.session(held_on=dt.date(2026, 7, 1))
    visit(o, outside, people=3)
    figures = reception_figures(agency=o.agency, **H1_2026)
    assert (figures.sessions, figures.visits, figures.people, figures.cases, figures.delegations) == (3, 3, 10, 2, 1)


def test_a_scheduled_or_refused_session_is_not_a_reception():
    o = office()
    for status in (SessionStatus.SCHEDULED, SessionStatus.REFUSED):
        session = o.session()
        type(session).objects.filter(pk=session.pk).update(status=status)
    assert reception_figures(agency=o.agency, **H1_2026).sessions == 0


def test_reception_is_scoped_by_agency():
    o, other = office(), office()
    visit(o, o.session(), people=2)
    visit(other, other.session(), people=5)
    assert reception_figures(agency=o.agency, **H1_2026).people == 2
    assert reception_figures(agency=None, **H1_2026).people == 7
    assert reception_figures(user=o.clerk, **H1_2026).people == 2


# --- petitions: the period ------------------------------------------------------------------------


def test_the_period_is_whole_local_days():
    o = office()
    o.petition(received_at=local(2025, 12, 31, 23, 59), content="Trước kỳ, chưa xử lý.")
    o.petition(received_at=local(2026, 1, 1, 0, 0), content="Đầu ngày đầu kỳ.")
    o.petition(received_at=local(2026, 6, 30, 23, 59), content="Cuối ngày cuối kỳ.")
    o.petition(received_at=local(2026, 7, 1, 0, 0), content="Sau kỳ.")
    figures = petition_figures(agency=o.agency, **H1_2026)
    assert (figures.carried_over, figures.new, figures.received) == (1, 2, 3)


def test_carried_over_petitions_are_those_not_settled_when_the_period_starts():
    o = office()
    answered(o, local(2025, 12, 20, 9, 0), received_at=local(2025, 12, 10, 9, 0), content="Đã trả lời kỳ trước.")
    answered(o, local(2026, 1, 5, 9, 0), received_at=local(2025, 12, 11, 9, 0), content="Trả lời trong kỳ.")
    o.petition(received_at=local(2025, 12, 12, 9, 0), content="Còn tồn.")
    figures = petition_figures(agency=o.agency, **H1_2026)
    kind = figures.by_kind[Classification.RECOMMENDATION]
    assert (figures.carried_over, figures.new, figures.in_progress) == (2, 0, 1)
    assert (kind.carried_over, kind.settled, kind.in_progress) == (2, 1, 1)
    # A petition settled after the period's end is still in progress at its end.
    later = answered(o, local(2026, 7, 2, 9, 0), received_at=local(2026, 6, 1, 9, 0), content="Trả lời sau kỳ.")
    assert petition_figures(agency=o.agency, **H1_2026).in_progress == 2
    assert later.handled_at > local(2026, 7, 1)


# --- petitions: kinds, findings, outcomes ----------------------------------------------------------


def test_by_kind_counts_a_duplicate_under_its_original_and_each_case_once():
    o = office()
    power = visit(o, o.session(), new_case_title="Cấp điện thôn Tân Phong").case
    first = o.petition(content="Đề nghị cấp điện lần 1.", case=power)
    o.petition(content="Đề nghị cấp điện lần 2.", case=power)
    o.petition(
        content="Gửi lại đơn đề nghị cấp điện.",
        classification=Classification.DUPLICATE,
        duplicate_of=first,
        case=power,
    )
    o.petition(content="Khiếu nại quyết định xử phạt.", classification=Classification.COMPLAINT)
    o.petition(content="Khiếu nại quyết định thu hồi giấy phép.", classification=Classification.COMPLAINT)
    figures = petition_figures(agency=o.agency, **H1_2026)
    kinds = figures.by_kind
    assert (kinds[Classification.RECOMMENDATION].total, kinds[Classification.RECOMMENDATION].cases) == (3, 1)
    assert (kinds[Classification.COMPLAINT].total, kinds[Classification.COMPLAINT].cases) == (2, 2)
    assert kinds[Classification.DENUNCIATION].total == 0
    assert (figures.received, figures.duplicates) == (5, 1)


def test_competence_eligibility_and_outcomes():
    o = office()
    at = local(2026, 3, 2, 9, 0)
    answered(o, at, content="Thuộc thẩm quyền, trả lời.")
    handle(
        o,
        o.petition(content="Không thuộc thẩm quyền.", classification=Classification.COMPLAINT),
        Action.FORWARD,
        at,
        competence=Competence.OUTSIDE,
        target="UBND thị xã Đức Phổ",
    )
    defective = o.petition(content="Đơn không ghi ngày.")
    SERVICES[Action.CLASSIFY](petition=defective, actor=o.leader, at=at, competence=Competence.OWN, dated=False)
    SERVICES[Action.GUIDE_RETURN](petition=defective, actor=o.leader, at=at, guidance="Đề nghị ghi ngày tháng.")
    o.petition(content="Chưa phân loại.")
    figures = petition_figures(agency=o.agency, **H1_2026)
    assert figures.competence == {
        Competence.OWN: 2,
        Competence.LOWER_UNRESOLVED: 0,
        Competence.OUTSIDE: 1,
        "unclassified": 1,
    }
    assert (figures.eligible, figures.not_eligible) == (2, 1)
    assert {k: v for k, v in figures.outcomes.items() if v} == {
        Handling.ANSWER: 1,
        Handling.FORWARD: 1,
        Handling.GUIDE_RETURN: 1,
    }
    # An outcome decided in another period is not this period's outcome.
    later = petition_figures(agency=o.agency, date_from=dt.date(2026, 7, 1), date_to=dt.date(2026, 12, 31))
    assert not any(later.outcomes.values())


def test_an_accepted_complaint_is_in_progress_until_its_resolution_clock_is_completed():
    o = office()
    at = local(2026, 2, 13, 9, 0)  # the day after its receipt: within the acceptance limit
    complaint = o.petition(content="Khiếu nại thuộc thẩm quyền.", classification=Classification.COMPLAINT)
    accepted = handle(o, complaint, Action.ACCEPT, at)
    figures = petition_figures(agency=o.agency, **H1_2026)
    assert (figures.outcomes[Handling.ACCEPT], figures.settled, figures.in_progress) == (1, 0, 1)
    assert figures.by_kind[Classification.COMPLAINT].in_progress == 1
    resolution = Deadline.objects.filter(petition=accepted, step=LimitStep.COMPLAINT_FIRST_RESOLUTION)
    resolution.update(completed_at=local(2026, 3, 10, 9, 0))  # due 16/3/2026
    figures = petition_figures(agency=o.agency, **H1_2026)
    assert (figures.settled, figures.in_progress, figures.on_time, figures.late) == (1, 0, 1, 0)
    resolution.update(completed_at=local(2026, 3, 17, 9, 0))
    assert petition_figures(agency=o.agency, **H1_2026).late == 1


# --- petitions: clocks -----------------------------------------------------------------------------


def test_on_time_late_no_clock_and_overdue():
    o = office()
    # Registered 02/3/2026: the processing clock (10 working days) falls on 16/3/2026.
    answered(o, local(2026, 3, 5, 9, 0), received_at=local(2026, 3, 2, 9, 0), content="Trả lời đúng hạn.")
    answered(o, local(2026, 4, 20, 9, 0), received_at=local(2026, 3, 3, 9, 0), content="Trả lời quá hạn.")
    o.petition(received_at=local(2026, 3, 4, 9, 0), content="Chưa xử lý, quá hạn.")
    o.petition(received_at=local(2026, 6, 29, 9, 0), content="Chưa xử lý, còn hạn.")
    figures = petition_figures(agency=o.agency, **H1_2026)
    assert (figures.on_time, figures.late, figures.no_clock, figures.in_progress, figures.overdue) == (1, 1, 0, 2, 1)


def test_a_petition_whose_law_set_no_clock_is_settled_without_one():
    o = office()
    # 2021, before Thông tư 05/2021 took effect (16/11/2021): no clock was started.
    petition = answered(o, local(2021, 3, 5, 9, 0), received_at=local(2021, 3, 1, 9, 0))
    assert not petition.deadlines.exists()
    figures = petition_figures(agency=o.agency, date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 6, 30))
    assert (figures.on_time, figures.late, figures.no_clock, figures.overdue) == (0, 0, 1, 0)


# --- scope, fields, queries ------------------------------------------------------------------------


def test_petitions_are_scoped_by_agency_and_by_the_users_unit():
    o, other = office(), office()
    o.petition(content="Đơn của Văn phòng.", handling_unit=o.unit)
    o.petition(content="Đơn của phòng khác.", handling_unit=UnitFactory(agency=o.agency))
    other.petition(content="Đơn của sở khác.")
    assert petition_figures(agency=o.agency, **H1_2026).received == 2
    assert petition_figures(**H1_2026).received == 3
    assert petition_figures(user=o.clerk, **H1_2026).received == 2  # an agency-wide role
    assert petition_figures(user=o.specialist, **H1_2026).received == 1  # unit staff: their unit's
    outsider = StaffFactory(agency=other.agency, roles=[Role.CLERK])
    assert petition_figures(agency=o.agency, user=outsider, **H1_2026).received == 0


def test_by_field_most_first():
    o = office()
    power, fuel = Field.objects.create(name="Điện"), Field.objects.create(name="Xăng dầu")
    o.petition(content="Điện 1.", field=power)
    o.petition(content="Điện 2.", field=power)
    o.petition(content="Xăng dầu 1.", field=fuel)
    o.petition(content="Không rõ lĩnh vực.")
    assert petition_fields(agency=o.agency, **H1_2026) == [("Điện", 2), ("Xăng dầu", 1), ("", 1)]


def test_one_query_per_figure_group(django_assert_num_queries):
    o = office()
    answered(o, local(2026, 3, 5, 9, 0), received_at=local(2026, 3, 2, 9, 0))
    visit(o, o.session(), people=2)
    with django_assert_num_queries(3):
        period_figures(agency=o.agency, **H1_2026)
