"""Reads for the document registers, the citation graph and assigned tasks, scoped to the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from egov.core.formats import local_date, local_today
from egov.core.text import fold
from egov.organisations.models import Agency, User
from egov.organisations.selectors import scope_filter, user_can_access

from .models import (
    LAW_BY_NAME,
    Citation,
    CitationRelation,
    Direction,
    Document,
    ProgressReport,
    Task,
    TaskOccurrence,
)


def documents_visible(user: User) -> QuerySet[Document]:
    """Agency-wide roles see the agency's registers; unit roles see what their unit handles,
    drafted, or was assigned a task by (scope rule of organisations.selectors)."""
    by_handling = scope_filter(user, agency_field="agency", unit_field="handling_unit")
    by_drafting = scope_filter(user, agency_field="agency", unit_field="drafting_unit")
    task_docs = Task.objects.filter(
        scope_filter(user, agency_field="document__agency", unit_field="lead_unit")
        | scope_filter(user, agency_field="document__agency", unit_field="coordinating_units")
    ).values("document_id")
    return Document.objects.filter(by_handling | by_drafting | Q(pk__in=task_docs))


def user_can_see_document(user: User, document: Document) -> bool:
    if user_can_access(user, agency_id=document.agency_id, unit_id=document.handling_unit_id):
        return True
    if user_can_access(user, agency_id=document.agency_id, unit_id=document.drafting_unit_id):
        return True
    return documents_visible(user).filter(pk=document.pk).exists()


def register_list(
    *,
    user: User,
    direction: str,
    year: int | None = None,
    document_type_id: int | None = None,
    issuer_id: int | None = None,
    query: str = "",
    include_drafts: bool = False,
) -> QuerySet[Document]:
    documents = documents_visible(user).filter(direction=direction)
    if not include_drafts:
        documents = documents.filter(status=Document.Status.REGISTERED)
    if year:
        documents = (
            documents.filter(arrival_year=year) if direction == Direction.INCOMING else documents.filter(year=year)
        )
    if document_type_id:
        documents = documents.filter(document_type_id=document_type_id)
    if issuer_id:
        documents = documents.filter(issuer_id=issuer_id)
    for word in fold(query).split():
        # search_text is already folded, so a plain LIKE is enough (and the trigram index serves it).
        documents = documents.filter(search_text__contains=word)
    order = ["-arrival_year", "-arrival_number"] if direction == Direction.INCOMING else ["-year", "-pk"]
    return documents.select_related("document_type", "issuer", "handling_unit", "drafting_unit").order_by(*order)


def drafts_list(*, user: User) -> QuerySet[Document]:
    return (
        documents_visible(user)
        .filter(direction=Direction.OUTGOING, status=Document.Status.DRAFT)
        .select_related("document_type", "drafting_unit")
        .order_by("-created_at")
    )


def register_years(*, user: User, direction: str) -> list[int]:
    field_name = "arrival_year" if direction == Direction.INCOMING else "year"
    years = documents_visible(user).filter(direction=direction).exclude(**{f"{field_name}__isnull": True})
    return sorted(set(years.values_list(field_name, flat=True)), reverse=True)


@dataclass
class CitationGraph:
    cites: list[Citation]
    cited_by: list[Citation]
    replaces: list[Replacement]
    replaced_by: list[Replacement]
    stated: list[Replacement] = field(default_factory=list)


@dataclass
class Replacement:
    """One "replaces" edge: `replacer` (a document or, unregistered, a ref) replaces `replaced`."""

    replacer: Document | None
    replacer_ref: str
    replaced: Document | None
    replaced_ref: str
    source: Document  # the document whose text says so


def _replacement(citation: Citation) -> Replacement:
    if citation.replacer_id is not None:
        replacer, replacer_ref = citation.replacer.target, citation.replacer.ref
    else:
        replacer, replacer_ref = citation.citing, citation.citing.ref
    return Replacement(
        replacer=replacer,
        replacer_ref=replacer_ref,
        replaced=citation.target,
        replaced_ref=citation.ref,
        source=citation.citing,
    )


def citation_graph(*, document: Document) -> CitationGraph:
    """What the document cites and what cites it; and "thay thế" edges touching it, whichever
    text states them (its own, or a report saying "Quyết định số A ... thay thế Quyết định số B")."""
    related = ("target", "target__issuer", "citing", "replacer", "replacer__target")
    out = list(document.citations_out.select_related(*related).order_by("start"))
    incoming = list(
        document.citations_in.select_related("citing", "citing__issuer", "replacer", "replacer__target").order_by(
            "-citing__document_date", "start"
        )
    )
    # This document replaces: what its own text replaces itself, and what other texts say it replaces.
    replaces = [_replacement(c) for c in out if c.relation == CitationRelation.REPLACES and c.replacer_id is None]
    said_elsewhere = Citation.objects.filter(
        relation=CitationRelation.REPLACES, replacer__target=document, citing__agency_id=document.agency_id
    ).select_related(*related)
    replaces += [_replacement(c) for c in said_elsewhere]
    replaced_by = [_replacement(c) for c in incoming if c.relation == CitationRelation.REPLACES]
    # Edges between two other documents stated by this one's text.
    stated = [_replacement(c) for c in out if c.relation == CitationRelation.REPLACES and c.replacer_id is not None]
    return CitationGraph(cites=out, cited_by=incoming, replaces=replaces, replaced_by=replaced_by, stated=stated)


def unresolved_citations(*, user: User) -> list[dict]:
    """Citations not linked to a register line, grouped by reference, most cited first."""
    visible = documents_visible(user).values("pk")
    rows = (
        Citation.objects.filter(target__isnull=True, citing__in=visible)
        .exclude(kind=LAW_BY_NAME)  # no number to register it by
        .values("ref", "type_word", "issuer", "kind")
        .annotate(
            mentions=Count("pk"),
            documents=Count("citing", distinct=True),
            first_date=Min("date"),
            last_date=Max("date"),
        )
        .order_by("-mentions", "ref")
    )
    # Two spellings of the type word for the same ref are one group for the clerk.
    grouped: dict[str, dict] = {}
    for row in rows:
        group = grouped.setdefault(
            row["ref"],
            {
                "ref": row["ref"],
                "type_word": row["type_word"],
                "issuer": row["issuer"],
                "kind": row["kind"],
                "mentions": 0,
                "documents": 0,
                "date": row["first_date"],
            },
        )
        group["mentions"] += row["mentions"]
        group["documents"] += row["documents"]
        group["type_word"] = group["type_word"] or row["type_word"]
        group["date"] = group["date"] or row["first_date"]
    return sorted(grouped.values(), key=lambda g: (-g["mentions"], g["ref"]))


# --------------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------------


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
