import pytest
from django.core.exceptions import ValidationError

from egov.organisations.roles import Role, Scope
from egov.organisations.validators import validate_agency_identifier

from .factories import AgencyFactory, StaffFactory, UnitFactory, UserFactory


@pytest.mark.parametrize("value", ["000.00.53.H48", "G22.38.01.H48", "000.00.00.H01", "A1B.2C.3D.Z99"])
def test_agency_identifier_accepted(value):
    validate_agency_identifier(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "000.00.53",  # a level missing
        "000.00.53.H4",  # province code too short
        "000.00.53.48H",
        "00.00.53.H48",
        "000-00-53-H48",
        "000.00.53.h48",  # lower case
        " 000.00.53.H48",
        "000.00.53.H48 ",
        "000.00.53.H48.1",
        "000.00.53.H48\n",  # the whole value is the identifier, not its first line
    ],
)
def test_agency_identifier_refused(value):
    with pytest.raises(ValidationError) as excinfo:
        validate_agency_identifier(value)
    assert excinfo.value.code == "invalid_identifier"
    assert "QCVN 102:2016" in str(excinfo.value.messages[0])


@pytest.mark.django_db
def test_agency_model_validates_its_identifier():
    agency = AgencyFactory.build(identifier="SCT-QNg", province=AgencyFactory().province)
    with pytest.raises(ValidationError) as excinfo:
        agency.full_clean()
    assert "identifier" in excinfo.value.message_dict


@pytest.mark.django_db
class TestScope:
    def test_no_role(self):
        assert StaffFactory().scope is None
        assert UserFactory().scope is None

    @pytest.mark.parametrize(
        "role", [Role.RECEIVING_OFFICER, Role.AGENCY_LEADER, Role.CLERK, Role.INSPECTOR, Role.ADMINISTRATOR]
    )
    def test_agency_roles(self, role):
        assert StaffFactory(roles=[role]).scope == Scope.AGENCY

    @pytest.mark.parametrize("role", [Role.SPECIALIST, Role.UNIT_HEAD])
    def test_unit_roles(self, role):
        assert StaffFactory(unit=UnitFactory(), roles=[role]).scope == Scope.UNIT

    def test_widest_scope_wins(self):
        assert StaffFactory(roles=[Role.SPECIALIST, Role.CLERK]).scope == Scope.AGENCY

    def test_non_role_groups_are_ignored(self):
        from django.contrib.auth.models import Group

        user = StaffFactory()
        user.groups.add(Group.objects.create(name="role-like-but-not"))
        assert user.scope is None


@pytest.mark.django_db
def test_staff_and_citizen():
    unit = UnitFactory()
    staff = StaffFactory(unit=unit, roles=[Role.SPECIALIST])
    assert staff.agency == unit.agency
    assert staff.is_staff_member
    assert staff.has_role(Role.SPECIALIST) and not staff.has_role(Role.CLERK)
    citizen = UserFactory()
    assert not citizen.is_staff_member
    assert str(citizen) == citizen.full_name


@pytest.mark.django_db
def test_str():
    unit = UnitFactory(name="Văn phòng", short_name="VP", agency__short_name="SCT")
    assert str(unit) == "Văn phòng (SCT)"
    assert str(unit.agency) == unit.agency.name
