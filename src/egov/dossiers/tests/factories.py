"""Factories for dossiers; other apps' tests import these.

`DossierFactory` writes a row directly (for selectors and statistics); tests of the lifecycle
build dossiers through the services with `submitted_dossier` and the staff helpers.
"""

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from egov.organisations.roles import Role
from egov.organisations.services import staff_create
from egov.procedures.models import OnlineLevel, WorkflowStep
from egov.procedures.tests.factories import (
    AgencyFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    UnitFactory,
)
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..models import ApplicantKind, Channel, Dossier, Status
from ..services import ApplicantData, dossier_submit

__all__ = [
    "MONDAY_MORNING",
    "AgencyFactory",
    "DossierFactory",
    "FieldFactory",
    "ProcedureFactory",
    "ProcedureVersionFactory",
    "UnitFactory",
    "applicant",
    "filed_online",
    "in_processing",
    "local",
    "make_staff",
    "procedure_with_workflow",
    "received",
    "submitted_dossier",
    "transferred",
]

_usernames = itertools.count(1)


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    procedure_version = factory.SubFactory(ProcedureVersionFactory)
    procedure = factory.LazyAttribute(lambda d: d.procedure_version.procedure)
    field = factory.LazyAttribute(lambda d: d.procedure.field)
    agency = factory.LazyAttribute(lambda d: d.procedure.agency)
    applicant_kind = ApplicantKind.PERSON
    applicant_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    applicant_id_number = "051090000123"
    channel = Channel.ONLINE
    status = Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


def make_staff(agency, role: str, unit=None, **extra):
    return staff_create(
        username=f"staff{next(_usernames)}",
        full_name=extra.pop("full_name", f"Cán bộ {role}"),
        agency=agency,
        unit=unit,
        roles=[role],
        password="mat-khau-thu-nghiem-1",
        **{"must_change_password": False, **extra},  # accounts in use, past their first log-in
    )


def procedure_with_workflow(*, time_limit: int = 10, online_level=OnlineLevel.FULL, **version_kwargs):
    """A procedure of a fresh agency with its lead unit, a one-stop desk and a six-step workflow."""
    agency = AgencyFactory()
    desk = UnitFactory(agency=agency, name="Bộ phận Một cửa", short_name="MC", is_one_stop_desk=True)
    lead = UnitFactory(agency=agency, name="Phòng Quản lý thương mại", short_name="QLTM")
    procedure = ProcedureFactory(agency=agency, lead_unit=lead)
    version = ProcedureVersionFactory(
        procedure=procedure, time_limit=time_limit, online_level=online_level, **version_kwargs
    )
    steps = [
        (WorkflowStep.Action.RECEIVE, desk, Role.RECEIVING_OFFICER, "0.5"),
        (WorkflowStep.Action.ASSIGN, lead, Role.UNIT_HEAD, "0.5"),
        (WorkflowStep.Action.APPRAISE, lead, Role.SPECIALIST, str(max((time_limit or 10) - 3, 1))),
        (WorkflowStep.Action.REVIEW, lead, Role.UNIT_HEAD, "1"),
        (WorkflowStep.Action.SIGN, None, Role.AGENCY_LEADER, "0.5"),
        (WorkflowStep.Action.RETURN, desk, Role.RECEIVING_OFFICER, "0.5"),
    ]
    for order, (action, unit, role, budget) in enumerate(steps, start=1):
        WorkflowStep.objects.create(
            version=version,
            order=order,
            action=action,
            name=action.label,
            unit=unit,
            role=role,
            budget_days=Decimal(budget),
        )
    return procedure


def applicant(**overrides) -> ApplicantData:
    values = {
        "kind": ApplicantKind.PERSON,
        "name": "Nguyễn Thị Lan",
        "id_number": "051190001234",
        "address": "12 Lê Lợi, phường Nghĩa Chánh, thành phố Quảng Ngãi",
        "phone": "0905123456",
        "email": "lan@example.vn",
    }
    values.update(overrides)
    return ApplicantData(**values)


def submitted_dossier(procedure, *, at: dt.datetime | None = None, owner=None, channel=Channel.ONLINE, actor=None):
    return dossier_submit(procedure=procedure, applicant=applicant(), channel=channel, owner=owner, actor=actor, at=at)


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


MONDAY_MORNING = local(2025, 3, 3, 9, 0)

# The lifecycle walked by `staff`, as the services tests' conftest builds it: {"desk", "head",
# "specialist", "leader"} of the procedure's agency and lead unit.


def received(procedure, staff, at=MONDAY_MORNING):
    dossier = submitted_dossier(procedure, at=at)
    return services.dossier_receive(dossier=dossier, actor=staff["desk"], at=at)


def transferred(procedure, staff):
    dossier = received(procedure, staff)
    return services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=MONDAY_MORNING + dt.timedelta(hours=1))


def in_processing(procedure, staff, at=MONDAY_MORNING):
    dossier = received(procedure, staff, at)
    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=at + dt.timedelta(hours=1))
    return services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=at + dt.timedelta(hours=2)
    )


def filed_online(department, **kwargs):
    """A dossier filed online by the citizen of the portal's test department (portal.tests.world)."""
    from egov.portal.tests.world import applicant

    return services.dossier_submit(
        procedure=department.alcohol,
        applicant=applicant(),
        channel=Channel.ONLINE,
        actor=department.citizen,
        owner=department.citizen,
        **kwargs,
    )
