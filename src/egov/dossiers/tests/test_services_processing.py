"""Processing (services/processing.py): assignment, supplements and their window, the apology and its
new appointment, the refusal."""

import datetime as dt
import threading

import pytest
from django.db import connection

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role

from .. import services
from ..models import Outcome, Status
from .factories import (
    MONDAY_MORNING,
    in_processing,
    local,
    make_staff,
    procedure_with_workflow,
    submitted_dossier,
    transferred,
)

pytestmark = pytest.mark.django_db


def test_supplement_pauses_and_restarts_the_clock(procedure, staff):
    dossier = in_processing(procedure, staff)
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["Bản sao giấy phép"], at=local(2025, 3, 5, 9, 0)
    )
    assert dossier.status == Status.PAUSED
    assert dossier.pauses.get().completed_at is None
    dossier = services.dossier_complete_supplement(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 10, 10, 0))
    assert dossier.status == Status.PROCESSING
    # Restarted from zero on Monday 10 March: 10 working days later is Monday 24 March.
    assert dossier.due_date == dt.date(2025, 3, 24)
    pause = dossier.pauses.get()
    assert (pause.requested_at, pause.completed_at) == (local(2025, 3, 5, 9, 0), local(2025, 3, 10, 10, 0))
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_request_supplement(
            dossier=dossier, actor=staff["specialist"], items=["Thêm nữa"], at=local(2025, 3, 11, 9, 0)
        )
    assert refused.value.code == "supplement_once"


def test_supplement_after_three_working_days_needs_a_leader_with_a_reason(procedure, staff):
    dossier = in_processing(procedure, staff)
    late = local(2025, 3, 7, 9, 0)  # 4 working days after Monday 3 March
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_request_supplement(dossier=dossier, actor=staff["specialist"], items=["X"], at=late)
    assert refused.value.code == "supplement_window"
    # The override right belongs to leaders; a unit head who also holds the leader role may use it.
    head = staff["head"]
    head.groups.add(*staff["leader"].groups.all())
    head = type(head).objects.get(pk=head.pk)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_request_supplement(dossier=dossier, actor=head, items=["X"], at=late)
    assert refused.value.code == "override_reason"
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=head, items=["X"], override_reason="Hồ sơ phức tạp", at=late
    )
    assert dossier.status == Status.PAUSED


def test_apology_once_and_at_least_one_working_day_before(procedure, staff):
    dossier = in_processing(procedure, staff)  # due 17 March 2025
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_apologise(
            dossier=dossier,
            actor=staff["specialist"],
            reason="Cần xác minh",
            new_due_date=dt.date(2025, 3, 20),
            at=local(2025, 3, 17, 8, 0),
        )
    assert refused.value.code == "apology_too_late"
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_apologise(
            dossier=dossier,
            actor=staff["specialist"],
            reason="Cần xác minh",
            new_due_date=dt.date(2025, 3, 15),
            at=local(2025, 3, 14, 8, 0),
        )
    assert refused.value.code == "invalid_new_due_date"
    dossier = services.dossier_apologise(
        dossier=dossier,
        actor=staff["specialist"],
        reason="Cần xác minh",
        new_due_date=dt.date(2025, 3, 20),
        at=local(2025, 3, 14, 8, 0),
    )
    assert dossier.apology_due_date == dt.date(2025, 3, 20)
    assert dossier.due_date == dt.date(2025, 3, 17)  # the statutory date stays for the statistics
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_apologise(
            dossier=dossier,
            actor=staff["specialist"],
            reason="Lần nữa",
            new_due_date=dt.date(2025, 3, 21),
            at=local(2025, 3, 14, 9, 0),
        )
    assert refused.value.code == "apology_once"


def test_refusal_finishes_with_a_result(procedure, staff):
    dossier = in_processing(procedure, staff)
    dossier = services.dossier_refuse(
        dossier=dossier, actor=staff["leader"], reason="Không đủ điều kiện", at=local(2025, 3, 6, 9, 0)
    )
    assert (dossier.status, dossier.outcome) == (Status.REFUSED, Outcome.REFUSED)


def test_supplement_on_the_third_working_day_needs_no_override(procedure, staff):
    dossier = in_processing(procedure, staff)  # received Monday 3 March 2025
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["Bản vẽ"], at=local(2025, 3, 6, 16, 0)
    )
    assert dossier.status == Status.PAUSED
    assert dossier.events.get(action="request_supplement").data["override_reason"] == ""


def test_supplement_window_counts_working_days_across_a_holiday():
    # Received Wednesday 28 April 2021; 30 April, 1 May and 3 May (in lieu) are days off, so
    # Wednesday 5 May, a week later, is only the 3rd working day after receipt.
    procedure = procedure_with_workflow(time_limit=10, effective_from=dt.date(2020, 1, 1))
    agency, unit = procedure.agency, procedure.lead_unit
    desk, head = make_staff(agency, Role.RECEIVING_OFFICER), make_staff(agency, Role.UNIT_HEAD, unit)
    specialist = make_staff(agency, Role.SPECIALIST, unit)
    at = local(2021, 4, 28, 9, 0)
    dossier = services.dossier_receive(dossier=submitted_dossier(procedure, at=at), actor=desk, at=at)
    dossier = services.dossier_transfer(dossier=dossier, actor=desk, at=at + dt.timedelta(hours=1))
    dossier = services.dossier_assign(dossier=dossier, actor=head, assignee=specialist, at=at + dt.timedelta(hours=2))
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=specialist, items=["Bản vẽ"], at=local(2021, 5, 5, 16, 0)
    )
    assert dossier.status == Status.PAUSED


def test_a_restart_after_an_apology_drops_the_appointment_it_overtakes(procedure, staff):
    dossier = in_processing(procedure, staff)  # due Monday 17 March 2025
    dossier = services.dossier_apologise(
        dossier=dossier,
        actor=staff["specialist"],
        reason="Cần xác minh",
        new_due_date=dt.date(2025, 3, 19),
        at=local(2025, 3, 4, 9, 0),
    )
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["Bản vẽ"], at=local(2025, 3, 5, 9, 0)
    )
    dossier = services.dossier_complete_supplement(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 7, 9, 0))
    # Restarted on Friday 7 March: 10 working days -> Friday 21 March, after the apology's 19 March.
    assert (dossier.due_date, dossier.apology_due_date) == (dt.date(2025, 3, 21), None)


def test_a_restart_keeps_a_later_apology_appointment(procedure, staff):
    dossier = in_processing(procedure, staff)
    dossier = services.dossier_apologise(
        dossier=dossier,
        actor=staff["specialist"],
        reason="Cần xác minh",
        new_due_date=dt.date(2025, 3, 28),
        at=local(2025, 3, 4, 9, 0),
    )
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["Bản vẽ"], at=local(2025, 3, 5, 9, 0)
    )
    dossier = services.dossier_complete_supplement(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 7, 9, 0))
    assert (dossier.due_date, dossier.apology_due_date) == (dt.date(2025, 3, 21), dt.date(2025, 3, 28))
    # The apology was the one re-appointment: no second one after the restart.
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_apologise(
            dossier=dossier,
            actor=staff["specialist"],
            reason="Lần nữa",
            new_due_date=dt.date(2025, 4, 1),
            at=local(2025, 3, 10, 9, 0),
        )
    assert refused.value.code == "apology_once"


def test_assigning_the_current_assignee_again_is_refused_and_leaves_one_event_and_one_step(procedure, staff):
    # Before: sixty identical calls gave sixty "assign" events and sixty hand-over rows in Form 05.
    dossier = transferred(procedure, staff)
    at = MONDAY_MORNING + dt.timedelta(hours=2)
    services.dossier_assign(dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=at)
    steps = dossier.steps.count()
    for minute in range(1, 60):
        with pytest.raises(TransitionRefused) as refused:
            services.dossier_assign(
                dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=at + dt.timedelta(minutes=minute)
            )
        assert refused.value.code == "unchanged"
    assert refused.value.message == (
        f"Hồ sơ đã được phân công cho {staff['specialist']}; phân công lại cho cùng người không thay đổi gì."
    )
    assert dossier.events.filter(action="assign").count() == 1
    assert dossier.steps.count() == steps
    assert dossier.steps.filter(assignee=staff["specialist"]).count() == 1


def test_assigning_someone_else_is_a_change(procedure, staff):
    dossier = in_processing(procedure, staff)
    other = make_staff(procedure.agency, Role.SPECIALIST, procedure.lead_unit)
    dossier = services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=other, at=MONDAY_MORNING + dt.timedelta(hours=3)
    )
    assert dossier.assignee == other
    assert dossier.events.filter(action="assign").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_identical_assigns_in_parallel_leave_one_event():
    procedure = procedure_with_workflow(time_limit=10)
    agency, unit = procedure.agency, procedure.lead_unit
    staff = {
        "desk": make_staff(agency, Role.RECEIVING_OFFICER),
        "head": make_staff(agency, Role.UNIT_HEAD, unit),
        "specialist": make_staff(agency, Role.SPECIALIST, unit),
    }
    dossier = transferred(procedure, staff)
    steps = dossier.steps.count()
    parallel = 8
    barrier = threading.Barrier(parallel)
    outcomes: list[str] = []
    lock = threading.Lock()

    def assign() -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            services.dossier_assign(
                dossier=dossier,
                actor=staff["head"],
                assignee=staff["specialist"],
                at=MONDAY_MORNING + dt.timedelta(hours=2),
            )
            outcome = "assigned"
        except TransitionRefused as exc:
            outcome = exc.code
        except BaseException as exc:  # reported in the assertion below
            outcome = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=assign) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["assigned"] + ["unchanged"] * (parallel - 1)
    assert dossier.events.filter(action="assign").count() == 1
    assert dossier.steps.count() == steps + 1
