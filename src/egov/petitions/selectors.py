"""Reads for petitions and reception: the rule in force, and the figures of the reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce, TruncDate

from egov.core.formats import LOCAL_TZ
from egov.organisations.selectors import scope_filter

from .models import (
    Classification,
    Competence,
    Condition,
    Deadline,
    Handling,
    LimitStep,
    Petition,
    ReceptionSession,
    SessionStatus,
    Status,
    TimeLimitRule,
)


def rule_in_force(step: str, on: dt.date, condition: str = Condition.STANDARD) -> TimeLimitRule | None:
    """The time-limit rule for `step` and `condition` in force on `on` (both ends inclusive)."""
    return (
        TimeLimitRule.objects.filter(step=step, condition=condition, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


# --- the figures of the reports (issue 14 item 7; law-2026.md §1.6) ---------------------------------
#
# One query per figure group, every count made by PostgreSQL (designed for 200,000 petitions):
# `reception_figures` (sessions and visits), `petition_figures` (petitions, their kinds, the
# classification's findings, outcomes and clocks), `petition_fields` (by field).


def _bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of `date_from`, start of the day after `date_to`) in local time: whole local days."""
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=LOCAL_TZ)
    return start, dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ)


def _scope(user, *, agency_field: str, unit_field: str | None) -> Q:
    return Q() if user is None else scope_filter(user, agency_field=agency_field, unit_field=unit_field)


@dataclass(frozen=True)
class ReceptionFigures:
    """Citizen reception in a period (law-2026.md §1.6: `sessions`, `people`, `cases`).

    - `sessions`: reception sessions held (held or concluded; a scheduled or refused one is not
      a reception) on a day of the period.
    - `visits`: the visits (lượt tiếp, the rows of Mẫu 03/TCD) of those sessions — the "lượt" of
      "02 lượt tiếp công dân" (sample 000).
    - `people`: the citizens received, a delegation counted by its head count ("9 người").
    - `cases`: the subjects (vụ việc) — the counting trap: a case that comes back over several
      visits is one case, not one per visit ("02 lượt … 01 vụ việc"); a visit linked to no case
      is a subject of its own.
    - `delegations`: visits of a delegation (đoàn đông người, Luật Tiếp công dân Art. 29).
    """

    sessions: int = 0
    visits: int = 0
    people: int = 0
    cases: int = 0
    delegations: int = 0


def reception_figures(*, date_from: dt.date, date_to: dt.date, agency=None, user=None) -> ReceptionFigures:
    held = (
        ReceptionSession.objects.filter(held_on__range=(date_from, date_to))
        .exclude(status__in=[SessionStatus.SCHEDULED, SessionStatus.REFUSED])
        .filter(_scope(user, agency_field="agency", unit_field=None))
    )
    if agency is not None:
        held = held.filter(agency=agency)
    row = held.aggregate(
        n_sessions=Count("id", distinct=True),
        n_visits=Count("visits"),
        n_people=Coalesce(Sum("visits__people_count"), 0),
        n_linked_cases=Count("visits__case", distinct=True),
        n_unlinked=Count("visits", filter=Q(visits__case__isnull=True)),
        n_delegations=Count("visits", filter=Q(visits__is_delegation=True)),
    )
    return ReceptionFigures(
        sessions=row["n_sessions"],
        visits=row["n_visits"],
        people=row["n_people"],
        cases=row["n_linked_cases"] + row["n_unlinked"],
        delegations=row["n_delegations"],
    )


# The kinds a report counts by content; a duplicate counts under its original's kind (below).
KINDS = (Classification.RECOMMENDATION, Classification.COMPLAINT, Classification.DENUNCIATION, Classification.MIXED)
_RESOLUTION_STEPS = (LimitStep.COMPLAINT_FIRST_RESOLUTION, LimitStep.DENUNCIATION_RESOLUTION)


@dataclass(frozen=True)
class KindFigures:
    """One kind's petitions: those the period dealt with (carried over + new), settled, still open,
    and the subjects they are about (a case counted once, an unlinked petition its own)."""

    carried_over: int = 0
    new: int = 0
    settled: int = 0
    in_progress: int = 0
    cases: int = 0

    @property
    def total(self) -> int:
        return self.carried_over + self.new


@dataclass(frozen=True)
class PetitionFigures:
    """Petitions in a period (law-2026.md §1.6 measures; every count over the period's petitions).

    The period's petitions are those received by its last day and not settled before its first:
    - `carried_over` (`pending_carried_over`): received before the period, not settled by its start;
      `new`: received in the period; `received` = both (`petitions_received`, every registration:
      duplicates included, and counted apart in `duplicates`).
    - `by_kind` (`by_type`): by content, not by title (classification.py); a duplicate is counted
      under the kind of the petition it repeats — the same petition again is not a new kind of
      petition — and `cases` counts subjects, so repeats of one case are one case.
    - `competence` (`petitions_in_competence` …): own / lower body unresolved / outside / not yet
      classified; `eligible` / `not_eligible`: classified with no defect / with defects
      (law-2026.md §1.3; the defects are the classification's).
    - `outcomes` (`answered`, `forwarded`, `guided_returned`, `filed`…): the handling decided in the
      period (the first decision's time, `handled_at`), by handling.
    - settled: a handling other than acceptance settles the petition when decided; an accepted
      complaint or denunciation is settled when its resolution clock is completed.
      `on_time` / `late`: settled in the period, every clock completed by its due date / one or more
      after it (local dates); `no_clock`: settled with no clock (a step whose law was not in force
      had none: petitions before TT 05/2021).
    - `in_progress`: not settled by the period's end; `overdue` (`overdue`): of those, with a clock
      still running at the end past its due date.
    """

    carried_over: int = 0
    new: int = 0
    duplicates: int = 0
    by_kind: dict[str, KindFigures] = field(default_factory=dict)
    competence: dict[str, int] = field(default_factory=dict)
    eligible: int = 0
    not_eligible: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    on_time: int = 0
    late: int = 0
    no_clock: int = 0
    in_progress: int = 0
    overdue: int = 0

    @property
    def received(self) -> int:
        return self.carried_over + self.new

    @property
    def settled(self) -> int:
        return self.on_time + self.late + self.no_clock


def _period_petitions(date_from: dt.date, date_to: dt.date, agency, user):
    """The petitions the period deals with, annotated with their kind and the moment they were settled."""
    start, end = _bounds(date_from, date_to)
    resolved_at = (
        Deadline.objects.filter(petition=OuterRef("pk"), step__in=_RESOLUTION_STEPS, completed_at__isnull=False)
        .order_by()[:1]
        .values("completed_at")
    )
    rows = (
        Petition.objects.filter(received_at__lt=end)
        .filter(_scope(user, agency_field="agency", unit_field="handling_unit"))
        .annotate(
            kind=Coalesce("duplicate_of__classification", "classification"),
            settled_at=DbCase(When(handling=Handling.ACCEPT, then=Subquery(resolved_at)), default=F("handled_at")),
        )
        # The plain columns first: they rule out most earlier petitions before the settled moment
        # (its resolution subquery) is computed.
        .filter(Q(handled_at__isnull=True) | Q(handled_at__gte=start) | Q(handling=Handling.ACCEPT))
        .filter(Q(settled_at__isnull=True) | Q(settled_at__gte=start))
    )
    return rows.filter(agency=agency) if agency is not None else rows


def petition_figures(*, date_from: dt.date, date_to: dt.date, agency=None, user=None) -> PetitionFigures:
    start, end = _bounds(date_from, date_to)
    clocks = Deadline.objects.filter(petition=OuterRef("pk")).order_by()
    # Late: completed on a local day after the due date.
    late_clock = clocks.annotate(completed_on=TruncDate("completed_at", tzinfo=LOCAL_TZ)).filter(
        completed_on__gt=F("due_date")
    )
    overdue_clock = clocks.filter(due_date__lt=date_to).filter(Q(completed_at__isnull=True) | Q(completed_at__gte=end))
    rows = _period_petitions(date_from, date_to, agency, user).annotate(
        has_clock=Exists(clocks), has_late=Exists(late_clock), has_overdue=Exists(overdue_clock)
    )
    carried, new = Q(received_at__lt=start), Q(received_at__gte=start)
    settled = Q(settled_at__lt=end)
    open_at_end = Q(settled_at__isnull=True) | Q(settled_at__gte=end)
    measures = {
        "carried_over": Count("id", filter=carried),
        "new": Count("id", filter=new),
        "duplicates": Count("id", filter=Q(classification=Classification.DUPLICATE)),
        "eligible": Count("id", filter=~Q(status=Status.RECEIVED) & Q(defects=[])),
        "not_eligible": Count("id", filter=~Q(status=Status.RECEIVED) & ~Q(defects=[])),
        "on_time": Count("id", filter=settled & Q(has_clock=True, has_late=False)),
        "late": Count("id", filter=settled & Q(has_late=True)),
        "no_clock": Count("id", filter=settled & Q(has_clock=False)),
        "in_progress": Count("id", filter=open_at_end),
        "overdue": Count("id", filter=open_at_end & Q(has_overdue=True)),
        "unclassified": Count("id", filter=Q(competence="")),
    }
    for value in Competence.values:
        measures[f"competence_{value}"] = Count("id", filter=Q(competence=value))
    handled_in_period = Q(handled_at__gte=start, handled_at__lt=end)
    for value in Handling.values:
        measures[f"outcome_{value}"] = Count("id", filter=handled_in_period & Q(handling=value))
    for kind in KINDS:
        of_kind = Q(kind=kind)
        measures[f"{kind}_carried_over"] = Count("id", filter=of_kind & carried)
        measures[f"{kind}_new"] = Count("id", filter=of_kind & new)
        measures[f"{kind}_settled"] = Count("id", filter=of_kind & settled)
        measures[f"{kind}_linked_cases"] = Count("case", distinct=True, filter=of_kind)
        measures[f"{kind}_unlinked"] = Count("id", filter=of_kind & Q(case__isnull=True))
    row = rows.aggregate(**measures)
    by_kind = {
        kind: KindFigures(
            carried_over=row[f"{kind}_carried_over"],
            new=row[f"{kind}_new"],
            settled=row[f"{kind}_settled"],
            in_progress=row[f"{kind}_carried_over"] + row[f"{kind}_new"] - row[f"{kind}_settled"],
            cases=row[f"{kind}_linked_cases"] + row[f"{kind}_unlinked"],
        )
        for kind in KINDS
    }
    competence = {value: row[f"competence_{value}"] for value in Competence.values}
    competence["unclassified"] = row["unclassified"]
    return PetitionFigures(
        carried_over=row["carried_over"],
        new=row["new"],
        duplicates=row["duplicates"],
        by_kind=by_kind,
        competence=competence,
        eligible=row["eligible"],
        not_eligible=row["not_eligible"],
        outcomes={value: row[f"outcome_{value}"] for value in Handling.values},
        on_time=row["on_time"],
        late=row["late"],
        no_clock=row["no_clock"],
        in_progress=row["in_progress"],
        overdue=row["overdue"],
    )


def petition_fields(*, date_from: dt.date, date_to: dt.date, agency=None, user=None) -> list[tuple[str, int]]:
    """The period's petitions by field (`by_field`: điện, xăng dầu, ATTP…), most first; "" for no
    field, last among equal counts."""
    rows = (
        _period_petitions(date_from, date_to, agency, user)
        .values("field__name")
        .annotate(count=Count("id"))
        .order_by("-count", F("field__name").asc(nulls_last=True))
    )
    return [(row["field__name"] or "", row["count"]) for row in rows]


@dataclass(frozen=True)
class Figures:
    """Everything the reports and the figures command print for one period and scope."""

    date_from: dt.date
    date_to: dt.date
    reception: ReceptionFigures
    petitions: PetitionFigures
    fields: list[tuple[str, int]]


def period_figures(*, date_from: dt.date, date_to: dt.date, agency=None, user=None) -> Figures:
    scope = {"date_from": date_from, "date_to": date_to, "agency": agency, "user": user}
    return Figures(
        date_from=date_from,
        date_to=date_to,
        reception=reception_figures(**scope),
        petitions=petition_figures(**scope),
        fields=petition_fields(**scope),
    )
