import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError

from egov.organisations import services
from egov.organisations.models import User
from egov.organisations.roles import Role, group_name
from egov.organisations.services import collect_role_grants, roles_sync, staff_create, user_set_roles

from .factories import AgencyFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_roles_sync_strict_every_granted_permission_exists():
    """Catches a typo in any app's role_grants.py: strict mode refuses unknown permissions."""
    roles_sync(strict=True)
    grants = collect_role_grants()
    for role in Role.values:
        group = Group.objects.get(name=group_name(role))
        granted = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert granted == grants[role], role


def test_roles_sync_collects_grants_of_several_apps():
    grants = collect_role_grants()
    assert "workdays.change_calendaroverride" in grants[Role.ADMINISTRATOR]
    assert "organisations.add_user" in grants[Role.ADMINISTRATOR]


def test_roles_sync_refuses_a_typo(monkeypatch):
    monkeypatch.setattr(
        services, "collect_role_grants", lambda: {Role.CLERK.value: {"workdays.chnage_calendaroverride"}}
    )
    with pytest.raises(LookupError, match=r"workdays\.chnage_calendaroverride"):
        roles_sync(strict=True)
    roles_sync(strict=False)  # the post_migrate form skips it
    assert not Group.objects.get(name=group_name(Role.CLERK)).permissions.exists()


def test_roles_sync_removes_permissions_no_longer_granted():
    roles_sync()
    group = Group.objects.get(name=group_name(Role.UNIT_HEAD))
    group.permissions.add(Permission.objects.get(codename="delete_calendaroverride"))
    roles_sync()
    assert not group.permissions.filter(codename="delete_calendaroverride").exists()


def test_staff_create():
    unit = UnitFactory()
    user = staff_create(
        username="nva",
        full_name="Nguyễn Văn A",
        agency=unit.agency,
        unit=unit,
        roles=[Role.SPECIALIST, Role.CLERK],
        position="Chuyên viên",
    )
    user = User.objects.get(pk=user.pk)
    assert user.role_names() == {"specialist", "clerk"}
    assert user.is_staff_member
    assert not user.has_usable_password()


def test_staff_create_with_password():
    user = staff_create(
        username="nvb", full_name="Nguyễn Văn B", agency=AgencyFactory(), roles=[], password="mat-khau-rat-dai-1"
    )
    assert user.check_password("mat-khau-rat-dai-1")


def test_staff_create_refuses_a_unit_of_another_agency():
    unit = UnitFactory()
    with pytest.raises(ValidationError) as excinfo:
        staff_create(username="x", full_name="X", agency=AgencyFactory(), unit=unit, roles=[Role.SPECIALIST])
    assert excinfo.value.message_dict["unit"] == ["Phòng, ban không thuộc cơ quan đã chọn."]
    assert not User.objects.filter(username="x").exists()


def test_staff_create_refuses_an_unknown_role():
    with pytest.raises(ValidationError) as excinfo:
        staff_create(username="x", full_name="X", agency=AgencyFactory(), roles=["specialist", "giam_doc"])
    assert excinfo.value.message_dict["roles"] == ["Vai trò không tồn tại: giam_doc."]
    assert not User.objects.filter(username="x").exists()


def test_staff_create_refuses_a_duplicate_username():
    agency = AgencyFactory()
    staff_create(username="x", full_name="X", agency=agency, roles=[])
    with pytest.raises(ValidationError) as excinfo:
        staff_create(username="x", full_name="Y", agency=agency, roles=[])
    assert "username" in excinfo.value.message_dict


def test_user_set_roles_keeps_other_groups_and_resets_the_cache():
    user = StaffFactory(roles=[Role.SPECIALIST])
    other = Group.objects.create(name="ban-bien-tap")
    user.groups.add(other)
    assert user.role_names() == {"specialist"}
    user_set_roles(user=user, roles=[Role.UNIT_HEAD])
    assert user.role_names() == {"unit_head"}
    assert set(user.groups.values_list("name", flat=True)) == {"ban-bien-tap", "role:unit_head"}


def test_a_password_chosen_by_someone_else_must_be_changed_at_first_log_in():
    from egov.organisations.services import staff_create
    from egov.organisations.tests.factories import AgencyFactory

    agency = AgencyFactory()
    with_password = staff_create(
        username="moi1", full_name="Cán bộ mới", agency=agency, roles=["specialist"], password="Tam-Thoi-12345"
    )
    without = staff_create(username="moi2", full_name="Cán bộ mới", agency=agency, roles=["specialist"])
    assert with_password.must_change_password and with_password.password_changed_at is not None
    assert not without.must_change_password
