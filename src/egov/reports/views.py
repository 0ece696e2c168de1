"""Staff pages: the statistics dashboard, the service-quality scorecard and their downloads.

Thin: the period form checks the input, the selectors compute within the user's scope
(organisations.selectors.scope_filter through `user=`), the renderers build the files.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from egov.procedures.service import Field

from . import charts
from .docx_report import ReportOptions, tthc_report_docx
from .forms import PeriodForm, default_period_data
from .indices import NoRuleSet
from .indices import scorecard as build_scorecard
from .models import IndexGroup
from .online_services import online_service_metrics
from .periods import month_starts
from .report_sections import TTHC
from .selectors import Scope, monthly_series, tthc_statistics
from .xlsx import bieu06_workbook

MAX_CHART_MONTHS = 36
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fields_for(user):
    fields = Field.objects.order_by("name")
    if not user.is_superuser:
        fields = fields.filter(procedures__agency_id=user.agency_id).distinct()
    return fields


def _period_form(request) -> PeriodForm:
    data = request.GET if "ky" in request.GET else default_period_data()
    form = PeriodForm(data, fields_queryset=_fields_for(request.user))
    form.is_valid()
    return form


def _scope(request, form) -> Scope:
    if request.user.agency is None and not request.user.is_superuser:
        raise PermissionDenied(gettext("Tài khoản không thuộc cơ quan nào."))
    field = form.cleaned_data.get("linh_vuc") if form.is_valid() else None
    return Scope(agency=request.user.agency, field=field)


def _query(request) -> str:
    query = request.GET.copy()
    return query.urlencode()


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
def dashboard(request):
    form = _period_form(request)
    context = {"form": form, "query": _query(request)}
    if form.is_valid():
        period = form.cleaned_data["period"]
        scope = _scope(request, form)
        stats = tthc_statistics(
            date_from=period.date_from, date_to=period.date_to, scope=scope, by="field", user=request.user
        )
        months = month_starts(period.date_from, period.date_to)
        series = []
        if len(months) <= MAX_CHART_MONTHS:
            series = monthly_series(date_from=period.date_from, date_to=period.date_to, scope=scope, user=request.user)
        labels = [f"{first:%m/%Y}" for first, _, _ in series]
        context |= {
            "period": period,
            "stats": stats,
            # The report's own text, as the .docx prints it (the dossiers section's part).
            "parts": [TTHC.part(stats)],
            "intake_chart": charts.intake_chart(
                [
                    (label, {"online": f.online, "direct": f.direct, "postal": f.postal})
                    for label, (_, _, f) in zip(labels, series, strict=True)
                ]
            ),
            "on_time_chart": charts.on_time_chart(
                [
                    (label, f.on_time_pct if f.resolved_total else None)
                    for label, (_, _, f) in zip(labels, series, strict=True)
                ]
            ),
            "series": [(label, f) for label, (_, _, f) in zip(labels, series, strict=True)],
            "can_export": request.user.has_perm("reports.export_report"),
        }
    return render(request, "reports/dashboard.html", context)


def _export_stats(request):
    form = _period_form(request)
    if not form.is_valid():
        return None, form
    period = form.cleaned_data["period"]
    stats = tthc_statistics(
        date_from=period.date_from, date_to=period.date_to, scope=_scope(request, form), by="field", user=request.user
    )
    return stats, form


def _bad_period(request, form):
    return render(request, "reports/dashboard.html", {"form": form, "query": _query(request)}, status=400)


@login_required
@permission_required("reports.export_report", raise_exception=True)
def export_xlsx(request):
    stats, form = _export_stats(request)
    if stats is None:
        return _bad_period(request, form)
    name = request.user.agency.name if request.user.agency else ""
    response = HttpResponse(bieu06_workbook(stats, agency_name=name), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bieu-06_{stats.date_from}_{stats.date_to}.xlsx"'
    return response


@login_required
@permission_required("reports.export_report", raise_exception=True)
def export_docx(request):
    stats, form = _export_stats(request)
    if stats is None:
        return _bad_period(request, form)
    response = HttpResponse(tthc_report_docx(stats, ReportOptions()), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tthc_{stats.date_from}_{stats.date_to}.docx"'
    return response


@login_required
@permission_required("reports.view_statistics", raise_exception=True)
def scorecard(request):
    form = _period_form(request)
    context = {"form": form, "query": _query(request)}
    if form.is_valid():
        period = form.cleaned_data["period"]
        scope = _scope(request, form)
        try:
            card = build_scorecard(date_from=period.date_from, date_to=period.date_to, scope=scope, user=request.user)
        except NoRuleSet:
            context["no_rules"] = period
        else:
            context |= {
                "period": period,
                "online": online_service_metrics(
                    date_from=period.date_from, date_to=period.date_to, scope=scope, user=request.user
                ),
                "card": card,
                "stats": card.stats,
                "results": card.results,
                "groups": card.group_totals(IndexGroup.View.DECISION),
                "board_groups": card.group_totals(IndexGroup.View.BOARD),
            }
    return render(request, "reports/scorecard.html", context)
