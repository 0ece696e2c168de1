import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov.organisations.models import User
from egov.organisations.roles import Role
from egov.organisations.services import user_set_roles
from egov.portal.tests.world import advance_to, file_online
from egov.workspace import selectors

pytestmark = pytest.mark.django_db

R = Role


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", [R.RECEIVING_OFFICER, R.SPECIALIST, R.UNIT_HEAD, R.AGENCY_LEADER])
def test_load_access_reads_what_django_would_in_one_query(department, role):
    user = _fresh(department.user(role))
    # A permission of the user's own and one of a group that is not a role count as well.
    user.user_permissions.add(Permission.objects.get(codename="view_group"))
    other = Group.objects.create(name="báo cáo")
    other.permissions.add(Permission.objects.get(codename="view_permission"))
    user.groups.add(other)
    expected = _fresh(user)
    expected_permissions, expected_roles = expected.get_all_permissions(), expected.role_names()

    user = _fresh(user)
    with CaptureQueriesContext(connection) as queries:
        selectors.load_access(user)
        assert user.get_all_permissions() == expected_permissions
        assert user.role_names() == expected_roles
        assert user.scope == expected.scope
        assert all(user.has_perm(p) for p in expected_permissions)
        assert not user.has_perm("dossiers.no_such_permission")
    assert len(queries) == 1
    assert "auth.view_group" in expected_permissions and "auth.view_permission" in expected_permissions


def test_load_access_leaves_superusers_and_inactive_users_to_django(department):
    admin = User.objects.create_superuser("quantri", password="Mat-khau-dai-0123")
    selectors.load_access(admin)
    assert not hasattr(admin, "_perm_cache")
    assert admin.has_perm("dossiers.sign_dossier")
    inactive = _fresh(department.user(R.SPECIALIST))
    inactive.is_active = False
    selectors.load_access(inactive)
    assert not inactive.has_perm("dossiers.process_dossier")


def test_load_access_follows_a_change_of_roles_at_the_next_request(client, department):
    user = department.user(R.SPECIALIST)
    client.force_login(user)
    assert client.get("/can-bo/").status_code == 200
    user_set_roles(user=user, roles=[])
    assert client.get("/can-bo/").status_code == 403


def test_queue_page_queries(client, department, django_assert_max_num_queries):
    advance_to(department, file_online(department, name="Hợp tác xã Trà Bồng"), "assigned")
    client.force_login(department.user(R.SPECIALIST))
    # session, user, permissions and roles (one query), tab counts, the page of rows.
    with django_assert_max_num_queries(5):
        assert client.get("/can-bo/").status_code == 200


def test_queue_rows_carry_only_the_table_columns_and_no_extra_query(department):
    for name in ("Công ty Sa Huỳnh", "Công ty Thiên Ấn", "Hợp tác xã Trà Bồng"):
        advance_to(department, file_online(department, name=name), "assigned")
    user = department.user(R.SPECIALIST)
    queue = selectors.QUEUES_BY_SLUG["viec-cua-toi"]
    with CaptureQueriesContext(connection) as queries:
        rows = list(selectors.queue_dossiers(user, queue, timezone.localdate()))
        shown = [
            (d.code, d.procedure.name, d.unit.short_name, str(d.assignee or ""), d.deadline, d.status) for d in rows
        ]
    assert len(rows) == 3 and all(code for code, *_ in shown)
    dossier_queries = [q["sql"] for q in queries if "dossiers_dossier" in q["sql"]]
    assert len(dossier_queries) == 1
    assert "search_text" not in dossier_queries[0] and "password" not in dossier_queries[0]
