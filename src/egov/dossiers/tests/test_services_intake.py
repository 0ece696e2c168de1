"""Filing and receipt (services/intake.py): who files, the code given at receipt, the statutory due
date counted from it, and the hand-over of a paper dossier to the unit."""

import datetime as dt

import pytest

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..models import Channel
from .factories import (
    MONDAY_MORNING,
    applicant,
    local,
    make_staff,
    procedure_with_workflow,
    received,
    submitted_dossier,
)

pytestmark = pytest.mark.django_db


def test_codes_are_consecutive_per_agency_and_day(procedure, staff):
    first = received(procedure, staff, local(2025, 3, 3, 9, 0))
    second = received(procedure, staff, local(2025, 3, 3, 23, 30))
    next_day = received(procedure, staff, local(2025, 3, 4, 0, 15))
    prefix = procedure.agency.identifier
    assert [first.code, second.code, next_day.code] == [
        f"{prefix}-250303-0001",
        f"{prefix}-250303-0002",
        f"{prefix}-250304-0001",
    ]


def test_tet_example_of_the_rules():
    procedure = procedure_with_workflow(time_limit=5, effective_from=dt.date(2020, 1, 1))
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    dossier = submitted_dossier(procedure, at=local(2021, 2, 5, 9, 0))
    dossier = services.dossier_receive(dossier=dossier, actor=desk, at=local(2021, 2, 5, 9, 0))
    assert dossier.due_date == dt.date(2021, 2, 19)


def test_afternoon_cutoff_moves_the_receipt_to_the_next_working_day():
    procedure = procedure_with_workflow(time_limit=10, afternoon_cutoff=True)
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 16, 0))
    dossier = services.dossier_receive(dossier=dossier, actor=desk, at=local(2025, 3, 3, 16, 0))
    assert dossier.due_date == dt.date(2025, 3, 18)


def test_procedure_without_time_limit_needs_an_appointment():
    procedure = procedure_with_workflow(time_limit=None)
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 9, 0))
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_receive(dossier=dossier, actor=desk, at=local(2025, 3, 3, 9, 0))
    assert refused.value.code == "appointment_required"
    dossier = services.dossier_receive(
        dossier=dossier, actor=desk, at=local(2025, 3, 3, 9, 0), appointment=dt.date(2025, 3, 10)
    )
    assert dossier.due_date == dt.date(2025, 3, 10)


def test_counter_intake_requires_a_receiving_officer_of_the_agency(procedure, staff):
    with pytest.raises(TransitionRefused) as refused:
        submitted_dossier(procedure, channel=Channel.DIRECT, actor=staff["specialist"])
    assert refused.value.code == "forbidden"
    dossier = submitted_dossier(procedure, channel=Channel.DIRECT, actor=staff["desk"])
    assert dossier.channel == Channel.DIRECT


def test_online_filing_refused_for_procedures_not_offered_online():
    procedure = procedure_with_workflow(online_level="none")
    with pytest.raises(TransitionRefused) as refused:
        submitted_dossier(procedure)
    assert refused.value.code == "not_online"


@pytest.mark.parametrize(
    ("channel", "expected_day"),
    [
        (Channel.DIRECT, dt.date(2025, 3, 4)),
        (Channel.POSTAL, dt.date(2025, 3, 4)),
        (Channel.ONLINE, dt.date(2025, 3, 3)),
    ],
)
def test_paper_dossiers_received_after_15h_are_handed_over_the_next_working_day(
    procedure, staff, channel, expected_day
):
    at = local(2025, 3, 3, 15, 30)
    dossier = submitted_dossier(procedure, at=at, channel=channel, actor=staff["desk"])
    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=at)
    step = dossier.steps.get()
    assert step.due_at.astimezone(LOCAL_TZ).date() == expected_day


def test_paper_dossier_received_before_15h_is_handed_over_the_same_day(procedure, staff):
    at = local(2025, 3, 3, 14, 59)
    dossier = submitted_dossier(procedure, at=at, channel=Channel.DIRECT, actor=staff["desk"])
    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=at)
    assert dossier.steps.get().due_at.astimezone(LOCAL_TZ).date() == dt.date(2025, 3, 3)


def test_a_sets_count_past_its_column_is_refused_by_the_service(procedure, staff):
    # Before: 40,000 sets were stored as -25536 and 1,000,000 as 16960 on PostgreSQL.
    for sets_count in (40_000, 1_000_000, 0):
        with pytest.raises(TransitionRefused) as refused:
            services.dossier_submit(
                procedure=procedure,
                applicant=applicant(),
                channel=Channel.DIRECT,
                actor=staff["desk"],
                at=MONDAY_MORNING,
                sets_count=sets_count,
            )
        assert refused.value.code == "invalid_sets"
        assert refused.value.message == "Số bộ hồ sơ phải từ 1 đến 32.767."
