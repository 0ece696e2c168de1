"""Service-quality indices of Quyết định 766/QĐ-TTg (2022) that the dossier data supports.

Formulas, points and thresholds: docs/service-quality-indices.md. Each index is a rate (0–100)
computed by one aggregate; its score is `max_points` at or above the threshold, and
`rate × max_points / threshold` below it. The points and thresholds are the agency's reading of
the decision's annex, kept in `INDEX_DEFINITIONS` (one place) so they can be revised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.formats import vn_number
from egov.dossiers.models import Attachment, Channel, Payment, ReturnMethod
from egov.organisations.models import User
from egov.procedures.models import OnlineLevel, Procedure, ProcedureVersion
from egov.workdays.calendar import LOCAL_TZ

from .periods import bounds
from .selectors import RESULT_OUTCOMES, Scope, Statistics, _base, pct, tthc_statistics

GROUPS = {
    1: (_("Công khai, minh bạch"), 18),
    2: (_("Tiến độ giải quyết"), 20),
    3: (_("Dịch vụ công trực tuyến"), 22),
    4: (_("Số hóa hồ sơ"), 22),
    5: (_("Mức độ hài lòng"), 18),
}


@dataclass(frozen=True)
class IndexDefinition:
    code: str
    group: int
    name: str
    max_points: Decimal
    threshold_pct: Decimal  # full points at or above this rate


INDEX_DEFINITIONS = [
    IndexDefinition("2a", 2, _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"), Decimal(10), Decimal(100)),
    IndexDefinition("2b", 2, _("Thời gian giải quyết so với thời hạn quy định"), Decimal(10), Decimal(100)),
    IndexDefinition("3a", 3, _("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"), Decimal(6), Decimal(80)),
    IndexDefinition("3c", 3, _("Tỷ lệ hồ sơ nộp trực tuyến"), Decimal(8), Decimal(50)),
    IndexDefinition("3e", 3, _("Tỷ lệ thanh toán trực tuyến phí, lệ phí"), Decimal(4), Decimal(50)),
    IndexDefinition("4a", 4, _("Tỷ lệ hồ sơ trả kết quả điện tử"), Decimal(6), Decimal(100)),
    IndexDefinition("4b", 4, _("Tỷ lệ hồ sơ được số hóa"), Decimal(8), Decimal(80)),
    IndexDefinition("5c", 5, _("Mức độ hài lòng về giải quyết TTHC"), Decimal(6), Decimal(90)),
]


@dataclass
class IndexResult:
    definition: IndexDefinition
    numerator: int
    denominator: int
    rate: float  # 0–100, two decimals
    score: float
    detail: str = ""

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def has_data(self) -> bool:
        return self.denominator > 0


def score(rate: float, definition: IndexDefinition) -> float:
    value = Decimal(str(rate))
    if value >= definition.threshold_pct:
        points = definition.max_points
    else:
        points = value * definition.max_points / definition.threshold_pct
    return float(points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _result(definition: IndexDefinition, numerator: int, denominator: int, detail: str = "") -> IndexResult:
    rate = pct(numerator, denominator)
    return IndexResult(definition, numerator, denominator, rate, score(rate, definition), detail)


def _handling_time(dossiers, start: dt.datetime, end: dt.datetime) -> tuple[int, int, int]:
    """(days used, days allowed, dossiers) over the results of the period, in calendar days from
    the day of receipt to the day of the result, and to the statutory due date."""
    received_on = TruncDate("received_at", tzinfo=LOCAL_TZ)
    finished_on = TruncDate("finished_at", tzinfo=LOCAL_TZ)
    figures = dossiers.filter(
        finished_at__gte=start, finished_at__lt=end, outcome__in=RESULT_OUTCOMES, due_date__isnull=False
    ).aggregate(
        used=Sum(ExpressionWrapper(finished_on - received_on, output_field=DurationField())),
        allowed=Sum(ExpressionWrapper(F("due_date") - received_on, output_field=DurationField())),
        count=Count("pk"),
    )
    used = figures["used"].days if figures["used"] is not None else 0
    allowed = figures["allowed"].days if figures["allowed"] is not None else 0
    return used, allowed, figures["count"]


def service_quality(
    *, date_from: dt.date, date_to: dt.date, scope: Scope | None = None, user: User | None = None
) -> tuple[Statistics, list[IndexResult]]:
    scope = scope or Scope()
    stats = tthc_statistics(date_from=date_from, date_to=date_to, scope=scope, user=user)
    figures = stats.totals
    start, end = bounds(date_from, date_to)
    dossiers = _base(scope, user)
    by_code = {d.code: d for d in INDEX_DEFINITIONS}
    results = [
        _result(by_code["2a"], figures.early + figures.on_time, figures.resolved_total),
    ]

    used, allowed, count = _handling_time(dossiers, start, end)
    # 2b: the statutory time as a share of the time taken (capped at 100 %): full points when the
    # results come, on average, no later than the law allows.
    average_used = used / count if count else 0
    average_allowed = allowed / count if count else 0
    detail = (
        gettext("Trung bình %(used)s ngày / thời hạn trung bình %(allowed)s ngày (ngày lịch)")
        % {"used": vn_number(average_used, 1), "allowed": vn_number(average_allowed, 1)}
        if count
        else ""
    )
    numerator, denominator = (min(allowed, used), used) if used else (count, count)
    results.append(_result(by_code["2b"], numerator, denominator, detail))

    procedures = Procedure.objects.filter(is_active=True)
    if user is not None and not user.is_superuser:
        procedures = procedures.filter(agency_id=user.agency_id)
    if scope.agency is not None:
        procedures = procedures.filter(agency=scope.agency)
    if scope.field is not None:
        procedures = procedures.filter(field=scope.field)
    if scope.procedure is not None:
        procedures = procedures.filter(pk=scope.procedure.pk)
    current = ProcedureVersion.objects.filter(procedure=OuterRef("pk"), effective_from__lte=date_to).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=date_to)
    )
    counts = procedures.aggregate(
        total=Count("pk", filter=Q(Exists(current))),
        online=Count("pk", filter=Q(Exists(current.exclude(online_level=OnlineLevel.NONE)))),
    )
    results.append(_result(by_code["3a"], counts["online"], counts["total"]))
    results.append(_result(by_code["3c"], figures.online, figures.received_in_period))

    payments = Payment.objects.filter(dossier__in=dossiers, paid_at__gte=start, paid_at__lt=end).aggregate(
        total=Count("pk"), online=Count("pk", filter=Q(method=Payment.Method.ONLINE))
    )
    results.append(_result(by_code["3e"], payments["online"], payments["total"]))

    resolved = dossiers.filter(finished_at__gte=start, finished_at__lt=end, outcome__in=RESULT_OUTCOMES).aggregate(
        total=Count("pk"), electronic=Count("pk", filter=Q(return_method=ReturnMethod.ELECTRONIC))
    )
    results.append(_result(by_code["4a"], resolved["electronic"], resolved["total"]))

    digitised = Attachment.objects.filter(dossier=OuterRef("pk"), is_digitised=True)
    received = dossiers.filter(received_at__gte=start, received_at__lt=end).aggregate(
        total=Count("pk"),
        # Online dossiers are born digital; paper ones count when an officer digitised their items.
        digitised=Count("pk", filter=Q(channel=Channel.ONLINE) | Q(Exists(digitised))),
    )
    results.append(_result(by_code["4b"], received["digitised"], received["total"]))
    results.append(_result(by_code["5c"], figures.very_satisfied + figures.satisfied, figures.rated))
    return stats, results


def group_totals(results: list[IndexResult]) -> list[tuple[int, str, float, float, int]]:
    """(group, name, points scored, points computable here, group maximum) per group with an index."""
    rows = []
    for group, (name, maximum) in GROUPS.items():
        mine = [r for r in results if r.definition.group == group]
        if not mine:
            continue
        rows.append(
            (
                group,
                name,
                round(sum(r.score for r in mine), 2),
                float(sum(r.definition.max_points for r in mine)),
                maximum,
            )
        )
    return rows
