"""The working-day calendar and its date arithmetic (domain.md §2.4).

A pure module: `WorkingCalendar` is built once from the `holidays` package (Vietnam, with its
weekend working days) and the overrides table, as a sorted array of working-day ordinals, and
answers every question with `bisect` — no database access per calculation.

`get_calendar()` returns the process-wide instance. `invalidate_calendar()` (called by the
override services after commit) drops it in this process; other processes re-read the overrides
table at most `REFRESH_SECONDS` later and rebuild only when it changed. The holiday data from the
`holidays` package (the slow part) is computed once per process and year range.
See docs/decisions/0003-working-day-calendar.md.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays

from egov.core.formats import LOCAL_TZ

FIRST_YEAR = 2010
YEARS_AHEAD = 6
REFRESH_SECONDS = 300
HOURS_PER_WORKING_DAY = 8
WORKED_WEEKEND_NAME = "Ngày làm việc bù"

# date.weekday() -> Vietnamese name, as written in official documents.
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def weekday_name(day: dt.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


class LimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class Override:
    date: dt.date
    is_working: bool
    reason: str


class CalendarRangeError(ValueError):
    pass


@lru_cache(maxsize=4)
def _public_calendar(first_year: int, last_year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """Holidays (date -> Vietnamese name) and government-swapped weekend working days.

    Cached: the `holidays` package takes a noticeable fraction of a second for two decades,
    and its data only changes with a new package version.
    """
    public = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    names = {day: name for day, name in public.items() if first_year <= day.year <= last_year}
    worked = frozenset(d for d in public.weekend_workdays if first_year <= d.year <= last_year)
    return names, worked


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


class WorkingCalendar:
    def __init__(self, first_year: int, last_year: int, overrides: Iterable[Override] = ()):
        self.first_year, self.last_year = first_year, last_year
        holiday_names, worked_weekends = _public_calendar(first_year, last_year)
        self.holiday_names = holiday_names
        self.worked_weekends = worked_weekends
        self.overrides = {o.date: o for o in overrides}
        self.override_set = frozenset(self.overrides.values())
        self.day_names: dict[dt.date, str] = dict(holiday_names)
        for day in worked_weekends:
            self.day_names.setdefault(day, WORKED_WEEKEND_NAME)

        working: list[int] = []
        day = dt.date(first_year, 1, 1)
        end = dt.date(last_year, 12, 31)
        one = dt.timedelta(days=1)
        while day <= end:
            override = self.overrides.get(day)
            if override.is_working if override is not None else self.is_public_working_day(day):
                working.append(day.toordinal())
            day += one
        self._working = working
        self._first = dt.date(first_year, 1, 1).toordinal()
        self._last = end.toordinal()

    # --- questions ---------------------------------------------------------------------------

    def _check(self, ordinal: int) -> None:
        if not self._first <= ordinal <= self._last:
            raise CalendarRangeError(
                f"Ngày {_fmt(dt.date.fromordinal(ordinal))} nằm ngoài phạm vi lịch ngày làm việc "
                f"(01/01/{self.first_year} – 31/12/{self.last_year})."
            )

    def covers(self, day: dt.date) -> bool:
        return self._first <= day.toordinal() <= self._last

    def is_public_working_day(self, day: dt.date) -> bool:
        """The computed status, before overrides: Monday–Friday minus holidays, plus swapped weekend days."""
        if day in self.worked_weekends:
            return True
        return day.weekday() < 5 and day not in self.holiday_names

    def is_working_day(self, day: dt.date) -> bool:
        ordinal = day.toordinal()
        self._check(ordinal)
        index = bisect_left(self._working, ordinal)
        return index < len(self._working) and self._working[index] == ordinal

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def first_working_day_on_or_after(self, day: dt.date) -> dt.date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `day` (`day` itself is not counted); count >= 0."""
        if count < 0:
            raise ValueError(f"Số ngày làm việc không được âm (nhận được {count}).")
        ordinal = day.toordinal()
        self._check(ordinal)
        if count == 0:
            return day
        index = bisect_right(self._working, ordinal) + count - 1
        if index >= len(self._working):
            raise CalendarRangeError(
                f"Ngày làm việc thứ {count} sau ngày {_fmt(day)} vượt quá năm {self.last_year}, "
                "cuối phạm vi lịch ngày làm việc."
            )
        return dt.date.fromordinal(self._working[index])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: 0 when end <= start."""
        if end <= start:
            return 0
        self._check(start.toordinal())
        self._check(end.toordinal())
        return bisect_right(self._working, end.toordinal()) - bisect_right(self._working, start.toordinal())

    def day_name(self, day: dt.date) -> str:
        """Why a day is special: the override's reason, else the holiday's (or swap's) name, else ""."""
        override = self.overrides.get(day)
        if override is not None and override.reason:
            return override.reason
        return self.day_names.get(day, "")

    def non_working_weekdays(self, year: int) -> list[tuple[dt.date, str]]:
        return [
            (day, self.day_name(day)) for day in days_of(year) if day.weekday() < 5 and not self.is_working_day(day)
        ]

    def working_weekend_days(self, year: int) -> list[tuple[dt.date, str]]:
        return [
            (day, self.day_name(day) or WORKED_WEEKEND_NAME)
            for day in days_of(year)
            if day.weekday() >= 5 and self.is_working_day(day)
        ]

    # --- deadlines ----------------------------------------------------------------------------

    def _receipt_index(self, received_at: dt.datetime, afternoon_cutoff: dt.time | None) -> int:
        """Index in the working-day array of the day a receipt counts as made on (one bisect)."""
        local = received_at.astimezone(LOCAL_TZ) if received_at.tzinfo else received_at
        ordinal = local.toordinal()
        if not self._first <= ordinal <= self._last:
            self._check(ordinal)
        working = self._working
        index = bisect_left(working, ordinal)
        if (
            afternoon_cutoff is not None
            and index < len(working)
            and working[index] == ordinal
            and local.time() > afternoon_cutoff
        ):
            index += 1
        # Otherwise `index` is already the receipt day, or the first working day after a non-working one.
        if index >= len(working):
            raise CalendarRangeError(
                f"Ngày làm việc tiếp theo sau ngày {_fmt(local.date())} vượt quá năm {self.last_year}, "
                "cuối phạm vi lịch ngày làm việc."
            )
        return index

    def receipt_day(self, received_at: dt.datetime, afternoon_cutoff: dt.time | None = None) -> dt.date:
        """The day a receipt counts as made on (domain.md §2.4): a receipt on a non-working day, or
        after the afternoon cut-off ("nhận sau 15 giờ": strictly after), counts as made on the next
        working day. A naive datetime is local time (Asia/Ho_Chi_Minh)."""
        return dt.date.fromordinal(self._working[self._receipt_index(received_at, afternoon_cutoff)])

    def due_date(
        self,
        received_at: dt.datetime,
        amount: int,
        unit: LimitUnit | str = LimitUnit.WORKING_DAYS,
        afternoon_cutoff: dt.time | None = None,
    ) -> dt.date:
        """The legal due date of a time limit counted from `received_at` (domain.md §2.4).

        - working days: the `amount`-th working day after the receipt day (not counted);
        - calendar days: receipt day + `amount`, moved to the next working day when it is a
          weekend day or a holiday (Bộ luật Dân sự 2015, art. 147–148);
        - hours: `HOURS_PER_WORKING_DAY` working hours per working day, rounded up to whole days
          after the receipt day (0 hours: the receipt day);
        - same day: the receipt day.
        The receipt day is always the effective one (`receipt_day`: non-working day or after the
        cut-off -> the next working day).
        """
        if unit.__class__ is not LimitUnit:
            unit = LimitUnit(unit)
        if amount < 0:
            raise ValueError(f"Thời hạn không được âm (nhận được {amount}).")
        index = self._receipt_index(received_at, afternoon_cutoff)
        if unit is LimitUnit.WORKING_DAYS:
            days = amount
        elif unit is LimitUnit.HOURS:
            days = -(-amount // HOURS_PER_WORKING_DAY)
        elif unit is LimitUnit.SAME_DAY:
            days = 0
        else:  # calendar days
            day = dt.date.fromordinal(self._working[index])
            return self.first_working_day_on_or_after(day + dt.timedelta(days=amount))
        # The day of receipt is not counted: the N-th working day after it.
        if index + days >= len(self._working):
            start = dt.date.fromordinal(self._working[index])
            raise CalendarRangeError(
                f"Ngày làm việc thứ {days} sau ngày {_fmt(start)} vượt quá năm {self.last_year}, "
                "cuối phạm vi lịch ngày làm việc."
            )
        return dt.date.fromordinal(self._working[index + days])


def days_of(year: int) -> Iterable[dt.date]:
    day, one = dt.date(year, 1, 1), dt.timedelta(days=1)
    while day.year == year:
        yield day
        day += one


# --- the process-wide calendar -------------------------------------------------------------------


class _State:
    calendar: WorkingCalendar | None = None
    checked: float = 0.0


_lock = threading.Lock()
_state = _State()


def _load_overrides() -> list[Override]:
    from .models import CalendarOverride

    rows = CalendarOverride.objects.order_by().values_list("date", "kind", "reason")
    return [
        Override(date=day, is_working=kind == CalendarOverride.Kind.WORKING_DAY, reason=reason)
        for day, kind, reason in rows
    ]


def calendar_last_year() -> int:
    return dt.datetime.now(LOCAL_TZ).year + YEARS_AHEAD


def build_calendar() -> WorkingCalendar:
    return WorkingCalendar(FIRST_YEAR, calendar_last_year(), _load_overrides())


def get_calendar() -> WorkingCalendar:
    """The process-wide calendar. Every `REFRESH_SECONDS` the overrides are re-read (one small
    query) and the calendar is rebuilt only if they, or the current year, changed."""
    calendar = _state.calendar
    if calendar is not None and time.monotonic() - _state.checked <= REFRESH_SECONDS:
        return calendar
    with _lock:
        calendar = _state.calendar
        if calendar is not None and time.monotonic() - _state.checked <= REFRESH_SECONDS:
            return calendar  # another thread refreshed it while we waited
        overrides = _load_overrides()
        last_year = calendar_last_year()
        if calendar is None or calendar.last_year != last_year or calendar.override_set != frozenset(overrides):
            calendar = WorkingCalendar(FIRST_YEAR, last_year, overrides)
        _state.calendar, _state.checked = calendar, time.monotonic()
    return calendar


def invalidate_calendar() -> None:
    """Forget this process's calendar; the next `get_calendar()` reloads the overrides."""
    with _lock:
        _state.calendar = None
