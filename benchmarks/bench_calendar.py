"""Working-day calendar: 1,000,000 due-date computations, bisect calendar vs a naive loop.

    python -m benchmarks.bench_calendar [--count N] [--seed S]

Pure (no database, no Django settings): the calendar is built from the `holidays` package plus
overrides passed in. The naive reference steps one day at a time with a set lookup, as most
systems do; both must agree on every sampled case before any time is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from egov.workdays.calendar import Override, WorkingCalendar  # noqa: E402

ONE_DAY = dt.timedelta(days=1)


class NaiveCalendar:
    """Reference: a set of non-working weekdays and of worked weekend days, stepped day by day."""

    def __init__(self, calendar: WorkingCalendar):
        overrides = calendar.overrides
        days_off, worked = set(), set()
        day, end = dt.date(calendar.first_year, 1, 1), dt.date(calendar.last_year, 12, 31)
        while day <= end:
            override = overrides.get(day)
            working = override.is_working if override else calendar.is_public_working_day(day)
            if day.weekday() < 5 and not working:
                days_off.add(day)
            elif day.weekday() >= 5 and working:
                worked.add(day)
            day += ONE_DAY
        self.days_off, self.worked = days_off, worked

    def is_working_day(self, day: dt.date) -> bool:
        return day in self.worked if day.weekday() >= 5 else day not in self.days_off

    def due_date(self, received_at: dt.datetime, amount: int, cutoff: dt.time | None = None) -> dt.date:
        day = received_at.date()
        if not self.is_working_day(day) or (cutoff is not None and received_at.time() > cutoff):
            day += ONE_DAY
            while not self.is_working_day(day):
                day += ONE_DAY
        while amount:
            day += ONE_DAY
            if self.is_working_day(day):
                amount -= 1
        return day


def cases(count: int, seed: int) -> list[tuple[dt.datetime, int]]:
    rng = random.Random(seed)
    start = dt.datetime(2021, 1, 1, 7, 0)
    span_minutes = 6 * 365 * 24 * 60  # receipts over 2021–2026
    return [(start + dt.timedelta(minutes=rng.randrange(span_minutes)), rng.randint(1, 30)) for _ in range(count)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20210205)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    overrides = [Override(date=dt.date(2025, 3, 7), is_working=False, reason="Nghỉ tránh bão (ví dụ)")]
    calendar = WorkingCalendar(2010, 2032, overrides)
    built = time.perf_counter() - started
    naive = NaiveCalendar(calendar)
    cutoff = dt.time(15, 0)
    work = cases(args.count, args.seed)

    for received_at, amount in work[:20_000]:  # both must agree before we compare speed
        assert calendar.due_date(received_at, amount, afternoon_cutoff=cutoff) == naive.due_date(
            received_at, amount, cutoff
        ), (received_at, amount)

    due_date = calendar.due_date
    started = time.perf_counter()
    for received_at, amount in work:
        due_date(received_at, amount, afternoon_cutoff=cutoff)
    fast = time.perf_counter() - started

    naive_due_date = naive.due_date
    started = time.perf_counter()
    for received_at, amount in work:
        naive_due_date(received_at, amount, cutoff)
    slow = time.perf_counter() - started

    print(f"calendar 2010–2032 built in {built * 1000:.0f} ms ({len(calendar._working)} working days)")
    print(f"{args.count:,} due dates (1–30 working days, 15:00 cut-off, receipts 2021–2026):")
    print(f"  WorkingCalendar (bisect): {fast:8.2f} s  {fast / args.count * 1e6:6.2f} µs/call")
    print(f"  naive day-by-day loop   : {slow:8.2f} s  {slow / args.count * 1e6:6.2f} µs/call")
    print(f"  ratio naive / bisect    : {slow / fast:8.2f}x")


if __name__ == "__main__":
    main()
