"""When a task's reports fall due: one occurrence per period of its recurrence, and its deadline.

A task has a deadline, a reporting recurrence, or both. Each due report is a TaskOccurrence row
with its own due date, created when the task is created (services.task_create), so the overdue
list and the reminders are plain queries and a unit's report always belongs to one period.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from .models import Recurrence

MAX_RECURRENCE_YEARS = 5

# Months (of the period end) in which a periodic report falls due.
_RECURRENCE_MONTHS = {
    Recurrence.MONTHLY: tuple(range(1, 13)),
    Recurrence.QUARTERLY: (3, 6, 9, 12),
    Recurrence.HALF_YEARLY: (6, 12),
    Recurrence.HALF_YEARLY_AND_YEARLY: (6, 12),
    Recurrence.YEARLY: (12,),
}
_ROMAN_QUARTERS = {3: "I", 6: "II", 9: "III", 12: "IV"}


def _period_label(recurrence: str, due: dt.date) -> str:
    if recurrence == Recurrence.MONTHLY:
        return f"Báo cáo tháng {due.month}/{due.year}"
    if recurrence == Recurrence.QUARTERLY:
        return f"Báo cáo quý {_ROMAN_QUARTERS[due.month]}/{due.year}"
    if recurrence == Recurrence.HALF_YEARLY:
        half = "đầu" if due.month <= 6 else "cuối"
        return f"Báo cáo 6 tháng {half} năm {due.year}"
    if recurrence == Recurrence.HALF_YEARLY_AND_YEARLY:
        return f"Báo cáo 6 tháng đầu năm {due.year}" if due.month <= 6 else f"Báo cáo năm {due.year}"
    return f"Báo cáo năm {due.year}"


def occurrence_schedule(
    *,
    recurrence: str,
    start: dt.date,
    until: dt.date | None,
    deadline: dt.date | None,
    report_day: int = 15,
) -> list[tuple[dt.date, str]]:
    """(due date, label) of every report a task owes, in date order.

    Periodic reports fall due on `report_day` of the last month of each period, from the first
    such day after `start` to `until` or the deadline, whichever comes first (no report is owed
    after the task is due), else for twelve months after `start`. A deadline adds a final
    "completion" occurrence.
    """
    schedule: list[tuple[dt.date, str]] = []
    if recurrence:
        months = _RECURRENCE_MONTHS[recurrence]
        end = min((day for day in (until, deadline) if day is not None), default=None) or _one_year_after(start)
        if end > start.replace(year=start.year + MAX_RECURRENCE_YEARS):
            raise ValidationError(
                {"recurrence_until": gettext("Báo cáo định kỳ tối đa %(years)s năm.") % {"years": MAX_RECURRENCE_YEARS}}
            )
        for year in range(start.year, end.year + 1):
            for month in months:
                due = dt.date(year, month, report_day)
                if start < due <= end:
                    schedule.append((due, _period_label(recurrence, due)))
        if not schedule:
            raise ValidationError(
                {"recurrence_until": gettext("Không có kỳ báo cáo nào trong khoảng thời gian đã chọn.")}
            )
    if deadline is not None and deadline not in {due for due, _ in schedule}:
        schedule.append((deadline, "Hạn hoàn thành nhiệm vụ"))
    return sorted(schedule)


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
