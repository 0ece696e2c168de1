"""Factories for the procedure catalogue; other apps' tests import these."""

import datetime as dt
from decimal import Decimal

import factory

from egov.organisations.roles import Role
from egov.procedures.models import Field, OnlineLevel, Procedure, ProcedureVersion, WorkflowStep

try:  # written by the organisations team; minimal stand-ins until it exists
    from egov.organisations.tests.factories import AgencyFactory, ProvinceFactory, UnitFactory
except ImportError:
    from egov.organisations.models import Agency, Province, Unit

    class ProvinceFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Province
            django_get_or_create = ["code"]

        name = "Quảng Ngãi"
        code = "H48"

    class AgencyFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Agency

        province = factory.SubFactory(ProvinceFactory)
        name = factory.Sequence(lambda n: f"Sở Công Thương {n}")
        short_name = factory.Sequence(lambda n: f"S{n}")
        identifier = factory.Sequence(lambda n: f"{n // 100:03d}.{n % 100:02d}.53.H48")
        place_name = "Quảng Ngãi"

    class UnitFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = Unit

        agency = factory.SubFactory(AgencyFactory)
        name = factory.Sequence(lambda n: f"Phòng {n}")
        short_name = factory.Sequence(lambda n: f"P{n}")


__all__ = [
    "AgencyFactory",
    "FieldFactory",
    "ProcedureFactory",
    "ProcedureVersionFactory",
    "ProvinceFactory",
    "UnitFactory",
    "WorkflowStepFactory",
]


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Cấp giấy phép thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    agency = factory.SubFactory(AgencyFactory)


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    effective_from = dt.date(2020, 1, 1)
    name = factory.LazyAttribute(lambda version: version.procedure.name)
    time_limit = 10
    online_level = OnlineLevel.PARTIAL


class WorkflowStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkflowStep

    version = factory.SubFactory(ProcedureVersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    action = WorkflowStep.Action.APPRAISE
    name = "Thẩm định hồ sơ"
    role = Role.SPECIALIST
    budget_days = Decimal(5)
