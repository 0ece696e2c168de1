"""Reads of assigned tasks, scoped to the user: a document's tasks with their reports, the
overdue list, and the progress summaries the follow-up report and the report section are written
from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from egov.core.formats import local_date, local_today
from egov.documents.service import Document
from egov.organisations.models import Agency, User
from egov.organisations.selectors import scope_filter

from .models import ProgressReport, Task, TaskOccurrence


def tasks_of_document(*, document: Document) -> QuerySet[Task]:
    return _with_progress(document.tasks.all()).order_by("position")


def _with_progress(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What a follow-up report reads of each task: leads, occurrences and their reports."""
    return tasks.select_related("lead_unit", "lead_agency", "document").prefetch_related(
        "coordinating_units",
        Prefetch(
            "occurrences",
            queryset=TaskOccurrence.objects.prefetch_related(
                Prefetch("reports", queryset=ProgressReport.objects.select_related("unit", "author"))
            ).order_by("due_date"),
        ),
    )


def tasks_visible(user: User) -> QuerySet[Task]:
    return Task.objects.filter(
        scope_filter(user, agency_field="document__agency", unit_field="lead_unit")
        | scope_filter(user, agency_field="document__agency", unit_field="coordinating_units")
    ).distinct()


def overdue_occurrences(*, user: User, today: dt.date) -> QuerySet[TaskOccurrence]:
    """Due reports not made by their due date, on open tasks the user may see."""
    return (
        TaskOccurrence.objects.filter(
            task__in=tasks_visible(user).values("pk"),
            task__status=Task.Status.OPEN,
            completed_at__isnull=True,
            due_date__lt=today,
        )
        .select_related("task", "task__lead_unit", "task__lead_agency", "task__document")
        .order_by("due_date", "task__document_id", "task__position")
    )


@dataclass
class TaskSummary:
    task: Task
    occurrences: list[TaskOccurrence]
    latest_report: ProgressReport | None
    overdue: list[TaskOccurrence] = field(default_factory=list)

    @property
    def percent_complete(self) -> int:
        return self.latest_report.percent_complete if self.latest_report else 0


@dataclass
class ProgressSummary:
    document: Document | None  # None: the tasks of several documents (period_progress_summary)
    as_of: dt.date
    tasks: list[TaskSummary]

    @property
    def total(self) -> int:
        return len(self.tasks)

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.task.status == Task.Status.DONE)

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)

    @property
    def in_progress(self) -> int:
        return sum(1 for t in self.tasks if t.task.status == Task.Status.OPEN)


def document_progress_summary(*, document: Document, as_of: dt.date) -> ProgressSummary:
    """Per task: its occurrences, the latest report up to `as_of`, and which due reports are late."""
    tasks = _summaries(tasks_of_document(document=document), as_of)
    return ProgressSummary(document=document, as_of=as_of, tasks=tasks)


def period_progress_summary(
    *, date_from: dt.date, date_to: dt.date, agency: Agency | None = None, user: User | None = None
) -> ProgressSummary:
    """The tasks `agency` (None: every agency) followed in [date_from, date_to], within what `user`
    may see: those owing a report in the period (one due on a day in it), and those still open of
    the documents dated by its end. Judged as of the period's last day, or today while the period
    is not over (a report due next week is not late yet)."""
    tasks = Task.objects.filter(
        Q(occurrences__due_date__range=(date_from, date_to))
        | Q(status=Task.Status.OPEN, document__document_date__lte=date_to)
    )
    if agency is not None:
        tasks = tasks.filter(document__agency=agency)
    if user is not None:
        tasks = tasks.filter(pk__in=tasks_visible(user).values("pk"))
    tasks = _with_progress(tasks.distinct()).order_by("document__document_date", "document_id", "position")
    as_of = min(date_to, local_today())
    return ProgressSummary(document=None, as_of=as_of, tasks=_summaries(tasks, as_of))


def _summaries(tasks: QuerySet[Task], as_of: dt.date) -> list[TaskSummary]:
    summaries = []
    for task in tasks:
        occurrences = list(task.occurrences.all())
        reports = [r for o in occurrences for r in o.reports.all() if local_date(r.created_at) <= as_of]
        latest = max(reports, key=lambda r: (r.created_at, r.pk), default=None)
        overdue = [
            o
            for o in occurrences
            if task.status == Task.Status.OPEN
            and o.due_date < as_of
            and (o.completed_at is None or local_date(o.completed_at) > as_of)
        ]
        summaries.append(TaskSummary(task=task, occurrences=occurrences, latest_report=latest, overdue=overdue))
    return summaries
