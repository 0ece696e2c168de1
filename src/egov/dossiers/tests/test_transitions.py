"""Every action against every state: refused outside the table, with nothing changed; and the
permission / scope checks of the table."""

import datetime as dt

import pytest
from django.utils import timezone

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role
from egov.procedures.models import FeeItem
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..models import DossierEvent, Status
from ..transitions import TRANSITIONS, Action
from .factories import AgencyFactory, DossierFactory, make_staff, procedure_with_workflow

pytestmark = pytest.mark.django_db

# Arguments that are valid for each service, so that only the state or the actor can refuse.
ARGS = {
    Action.REQUEST_INTAKE_SUPPLEMENT: {"items": ["Đơn đề nghị"]},
    Action.COMPLETE_INTAKE_SUPPLEMENT: {},
    Action.REFUSE_INTAKE: {"reason": "Không thuộc thẩm quyền"},
    Action.RECEIVE: {},
    Action.TRANSFER: {},
    Action.ASSIGN: {"assignee": None},
    Action.CONSULT: {"consulted": "Sở Xây dựng", "reply_due": dt.date(2030, 1, 1)},
    Action.CONSULT_REPLY: {"note": "Đồng ý"},
    Action.REQUEST_SUPPLEMENT: {"items": ["Bản vẽ"]},
    Action.COMPLETE_SUPPLEMENT: {},
    Action.SUBMIT_FOR_SIGNATURE: {},
    Action.APPROVE: {},
    Action.SEND_BACK: {"reason": "Bổ sung ý kiến"},
    Action.SIGN: {"result_number": "1/GP-SCT"},
    Action.REFUSE: {"reason": "Không đủ điều kiện"},
    Action.APOLOGISE: {"reason": "Cần xác minh", "new_due_date": dt.date(2030, 1, 2)},
    Action.ASSESS_FEE: {},
    Action.REQUEST_PAYMENT: {},
    Action.COMPLETE_PAYMENT: {},
    Action.CHANGE_RESULT_DELIVERY: {"method": "post", "address": "12 Hùng Vương, TP Quảng Ngãi"},
    Action.RETURN_RESULT: {"method": "desk"},
    Action.WITHDRAW: {"reason": "Xin rút"},
    Action.STOP: {"reason": "Theo yêu cầu của cơ quan có thẩm quyền"},
    Action.RATE: {"rating": "satisfied"},
}

CASES = [
    (action, status)
    for action, transition in TRANSITIONS.items()
    for status in Status.values
    if status not in transition.sources
]


def test_every_action_has_a_service_and_arguments():
    assert set(services.SERVICES) == set(Action) == set(ARGS)


def _dossier_in(status: str):
    procedure = procedure_with_workflow()
    now = timezone.now()
    received = status not in {Status.SUBMITTED, Status.INTAKE_SUPPLEMENT, Status.INTAKE_REFUSED}
    return DossierFactory(
        procedure_version=procedure.versions.get(),
        status=status,
        unit=procedure.lead_unit,
        received_at=now if received else None,
        code=f"X-{status}" if received else None,
        due_date=dt.date(2030, 1, 1) if received else None,
    )


@pytest.mark.parametrize(("action", "status"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_action_refused_from_a_state_outside_the_table(action, status, django_user_model):
    dossier = _dossier_in(status)
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    before = (dossier.status, DossierEvent.objects.count())
    with pytest.raises(TransitionRefused) as refused:
        services.SERVICES[action](dossier=dossier, actor=admin, **ARGS[action])
    assert refused.value.code == "invalid_state"
    dossier.refresh_from_db()
    assert (dossier.status, DossierEvent.objects.count()) == before


STAFF_ACTIONS = [a for a, t in TRANSITIONS.items() if t.permission]


@pytest.mark.parametrize("action", STAFF_ACTIONS)
def test_staff_action_refused_without_the_permission_or_out_of_scope(action):
    transition = TRANSITIONS[action]
    dossier = _dossier_in(sorted(transition.sources)[0])
    other_agency = AgencyFactory()
    # An inspector sees dossiers but may not act on them; a leader of another agency is out of scope.
    for actor in (make_staff(dossier.agency, Role.INSPECTOR), make_staff(other_agency, Role.AGENCY_LEADER)):
        with pytest.raises(TransitionRefused) as refused:
            services.SERVICES[action](dossier=dossier, actor=actor, **ARGS[action])
        assert refused.value.code == "forbidden"


def test_unit_scoped_staff_act_only_in_their_unit():
    dossier = _dossier_in(Status.PROCESSING)
    other_unit_specialist = make_staff(dossier.agency, Role.SPECIALIST, unit=None)
    with pytest.raises(TransitionRefused):
        services.dossier_submit_for_signature(dossier=dossier, actor=other_unit_specialist)
    specialist = make_staff(dossier.agency, Role.SPECIALIST, dossier.unit)
    assert services.dossier_submit_for_signature(dossier=dossier, actor=specialist).status == Status.AWAITING_SIGNATURE


def test_anonymous_actor_refused():
    dossier = _dossier_in(Status.SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_receive(dossier=dossier, actor=None)
    assert refused.value.code == "not_authenticated"


def test_allowed_actions_follow_the_table_role_and_scope(django_user_model):
    dossier = _dossier_in(Status.SUBMITTED)
    desk = make_staff(dossier.agency, Role.RECEIVING_OFFICER)
    assert set(services.DOSSIERS.allowed(dossier, desk)) == {
        Action.REQUEST_INTAKE_SUPPLEMENT,
        Action.REFUSE_INTAKE,
        Action.RECEIVE,
        Action.WITHDRAW,
        Action.CHANGE_RESULT_DELIVERY,
    }
    assert services.DOSSIERS.allowed(dossier, make_staff(AgencyFactory(), Role.RECEIVING_OFFICER)) == []
    owner = django_user_model.objects.create_user(username="owner", password="x")
    dossier.owner = owner
    dossier.status = Status.RETURNED
    assert services.DOSSIERS.allowed(dossier, owner) == [Action.RATE]
    dossier.rating = "satisfied"
    assert services.DOSSIERS.allowed(dossier, owner) == []


def test_event_times_are_aware_local_times_stored_in_utc():
    procedure = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    from .factories import submitted_dossier

    at = dt.datetime(2025, 3, 3, 23, 30, tzinfo=LOCAL_TZ)
    dossier = services.dossier_receive(dossier=submitted_dossier(procedure, at=at), actor=desk, at=at)
    assert dossier.code.endswith("-250303-0001")  # the local day, not the UTC one


ALLOWED = [(action, status) for action, transition in TRANSITIONS.items() for status in sorted(transition.sources)]


def _ready_for(dossier, action, status, django_user_model):
    """Set up what the action's own rule needs besides the state, and return its arguments."""
    from ..models import PauseInterval

    args = dict(ARGS[action])
    if action == Action.ASSIGN:
        args["assignee"] = make_staff(dossier.agency, Role.SPECIALIST, dossier.unit)
    if action == Action.COMPLETE_SUPPLEMENT:
        PauseInterval.objects.create(dossier=dossier, requested_at=dossier.received_at, reason="Bản vẽ")
    if action == Action.REQUEST_PAYMENT:
        FeeItem.objects.create(version=dossier.procedure_version, name="Phí thẩm định", amount_vnd=600_000)
    if action == Action.COMPLETE_PAYMENT:  # nothing left to pay (a procedure without fee)
        PauseInterval.objects.create(
            dossier=dossier, kind=PauseInterval.Kind.PAYMENT, requested_at=dossier.received_at, reason="Nộp phí"
        )
    if action == Action.RATE:
        dossier.owner = django_user_model.objects.create_user(username="owner", password="x")
        dossier.save(update_fields=["owner"])
        return args, dossier.owner
    return args, None


@pytest.mark.parametrize(("action", "status"), ALLOWED, ids=[f"{a}-from-{s}" for a, s in ALLOWED])
def test_every_allowed_transition_moves_the_state_and_records_one_event(action, status, django_user_model):
    dossier = _dossier_in(status)
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    args, applicant = _ready_for(dossier, action, status, django_user_model)
    before = DossierEvent.objects.filter(dossier=dossier).count()
    result = services.SERVICES[action](dossier=dossier, actor=applicant or admin, **args)
    target = TRANSITIONS[action].target or status
    result.refresh_from_db()
    assert result.status == target
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("pk"))
    assert len(events) == before + 1
    assert (events[-1].action, events[-1].from_status, events[-1].to_status) == (action, status, target)
    assert events[-1].actor == (applicant or admin)
