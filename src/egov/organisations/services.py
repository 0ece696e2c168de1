"""Writes for organisations and staff accounts."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Agency, Unit, User
from .roles import Role, group_name


def collect_role_grants() -> dict[str, set[str]]:
    """Union of every installed app's `role_grants.GRANTS`."""
    grants: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        if not config.name.startswith("egov."):
            continue
        try:
            module = import_module(f"{config.name}.role_grants")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.role_grants":
                raise
            continue
        for role, permissions in module.GRANTS.items():
            grants[str(role)] |= set(permissions)
    return grants


@transaction.atomic
def roles_sync(*, strict: bool = True) -> None:
    """Create one group per role and set its permissions exactly to the declared grants.

    `strict=False` skips permissions not created yet: post_migrate fires app by app, and only
    the last signal sees every app's permissions. A test runs the strict form.
    """
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for role, permissions in collect_role_grants().items():
        unknown = permissions - known.keys()
        if unknown and strict:
            raise LookupError(f"Role {role} is granted unknown permissions: {', '.join(sorted(unknown))}")
        group, _ = Group.objects.get_or_create(name=group_name(role))
        group.permissions.set([known[name] for name in sorted(permissions - unknown)])


@transaction.atomic
def staff_create(
    *,
    username: str,
    full_name: str,
    agency: Agency,
    roles: list[str],
    unit: Unit | None = None,
    password: str | None = None,
    email: str = "",
    position: str = "",
    must_change_password: bool = True,
) -> User:
    """A staff account. A password given here was chosen by someone else: by default the owner
    must replace it at the first log-in (organisations.middleware)."""
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError({"unit": "Phòng, ban không thuộc cơ quan đã chọn."})
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Vai trò không tồn tại: {', '.join(sorted(unknown))}."})
    user = User(username=username, full_name=full_name, agency=agency, unit=unit, email=email, position=position)
    if password:
        user.set_password(password)
        user.must_change_password = must_change_password
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


def user_set_roles(*, user: User, roles: list[str]) -> None:
    groups = [Group.objects.get_or_create(name=group_name(role))[0] for role in roles]
    keep = user.groups.exclude(name__startswith="role:")
    user.groups.set([*keep, *groups])
    user.__dict__.pop("_role_names", None)
