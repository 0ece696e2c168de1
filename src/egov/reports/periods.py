"""Reporting periods (domain.md §2.5): month, quarter, 6 months, 9 months, year, any range, and the
official cut-off convention (Nghị định 09/2019): from the 15th of the month before the period's
first month to the 14th of its last month.

Periods are whole local days (Asia/Ho_Chi_Minh). `bounds` turns them into aware datetimes
[start, end) so that queries compare the stored columns directly and use their indexes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egov.workdays.calendar import LOCAL_TZ

# The cut-off convention is a rule of the agency (configurable): the day the period starts in the
# previous month and the day it ends in its last month.
OFFICIAL_START_DAY = 15
OFFICIAL_END_DAY = 14


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "6m"
    NINE = "9m"
    YEAR = "year"
    CUSTOM = "custom"


PERIOD_LABELS = {
    PeriodKind.MONTH: _("Tháng"),
    PeriodKind.QUARTER: _("Quý"),
    PeriodKind.HALF: _("06 tháng đầu năm"),
    PeriodKind.NINE: _("09 tháng đầu năm"),
    PeriodKind.YEAR: _("Năm"),
    PeriodKind.CUSTOM: _("Khoảng thời gian tùy chọn"),
}


class PeriodError(ValueError):
    """A period that cannot be built; the message says why, in the active language (Vietnamese by default)."""


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date
    label: str = ""

    def __post_init__(self):
        if self.date_to < self.date_from:
            raise PeriodError(
                gettext("Ngày kết thúc (%(date_to)s) không được trước ngày bắt đầu (%(date_from)s).")
                % {"date_to": f"{self.date_to:%d/%m/%Y}", "date_from": f"{self.date_from:%d/%m/%Y}"}
            )

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of `date_from`, start of the day after `date_to`) as aware local datetimes."""
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=LOCAL_TZ)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ)
    return start, end


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _months(kind: PeriodKind, year: int, number: int) -> tuple[int, int]:
    """First and last month of a standard period."""
    if kind is PeriodKind.MONTH:
        if not 1 <= number <= 12:
            raise PeriodError(gettext("Tháng phải từ 1 đến 12."))
        return number, number
    if kind is PeriodKind.QUARTER:
        if not 1 <= number <= 4:
            raise PeriodError(gettext("Quý phải từ 1 đến 4."))
        return 3 * number - 2, 3 * number
    if kind is PeriodKind.HALF:
        return 1, 6
    if kind is PeriodKind.NINE:
        return 1, 9
    if kind is PeriodKind.YEAR:
        return 1, 12
    raise PeriodError(gettext("Loại kỳ báo cáo không hợp lệ."))


def standard_period(kind: PeriodKind | str, year: int, number: int = 1, *, official: bool = False) -> Period:
    """Month `number`, quarter `number`, the first 6 or 9 months, or the year `year`.

    `official`: the cut-off convention, e.g. the 6 months of 2021 run 15/12/2020 – 14/6/2021."""
    kind = PeriodKind(kind)
    if not 2000 <= year <= 2100:
        raise PeriodError(gettext("Năm báo cáo không hợp lệ."))
    first, last = _months(kind, year, number)
    if official:
        start_year, start_month = (year - 1, 12) if first == 1 else (year, first - 1)
        date_from = dt.date(start_year, start_month, OFFICIAL_START_DAY)
        date_to = dt.date(year, last, OFFICIAL_END_DAY)
    else:
        date_from, date_to = dt.date(year, first, 1), _month_end(year, last)
    return Period(date_from, date_to, label=period_label(kind, year, number, official=official))


def period_label(kind: PeriodKind, year: int, number: int = 1, *, official: bool = False) -> str:
    """ "tháng 01 năm 2021", "quý II năm 2021", "06 tháng đầu năm 2021"... in the UI language."""
    if kind is PeriodKind.MONTH:
        month = f"{number:02d}" if number < 3 else str(number)
        text = gettext("tháng %(month)s năm %(year)s") % {"month": month, "year": year}
    elif kind is PeriodKind.QUARTER:
        text = gettext("quý %(quarter)s năm %(year)s") % {"quarter": ["I", "II", "III", "IV"][number - 1], "year": year}
    elif kind is PeriodKind.HALF:
        text = gettext("06 tháng đầu năm %(year)s") % {"year": year}
    elif kind is PeriodKind.NINE:
        text = gettext("09 tháng đầu năm %(year)s") % {"year": year}
    else:
        text = gettext("năm %(year)s") % {"year": year}
    if official:
        text = gettext("%(period)s (kỳ chốt số liệu từ ngày 15 đến ngày 14)") % {"period": text}
    return text


def month_starts(date_from: dt.date, date_to: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months overlapping [date_from, date_to], clipped to it (for charts over time)."""
    spans = []
    day = date_from
    while day <= date_to:
        end = min(_month_end(day.year, day.month), date_to)
        spans.append((day, end))
        day = end + dt.timedelta(days=1)
    return spans
