import datetime as dt

import pytest

from egov.reports.periods import Period, PeriodError, PeriodKind, bounds, month_starts, standard_period
from egov.workdays.calendar import LOCAL_TZ


@pytest.mark.parametrize(
    ("kind", "number", "official", "first", "last"),
    [
        (PeriodKind.MONTH, 2, False, dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
        (PeriodKind.QUARTER, 2, False, dt.date(2021, 4, 1), dt.date(2021, 6, 30)),
        (PeriodKind.HALF, 1, False, dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
        (PeriodKind.NINE, 1, False, dt.date(2021, 1, 1), dt.date(2021, 9, 30)),
        (PeriodKind.YEAR, 1, False, dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        (PeriodKind.HALF, 1, True, dt.date(2020, 12, 15), dt.date(2021, 6, 14)),
        (PeriodKind.MONTH, 5, True, dt.date(2021, 4, 15), dt.date(2021, 5, 14)),
        (PeriodKind.QUARTER, 3, True, dt.date(2021, 6, 15), dt.date(2021, 9, 14)),
        (PeriodKind.YEAR, 1, True, dt.date(2020, 12, 15), dt.date(2021, 12, 14)),
    ],
)
def test_standard_periods(kind, number, official, first, last):
    period = standard_period(kind, 2021, number, official=official)
    assert (period.date_from, period.date_to) == (first, last)


def test_bad_periods():
    with pytest.raises(PeriodError):
        standard_period(PeriodKind.MONTH, 2021, 13)
    with pytest.raises(PeriodError):
        standard_period(PeriodKind.QUARTER, 2021, 5)
    with pytest.raises(PeriodError, match="không được trước"):
        Period(dt.date(2021, 2, 1), dt.date(2021, 1, 1))


def test_bounds_are_local_midnights():
    start, end = bounds(dt.date(2021, 1, 1), dt.date(2021, 6, 6))
    assert start == dt.datetime(2021, 1, 1, tzinfo=LOCAL_TZ)
    assert end == dt.datetime(2021, 6, 7, tzinfo=LOCAL_TZ)
    assert start.astimezone(dt.UTC) == dt.datetime(2020, 12, 31, 17, tzinfo=dt.UTC)


def test_month_starts_clip_to_the_period():
    assert month_starts(dt.date(2020, 12, 15), dt.date(2021, 2, 14)) == [
        (dt.date(2020, 12, 15), dt.date(2020, 12, 31)),
        (dt.date(2021, 1, 1), dt.date(2021, 1, 31)),
        (dt.date(2021, 2, 1), dt.date(2021, 2, 14)),
    ]
