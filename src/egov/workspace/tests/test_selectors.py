import dataclasses
import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from egov.dossiers import signals
from egov.dossiers.models import Dossier, Status
from egov.dossiers.services import DOSSIERS
from egov.dossiers.transitions import TRANSITIONS, Action
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
    # session, user, permissions and roles (one query), tab counts, the page's ids, its rows.
    with django_assert_max_num_queries(6):
        assert client.get("/can-bo/").status_code == 200
    # The counts are cached from now on, until a dossier of the agency changes.
    with django_assert_max_num_queries(5):
        assert client.get("/can-bo/").status_code == 200


def test_a_queue_of_an_action_lists_its_states_and_shows_to_its_permissions_from_the_table(monkeypatch):
    receive, approve, sign, give = (
        TRANSITIONS[a] for a in (Action.RECEIVE, Action.APPROVE, Action.SIGN, Action.RETURN_RESULT)
    )
    queues = selectors.QUEUES_BY_SLUG
    assert (queues["tiep-nhan"].states, queues["tiep-nhan"].permissions) == (receive.sources, (receive.permission,))
    assert queues["trinh-ky"].states == approve.sources | sign.sources
    assert queues["trinh-ky"].permissions == (approve.permission, sign.permission)
    assert (queues["tra-ket-qua"].states, queues["tra-ket-qua"].permissions) == (give.sources, (give.permission,))
    # A row whose sources change moves its queue: nothing restates them.
    wider = dataclasses.replace(receive, sources=frozenset({Status.SUBMITTED, Status.INTAKE_SUPPLEMENT}))
    monkeypatch.setitem(DOSSIERS.table, Action.RECEIVE, wider)
    assert selectors.action_queue("x", "x", (Action.RECEIVE,)).states == {Status.SUBMITTED, Status.INTAKE_SUPPLEMENT}


def test_queue_rows_carry_only_the_table_columns_and_no_extra_query(department):
    for name in ("Công ty Sa Huỳnh", "Công ty Thiên Ấn", "Hợp tác xã Trà Bồng"):
        advance_to(department, file_online(department, name=name), "assigned")
    user = department.user(R.SPECIALIST)
    queue = selectors.QUEUES_BY_SLUG["viec-cua-toi"]
    with CaptureQueriesContext(connection) as queries:
        ids = selectors.queue_dossiers(user, queue, timezone.localdate()).values_list("pk", flat=True)[:25]
        rows = selectors.table_dossiers(ids)
    assert len(rows) == 3 and all(row["code"] and row["procedure_name"] and row["deadline"] for row in rows)
    assert {row["unit_short_name"] for row in rows} == {department.trade_unit.short_name}
    dossier_queries = [q["sql"] for q in queries if "dossiers_dossier" in q["sql"]]
    # The page's ids in queue order (nothing else read or joined), then those rows.
    assert len(dossier_queries) == 2
    ids_query = dossier_queries[0]
    assert ids_query.split(" FROM ")[0].startswith('SELECT "dossiers_dossier"."id"')
    assert "," not in ids_query.split(" FROM ")[0] and "JOIN" not in ids_query
    assert "search_text" not in dossier_queries[1] and "password" not in dossier_queries[1]
    assert [row["pk"] for row in rows] == list(ids)


# --- tab counts, cached while exact (the workspace's conftest turns the cache on, as production) ---


def _counts(user, today=None) -> dict[str, int]:
    user = _fresh(user)  # a new request: permissions and roles read again
    selectors.load_access(user)
    return {queue.slug: count for queue, count in selectors.queue_counts(user, today)}


def _count_queries(queries) -> int:
    return sum("FILTER (WHERE" in q["sql"] or "CASE WHEN" in q["sql"] for q in queries)


def test_counts_are_read_from_the_cache_while_no_dossier_changed(department):
    advance_to(department, file_online(department, name="Hợp tác xã Trà Bồng"), "assigned")
    specialist = department.user(R.SPECIALIST)
    first = _counts(specialist)
    assert first["viec-cua-toi"] == 1
    _counts(specialist)  # the agency's version exists now: cached
    with CaptureQueriesContext(connection) as queries:
        assert _counts(specialist) == first
    assert _count_queries(queries) == 0


def test_counts_are_counted_every_time_when_the_cache_is_off(department, settings):
    settings.EGOV_QUEUE_COUNTS_CACHE_SECONDS = 0
    specialist = department.user(R.SPECIALIST)
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            _counts(specialist)
        assert _count_queries(queries) == 1


def test_a_transition_or_an_intake_changes_the_counts_at_the_next_page(client, department):
    desk, head = department.user(R.RECEIVING_OFFICER), department.user(R.UNIT_HEAD)
    dossier = advance_to(department, file_online(department, name="Công ty Sa Huỳnh"), "processing")
    for user in (desk, head):
        _counts(user), _counts(user)  # cached
    assert _counts(head)["viec-cua-toi"] == 1  # to assign
    # Through the page, as the unit head works: the assignment leaves "my tasks" at once.
    client.force_login(head)
    response = client.post(
        f"/can-bo/ho-so/{dossier.pk}/thao-tac/assign/", {"assign-assignee": department.user(R.SPECIALIST).pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _counts(head)["viec-cua-toi"] == 0
    assert "Việc của tôi (0)" in client.get("/can-bo/hang-doi/viec-cua-toi/").content.decode()
    before = _counts(desk)["tiep-nhan"]
    file_online(department, name="Công ty Thiên Ấn")  # a new online filing
    assert _counts(desk)["tiep-nhan"] == before + 1


def test_counts_follow_the_date_and_the_users_access(department):
    late = advance_to(department, file_online(department, name="Quá Hạn"), "assigned")
    head, specialist = department.user(R.UNIT_HEAD), department.user(R.SPECIALIST)
    deadline = late.apology_due_date or late.due_date
    assert _counts(head, deadline)["qua-han"] == 0
    _counts(head, deadline)  # cached for that day
    assert _counts(head, deadline + dt.timedelta(days=1))["qua-han"] == 1  # a day later: overdue
    # The same user with other permissions (here a unit head's) counts other dossiers.
    assert _counts(specialist)["viec-cua-toi"] == 1
    unassigned = advance_to(department, file_online(department, name="Chưa phân công"), "processing")
    _counts(specialist), _counts(specialist)
    user_set_roles(user=specialist, roles=[R.SPECIALIST, R.UNIT_HEAD])
    assert _counts(specialist)["viec-cua-toi"] == 2  # own task and the one to assign
    assert unassigned.assignee_id is None


def test_a_lost_version_is_never_taken_for_the_current_one(department):
    # The cache may evict the version key: cached counts are then not trusted, whatever their age.
    specialist = department.user(R.SPECIALIST)
    advance_to(department, file_online(department, name="Hợp tác xã Trà Bồng"), "assigned")
    _counts(specialist), _counts(specialist)
    cache.delete(signals.version_key(department.agency.pk))
    Dossier.objects.update(assignee=None)  # a write the signals do not see
    assert _counts(specialist)["viec-cua-toi"] == 0
