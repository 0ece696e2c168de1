"""Reads of the staff workspace: queues by role and scope, search, the dossier page's data.

Every queue starts from `dossiers.selectors.dossiers_visible_to` (the one scope rule) and is shown
only to users holding the permission of the work it lists. Deadlines are the dates staff work to:
the apology's new appointment when there is one, else the statutory due date (as the reminders).
A queue of the dossiers waiting for some action is declared by that action (`action_queue`): the
states it lists and the permissions that see it are the table's (the workflow engine's), not restated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_backends
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.core.models import AccessLogEntry
from egov.core.raw_rows import row_date, row_moment
from egov.dossiers.service import (
    DOSSIERS,
    PROCESSING_STATES,
    Action,
    Dossier,
    Status,
    dossier_search,
    dossiers_visible_to,
    new_dossier_version,
    parse_code,
)
from egov.dossiers.service import version_key as dossier_version_key
from egov.organisations.models import User
from egov.organisations.selectors import scope_filter
from egov.workdays.calendar import get_calendar

S, A = Status, Action
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    permissions: tuple[str, ...]  # any of them shows the queue
    states: frozenset[str]  # the statuses it lists (the counts scan only the union of all queues')
    # Which of those dossiers, for this user and day (None: all of them).
    condition: Callable[[User, dt.date], Q] | None = None
    order_by: tuple[str, ...] = ("deadline", "pk")

    def where(self, user: User, today: dt.date) -> Q:
        listed = Q(status__in=sorted(self.states))
        # The condition first: a count tests it on every open dossier, and a date or an assignee
        # rules most of them out more cheaply than the list of states (~1 ms of a 6 ms count with
        # 200,000 dossiers).
        return self.condition(user, today) & listed if self.condition is not None else listed


def action_queue(slug: str, label, actions: tuple[Action, ...], order_by=("deadline", "pk")) -> Queue:
    """The dossiers on which one of `actions` can be taken: their states and the permissions that
    see the queue are read from the table (core/workflow.py), so a row that changes moves its queue."""
    return Queue(slug, label, DOSSIERS.permissions_of(*actions), DOSSIERS.sources_of(*actions), order_by=order_by)


def _due_soon_end(today: dt.date) -> dt.date:
    days = getattr(settings, "EGOV_REMINDER_WORKING_DAYS", DUE_SOON_WORKING_DAYS) or DUE_SOON_WORKING_DAYS
    return get_calendar().add_working_days(today, max(days, DUE_SOON_WORKING_DAYS))


# "My tasks": the dossiers assigned to me while I appraise them or wait for a consulted agency's
# reply; for a unit head, those to assign; for the desk, those received to hand over to the unit.
_MY_OWN_WORK = (A.SUBMIT_FOR_SIGNATURE, A.CONSULT_REPLY)
_MY_TASKS = (*_MY_OWN_WORK, A.ASSIGN, A.TRANSFER)


def _may(user: User, action: Action) -> bool:
    return user.has_perm(DOSSIERS.table[action].permission)


def _my_tasks(user: User, today: dt.date) -> Q:
    mine = Q(assignee_id=user.pk, status__in=sorted(DOSSIERS.sources_of(*_MY_OWN_WORK)))
    if _may(user, A.ASSIGN):
        mine |= Q(status__in=sorted(DOSSIERS.sources_of(A.ASSIGN)), assignee__isnull=True)
    if _may(user, A.TRANSFER):
        mine |= Q(status__in=sorted(DOSSIERS.sources_of(A.TRANSFER)))
    return mine


QUEUES: list[Queue] = [
    action_queue("tiep-nhan", _("Chờ tiếp nhận"), (A.RECEIVE,), ("submitted_at", "pk")),
    Queue(
        "viec-cua-toi",
        _("Việc của tôi"),
        DOSSIERS.permissions_of(*_MY_TASKS),
        DOSSIERS.sources_of(*_MY_TASKS),
        _my_tasks,
    ),
    Queue(
        "sap-den-han",
        _("Sắp đến hạn"),
        ("dossiers.view_dossier",),
        PROCESSING_STATES,
        lambda u, t: Q(deadline__gte=t, deadline__lte=_due_soon_end(t)),
    ),
    Queue(
        "qua-han",
        pgettext_lazy("queue", "Quá hạn"),
        ("dossiers.view_dossier",),
        PROCESSING_STATES,
        lambda u, t: Q(deadline__lt=t),
    ),
    Queue(
        "cho-bo-sung",
        _("Chờ người nộp bổ sung"),
        ("dossiers.view_dossier",),
        frozenset({S.INTAKE_SUPPLEMENT, S.PAUSED}),
        order_by=("-submitted_at", "pk"),
    ),
    action_queue("trinh-ky", _("Chờ duyệt, ký"), (A.APPROVE, A.SIGN)),
    action_queue("tra-ket-qua", _("Chờ trả kết quả"), (A.RETURN_RESULT,), ("finished_at", "pk")),
]
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}
# Every status some queue lists: the counts scan only these rows (finished dossiers are most of them).
OPEN_WORK_STATES = sorted(frozenset().union(*(queue.states for queue in QUEUES)))


def queues_for(user: User) -> list[Queue]:
    if not user.is_authenticated:
        return []
    return [q for q in QUEUES if user.is_superuser or any(user.has_perm(p) for p in q.permissions)]


def with_deadline(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.annotate(deadline=Coalesce("apology_due_date", "due_date"))


def queue_dossiers(user: User, queue: Queue, today: dt.date | None = None) -> QuerySet[Dossier]:
    """The queue's dossiers in page order; page them by id and read the page with `table_dossiers`."""
    today = today or timezone.localdate()
    dossiers = with_deadline(dossiers_visible_to(user)).filter(queue.where(user, today))
    order = [F("deadline").asc(nulls_last=True) if key == "deadline" else key for key in queue.order_by]
    return dossiers.order_by(*order)


# The columns the workspace's dossier table shows (workspace/_table.html, workspace/tables.py): a
# queue or search page reads these, not the whole rows of the dossier, its procedure, unit and
# assignee (~4 kB a row). One raw query by primary key, as the public look-up does: the ORM's
# compilation and row building were half of its ~1.2 ms.
TABLE_COLUMNS = (
    "pk", "code", "channel", "status", "submitted_at", "applicant_name", "deadline",
    "procedure_name", "unit_id", "unit_short_name", "assignee_id", "assignee_username", "assignee_full_name",
)  # fmt: skip
_TABLE_SQL = (
    "SELECT d.id, d.code, d.channel, d.status, d.submitted_at, d.applicant_name,"
    " COALESCE(d.apology_due_date, d.due_date), p.name, d.unit_id, u.short_name, d.assignee_id, a.username,"
    " a.full_name FROM dossiers_dossier d JOIN procedures_procedure p ON p.id = d.procedure_id"
    " LEFT JOIN organisations_unit u ON u.id = d.unit_id LEFT JOIN organisations_user a ON a.id = d.assignee_id"
    " WHERE d.id IN ({})"
)


def table_dossiers(ids: Iterable[int]) -> list[dict]:
    """The dossiers `ids`, in that order, as the table's columns (TABLE_COLUMNS).

    A page is chosen by id first (`queue_dossiers(...).values_list("pk")[a:b]`): a queue over several
    statuses (due soon, overdue, my tasks) matches thousands of rows, and sorting them joined to
    their procedure, unit and assignee with every column shown cost 4-7 ms on the benchmark, against
    ~1 ms for the ids alone; then only the page's rows are read and joined."""
    ids = list(ids)
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_TABLE_SQL.format(", ".join(["%s"] * len(ids))), ids)
        found = {row[0]: dict(zip(TABLE_COLUMNS, row, strict=True)) for row in cursor.fetchall()}
    for row in found.values():  # a raw row's dates are text on SQLite
        row["submitted_at"], row["deadline"] = row_moment(row["submitted_at"]), row_date(row["deadline"])
    return [found[pk] for pk in ids if pk in found]  # (a dossier deleted meanwhile is left out)


def queue_counts(
    user: User, today: dt.date | None = None, queues: list[Queue] | None = None
) -> list[tuple[Queue, int]]:
    """Every queue's size, exact: counted in one scan of the user's open dossiers, or read from the
    cache when none of the agency's dossiers changed since they were counted (see _cached_totals).
    `queues` is `queues_for(user)` when the caller has it already."""
    today = today or timezone.localdate()
    queues = queues_for(user) if queues is None else queues
    if not queues:
        return []
    totals = _cached_totals(user, queues, today)
    return list(zip(queues, totals, strict=True))


def _count_queues(user: User, queues: list[Queue], today: dt.date) -> list[int]:
    """One conditional aggregation over the user's open dossiers."""
    open_work = with_deadline(dossiers_visible_to(user)).filter(status__in=OPEN_WORK_STATES)
    # COUNT(status) (never null, so COUNT(*); Django allows no filter on a star count), not
    # COUNT(id): every column counted or tested is in the covering index dossier_open_work and the
    # id is not, so COUNT(id) forced a heap fetch per open dossier instead of an index-only scan.
    totals = open_work.aggregate(
        **{f"q{index}": Count("status", filter=queue.where(user, today)) for index, queue in enumerate(queues)}
    )
    return [totals[f"q{index}"] for index in range(len(queues))]


def _cached_totals(user: User, queues: list[Queue], today: dt.date) -> list[int]:
    """The counts, cached per user with the agency's dossier version they were counted at
    (dossiers.signals): any dossier write of the agency changes the version, so a cached count is
    used only while it is still exact. The key holds everything else the counts depend on: the
    user, their agency, unit, roles and permissions (scope and queue conditions), today and the
    end of "due soon" (deadlines move with the date and the working-day calendar).
    EGOV_QUEUE_COUNTS_CACHE_SECONDS = 0 (the default) counts every time: caching needs a cache
    shared by every process that writes dossiers (Redis in production), or a write in one
    process would not reach another's counts."""
    seconds = getattr(settings, "EGOV_QUEUE_COUNTS_CACHE_SECONDS", 0)
    if not seconds or user.is_superuser or user.agency_id is None:
        return _count_queues(user, queues, today)
    access = "|".join(
        [
            str(user.agency_id),
            str(user.unit_id),
            ",".join(sorted(user.role_names())),
            ",".join(sorted(user.get_all_permissions())),
            ",".join(queue.slug for queue in queues),
        ]
    )
    digest = hashlib.blake2b(access.encode(), digest_size=12).hexdigest()
    key = f"queue-counts:{user.pk}:{today.isoformat()}:{_due_soon_end(today).isoformat()}:{digest}"
    version_key = dossier_version_key(user.agency_id)
    found = cache.get_many([version_key, key])  # one round trip
    version, cached = found.get(version_key), found.get(key)
    if version is not None and cached is not None and cached[0] == version:
        return list(cached[1])
    # Read the version before counting: counts that miss a write committed meanwhile are stored
    # under the version before it, which that write has replaced.
    totals = _count_queues(user, queues, today)
    if version is None:
        new_dossier_version(user.agency_id)  # cached from the next request on
    else:
        cache.set(key, (version, totals), seconds)
    return totals


_CITIZEN_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def staff_search(user: User, query: str, *, procedure_id: int | None = None, status: str = "") -> QuerySet[Dossier]:
    """By code, applicant name (with or without diacritics), ID number / tax code or procedure,
    in the user's scope. A query that is a whole dossier code, ID number or tax code is an exact
    match on its own index; anything else goes through the folded search column (trigram index
    on PostgreSQL)."""
    term = query.strip()
    if parse_code(term) is not None:
        dossiers = dossiers_visible_to(user).filter(code=term.upper())
    elif _CITIZEN_ID.match(term):
        dossiers = dossiers_visible_to(user).filter(applicant_id_number=term)
    elif _TAX_CODE.match(term):
        dossiers = dossiers_visible_to(user).filter(applicant_tax_code=term)
    else:
        dossiers = dossier_search(user, query)
    if procedure_id:
        dossiers = dossiers.filter(procedure_id=procedure_id)
    if status:
        dossiers = dossiers.filter(status=status)
    return dossiers.order_by("-submitted_at", "-pk")


def _access_sql() -> str:
    user_groups = User.groups.through._meta.db_table
    user_permissions = User.user_permissions.through._meta.db_table
    group_permissions = Group.permissions.through._meta.db_table
    permission, content_type, group = Permission._meta.db_table, ContentType._meta.db_table, Group._meta.db_table
    return (
        f"SELECT 'p', ct.app_label || '.' || p.codename FROM {permission} p"
        f" JOIN {content_type} ct ON ct.id = p.content_type_id"
        f" WHERE p.id IN (SELECT permission_id FROM {user_permissions} WHERE user_id = %s)"
        f" OR p.id IN (SELECT gp.permission_id FROM {group_permissions} gp"
        f" JOIN {user_groups} ug ON ug.group_id = gp.group_id WHERE ug.user_id = %s)"
        f" UNION ALL SELECT 'r', g.name FROM {group} g JOIN {user_groups} ug ON ug.group_id = g.id"
        f" WHERE ug.user_id = %s AND g.name LIKE 'role:%%'"
    )


def _model_backend_permissions() -> bool:
    """True when Django's ModelBackend is the only source of permissions (the preload's meaning)."""
    return all(type(backend) is ModelBackend for backend in get_backends() if hasattr(backend, "has_perm"))


def load_access(user: User) -> None:
    """Read a staff user's permissions and role names in one query, once per request.

    A workspace page asks `has_perm` and `role_names` many times (queues, scope, the template's
    `perms`): Django's ModelBackend and `User.role_names` each load them on first use with their own
    queries (user permissions, group permissions, roles: 3 queries, ~4 ms with the ORM). This fills
    the same per-request caches they keep on the user object (`_perm_cache`, `_role_names`) from one
    query, with the same meaning: the permissions of the user and of all their groups, for an
    active user. Nothing outlives the request, so a role granted or withdrawn applies at the next
    request, as before. Superusers and inactive users are left to Django's own rules.
    """
    if not user.is_authenticated or not user.is_active or user.is_superuser or not _model_backend_permissions():
        return
    if hasattr(user, "_perm_cache") or hasattr(user, "_role_names"):
        return
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), [user.pk, user.pk, user.pk])
        rows = cursor.fetchall()
    user._perm_cache = {name for kind, name in rows if kind == "p"}
    user._role_names = {name.removeprefix("role:") for kind, name in rows if kind == "r"}


def is_staff_user(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.scope is not None)


def access_log_search(
    user: User,
    *,
    text: str = "",
    reader: str = "",
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLogEntry]:
    """Entries of the access log in the user's agency (all agencies for a superuser), newest first.

    `text` matches the record (a dossier code, a document's number, a file name), `reader` the
    account's user name or full name; dates are local days, both included.
    """
    entries = AccessLogEntry.objects.filter(scope_filter(user, agency_field="agency")).select_related("user", "agency")
    if text:
        entries = entries.filter(label__icontains=text)
    if reader:
        entries = entries.filter(Q(user__username__iexact=reader) | Q(user__full_name__icontains=reader))
    if kind:
        entries = entries.filter(kind=kind)
    if date_from:
        entries = entries.filter(at__gte=local_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=local_day_start(date_to + dt.timedelta(days=1)))
    return entries.order_by("-at", "-pk")


def local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
