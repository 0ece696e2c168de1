"""Biểu 06 statistics (domain.md §2.5), computed by the database in one aggregate.

For a period [from, to] of whole local days, with S = start of `from` and E = start of the day
after `to` (aware datetimes, so the stored columns are compared as they are and their indexes
serve the range), over *received* dossiers (received_at set):

- carried_over: received_at < S and not finished before S;
- online / direct / postal: S <= received_at < E, by channel;
- resolved: S <= finished_at < E with a result (resolved, or refused with reasons), split by the
  local date of finished_at against the statutory due date: early (<), on_time (=), late (>);
  a dossier with no statutory due date (legacy rows) counts as on time;
- withdrawn_or_stopped: S <= finished_at < E, withdrawn or stopped;
- in_progress: received_at < E and not finished before E; within_deadline when the due date is on
  or after the day it is judged on — `to`, or today while the period is not over (a dossier due
  next week is not late yet) — or the dossier was paused waiting for the applicant at E;
  otherwise overdue;
- satisfaction: the ratings given within the period (rated_at in [S, E)), so a past period's
  figures do not change when a late rating arrives (docs/decisions/0013-statistics-definitions.md).

Every row that counts in any column is received before E and either unfinished or finished at or
after S: two disjoint aggregates (finished since S, over the (finished_at, received_at) index;
still open, over the partial index of open dossiers) whose counts add up. The figures come back
grouped (by field, by procedure, or not at all); totals are the sums of the groups. Ratings are a
third small aggregate over the (rated_at) index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from egov.core.formats import local_date, local_today
from egov.dossiers.service import Channel, Dossier, Outcome, PauseInterval, Rating
from egov.organisations.models import Agency, User
from egov.organisations.selectors import scope_filter
from egov.procedures.service import Field, Procedure
from egov.workdays.calendar import LOCAL_TZ

from .periods import bounds

GROUPINGS = ("field", "procedure")
RESULT_OUTCOMES = (Outcome.RESOLVED, Outcome.REFUSED)
ENDED_OUTCOMES = (Outcome.WITHDRAWN, Outcome.STOPPED)

# Column name -> (nested key path in the output).
COUNT_COLUMNS = [
    "carried_over",
    "online",
    "direct",
    "postal",
    "early",
    "on_time",
    "late",
    "withdrawn_or_stopped",
    "within_deadline",
    "overdue",
]
RATING_COLUMNS = ["very_satisfied", "satisfied", "unsatisfied"]


class StatisticsError(ValueError):
    """Bad filter arguments (unknown agency, field or procedure); the message says which."""


def pct(numerator: int, denominator: int) -> float:
    """Percentage 0–100 with two decimals (half up); 0 when there is nothing to divide."""
    if not denominator:
        return 0.0
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(value)


@dataclass
class Figures:
    """One row of Biểu 06 (the whole period, or one field / procedure)."""

    carried_over: int = 0
    online: int = 0
    direct: int = 0
    postal: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    withdrawn_or_stopped: int = 0
    within_deadline: int = 0
    overdue: int = 0
    very_satisfied: int = 0
    satisfied: int = 0
    unsatisfied: int = 0

    def add(self, other: Figures) -> None:
        for name in COUNT_COLUMNS + RATING_COLUMNS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def received_in_period(self) -> int:
        return self.online + self.direct + self.postal

    @property
    def received_total(self) -> int:
        return self.carried_over + self.received_in_period

    @property
    def resolved_total(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def in_progress_total(self) -> int:
        return self.within_deadline + self.overdue

    @property
    def rated(self) -> int:
        return self.very_satisfied + self.satisfied + self.unsatisfied

    @property
    def on_time_pct(self) -> float:
        return pct(self.early + self.on_time, self.resolved_total)

    @property
    def online_pct(self) -> float:
        return pct(self.online, self.received_in_period)

    @property
    def satisfied_pct(self) -> float:
        return pct(self.very_satisfied + self.satisfied, self.rated)

    @property
    def very_satisfied_pct(self) -> float:
        return pct(self.very_satisfied, self.rated)

    def as_dict(self) -> dict:
        """The JSON shape of `tthc_stats` (without from/to/rows)."""
        return {
            "received": {
                "total": self.received_total,
                "carried_over": self.carried_over,
                "online": self.online,
                "direct": self.direct,
                "postal": self.postal,
            },
            "resolved": {"total": self.resolved_total, "early": self.early, "on_time": self.on_time, "late": self.late},
            "withdrawn_or_stopped": self.withdrawn_or_stopped,
            "in_progress": {
                "total": self.in_progress_total,
                "within_deadline": self.within_deadline,
                "overdue": self.overdue,
            },
            "satisfaction": {
                "rated": self.rated,
                "very_satisfied": self.very_satisfied,
                "satisfied": self.satisfied,
                "unsatisfied": self.unsatisfied,
                "satisfied_pct": self.satisfied_pct,
                "very_satisfied_pct": self.very_satisfied_pct,
            },
            "on_time_pct": self.on_time_pct,
            "online_pct": self.online_pct,
        }


@dataclass
class Row:
    key: int
    code: str
    name: str
    figures: Figures


@dataclass
class Statistics:
    date_from: dt.date
    date_to: dt.date
    totals: Figures
    by: str | None = None
    rows: list[Row] = field(default_factory=list)
    agency: Agency | None = None
    field_obj: Field | None = None
    procedure: Procedure | None = None

    def as_dict(self) -> dict:
        data = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), **self.totals.as_dict()}
        if self.by:
            data["rows"] = [
                {"key": row.key, "code": row.code, "name": row.name, **row.figures.as_dict()} for row in self.rows
            ]
        return data


@dataclass(frozen=True)
class Scope:
    """What the figures cover: resolved names from the command line, the API or a form."""

    agency: Agency | None = None
    field: Field | None = None
    procedure: Procedure | None = None


def resolve_scope(*, agency_code: str = "", field_name: str = "", procedure_code: str = "") -> Scope:
    """Agency by identifier (or short name), field by name (or code), procedure by national code."""
    agency = field_obj = procedure = None
    if agency_code:
        agency = Agency.objects.filter(Q(identifier=agency_code) | Q(short_name=agency_code)).first()
        if agency is None:
            raise StatisticsError(f"Không có cơ quan có mã “{agency_code}”.")
    if field_name:
        from egov.core.text import nfc

        name = nfc(field_name.strip())
        matches = list(Field.objects.filter(Q(name__iexact=name) | Q(code=name))[:2])
        if not matches:
            raise StatisticsError(f"Không có lĩnh vực “{name}”.")
        field_obj = matches[0]
    if procedure_code:
        procedures = Procedure.objects.filter(code=procedure_code.strip())
        if agency is not None:
            procedures = procedures.filter(agency=agency)
        procedure = procedures.first()
        if procedure is None:
            raise StatisticsError(f"Không có thủ tục có mã “{procedure_code}”.")
    return Scope(agency=agency, field=field_obj, procedure=procedure)


def _base(scope: Scope, user: User | None) -> QuerySet:
    dossiers = Dossier.objects.all()
    if user is not None:
        dossiers = dossiers.filter(scope_filter(user, agency_field="agency_id", unit_field="unit_id"))
    if scope.agency is not None:
        dossiers = dossiers.filter(agency_id=scope.agency.pk)
    if scope.field is not None:
        dossiers = dossiers.filter(field_id=scope.field.pk)
    if scope.procedure is not None:
        dossiers = dossiers.filter(procedure_id=scope.procedure.pk)
    return dossiers


def judged_on(date_to: dt.date) -> dt.date:
    """The day open dossiers are judged late or not: the period's last day, or today if earlier."""
    return min(date_to, local_today())


def count_expressions(date_from: dt.date, date_to: dt.date) -> dict:
    """The conditional counts of one Biểu 06 row, for `.aggregate()` or `.annotate()`."""
    start, end = bounds(date_from, date_to)
    finished_on = TruncDate("finished_at", tzinfo=LOCAL_TZ)
    in_period_received = Q(received_at__gte=start, received_at__lt=end)
    finished_in_period = Q(finished_at__gte=start, finished_at__lt=end)
    with_result = finished_in_period & Q(outcome__in=RESULT_OUTCOMES)
    open_at_end = Q(received_at__lt=end) & (Q(finished_at__isnull=True) | Q(finished_at__gte=end))
    paused_at_end = Exists(
        PauseInterval.objects.filter(dossier=OuterRef("pk"), requested_at__lt=end).filter(
            Q(completed_at__isnull=True) | Q(completed_at__gte=end)
        )
    )
    within = Q(due_date__isnull=True) | Q(due_date__gte=judged_on(date_to)) | Q(paused_at_end)
    return {
        "carried_over": Count("pk", filter=Q(received_at__lt=start)),
        "online": Count("pk", filter=in_period_received & Q(channel=Channel.ONLINE)),
        "direct": Count("pk", filter=in_period_received & Q(channel=Channel.DIRECT)),
        "postal": Count("pk", filter=in_period_received & Q(channel=Channel.POSTAL)),
        # on time = the results less the early and the late ones (one date conversion fewer per row).
        "with_result": Count("pk", filter=with_result),
        "early": Count("pk", filter=with_result & Q(due_date__gt=finished_on)),
        "late": Count("pk", filter=with_result & Q(due_date__lt=finished_on)),
        "withdrawn_or_stopped": Count("pk", filter=finished_in_period & Q(outcome__in=ENDED_OUTCOMES)),
        # overdue = open at the end less within deadline (the pause subquery is evaluated once).
        "open_at_end": Count("pk", filter=open_at_end),
        "within_deadline": Count("pk", filter=open_at_end & within),
    }


def _figures(values: dict) -> Figures:
    """A Figures from the aggregate's columns (count_expressions)."""
    values = dict(values)
    with_result, open_at_end = values.pop("with_result"), values.pop("open_at_end")
    values["on_time"] = with_result - values["early"] - values["late"]
    values["overdue"] = open_at_end - values["within_deadline"]
    return Figures(**values)


def relevant_dossiers(dossiers: QuerySet, date_from: dt.date, date_to: dt.date) -> list[QuerySet]:
    """The rows that count in some column — received before E, and unfinished or finished at or
    after S — as two disjoint querysets without an OR between them, so that each is one index
    range the planner can follow in table order: finished since S (the (finished_at, received_at)
    index), and still open (the small partial index of open dossiers). Counts add up."""
    start, end = bounds(date_from, date_to)
    received = dossiers.filter(received_at__isnull=False, received_at__lt=end)
    return [received.filter(finished_at__gte=start), received.filter(finished_at__isnull=True)]


def _rating_expressions() -> dict:
    return {
        "very_satisfied": Count("pk", filter=Q(rating=Rating.VERY_SATISFIED)),
        "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
    }


def _group_field(by: str | None) -> str | None:
    if by is None:
        return None
    if by not in GROUPINGS:
        raise StatisticsError(f"Chỉ nhóm theo lĩnh vực (field) hoặc thủ tục (procedure), không theo “{by}”.")
    return f"{by}_id"


def tthc_statistics(
    *,
    date_from: dt.date,
    date_to: dt.date,
    scope: Scope | None = None,
    by: str | None = None,
    user: User | None = None,
) -> Statistics:
    """Biểu 06 for [date_from, date_to] (whole local days); `user` limits it to the user's scope."""
    if date_to < date_from:
        raise StatisticsError("Ngày kết thúc không được trước ngày bắt đầu.")
    scope = scope or Scope()
    group = _group_field(by)
    base = _base(scope, user)
    start, end = bounds(date_from, date_to)
    parts = relevant_dossiers(base, date_from, date_to)
    expressions = count_expressions(date_from, date_to)
    rated = base.filter(rated_at__gte=start, rated_at__lt=end).exclude(rating="")
    if group is None:
        totals = Figures()
        for part in parts:
            totals.add(_figures(part.aggregate(**expressions)))
        for name, value in rated.aggregate(**_rating_expressions()).items():
            setattr(totals, name, value)
        return Statistics(date_from, date_to, totals, None, [], scope.agency, scope.field, scope.procedure)

    by_key: dict[int, Figures] = {}
    for part in parts:
        for values in part.order_by().values(group).annotate(**expressions):
            key = values.pop(group)
            by_key.setdefault(key, Figures()).add(_figures(values))
    for values in rated.order_by().values(group).annotate(**_rating_expressions()):
        key = values.pop(group)
        figures = by_key.setdefault(key, Figures())
        for name, value in values.items():
            setattr(figures, name, value)
    model = Field if by == "field" else Procedure
    names = {obj.pk: obj for obj in model.objects.filter(pk__in=by_key)}
    rows = [
        Row(key=key, code=getattr(names[key], "code", "") or "", name=names[key].name, figures=figures)
        for key, figures in by_key.items()
    ]
    rows.sort(key=lambda row: (row.name, row.code))
    totals = Figures()
    for row in rows:
        totals.add(row.figures)
    return Statistics(date_from, date_to, totals, by, rows, scope.agency, scope.field, scope.procedure)


def monthly_series(
    *, date_from: dt.date, date_to: dt.date, scope: Scope | None = None, user: User | None = None
) -> list[tuple[dt.date, dt.date, Figures]]:
    """Per calendar month of the period (clipped to it), for the charts: the receipts by channel
    and the results (early, on time, late). Two grouped aggregates, whatever the number of months;
    the other columns of these Figures are not filled."""
    from django.db.models.functions import TruncMonth

    from .periods import month_starts

    base = _base(scope or Scope(), user)
    start, end = bounds(date_from, date_to)
    received = (
        base.filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=TruncMonth("received_at", tzinfo=LOCAL_TZ))
        .order_by()
        .values("month")
        .annotate(
            online=Count("pk", filter=Q(channel=Channel.ONLINE)),
            direct=Count("pk", filter=Q(channel=Channel.DIRECT)),
            postal=Count("pk", filter=Q(channel=Channel.POSTAL)),
        )
    )
    finished_on = TruncDate("finished_at", tzinfo=LOCAL_TZ)
    results = (
        base.filter(finished_at__gte=start, finished_at__lt=end, outcome__in=RESULT_OUTCOMES)
        .annotate(month=TruncMonth("finished_at", tzinfo=LOCAL_TZ))
        .order_by()
        .values("month")
        .annotate(
            with_result=Count("pk"),
            early=Count("pk", filter=Q(due_date__gt=finished_on)),
            late=Count("pk", filter=Q(due_date__lt=finished_on)),
        )
    )

    def month_of(value) -> dt.date:
        day = local_date(value) if isinstance(value, dt.datetime) else value
        return day.replace(day=1)

    by_month: dict[dt.date, Figures] = {}
    for values in received:
        figures = by_month.setdefault(month_of(values["month"]), Figures())
        figures.online, figures.direct, figures.postal = values["online"], values["direct"], values["postal"]
    for values in results:
        figures = by_month.setdefault(month_of(values["month"]), Figures())
        figures.early, figures.late = values["early"], values["late"]
        figures.on_time = values["with_result"] - values["early"] - values["late"]
    return [
        (first, last, by_month.get(first.replace(day=1), Figures())) for first, last in month_starts(date_from, date_to)
    ]
