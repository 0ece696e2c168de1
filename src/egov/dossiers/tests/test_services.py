"""The lifecycle services, walked through as the one-stop desk and the units use them."""

import datetime as dt
import itertools
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role
from egov.portal.tests.world import pdf_upload
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..attachments import attachment_add
from ..models import Attachment, Channel, DossierStep, Outcome, Rating, ReturnMethod, Status
from .factories import applicant, make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def procedure():
    return procedure_with_workflow(time_limit=10)


@pytest.fixture
def staff(procedure):
    agency, unit = procedure.agency, procedure.lead_unit
    return {
        "desk": make_staff(agency, Role.RECEIVING_OFFICER),
        "head": make_staff(agency, Role.UNIT_HEAD, unit),
        "specialist": make_staff(agency, Role.SPECIALIST, unit),
        "leader": make_staff(agency, Role.AGENCY_LEADER),
    }


MONDAY_MORNING = local(2025, 3, 3, 9, 0)


def received(procedure, staff, at=MONDAY_MORNING):
    dossier = submitted_dossier(procedure, at=at)
    return services.dossier_receive(dossier=dossier, actor=staff["desk"], at=at)


def in_processing(procedure, staff, at=MONDAY_MORNING):
    dossier = received(procedure, staff, at)
    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=at + dt.timedelta(hours=1))
    return services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=at + dt.timedelta(hours=2)
    )


def test_full_online_path_to_rated_result(procedure, staff, django_user_model):
    citizen = django_user_model.objects.create_user(username="congdan", password="x")
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 8, 30), owner=citizen)
    assert dossier.status == Status.SUBMITTED and dossier.code is None

    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 9, 0))
    assert dossier.code == f"{procedure.agency.identifier}-250303-0001"
    # 10 working days after Monday 3 March 2025, the day of receipt not counted.
    assert dossier.due_date == dt.date(2025, 3, 17)

    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 10, 0))
    assert dossier.unit == procedure.lead_unit and dossier.status == Status.PROCESSING
    dossier = services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=local(2025, 3, 4, 8, 0)
    )
    dossier = services.dossier_submit_for_signature(
        dossier=dossier, actor=staff["specialist"], at=local(2025, 3, 10, 8, 0)
    )
    dossier = services.dossier_approve(dossier=dossier, actor=staff["head"], at=local(2025, 3, 11, 8, 0))
    dossier = services.dossier_sign(
        dossier=dossier, actor=staff["leader"], result_number="15/GP-SCT", at=local(2025, 3, 12, 8, 0)
    )
    assert dossier.status == Status.RESOLVED and dossier.outcome == Outcome.RESOLVED
    assert dossier.finished_at == local(2025, 3, 12, 8, 0)
    attachment_add(
        dossier=dossier, upload=pdf_upload("giay-phep.pdf"), actor=staff["leader"], kind=Attachment.Kind.RESULT
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=staff["desk"], method=ReturnMethod.ELECTRONIC, at=local(2025, 3, 12, 9, 0)
    )
    dossier = services.dossier_rate(
        dossier=dossier, actor=citizen, rating=Rating.VERY_SATISFIED, at=local(2025, 3, 12, 10, 0)
    )
    assert dossier.status == Status.RETURNED and dossier.rating == Rating.VERY_SATISFIED

    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "submit_for_signature",
        "approve",
        "sign",
        "return_result",
        "rate",
    ]
    chain = list(dossier.events.values_list("from_status", "to_status"))
    for (_, previous_to), (current_from, _) in itertools.pairwise(chain):
        assert current_from == previous_to
    steps = list(dossier.steps.order_by("order"))
    assert [s.order for s in steps] == [1, 2, 3, 4, 5, 6]
    assert all(s.finished_at is not None for s in steps)
    # The appraisal had 7 working days from 4 March (until 13 March) and ended on 10 March.
    assert steps[2].timeliness == DossierStep.Timeliness.EARLY


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


def test_withdraw_before_receipt_is_not_a_finished_dossier(procedure, staff):
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 9, 0))
    dossier = services.dossier_withdraw(dossier=dossier, actor=staff["desk"], reason="Người nộp xin rút")
    assert dossier.status == Status.WITHDRAWN and dossier.finished_at is None and dossier.outcome == ""


def test_withdraw_while_paused_closes_the_pause(procedure, staff):
    dossier = in_processing(procedure, staff)
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["X"], at=local(2025, 3, 4, 9, 0)
    )
    dossier = services.dossier_withdraw(dossier=dossier, actor=staff["desk"], reason="Rút", at=local(2025, 3, 6, 9))
    assert dossier.outcome == Outcome.WITHDRAWN and not dossier.pauses.filter(completed_at__isnull=True).exists()


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


def test_bad_applicant_details_are_all_reported_and_nothing_is_written(procedure):
    from ..models import Dossier
    from .factories import applicant

    with pytest.raises(ValidationError) as invalid:
        services.dossier_submit(
            procedure=procedure,
            applicant=applicant(id_number="12345", phone="12", email="khong-hop-le"),
            channel=Channel.ONLINE,
        )
    assert set(invalid.value.message_dict) == {"id_number", "phone", "email"}
    assert Dossier.objects.count() == 0


def test_rating_only_by_the_owner_and_once(procedure, staff, django_user_model):
    citizen = django_user_model.objects.create_user(username="a", password="x")
    other = django_user_model.objects.create_user(username="b", password="x")
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 9, 0), owner=citizen)
    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 9, 0))
    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 10, 0))
    dossier = services.dossier_submit_for_signature(dossier=dossier, actor=staff["specialist"])
    dossier = services.dossier_sign(dossier=dossier, actor=staff["leader"], result_number="1/GP-SCT")
    dossier = services.dossier_return_result(dossier=dossier, actor=staff["desk"], method=ReturnMethod.DESK)
    with pytest.raises(TransitionRefused):
        services.dossier_rate(dossier=dossier, actor=other, rating=Rating.SATISFIED)
    services.dossier_rate(dossier=dossier, actor=citizen, rating=Rating.SATISFIED)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_rate(dossier=dossier, actor=citizen, rating=Rating.UNSATISFIED)
    assert refused.value.code == "already_rated"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_transition_locks_the_dossier_row_only():
    """The agency row stays free while a dossier is locked, so dossiers of one agency move in parallel."""
    import threading

    from django.db import DatabaseError, connection, transaction

    from egov.organisations.models import Agency

    from ..models import Dossier

    procedure = procedure_with_workflow(time_limit=10)
    dossier = submitted_dossier(procedure, at=MONDAY_MORNING)
    outcome = {}

    def try_locks():
        try:
            with transaction.atomic():
                Agency.objects.select_for_update(nowait=True).get(pk=procedure.agency_id)
                outcome["agency"] = "free"
                try:
                    with transaction.atomic():
                        Dossier.objects.select_for_update(nowait=True).get(pk=dossier.pk)
                        outcome["dossier"] = "free"
                except DatabaseError:
                    outcome["dossier"] = "locked"
        except DatabaseError:
            outcome["agency"] = "locked"
        finally:
            connection.close()

    with transaction.atomic():
        services.DOSSIERS.lock(dossier)
        thread = threading.Thread(target=try_locks)
        thread.start()
        thread.join(timeout=30)
    assert outcome == {"agency": "free", "dossier": "locked"}


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


def test_a_refused_transition_changes_nothing(procedure, staff):
    dossier = in_processing(procedure, staff)
    before = (dossier.status, dossier.due_date, dossier.events.count(), dossier.steps.count())
    with pytest.raises(TransitionRefused):
        services.dossier_apologise(
            dossier=dossier,
            actor=staff["specialist"],
            reason="Chậm",
            new_due_date=dt.date(2025, 3, 14),  # before the due date
            at=local(2025, 3, 4, 9, 0),
        )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_date, dossier.events.count(), dossier.steps.count()) == before
    assert dossier.apology_due_date is None


def _transferred(procedure, staff):
    dossier = received(procedure, staff)
    return services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=MONDAY_MORNING + dt.timedelta(hours=1))


def test_assigning_the_current_assignee_again_is_refused_and_leaves_one_event_and_one_step(procedure, staff):
    # Before: sixty identical calls gave sixty "assign" events and sixty hand-over rows in Form 05.
    dossier = _transferred(procedure, staff)
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
    dossier = _transferred(procedure, staff)
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


# --- how the result is returned ------------------------------------------------------------------


def _online(department, **kwargs):
    from egov.portal.tests.world import applicant

    return services.dossier_submit(
        procedure=department.alcohol,
        applicant=applicant(),
        channel=Channel.ONLINE,
        actor=department.citizen,
        owner=department.citizen,
        **kwargs,
    )


def test_the_applicant_chooses_at_filing_how_to_receive_the_result(db):
    from egov.portal.tests.world import build_department

    department = build_department()
    electronic = _online(department, result_delivery=ReturnMethod.ELECTRONIC)
    assert (electronic.result_delivery, electronic.result_address) == ("electronic", "")
    assert electronic.events.get().data == {"channel": "online", "result_delivery": "electronic"}
    # By post with no address of its own: the applicant's address.
    posted = _online(department, result_delivery=ReturnMethod.POST)
    assert posted.result_address == "Phường Nghĩa Chánh, TP Quảng Ngãi"
    # An electronic result needs an account to be made available in.
    from egov.portal.tests.world import applicant

    desk = department.user(Role.RECEIVING_OFFICER)
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(
            procedure=department.alcohol,
            applicant=applicant(),
            channel=Channel.DIRECT,
            actor=desk,
            result_delivery=ReturnMethod.ELECTRONIC,
        )
    assert "result_delivery" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(
            procedure=department.alcohol,
            applicant=applicant(address=""),
            channel=Channel.ONLINE,
            actor=department.citizen,
            owner=department.citizen,
            result_delivery=ReturnMethod.POST,
        )
    assert "result_address" in error.value.message_dict


def test_the_desk_changes_the_choice_with_a_recorded_event(db):
    from egov.portal.tests.world import advance_to, build_department

    department = build_department()
    dossier = advance_to(department, _online(department, result_delivery=ReturnMethod.ELECTRONIC), "assigned")
    desk = department.user(Role.RECEIVING_OFFICER)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_change_result_delivery(
            dossier=dossier, actor=department.user(Role.SPECIALIST), method=ReturnMethod.DESK
        )
    assert refused.value.code == "forbidden"
    dossier = services.dossier_change_result_delivery(
        dossier=dossier,
        actor=desk,
        method=ReturnMethod.POST,
        address="Số 5 Phan Bội Châu, TP Quảng Ngãi",
        note="Người nộp đề nghị qua điện thoại.",
    )
    dossier.refresh_from_db()
    assert (dossier.result_delivery, dossier.result_address) == ("post", "Số 5 Phan Bội Châu, TP Quảng Ngãi")
    event = dossier.events.order_by("pk").last()
    assert (event.action, event.actor, event.note) == (
        "change_result_delivery",
        desk,
        "Người nộp đề nghị qua điện thoại.",
    )
    assert event.data == {"from": "electronic", "to": "post", "address": "Số 5 Phan Bội Châu, TP Quảng Ngãi"}
    with pytest.raises(TransitionRefused, match="không thay đổi"):
        services.dossier_change_result_delivery(
            dossier=dossier, actor=desk, method=ReturnMethod.POST, address="Số 5 Phan Bội Châu, TP Quảng Ngãi"
        )


def test_the_result_is_returned_the_way_chosen(db):
    """Electronic: only with the signed file, which the applicant then downloads; by post: with the
    posting's tracking number, recorded and sent to the applicant; another way: change the choice first."""
    from egov.outbox.models import Message
    from egov.portal.tests.world import advance_to, attach_result, build_department, pay_at_desk

    department = build_department()
    desk = department.user(Role.RECEIVING_OFFICER)
    dossier = advance_to(department, _online(department, result_delivery=ReturnMethod.ELECTRONIC), "resolved")
    pay_at_desk(dossier, desk)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=dossier, actor=desk, method=ReturnMethod.DESK)
    assert refused.value.code == "delivery_mismatch"
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=dossier, actor=desk)
    assert refused.value.code == "no_result_file"
    attach_result(department, dossier)
    dossier = services.dossier_return_result(dossier=dossier, actor=desk)
    assert (dossier.status, dossier.return_method) == (Status.RETURNED, "electronic")
    told = Message.objects.filter(kind="result_returned", channel="email").get()
    assert f"/cong-dan/ho-so/{dossier.pk}/" in told.body

    posted = advance_to(department, _online(department, result_delivery=ReturnMethod.POST), "resolved")
    pay_at_desk(posted, desk)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=posted, actor=desk)
    assert refused.value.code == "no_postal_tracking"
    posted = services.dossier_return_result(dossier=posted, actor=desk, postal_tracking=" EB 123456789 VN ")
    event = posted.events.order_by("pk").last()
    assert event.data == {
        "method": "post",
        "postal_tracking": "EB 123456789 VN",
        "address": "Phường Nghĩa Chánh, TP Quảng Ngãi",
    }
    sms = Message.objects.filter(kind="result_returned", channel="sms", about_id=posted.pk).get()
    assert "số hiệu bưu gửi EB 123456789 VN" in sms.body


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
