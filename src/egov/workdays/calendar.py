"""The working-day calendar and its date arithmetic (domain.md §2.4).

A pure module: `WorkingCalendar` is built once from the `holidays` package (Vietnam, with its
weekend working days) and the overrides table, as a sorted array of working-day ordinals, and
answers every question with `bisect` — no database access per calculation.
`get_calendar()` returns the process-wide instance, rebuilt when overrides change
(`invalidate_calendar`, called by the override services) or after `REFRESH_SECONDS`, so that
other processes pick up an administrator's change too.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

import holidays

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR = 2010
YEARS_AHEAD = 6
REFRESH_SECONDS = 300


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


class WorkingCalendar:
    def __init__(self, first_year: int, last_year: int, overrides: Iterable[Override] = ()):
        self.first_year, self.last_year = first_year, last_year
        years = range(first_year, last_year + 1)
        public = holidays.country_holidays("VN", years=years, language="vi")
        self.day_names: dict[dt.date, str] = dict(public.items())
        worked_weekends = {d for d in public.weekend_workdays if first_year <= d.year <= last_year}
        self.worked_weekends = worked_weekends
        self.overrides = {o.date: o for o in overrides}
        for day in worked_weekends:
            self.day_names.setdefault(day, "Ngày làm việc bù")

        working: list[int] = []
        day = dt.date(first_year, 1, 1)
        end = dt.date(last_year, 12, 31)
        one = dt.timedelta(days=1)
        while day <= end:
            if self._computed_is_working(day, public):
                working.append(day.toordinal())
            day += one
        self._working = working
        self._first = dt.date(first_year, 1, 1).toordinal()
        self._last = end.toordinal()

    def _computed_is_working(self, day: dt.date, public) -> bool:
        override = self.overrides.get(day)
        if override is not None:
            return override.is_working
        if day in self.worked_weekends:
            return True
        return day.weekday() < 5 and day not in public

    # --- questions ---------------------------------------------------------------------------

    def _check(self, ordinal: int) -> None:
        if not self._first <= ordinal <= self._last:
            raise CalendarRangeError(
                f"Date {dt.date.fromordinal(ordinal)} is outside the calendar ({self.first_year}-{self.last_year})."
            )

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
            raise ValueError("count must not be negative")
        ordinal = day.toordinal()
        self._check(ordinal)
        if count == 0:
            return day
        index = bisect_right(self._working, ordinal) + count - 1
        if index >= len(self._working):
            raise CalendarRangeError(f"{count} working days after {day} is beyond {self.last_year}.")
        return dt.date.fromordinal(self._working[index])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: 0 when end <= start."""
        if end <= start:
            return 0
        self._check(start.toordinal())
        self._check(end.toordinal())
        return bisect_right(self._working, end.toordinal()) - bisect_right(self._working, start.toordinal())

    def non_working_weekdays(self, year: int) -> list[tuple[dt.date, str]]:
        return [
            (day, self.day_names.get(day) or self._override_reason(day))
            for day in _days_of(year)
            if day.weekday() < 5 and not self.is_working_day(day)
        ]

    def working_weekend_days(self, year: int) -> list[tuple[dt.date, str]]:
        return [
            (day, self._override_reason(day) or self.day_names.get(day, ""))
            for day in _days_of(year)
            if day.weekday() >= 5 and self.is_working_day(day)
        ]

    def _override_reason(self, day: dt.date) -> str:
        override = self.overrides.get(day)
        return override.reason if override else ""

    # --- deadlines ----------------------------------------------------------------------------

    def receipt_day(self, received_at: dt.datetime, afternoon_cutoff: dt.time | None = None) -> dt.date:
        """The day a receipt counts as made on: a receipt on a non-working day, or after the
        afternoon cut-off, counts as made on the next working day (domain.md §2.4)."""
        local = received_at.astimezone(LOCAL_TZ) if received_at.tzinfo else received_at
        day = local.date()
        if not self.is_working_day(day):
            return self.next_working_day(day)
        if afternoon_cutoff is not None and local.time() >= afternoon_cutoff:
            return self.next_working_day(day)
        return day

    def due_date(
        self,
        received_at: dt.datetime,
        amount: int,
        unit: LimitUnit | str = LimitUnit.WORKING_DAYS,
        afternoon_cutoff: dt.time | None = None,
    ) -> dt.date:
        """The legal due date of a time limit counted from `received_at` (domain.md §2.4)."""
        unit = LimitUnit(unit)
        if amount < 0:
            raise ValueError("amount must not be negative")
        if unit == LimitUnit.CALENDAR_DAYS:
            # Bộ luật Dân sự art. 148: the period ends on its last day, or on the next working day
            # when that day is a weekend day or a holiday.
            local = received_at.astimezone(LOCAL_TZ) if received_at.tzinfo else received_at
            return self.first_working_day_on_or_after(local.date() + dt.timedelta(days=amount))
        day = self.receipt_day(received_at, afternoon_cutoff)
        if unit == LimitUnit.SAME_DAY:
            return day
        if unit == LimitUnit.HOURS:
            # Hour limits count 8 working hours per working day, rounded up to whole days.
            return self.add_working_days(day, -(-amount // 8))
        # The day of receipt is not counted: the N-th working day after it.
        return self.add_working_days(day, amount)


def _days_of(year: int) -> Iterable[dt.date]:
    day, one = dt.date(year, 1, 1), dt.timedelta(days=1)
    while day.year == year:
        yield day
        day += one


# --- the process-wide calendar -------------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, object] = {"calendar": None, "built": 0.0}


def _load_overrides() -> list[Override]:
    from .models import CalendarOverride

    return [
        Override(date=o.date, is_working=o.kind == CalendarOverride.Kind.WORKING_DAY, reason=o.reason)
        for o in CalendarOverride.objects.all()
    ]


def build_calendar() -> WorkingCalendar:
    today = dt.date.today()
    return WorkingCalendar(FIRST_YEAR, today.year + YEARS_AHEAD, _load_overrides())


def get_calendar() -> WorkingCalendar:
    calendar = _state["calendar"]
    if calendar is None or time.monotonic() - _state["built"] > REFRESH_SECONDS:
        with _lock:
            calendar = build_calendar()
            _state["calendar"], _state["built"] = calendar, time.monotonic()
    return calendar  # type: ignore[return-value]


def invalidate_calendar() -> None:
    _state["calendar"] = None
