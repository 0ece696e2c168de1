"""The date a petition's time limit falls on, from the rule's terms (law-2026.md §1.4).

Pure: no database access; the working days come from the one working-day calendar
(`workdays.calendar.WorkingCalendar`), passed in. The rule is data (`TimeLimitRule`); this module
only counts.

- Working days, "trong thời hạn N ngày làm việc kể từ": the N-th working day strictly after the
  start day (the start day is not counted, Bộ luật Dân sự 2015 Art. 147). A start on a non-working
  day therefore counts its first working day as day 1. This is not the one-stop receipt rule of
  domain.md §2.4 (a dossier received on a Sunday counts as received on Monday, Monday not
  counted): that rule belongs to dossiers, not to the petition laws.
- Calendar days, "N ngày": start day + N; when that day is a weekend day or a holiday, the period
  ends on the next working day (Bộ luật Dân sự 2015 Art. 148).
- "Before" limits ("thông báo trước ít nhất 05 ngày"): the N-th working day, or the N-th day,
  before the event (the event day not counted); a calendar day that falls on a non-working day
  moves back to the working day before it, so the notice still goes out in time.
- Extensions add their days to the limit, counted from the same start (an extension of a 30-day
  limit by 30 days is a 60-day limit from the acceptance).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from egov.workdays.calendar import WorkingCalendar

__all__ = ["LimitTerms", "due_on"]

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
BEFORE = "before"


class LimitTerms(Protocol):
    value: int
    day_type: str
    direction: str


def _previous_working_day(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    """The last working day strictly before `day` (a holiday run is at most a couple of weeks)."""
    day -= dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def due_on(terms: LimitTerms, start: dt.date, calendar: WorkingCalendar, *, extra_days: int = 0) -> dt.date:
    """The last day of the limit `terms` counted from (or, for "before" limits, back from) `start`."""
    amount = terms.value + extra_days
    if terms.direction == BEFORE:
        if terms.day_type == WORKING_DAYS:
            day = start
            for _ in range(amount):
                day = _previous_working_day(calendar, day)
            return day
        day = start - dt.timedelta(days=amount)
        return day if calendar.is_working_day(day) else _previous_working_day(calendar, day)
    if terms.day_type == WORKING_DAYS:
        return calendar.add_working_days(start, amount)
    return calendar.first_working_day_on_or_after(start + dt.timedelta(days=amount))
