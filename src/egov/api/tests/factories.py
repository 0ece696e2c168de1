"""Test data for the API tests (procedures, dossiers, staff with roles, citizens).

Kept in the API package so that the API tests do not depend on other apps' test helpers, which
are written concurrently; dossiers in a given state are created directly as *fixtures* — the
lifecycle itself is exercised through the API and the lifecycle services.
"""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from egov.core.text import fold
from egov.dossiers.models import ApplicantKind, Channel, Dossier, Status
from egov.organisations.models import Agency, Province, Unit, User
from egov.organisations.services import user_set_roles
from egov.procedures.models import FeeItem, Field, OnlineLevel, Procedure, ProcedureVersion, RequiredDocument

_agency_numbers = itertools.count(10)


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
    short_name = factory.Sequence(lambda n: f"SCT{n}")
    identifier = factory.LazyFunction(lambda: f"000.00.{next(_agency_numbers) % 100:02d}.H48")
    place_name = "Quảng Ngãi"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng Quản lý thương mại {n}")
    short_name = factory.Sequence(lambda n: f"QLTM{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.django.Password("mat-khau-thu-nghiem-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=self, roles=list(extracted))


def staff(role: str, *, agency: Agency, unit: Unit | None = None, **kwargs) -> User:
    return UserFactory(agency=agency, unit=unit, roles=[role], **kwargs)


def citizen(**kwargs) -> User:
    return UserFactory(**kwargs)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["name"]

    name = "Lưu thông hàng hóa trong nước"
    code = "LTHH"


_procedure_codes = itertools.count(100)


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.LazyFunction(lambda: f"2.{next(_procedure_codes):06d}")
    name = "Cấp Giấy phép bán buôn rượu"
    field = factory.SubFactory(FieldFactory)
    agency = factory.SubFactory(AgencyFactory)


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    effective_from = dt.date(2021, 1, 1)
    name = factory.SelfAttribute("procedure.name")
    time_limit = 15
    online_level = OnlineLevel.FULL


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    version = factory.SubFactory(ProcedureVersionFactory)
    name = "Đơn đề nghị cấp Giấy phép"
    order = factory.Sequence(int)


class FeeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeItem

    version = factory.SubFactory(ProcedureVersionFactory)
    name = "Phí thẩm định"
    amount_vnd = 1_200_000


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier row in a given state (a fixture; transitions go through the services)."""

    class Meta:
        model = Dossier

    procedure_version = factory.SubFactory(ProcedureVersionFactory)
    procedure = factory.SelfAttribute("procedure_version.procedure")
    field = factory.SelfAttribute("procedure.field")
    agency = factory.SelfAttribute("procedure.agency")
    applicant_kind = ApplicantKind.PERSON
    applicant_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    applicant_phone = "0905123456"
    channel = Channel.ONLINE
    status = Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    # What the intake service derives; set here so that search finds fixture rows too.
    search_text = factory.LazyAttribute(lambda d: fold(f"{d.code or ''} {d.applicant_name} {d.procedure.name}"))
