"""Reads of the staff workspace: queues by role and scope, search, the dossier page's data.

Every queue starts from `dossiers.selectors.dossiers_visible_to` (the one scope rule) and is shown
only to users holding the permission of the work it lists. Deadlines are the dates staff work to:
the apology's new appointment when there is one, else the statutory due date (as the reminders).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.dossiers.models import Dossier, Status
from egov.dossiers.selectors import dossier_search, dossiers_visible_to
from egov.dossiers.transitions import PROCESSING_STATES
from egov.organisations.models import User
from egov.workdays.calendar import get_calendar

S = Status
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    permissions: tuple[str, ...]  # any of them shows the queue
    condition: Callable[[User, dt.date], Q]
    order_by: tuple[str, ...] = ("deadline", "pk")


def _due_soon_end(today: dt.date) -> dt.date:
    days = getattr(settings, "EGOV_REMINDER_WORKING_DAYS", DUE_SOON_WORKING_DAYS) or DUE_SOON_WORKING_DAYS
    return get_calendar().add_working_days(today, max(days, DUE_SOON_WORKING_DAYS))


def _my_tasks(user: User, today: dt.date) -> Q:
    mine = Q(assignee_id=user.pk, status__in=[S.PROCESSING, S.CONSULTING])
    if user.has_perm("dossiers.assign_dossier"):
        mine |= Q(status=S.PROCESSING, assignee__isnull=True)  # to assign
    if user.has_perm("dossiers.receive_dossier"):
        mine |= Q(status=S.RECEIVED)  # to hand over to the processing unit
    return mine


QUEUES: list[Queue] = [
    Queue(
        "tiep-nhan",
        _("Chờ tiếp nhận"),
        ("dossiers.receive_dossier",),
        lambda u, t: Q(status=S.SUBMITTED),
        ("submitted_at", "pk"),
    ),
    Queue(
        "viec-cua-toi",
        _("Việc của tôi"),
        ("dossiers.receive_dossier", "dossiers.process_dossier", "dossiers.assign_dossier"),
        _my_tasks,
    ),
    Queue(
        "sap-den-han",
        _("Sắp đến hạn"),
        ("dossiers.view_dossier",),
        lambda u, t: Q(status__in=PROCESSING_STATES, deadline__gte=t, deadline__lte=_due_soon_end(t)),
    ),
    Queue(
        "qua-han",
        pgettext_lazy("queue", "Quá hạn"),
        ("dossiers.view_dossier",),
        lambda u, t: Q(status__in=PROCESSING_STATES, deadline__lt=t),
    ),
    Queue(
        "cho-bo-sung",
        _("Chờ người nộp bổ sung"),
        ("dossiers.view_dossier",),
        lambda u, t: Q(status__in=[S.INTAKE_SUPPLEMENT, S.PAUSED]),
        ("-submitted_at", "pk"),
    ),
    Queue(
        "trinh-ky",
        _("Chờ duyệt, ký"),
        ("dossiers.assign_dossier", "dossiers.sign_dossier"),
        lambda u, t: Q(status=S.AWAITING_SIGNATURE),
    ),
    Queue(
        "tra-ket-qua",
        _("Chờ trả kết quả"),
        ("dossiers.return_dossier",),
        lambda u, t: Q(status__in=[S.RESOLVED, S.REFUSED]),
        ("finished_at", "pk"),
    ),
]
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}
# Every status some queue lists: the counts scan only these rows (finished dossiers are most of them).
OPEN_WORK_STATES = sorted({S.SUBMITTED, S.INTAKE_SUPPLEMENT, S.PAUSED, S.RESOLVED, S.REFUSED} | set(PROCESSING_STATES))


def queues_for(user: User) -> list[Queue]:
    if not user.is_authenticated:
        return []
    return [q for q in QUEUES if user.is_superuser or any(user.has_perm(p) for p in q.permissions)]


def with_deadline(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.annotate(deadline=Coalesce("apology_due_date", "due_date"))


def queue_dossiers(user: User, queue: Queue, today: dt.date | None = None) -> QuerySet[Dossier]:
    today = today or timezone.localdate()
    dossiers = with_deadline(dossiers_visible_to(user)).filter(queue.condition(user, today))
    order = [F("deadline").asc(nulls_last=True) if key == "deadline" else key for key in queue.order_by]
    return dossiers.select_related("procedure", "unit", "assignee").order_by(*order)


def queue_counts(user: User, today: dt.date | None = None) -> list[tuple[Queue, int]]:
    """Every queue's size in one scan of the user's open dossiers (conditional aggregation)."""
    today = today or timezone.localdate()
    queues = queues_for(user)
    if not queues:
        return []
    open_work = with_deadline(dossiers_visible_to(user)).filter(status__in=OPEN_WORK_STATES)
    totals = open_work.aggregate(
        **{f"q{index}": Count("pk", filter=queue.condition(user, today)) for index, queue in enumerate(queues)}
    )
    return [(queue, totals[f"q{index}"]) for index, queue in enumerate(queues)]


_CITIZEN_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_DOSSIER_CODE = re.compile(r"^[\d.]+\.[A-Z]\d{2}-\d{6}-\d{4}$", re.IGNORECASE)


def staff_search(user: User, query: str, *, procedure_id: int | None = None, status: str = "") -> QuerySet[Dossier]:
    """By code, applicant name (with or without diacritics), ID number / tax code or procedure,
    in the user's scope. A query that is a whole dossier code, ID number or tax code is an exact
    match on its own index; anything else goes through the folded search column (trigram index
    on PostgreSQL)."""
    term = query.strip()
    if _DOSSIER_CODE.match(term):
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
    return with_deadline(dossiers).select_related("procedure", "unit", "assignee").order_by("-submitted_at", "-pk")


def is_staff_user(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.scope is not None)
