"""The online-service measures NĐ 224/2026/NĐ-CP Art. 19 lists (law-2026.md §6.3, §5.3 item 14),
computed from the catalogue and the dossiers for the periods its regime governs.

The decree leaves the methods to the Ministry of Science and Technology, not issued when this was
written: each measure below is the system's reading, stated in its formula, and shown as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.core.formats import vn_number
from egov.dossiers.service import Attachment, Channel, Outcome, ReturnMethod
from egov.organisations.models import User
from egov.procedures.service import OnlineLevel, OnlineServiceRegime, ProactiveLevel
from egov.workdays.calendar import LOCAL_TZ, get_calendar

from .indices import Period
from .selectors import Scope, pct, tthc_statistics


@dataclass
class Metric:
    code: str
    name: str
    formula: str
    numerator: int
    denominator: int
    value: float  # a percentage, or working days for the average time
    unit: str = "%"
    detail: str = ""


@dataclass
class OnlineServiceReport:
    regime: OnlineServiceRegime
    metrics: list[Metric]


def _ratio(code, name, formula, numerator, denominator, detail="") -> Metric:
    return Metric(code, str(name), str(formula), numerator, denominator, pct(numerator, denominator), "%", detail)


def online_service_metrics(
    *, date_from: dt.date, date_to: dt.date, scope: Scope | None = None, user: User | None = None
) -> OnlineServiceReport | None:
    """The Art. 19 measures for the period, or None when the regime in force on its last day lists
    none (before NĐ 224/2026)."""
    regime = OnlineServiceRegime.in_force_on(date_to)
    if regime is None or not regime.statutory_metrics:
        return None
    scope = scope or Scope()
    stats = tthc_statistics(date_from=date_from, date_to=date_to, scope=scope, user=user)
    period = Period(date_from, date_to, scope, user, stats)
    current = period.current_versions()
    procedures = period.procedures().filter(Exists(current))
    catalogue = procedures.aggregate(
        total=Count("pk"),
        full=Count("pk", filter=Q(Exists(current.filter(online_level=OnlineLevel.FULL)))),
        proactive=Count("pk", filter=Q(Exists(current.filter(proactive_level__gte=ProactiveLevel.REMIND)))),
        unexplained=Count(
            "pk", filter=Q(Exists(current.exclude(online_level=OnlineLevel.FULL).filter(online_partial_reason="")))
        ),
        **{
            f"level{level}": Count("pk", filter=Q(Exists(current.filter(proactive_level=level))))
            for level in range(1, 5)
        },
    )
    received = period.received().aggregate(
        total=Count("pk"),
        online=Count("pk", filter=Q(channel=Channel.ONLINE)),
        automatic=Count("pk", filter=Q(procedure_version__proactive_level=ProactiveLevel.AUTOMATIC)),
    )
    result_file = Exists(Attachment.objects.filter(dossier=OuterRef("pk"), kind=Attachment.Kind.RESULT))
    results = period.results().aggregate(
        total=Count("pk"),
        online=Count("pk", filter=Q(channel=Channel.ONLINE, return_method=ReturnMethod.ELECTRONIC) & Q(result_file)),
    )
    days, count = _working_days_taken(period)
    figures = stats.totals
    levels = ", ".join(
        gettext("mức %(level)s: %(count)s") % {"level": level, "count": vn_number(catalogue[f"level{level}"])}
        for level in range(1, 5)
    )
    metrics = [
        _ratio(
            "full_online",
            _("TTHC cung cấp dịch vụ công trực tuyến toàn trình"),
            _("TTHC toàn trình / TTHC đang áp dụng"),
            catalogue["full"],
            catalogue["total"],
        ),
        _ratio(
            "online_intake",
            _("Hồ sơ tiếp nhận trực tuyến"),
            _("hồ sơ nộp trực tuyến / hồ sơ tiếp nhận trong kỳ"),
            received["online"],
            received["total"],
        ),
        _ratio(
            "online_processing",
            _("Hồ sơ giải quyết trực tuyến"),
            _("kết quả trong kỳ của hồ sơ nộp trực tuyến, có kết quả điện tử và trả trực tuyến / kết quả trong kỳ"),
            results["online"],
            results["total"],
        ),
        _ratio(
            "automated",
            _("Hồ sơ xử lý tự động"),
            _("hồ sơ của dịch vụ công chủ động mức 4 (tự động) / hồ sơ tiếp nhận trong kỳ"),
            received["automatic"],
            received["total"],
        ),
        Metric(
            "average_time",
            str(_("Thời gian giải quyết trung bình")),
            str(_("tổng ngày làm việc từ tiếp nhận đến khi có kết quả / số kết quả trong kỳ")),
            days,
            count,
            round(days / count, 1) if count else 0.0,
            str(_("ngày làm việc")),
        ),
        _ratio(
            "on_time",
            _("Hồ sơ giải quyết đúng hạn"),
            _("(trước hạn + đúng hạn) / đã giải quyết trong kỳ, theo Biểu 06"),
            figures.early + figures.on_time,
            figures.resolved_total,
        ),
        _ratio(
            "satisfaction",
            _("Mức độ hài lòng"),
            _("(rất hài lòng + hài lòng) / lượt đánh giá trong kỳ, theo Biểu 06"),
            figures.very_satisfied + figures.satisfied,
            figures.rated,
        ),
        _ratio(
            "proactive",
            _("TTHC cung cấp dịch vụ công chủ động"),
            _("TTHC có mức độ chủ động từ mức 1 / TTHC đang áp dụng"),
            catalogue["proactive"],
            catalogue["total"],
            levels,
        ),
    ]
    if regime.partial_needs_reason:
        metrics.append(
            _ratio(
                "partial_without_reason",
                _("TTHC chưa toàn trình chưa công bố lý do"),
                _("TTHC một phần hoặc không trực tuyến, chưa ghi lý do theo Điều 14 / TTHC đang áp dụng"),
                catalogue["unexplained"],
                catalogue["total"],
            )
        )
    return OnlineServiceReport(regime, metrics)


def _working_days_taken(period: Period) -> tuple[int, int]:
    """(working days from receipt to result, results) over the period's results."""
    calendar = get_calendar()
    days = count = 0
    rows = period.results().filter(outcome=Outcome.RESOLVED).values_list("received_at", "finished_at")
    for received_at, finished_at in rows.iterator():
        days += calendar.working_days_between(
            received_at.astimezone(LOCAL_TZ).date(), finished_at.astimezone(LOCAL_TZ).date()
        )
        count += 1
    return days, count
