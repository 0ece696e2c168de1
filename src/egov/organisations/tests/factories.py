"""Factories for organisations and staff; other apps' tests import these — keep them simple and stable.

agency = AgencyFactory()                       # in province H48 (Quảng Ngãi)
unit = UnitFactory(agency=agency)
officer = StaffFactory(agency=agency, roles=[Role.RECEIVING_OFFICER])
specialist = StaffFactory(unit=unit, roles=[Role.SPECIALIST])   # agency taken from the unit
citizen = UserFactory()                        # no agency, no role
"""

import factory

from egov.organisations.models import Agency, Province, Unit, User
from egov.organisations.services import user_set_roles

__all__ = ["AgencyFactory", "ProvinceFactory", "StaffFactory", "UnitFactory", "UserFactory"]


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
    # QCVN 102:2016 style, unique per sequence number: 000.00.53.H48, 000.01.53.H48, ...
    identifier = factory.Sequence(lambda n: f"{n // 100 % 1000:03d}.{n % 100:02d}.53.H48")
    place_name = "Quảng Ngãi"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Phòng Quản lý thương mại {n}")
    short_name = factory.Sequence(lambda n: f"QLTM{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A user without agency (a citizen account) unless agency/unit are given; `roles=[...]` grants roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("mat-khau-thu-nghiem-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=self, roles=[str(role) for role in extracted])


class StaffFactory(UserFactory):
    """A staff member of an agency (of the unit's agency when a unit is given)."""

    unit = None
    agency = factory.LazyAttribute(lambda o: o.unit.agency if o.unit is not None else AgencyFactory())
    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    position = "Chuyên viên"
