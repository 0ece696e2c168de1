"""Service-quality indices of Quyết định 766/QĐ-TTg (2022), scored by the rules in force.

The rules (points, thresholds, linear or thresholded scoring, the empty-data rule, the groups of
the decision and of the DVCQG board) are data: `IndexRuleSet` and its rows, effective by date, in
force on the period's last day (models.py). Each rule names a measure; the measures are the
aggregates below, one function each. Formulas and sources: docs/service-quality-indices.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext

from egov.core.formats import vn_number
from egov.dossiers.service import (
    ApplicantKind,
    Attachment,
    Channel,
    DossierFee,
    Outcome,
    PauseInterval,
    Payment,
    Rating,
    ReturnMethod,
)
from egov.organisations.models import User
from egov.portal.models import Feedback
from egov.procedures.service import FeeItem, OnlineLevel, Procedure, ProcedureVersion
from egov.workdays.calendar import LOCAL_TZ

from .models import IndexGroup, IndexRule, IndexRuleSet
from .periods import bounds
from .selectors import RESULT_OUTCOMES, Scope, Statistics, _base, pct, tthc_statistics

Measure = IndexRule.Measure
Scoring = IndexRule.Scoring
HUNDRED = Decimal(100)


class NoRuleSet(LookupError):
    """No QĐ 766 rule set is in force on the period's last day: an administrator must add one."""


@dataclass
class Measured:
    numerator: int = 0
    denominator: int = 0
    detail: str = ""
    # External: scored on the national systems from data this one does not hold. Unknown: the
    # data exists but not what the rule reads (e.g. how feedback was handled).
    status: str = "computed"  # computed | external | not_applicable | unknown


@dataclass
class IndexResult:
    rule: IndexRule
    numerator: int
    denominator: int
    rate: float  # 0–100, two decimals
    score: float | None  # None: not scored here (external, not applicable, unknown)
    detail: str = ""
    status: str = "computed"

    @property
    def definition(self) -> IndexRule:  # the name the templates and API used before the rules were data
        return self.rule

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return gettext(self.rule.name)

    @property
    def has_data(self) -> bool:
        return self.denominator > 0

    @property
    def scored_here(self) -> bool:
        return self.score is not None


@dataclass
class Scorecard:
    rule_set: IndexRuleSet
    stats: Statistics
    results: list[IndexResult]
    groups: dict[str, list[IndexGroup]] = field(default_factory=dict)

    @property
    def total_score(self) -> float:
        return round(sum(r.score for r in self.results if r.score is not None), 2)

    @property
    def total_max(self) -> float:
        return float(sum(r.rule.max_points for r in self.results if r.score is not None))

    def group_totals(self, view: str = IndexGroup.View.DECISION) -> list[tuple[int, str, float, float, float]]:
        return group_totals(self.results, self.groups.get(view, []), view)


def score(rate: float, rule: IndexRule) -> float:
    """Linear: max × rate. Thresholded: max at or above the threshold, rate × max / threshold below
    it (law-2026.md §5.3 item 13). Two decimals, half up."""
    value = Decimal(str(rate))
    maximum = Decimal(rule.max_points)
    if rule.scoring == Scoring.INFORMATIONAL:
        points = Decimal(0)
    elif rule.scoring == Scoring.THRESHOLD:
        threshold = Decimal(rule.threshold_pct)
        points = maximum if value >= threshold else value * maximum / threshold
    else:
        points = min(value, HUNDRED) * maximum / HUNDRED
    return float(points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def result_of(rule: IndexRule, measured: Measured) -> IndexResult:
    if measured.status != "computed":
        return IndexResult(rule, 0, 0, 0.0, None, measured.detail, measured.status)
    # An informational indicator has figures but no rate to score (2.2 is a time, 5.1 a count).
    informational = rule.scoring == Scoring.INFORMATIONAL
    rate = 0.0 if informational else pct(measured.numerator, measured.denominator)
    if measured.denominator:
        points = score(rate, rule)
    elif rule.when_empty == IndexRule.WhenEmpty.FULL and not informational:
        points = float(rule.max_points)  # e.g. no feedback in the period: full points (§5.3 item 10)
    elif rule.when_empty == IndexRule.WhenEmpty.NOT_SCORED:
        return IndexResult(rule, 0, 0, 0.0, None, measured.detail, "not_applicable")
    else:
        points = 0.0
    return IndexResult(rule, measured.numerator, measured.denominator, rate, points, measured.detail)


# --- the period and its populations ----------------------------------------------------------------


@dataclass
class Period:
    date_from: dt.date
    date_to: dt.date
    scope: Scope
    user: User | None
    stats: Statistics

    @cached_property
    def window(self) -> tuple[dt.datetime, dt.datetime]:
        return bounds(self.date_from, self.date_to)

    @cached_property
    def dossiers(self) -> QuerySet:
        return _base(self.scope, self.user)

    def received(self) -> QuerySet:
        start, end = self.window
        return self.dossiers.filter(received_at__gte=start, received_at__lt=end)

    def results(self) -> QuerySet:
        start, end = self.window
        return self.dossiers.filter(finished_at__gte=start, finished_at__lt=end, outcome=Outcome.RESOLVED)

    def procedures(self) -> QuerySet:
        procedures = Procedure.objects.filter(is_active=True)
        if self.user is not None and not self.user.is_superuser:
            procedures = procedures.filter(agency_id=self.user.agency_id)
        if self.scope.agency is not None:
            procedures = procedures.filter(agency=self.scope.agency)
        if self.scope.field is not None:
            procedures = procedures.filter(field=self.scope.field)
        if self.scope.procedure is not None:
            procedures = procedures.filter(pk=self.scope.procedure.pk)
        return procedures

    def current_versions(self) -> QuerySet:
        """The version of each procedure in force on the period's last day (an OuterRef subquery)."""
        day = self.date_to
        return ProcedureVersion.objects.filter(procedure=OuterRef("pk"), effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )

    @cached_property
    def timeliness(self) -> Timeliness:
        return timeliness_766(self)


def _has_result_file() -> Exists:
    return Exists(Attachment.objects.filter(dossier=OuterRef("pk"), kind=Attachment.Kind.RESULT))


def _has_digitised_input() -> Q:
    # Online dossiers are born digital; paper ones count when an officer digitised an item.
    return Q(channel=Channel.ONLINE) | Q(Exists(Attachment.objects.filter(dossier=OuterRef("pk"), is_digitised=True)))


# --- 2.1: on time, with its own denominator ----------------------------------------------------------


@dataclass
class Timeliness:
    on_time: int
    late: int
    complained: int  # of these dossiers: a feedback about it, or rated "unsatisfied"

    @property
    def total(self) -> int:
        return self.on_time + self.late


def timeliness_766(period: Period) -> Timeliness:
    """Indicator 2.1 (law-2026.md §5.2, §5.3 item 12): every dossier handled in the period — received
    in it or carried over, finished in it or still open — is on time or late.

    - the end is when it was finished (resolved, refused, stopped, withdrawn all finish it); if
      open with a supplement pending, when the supplement was requested; if open otherwise, the
      period's last day (or today, for a period not over);
    - against `due_date`, which already leaves out the time the applicant held the dossier
      (recomputed when the supplement is complete); no due date means no statutory limit to miss;
    - a second supplement request makes it late, whatever the dates."""
    start, end = period.window
    judged_on = min(period.date_to, timezone.localdate())
    open_pause = PauseInterval.objects.filter(
        dossier=OuterRef("pk"), kind=PauseInterval.Kind.SUPPLEMENT, completed_at__isnull=True
    )
    rows = (
        period.dossiers.filter(received_at__isnull=False, received_at__lt=end)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=start))
        .annotate(
            supplements=Count("pauses", filter=Q(pauses__kind=PauseInterval.Kind.SUPPLEMENT), distinct=True),
            pending_since=Min("pauses__requested_at", filter=Q(pauses__in=open_pause.values("pk"))),
            has_feedback=Exists(Feedback.objects.filter(dossier=OuterRef("pk"))),
        )
        .values_list("finished_at", "due_date", "supplements", "pending_since", "has_feedback", "rating")
    )
    on_time = late = complained = 0
    for finished_at, due, supplements, pending_since, has_feedback, rating in rows.iterator():
        if finished_at is not None and finished_at < end:
            end_day = finished_at.astimezone(LOCAL_TZ).date()
        elif pending_since is not None and pending_since < end:
            end_day = pending_since.astimezone(LOCAL_TZ).date()
        else:
            end_day = judged_on
        if supplements > 1 or (due is not None and end_day > due):
            late += 1
        else:
            on_time += 1
        complained += bool(has_feedback or rating == Rating.UNSATISFIED)
    return Timeliness(on_time, late, complained)


# --- the measures ----------------------------------------------------------------------------------


def _handling_time(period: Period) -> tuple[int, int, int]:
    """(days used, days allowed, dossiers) over the results of the period, in calendar days from
    the day of receipt to the day of the result, and to the statutory due date."""
    start, end = period.window
    received_on = TruncDate("received_at", tzinfo=LOCAL_TZ)
    finished_on = TruncDate("finished_at", tzinfo=LOCAL_TZ)
    figures = period.dossiers.filter(
        finished_at__gte=start, finished_at__lt=end, outcome__in=RESULT_OUTCOMES, due_date__isnull=False
    ).aggregate(
        used=Sum(ExpressionWrapper(finished_on - received_on, output_field=DurationField())),
        allowed=Sum(ExpressionWrapper(F("due_date") - received_on, output_field=DurationField())),
        count=Count("pk"),
    )
    used = figures["used"].days if figures["used"] is not None else 0
    allowed = figures["allowed"].days if figures["allowed"] is not None else 0
    return used, allowed, figures["count"]


def _handling_detail(used: int, allowed: int, count: int) -> str:
    if not count:
        return ""
    return gettext("Trung bình %(used)s ngày / thời hạn trung bình %(allowed)s ngày (ngày lịch)") % {
        "used": vn_number(used / count, 1),
        "allowed": vn_number(allowed / count, 1),
    }


def bieu06_on_time(period: Period) -> Measured:
    figures = period.stats.totals
    return Measured(figures.early + figures.on_time, figures.resolved_total)


def handling_time_ratio(period: Period) -> Measured:
    # The statutory time as a share of the time taken (capped at 100 %): full points when the
    # results come, on average, no later than the law allows.
    used, allowed, count = _handling_time(period)
    numerator, denominator = (min(allowed, used), used) if used else (count, count)
    return Measured(numerator, denominator, _handling_detail(used, allowed, count))


def average_handling_time(period: Period) -> Measured:
    used, allowed, count = _handling_time(period)
    detail = _handling_detail(used, allowed, count)
    if period.scope.procedure is None:
        detail = " ".join(filter(None, [detail, gettext("Cổng DVCQG chỉ hiển thị chỉ số này cho từng thủ tục.")]))
    return Measured(used, count, detail)


def procedures_online(period: Period) -> Measured:
    current = period.current_versions()
    counts = period.procedures().aggregate(
        total=Count("pk", filter=Q(Exists(current))),
        online=Count("pk", filter=Q(Exists(current.exclude(online_level=OnlineLevel.NONE)))),
    )
    return Measured(counts["online"], counts["total"])


def online_services_with_dossiers(period: Period) -> Measured:
    start, end = period.window
    online = period.procedures().filter(Exists(period.current_versions().exclude(online_level=OnlineLevel.NONE)))
    used = period.dossiers.filter(
        procedure=OuterRef("pk"), channel=Channel.ONLINE, received_at__gte=start, received_at__lt=end
    )
    counts = online.aggregate(total=Count("pk"), used=Count("pk", filter=Q(Exists(used))))
    return Measured(counts["used"], counts["total"])


def bieu06_online(period: Period) -> Measured:
    figures = period.stats.totals
    return Measured(figures.online, figures.received_in_period)


def online_dossiers_766(period: Period) -> Measured:
    """An online dossier counts unless its result, where the procedure issues a result document,
    was given on paper only (no electronic result file)."""
    received = period.received()
    paper_only = Q(outcome=Outcome.RESOLVED) & ~Q(procedure_version__result_document="") & ~Q(_has_result_file())
    counts = received.aggregate(total=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE) & ~paper_only))
    detail = gettext("Chưa nhân với tỷ lệ đồng bộ lên Cổng DVCQG (chỉ số 1.4, chấm trên hệ thống quốc gia).")
    return Measured(counts["online"], counts["total"], detail)


def payments_online(period: Period) -> Measured:
    start, end = period.window
    payments = Payment.objects.filter(dossier__in=period.dossiers, paid_at__gte=start, paid_at__lt=end).aggregate(
        total=Count("pk"), online=Count("pk", filter=Q(method=Payment.Method.ONLINE))
    )
    return Measured(payments["online"], payments["total"])


def _fee_bearing(period: Period) -> QuerySet:
    day = period.date_to
    fees = FeeItem.objects.filter(
        version__procedure=OuterRef("pk"), version__effective_from__lte=day, amount_vnd__gt=0
    ).filter(Q(version__effective_to__isnull=True) | Q(version__effective_to__gte=day))
    return period.procedures().filter(Exists(fees))


def payment_integrated(period: Period) -> Measured:
    procedures = _fee_bearing(period)
    integrated = period.current_versions().filter(online_payment=True)
    counts = procedures.aggregate(total=Count("pk"), integrated=Count("pk", filter=Q(Exists(integrated))))
    return Measured(counts["integrated"], counts["total"])


def procedures_paid_online(period: Period) -> Measured:
    start, end = period.window
    paid = Payment.objects.filter(
        dossier__in=period.dossiers.filter(procedure=OuterRef(OuterRef("pk"))).values("pk"),
        method=Payment.Method.ONLINE,
        paid_at__gte=start,
        paid_at__lt=end,
    )
    counts = _fee_bearing(period).aggregate(total=Count("pk"), paid=Count("pk", filter=Q(Exists(paid))))
    return Measured(counts["paid"], counts["total"])


def dossiers_paid_online(period: Period) -> Measured:
    """Dossiers received in the period that owe a fee (zero-fee ones left out), and of them those
    that paid online."""
    owing = period.received().filter(Exists(DossierFee.objects.filter(dossier=OuterRef("pk"), amount_vnd__gt=0)))
    online = Payment.objects.filter(dossier=OuterRef("pk"), method=Payment.Method.ONLINE)
    counts = owing.aggregate(total=Count("pk"), online=Count("pk", filter=Q(Exists(online))))
    return Measured(counts["online"], counts["total"])


def returned_electronically(period: Period) -> Measured:
    start, end = period.window
    resolved = period.dossiers.filter(
        finished_at__gte=start, finished_at__lt=end, outcome__in=RESULT_OUTCOMES
    ).aggregate(total=Count("pk"), electronic=Count("pk", filter=Q(return_method=ReturnMethod.ELECTRONIC)))
    return Measured(resolved["electronic"], resolved["total"])


def electronic_result(period: Period) -> Measured:
    counts = period.results().aggregate(total=Count("pk"), electronic=Count("pk", filter=Q(_has_result_file())))
    return Measured(counts["electronic"], counts["total"])


def digitised_received(period: Period) -> Measured:
    counts = period.received().aggregate(total=Count("pk"), digitised=Count("pk", filter=_has_digitised_input()))
    return Measured(counts["digitised"], counts["total"])


def digitised_766(period: Period) -> Measured:
    """Results of the period whose inputs are digital and whose result is electronic."""
    counts = period.results().aggregate(
        total=Count("pk"), digitised=Count("pk", filter=_has_digitised_input() & Q(_has_result_file()))
    )
    return Measured(counts["digitised"], counts["total"])


def _attachment_flag(period: Period, flag: str) -> Measured:
    """Of the dossiers received with digitised items (HoSoCoThanhPhanSoHoa), those with an item
    carrying `flag` (DuocTaiSuDung, DuocLayTuKhoDMQG)."""
    flagged = Attachment.objects.filter(dossier=OuterRef("pk"), **{flag: True})
    counts = (
        period.received()
        .filter(_has_digitised_input())
        .aggregate(total=Count("pk"), flagged=Count("pk", filter=Q(Exists(flagged))))
    )
    return Measured(counts["flagged"], counts["total"])


def reused_data(period: Period) -> Measured:
    return _attachment_flag(period, "is_reused")


def personal_store(period: Period) -> Measured:
    return _attachment_flag(period, "from_personal_store")


POPULATION_DATA = Q(identity_verified=True) | Q(population_data_used=True)


def population_dossiers(period: Period) -> Measured:
    counts = (
        period.received()
        .filter(applicant_kind=ApplicantKind.PERSON)
        .aggregate(total=Count("pk"), used=Count("pk", filter=POPULATION_DATA))
    )
    return Measured(counts["used"], counts["total"])


def population_procedures(period: Period) -> Measured:
    """Procedures with citizens' dossiers in the period, and of them those where at least one
    dossier used the population data (VNeID account or a population-database look-up)."""
    persons = period.received().filter(procedure=OuterRef("pk"), applicant_kind=ApplicantKind.PERSON)
    counts = (
        period.procedures()
        .filter(Exists(persons))
        .aggregate(total=Count("pk"), used=Count("pk", filter=Q(Exists(persons.filter(POPULATION_DATA)))))
    )
    return Measured(counts["used"], counts["total"])


def bieu06_satisfied(period: Period) -> Measured:
    figures = period.stats.totals
    return Measured(figures.very_satisfied + figures.satisfied, figures.rated)


def _feedback(period: Period) -> QuerySet:
    """Feedback sent in the period to the agencies in scope (its answering agency); a field or
    procedure scope keeps the feedback about its dossiers."""
    start, end = period.window
    feedback = Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
    if period.user is not None and not period.user.is_superuser:
        feedback = feedback.filter(agency_id=period.user.agency_id)
    if period.scope.agency is not None:
        feedback = feedback.filter(agency_id=period.scope.agency.pk)
    if period.scope.field is not None or period.scope.procedure is not None:
        feedback = feedback.filter(dossier__in=period.dossiers)
    return feedback


def feedback_count(period: Period) -> Measured:
    count = _feedback(period).count()
    return Measured(count, count)


def feedback_on_time(period: Period) -> Measured:
    """5.2: answered by its due date, or not answered and not yet past it (the period's last day, or
    today); none in the period scores full points (the rule's `when_empty`, law-2026.md §5.3 item 10)."""
    judged_on = min(period.date_to, timezone.localdate())
    on_time = total = 0
    for answered_at, due in _feedback(period).values_list("answered_at", "due_date").iterator():
        total += 1
        day = answered_at.astimezone(LOCAL_TZ).date() if answered_at is not None else judged_on
        on_time += due is None or day <= due
    return Measured(on_time, total)


def feedback_satisfied(period: Period) -> Measured:
    """5.3 counts feedback whose author disliked the answer, that was late or raised again; the
    system records no like/dislike of an answer, so with feedback in the period it is not scored
    rather than guessed."""
    if not _feedback(period).exists():
        return Measured(0, 0)
    return Measured(
        detail=gettext("Hệ thống chưa ghi nhận người gửi có hài lòng với trả lời hay không."), status="unknown"
    )


def dossier_satisfaction_766(period: Period) -> Measured:
    """Indicator 5.4 (law-2026.md §5.3 item 9): 100 % − (late share + share of dossiers that drew a
    feedback or an "unsatisfied"), over the dossiers of 2.1 — not the citizens' rating scale."""
    timeliness = period.timeliness
    satisfied = max(timeliness.total - timeliness.late - timeliness.complained, 0)
    detail = gettext("%(late)s hồ sơ trễ hạn, %(complained)s hồ sơ có phản ánh hoặc đánh giá không hài lòng") % {
        "late": vn_number(timeliness.late),
        "complained": vn_number(timeliness.complained),
    }
    return Measured(satisfied, timeliness.total, detail)


def on_time_766(period: Period) -> Measured:
    timeliness = period.timeliness
    return Measured(timeliness.on_time, timeliness.total)


def external(period: Period) -> Measured:
    return Measured(detail=gettext("Chấm trên hệ thống quốc gia (Cơ sở dữ liệu TTHC, Cổng DVCQG)."), status="external")


def not_applicable(period: Period) -> Measured:
    return Measured(detail=gettext("Không áp dụng đối với cơ quan."), status="not_applicable")


MEASURES: dict[str, Callable[[Period], Measured]] = {
    Measure.BIEU06_ON_TIME: bieu06_on_time,
    Measure.HANDLING_TIME_RATIO: handling_time_ratio,
    Measure.BIEU06_ONLINE: bieu06_online,
    Measure.PAYMENTS_ONLINE: payments_online,
    Measure.RETURNED_ELECTRONICALLY: returned_electronically,
    Measure.DIGITISED_RECEIVED: digitised_received,
    Measure.BIEU06_SATISFIED: bieu06_satisfied,
    Measure.PROCEDURES_ONLINE: procedures_online,
    Measure.EXTERNAL: external,
    Measure.NOT_APPLICABLE: not_applicable,
    Measure.ON_TIME_766: on_time_766,
    Measure.AVERAGE_HANDLING_TIME: average_handling_time,
    Measure.ONLINE_SERVICES_WITH_DOSSIERS: online_services_with_dossiers,
    Measure.ONLINE_DOSSIERS_766: online_dossiers_766,
    Measure.PAYMENT_INTEGRATED: payment_integrated,
    Measure.PROCEDURES_PAID_ONLINE: procedures_paid_online,
    Measure.DOSSIERS_PAID_ONLINE: dossiers_paid_online,
    Measure.ELECTRONIC_RESULT: electronic_result,
    Measure.DIGITISED_766: digitised_766,
    Measure.REUSED_DATA: reused_data,
    Measure.PERSONAL_STORE: personal_store,
    Measure.POPULATION_PROCEDURES: population_procedures,
    Measure.POPULATION_DOSSIERS: population_dossiers,
    Measure.FEEDBACK_COUNT: feedback_count,
    Measure.FEEDBACK_ON_TIME: feedback_on_time,
    Measure.FEEDBACK_SATISFIED: feedback_satisfied,
    Measure.DOSSIER_SATISFACTION_766: dossier_satisfaction_766,
}


def scorecard(
    *, date_from: dt.date, date_to: dt.date, scope: Scope | None = None, user: User | None = None
) -> Scorecard:
    rule_set = IndexRuleSet.in_force_on(date_to)
    if rule_set is None:
        raise NoRuleSet(f"Chưa có bộ quy tắc chấm chỉ số 766 áp dụng ngày {date_to:%d/%m/%Y}.")
    scope = scope or Scope()
    stats = tthc_statistics(date_from=date_from, date_to=date_to, scope=scope, user=user)
    period = Period(date_from, date_to, scope, user, stats)
    results = [result_of(rule, MEASURES[rule.measure](period)) for rule in rule_set.rules.all()]
    groups: dict[str, list[IndexGroup]] = {}
    for group in rule_set.groups.all():
        groups.setdefault(group.view, []).append(group)
    return Scorecard(rule_set, stats, results, groups)


def service_quality(
    *, date_from: dt.date, date_to: dt.date, scope: Scope | None = None, user: User | None = None
) -> tuple[Statistics, list[IndexResult]]:
    card = scorecard(date_from=date_from, date_to=date_to, scope=scope, user=user)
    return card.stats, card.results


def group_totals(
    results: list[IndexResult], groups: list[IndexGroup], view: str = IndexGroup.View.DECISION
) -> list[tuple[int, str, float, float, float]]:
    """(group, name, points scored, points computable here, group maximum) per group of `view`."""
    rows = []
    for group in groups:
        mine = [
            r
            for r in results
            if (r.rule.decision_group if view == IndexGroup.View.DECISION else r.rule.board_group) == group.number
        ]
        if not mine:
            continue
        scored = [r for r in mine if r.score is not None]
        rows.append(
            (
                group.number,
                gettext(group.name),
                round(sum(r.score for r in scored), 2),
                float(sum(r.rule.max_points for r in scored)),
                float(group.max_points),
            )
        )
    return rows
