"""The one scope rule, checked on the User table itself (it has agency and unit columns)."""

import pytest

from egov.organisations.models import User
from egov.organisations.roles import Role
from egov.organisations.selectors import scope_filter, scoped, user_can_access

from .factories import AgencyFactory, StaffFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agency = AgencyFactory()
    other_agency = AgencyFactory()
    unit = UnitFactory(agency=agency)
    sibling = UnitFactory(agency=agency)
    foreign_unit = UnitFactory(agency=other_agency)
    rows = {
        "in_unit": StaffFactory(unit=unit),
        "in_sibling": StaffFactory(unit=sibling),
        "agency_no_unit": StaffFactory(agency=agency),
        "other_agency": StaffFactory(unit=foreign_unit),
        "citizen": UserFactory(),
    }
    return {"agency": agency, "unit": unit, "other_agency": other_agency, "rows": rows}


def visible(user, world) -> set[str]:
    names = {row.pk: name for name, row in world["rows"].items()}
    queryset = scoped(User.objects.filter(pk__in=names), user, agency_field="agency", unit_field="unit")
    return {names[pk] for pk in queryset.values_list("pk", flat=True)}


def accessible(user, world) -> set[str]:
    return {
        name
        for name, row in world["rows"].items()
        if row.agency_id is not None and user_can_access(user, agency_id=row.agency_id, unit_id=row.unit_id)
    }


def test_superuser_sees_everything(world):
    admin = UserFactory(is_superuser=True)
    assert visible(admin, world) == set(world["rows"])
    assert accessible(admin, world) == {"in_unit", "in_sibling", "agency_no_unit", "other_agency"}


def test_agency_scoped_role_sees_its_agency(world):
    officer = StaffFactory(agency=world["agency"], roles=[Role.RECEIVING_OFFICER])
    expected = {"in_unit", "in_sibling", "agency_no_unit"}
    assert visible(officer, world) == expected
    assert accessible(officer, world) == expected


def test_unit_scoped_role_sees_its_unit_only(world):
    specialist = StaffFactory(unit=world["unit"], roles=[Role.SPECIALIST])
    # Its own row is in the unit too, but is not among the rows looked at.
    assert visible(specialist, world) == {"in_unit"}
    assert accessible(specialist, world) == {"in_unit"}
    assert not user_can_access(specialist, agency_id=world["agency"].pk, unit_id=None)


def test_unit_scoped_role_without_a_unit_sees_nothing(world):
    head = StaffFactory(agency=world["agency"], roles=[Role.UNIT_HEAD])
    assert visible(head, world) == set()
    assert accessible(head, world) == set()


def test_unit_scope_without_a_unit_field_falls_back_to_the_agency(world):
    specialist = StaffFactory(unit=world["unit"], roles=[Role.SPECIALIST])
    names = {row.pk: name for name, row in world["rows"].items()}
    queryset = scoped(User.objects.filter(pk__in=names), specialist, agency_field="agency")
    assert {names[pk] for pk in queryset.values_list("pk", flat=True)} == {"in_unit", "in_sibling", "agency_no_unit"}


def test_other_agency_sees_nothing_of_ours(world):
    leader = StaffFactory(agency=world["other_agency"], roles=[Role.AGENCY_LEADER])
    assert visible(leader, world) == {"other_agency"}
    assert accessible(leader, world) == {"other_agency"}
    assert not user_can_access(leader, agency_id=world["agency"].pk, unit_id=world["unit"].pk)


def test_no_role_sees_nothing(world):
    assert visible(StaffFactory(agency=world["agency"]), world) == set()
    assert accessible(StaffFactory(agency=world["agency"]), world) == set()
    assert visible(UserFactory(), world) == set()


def test_role_without_an_agency_sees_nothing(world):
    stray = UserFactory(roles=[Role.CLERK])
    assert visible(stray, world) == set()
    assert accessible(stray, world) == set()


def test_scope_filter_is_a_q():
    specialist = StaffFactory(unit=UnitFactory(), roles=[Role.SPECIALIST])
    q = scope_filter(specialist, agency_field="dossier__agency", unit_field="dossier__unit")
    assert dict(q.children) == {"dossier__agency": specialist.agency_id, "dossier__unit": specialist.unit_id}
