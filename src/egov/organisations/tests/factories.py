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


def totp_code(device, *, at: float | None = None) -> str:
    """The code an authenticator app shows now (or at `at`, a Unix time) for a TOTP device."""
    from django_otp.oath import TOTP

    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    if at is not None:
        generator.time = at
    return f"{generator.token():0{device.digits}d}"


def enrolled_device(user):
    """The user's confirmed authenticator, created if missing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def verify_second_factor_in_session(client, user) -> None:
    """Mark the test client's session as having passed the second factor, if the account needs it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from egov.organisations.second_factor import second_factor_enrolled, second_factor_required

    if not (second_factor_required(user) or second_factor_enrolled(user)):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
    session.save()
