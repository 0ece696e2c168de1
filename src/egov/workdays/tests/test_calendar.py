"""The pure calendar (no database). Every expected date below was worked out by hand from the
government's published holiday schedules (thông báo nghỉ lễ, Tết of Bộ LĐTBXH / Bộ Nội vụ),
not from the function under test."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egov.workdays.calendar import (
    WORKED_WEEKEND_NAME,
    CalendarRangeError,
    LimitUnit,
    Override,
    WorkingCalendar,
    weekday_name,
)

D = dt.date
CAL = WorkingCalendar(2019, 2028)
CUTOFF = dt.time(15, 0)


def at(iso: str) -> dt.datetime:
    """A naive local (Asia/Ho_Chi_Minh) receipt time."""
    return dt.datetime.fromisoformat(iso)


# --- Tết Nguyên đán: the weekdays off, and the working days just around them ---------------------

TET = {
    # year: (last working day before, weekdays off, first working day after)
    2021: (
        D(2021, 2, 9),
        [D(2021, 2, 10), D(2021, 2, 11), D(2021, 2, 12), D(2021, 2, 15), D(2021, 2, 16)],
        D(2021, 2, 17),
    ),
    2022: (D(2022, 1, 28), [D(2022, 1, 31), D(2022, 2, 1), D(2022, 2, 2), D(2022, 2, 3), D(2022, 2, 4)], D(2022, 2, 7)),
    2023: (
        D(2023, 1, 19),
        [D(2023, 1, 20), D(2023, 1, 23), D(2023, 1, 24), D(2023, 1, 25), D(2023, 1, 26)],
        D(2023, 1, 27),
    ),
    2024: (
        D(2024, 2, 7),
        [D(2024, 2, 8), D(2024, 2, 9), D(2024, 2, 12), D(2024, 2, 13), D(2024, 2, 14)],
        D(2024, 2, 15),
    ),
    2025: (
        D(2025, 1, 24),
        [D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)],
        D(2025, 2, 3),
    ),
    2026: (
        D(2026, 2, 13),
        [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)],
        D(2026, 2, 23),
    ),
}


@pytest.mark.parametrize("year", sorted(TET))
def test_tet_weekdays_off(year):
    before, off, after = TET[year]
    assert CAL.is_working_day(before)
    assert CAL.is_working_day(after)
    for day in off:
        assert not CAL.is_working_day(day), day
    # Nothing else between the two working days is a working day (weekends included).
    assert CAL.working_days_between(before, after) == 1
    assert CAL.next_working_day(before) == after


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        # domain.md §2.4: Fri 05/02/2021 09:00 + 5 wd; Tết 10–16/02 -> Fri 19/02/2021
        ("2021-02-05T09:00", 5, D(2021, 2, 19)),
        # Fri 28/01/2022 + 1: 31/01–04/02 off, weekend 05–06/02 -> Mon 07/02
        ("2022-01-28T10:00", 1, D(2022, 2, 7)),
        # Thu 19/01/2023 + 2: Fri 20 off, weekend, 23–26 off -> Fri 27 (1), Mon 30 (2)
        ("2023-01-19T10:00", 2, D(2023, 1, 30)),
        # Wed 07/02/2024 + 1: 08–14/02 off -> Thu 15/02
        ("2024-02-07T10:00", 1, D(2024, 2, 15)),
        # Fri 24/01/2025 + 3: 27–31/01 off, weekend 01–02/02 -> Mon 03 (1), Tue 04 (2), Wed 05 (3)
        ("2025-01-24T10:00", 3, D(2025, 2, 5)),
        # Thu 12/02/2026 + 2: Fri 13 (1), 14–22 off -> Mon 23/02 (2)
        ("2026-02-12T10:00", 2, D(2026, 2, 23)),
    ],
)
def test_working_days_across_tet(received, days, expected):
    assert CAL.due_date(at(received), days) == expected


# --- 30/4 – 1/5, 2/9, compensatory days, worked Saturdays ----------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        D(2021, 5, 3),  # 1/5/2021 was a Saturday
        D(2022, 1, 3),  # 1/1/2022 Saturday
        D(2022, 4, 11),  # Giỗ Tổ 10/4/2022 Sunday
        D(2022, 5, 2),  # 30/4/2022 Saturday
        D(2022, 5, 3),  # 1/5/2022 Sunday
        D(2023, 1, 2),  # 1/1/2023 Sunday
        D(2023, 5, 2),  # Giỗ Tổ 29/4/2023 Saturday
        D(2023, 5, 3),  # 30/4/2023 Sunday
        D(2023, 9, 4),  # 2/9/2023 Saturday
        D(2024, 4, 29),  # swapped with Saturday 4/5/2024
        D(2025, 5, 2),  # swapped with Saturday 26/4/2025
    ],
)
def test_compensatory_and_swapped_days_are_off(day):
    assert day.weekday() < 5
    assert not CAL.is_working_day(day)


def test_worked_saturdays_count():
    assert CAL.is_working_day(D(2024, 5, 4))
    assert CAL.is_working_day(D(2025, 4, 26))
    assert not CAL.is_working_day(D(2025, 4, 19))  # an ordinary Saturday
    assert not CAL.is_working_day(D(2025, 4, 27))  # the Sunday after


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        # Fri 29/04/2022 + 1: 30/4 Sat, 1/5 Sun, Mon 2 and Tue 3 compensatory -> Wed 04/05
        ("2022-04-29T10:00", 1, D(2022, 5, 4)),
        # Fri 28/04/2023 + 1: 29/4 (Giỗ Tổ) – 3/5 off -> Thu 04/05
        ("2023-04-28T10:00", 1, D(2023, 5, 4)),
        # Fri 26/04/2024: 27/4–1/5 off (29/4 swapped) -> Thu 2/5 (1), Fri 3/5 (2), Sat 4/5 worked (3), Mon 6/5 (4)
        ("2024-04-26T10:00", 1, D(2024, 5, 2)),
        ("2024-04-26T10:00", 3, D(2024, 5, 4)),
        ("2024-04-26T10:00", 4, D(2024, 5, 6)),
        # Thu 24/04/2025: Fri 25 (1), Sat 26 worked (2), Mon 28 (3)
        ("2025-04-24T10:00", 2, D(2025, 4, 26)),
        ("2025-04-24T10:00", 3, D(2025, 4, 28)),
        # Tue 29/04/2025 + 1: 30/4, 1/5, 2/5 (swap) off, weekend -> Mon 05/05
        ("2025-04-29T10:00", 1, D(2025, 5, 5)),
        # 2/9: 2021 Thu 2 + Fri 3; 2023 Fri 1, Sat 2, Mon 4; 2024 Mon 2 + Tue 3; 2025 Mon 1 + Tue 2
        ("2021-09-01T10:00", 1, D(2021, 9, 6)),
        ("2023-08-31T10:00", 1, D(2023, 9, 5)),
        ("2024-08-30T10:00", 1, D(2024, 9, 4)),
        ("2025-08-29T10:00", 1, D(2025, 9, 3)),
    ],
)
def test_working_days_across_bridges(received, days, expected):
    assert CAL.due_date(at(received), days) == expected


def test_receipt_on_a_worked_saturday_is_a_receipt_that_day():
    # Sat 26/04/2025 is a working day: it is the receipt day, Mon 28/04 is the 1st day after it.
    assert CAL.receipt_day(at("2025-04-26T09:00")) == D(2025, 4, 26)
    assert CAL.due_date(at("2025-04-26T09:00"), 1) == D(2025, 4, 28)


# --- receipt day: weekends, holidays, afternoon cut-off, time zones ------------------------------


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        ("2025-03-08T10:00", 1, D(2025, 3, 11)),  # Saturday -> counts as Mon 10/03, +1 -> Tue 11
        ("2025-03-09T23:59", 1, D(2025, 3, 11)),  # Sunday, same
        ("2025-03-08T10:00", 0, D(2025, 3, 10)),  # 0 days: the effective receipt day itself
        ("2025-04-30T08:00", 1, D(2025, 5, 6)),  # holiday -> counts as Mon 05/05, +1 -> Tue 06/05
        ("2021-02-13T08:00", 5, D(2021, 2, 24)),  # in Tết -> Wed 17/02, then 18, 19, 22, 23, 24
    ],
)
def test_receipt_on_a_non_working_day(received, days, expected):
    assert CAL.due_date(at(received), days) == expected


@pytest.mark.parametrize(
    ("received", "expected_receipt", "expected_due"),
    [
        ("2025-03-04T14:59", D(2025, 3, 4), D(2025, 3, 5)),
        ("2025-03-04T15:00", D(2025, 3, 4), D(2025, 3, 5)),  # "sau 15 giờ": 15:00 itself is not after
        ("2025-03-04T15:00:01", D(2025, 3, 5), D(2025, 3, 6)),
        ("2025-03-04T16:30", D(2025, 3, 5), D(2025, 3, 6)),
        # Friday after the cut-off, before Tết 2021: counts as Mon 08/02; 9, 17, 18, 19, 22
        ("2021-02-05T16:00", D(2021, 2, 8), None),
        # Tuesday 09/02/2021 after the cut-off: the next working day is after Tết
        ("2021-02-09T15:30", D(2021, 2, 17), D(2021, 2, 18)),
        # Friday 25/04/2025 after the cut-off: the next working day is the worked Saturday
        ("2025-04-25T16:00", D(2025, 4, 26), D(2025, 4, 28)),
    ],
)
def test_afternoon_cutoff(received, expected_receipt, expected_due):
    assert CAL.receipt_day(at(received), CUTOFF) == expected_receipt
    if expected_due is not None:
        assert CAL.due_date(at(received), 1, afternoon_cutoff=CUTOFF) == expected_due


def test_afternoon_cutoff_with_the_domain_example():
    assert CAL.due_date(at("2021-02-05T16:00"), 5, afternoon_cutoff=CUTOFF) == D(2021, 2, 22)
    # Without the cut-off flag the same receipt is due on the 19th.
    assert CAL.due_date(at("2021-02-05T16:00"), 5) == D(2021, 2, 19)


def test_cutoff_does_not_apply_to_a_non_working_day_twice():
    # Saturday evening: counts as Monday (start of day), Monday is the receipt day.
    assert CAL.receipt_day(at("2025-03-08T20:00"), CUTOFF) == D(2025, 3, 10)


def test_aware_datetimes_are_read_in_vietnam_time():
    utc = dt.UTC
    # 08:30 UTC = 15:30 in Hà Nội: after the cut-off.
    assert CAL.receipt_day(dt.datetime(2025, 3, 4, 8, 30, tzinfo=utc), CUTOFF) == D(2025, 3, 5)
    assert CAL.receipt_day(dt.datetime(2025, 3, 4, 7, 30, tzinfo=utc), CUTOFF) == D(2025, 3, 4)
    # 17:30 UTC on Tuesday = 00:30 on Wednesday in Hà Nội.
    assert CAL.due_date(dt.datetime(2025, 3, 4, 17, 30, tzinfo=utc), 0, LimitUnit.SAME_DAY) == D(2025, 3, 5)
    # 18:00 UTC Friday = 01:00 Saturday: a weekend receipt -> Monday.
    assert CAL.receipt_day(dt.datetime(2025, 3, 7, 18, 0, tzinfo=utc)) == D(2025, 3, 10)


# --- other units -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        ("2025-03-03T09:00", 4, D(2025, 3, 7)),  # Mon + 4 = Fri, a working day
        ("2025-03-03T09:00", 5, D(2025, 3, 10)),  # Mon + 5 = Sat -> next working day Mon
        ("2025-03-03T09:00", 6, D(2025, 3, 10)),  # Sun -> Mon
        ("2025-03-03T09:00", 0, D(2025, 3, 3)),
        ("2025-04-21T09:00", 9, D(2025, 5, 5)),  # Wed 30/04 holiday -> 1/5, 2/5 off, weekend -> Mon 05/05
        ("2025-04-21T09:00", 5, D(2025, 4, 26)),  # Sat 26/04 is a worked Saturday: the period ends on it
        ("2021-02-05T09:00", 5, D(2021, 2, 17)),  # Wed 10/02 is in Tết -> Wed 17/02
        ("2021-02-05T09:00", 14, D(2021, 2, 19)),  # Fri 19/02, a working day
        ("2021-02-06T10:00", 10, D(2021, 2, 18)),  # Sat receipt counts as Mon 08/02; +10 = Thu 18/02
    ],
)
def test_calendar_days(received, days, expected):
    assert CAL.due_date(at(received), days, LimitUnit.CALENDAR_DAYS) == expected


def test_calendar_days_after_the_cutoff():
    # Fri 07/03/2025 16:00 with cut-off counts as Mon 10/03; +4 = Fri 14/03.
    assert CAL.due_date(at("2025-03-07T16:00"), 4, "calendar_days", CUTOFF) == D(2025, 3, 14)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2025-03-04T10:00", D(2025, 3, 4)),
        ("2025-03-08T10:00", D(2025, 3, 10)),  # Saturday -> Monday
        ("2025-09-02T10:00", D(2025, 9, 3)),  # Quốc khánh -> Wednesday
        ("2025-04-26T10:00", D(2025, 4, 26)),  # worked Saturday
    ],
)
def test_same_day(received, expected):
    assert CAL.due_date(at(received), 0, LimitUnit.SAME_DAY) == expected


def test_same_day_after_the_cutoff():
    assert CAL.due_date(at("2025-03-04T15:30"), 0, LimitUnit.SAME_DAY, CUTOFF) == D(2025, 3, 5)


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        ("2025-03-04T09:00", 0, D(2025, 3, 4)),
        ("2025-03-04T09:00", 4, D(2025, 3, 5)),  # rounded up to a whole working day
        ("2025-03-04T09:00", 8, D(2025, 3, 5)),
        ("2025-03-04T09:00", 9, D(2025, 3, 6)),
        ("2025-03-04T09:00", 16, D(2025, 3, 6)),
        ("2025-03-07T09:00", 24, D(2025, 3, 12)),  # Fri + 3 working days: Mon, Tue, Wed
        ("2021-02-05T09:00", 16, D(2021, 2, 9)),  # Mon 8, Tue 9
        ("2021-02-05T09:00", 24, D(2021, 2, 17)),  # then Tết -> Wed 17
    ],
)
def test_hours(received, hours, expected):
    assert CAL.due_date(at(received), hours, LimitUnit.HOURS) == expected


def test_unknown_unit_and_negative_amount():
    with pytest.raises(ValueError):
        CAL.due_date(at("2025-03-04T09:00"), 1, "weeks")
    with pytest.raises(ValueError, match="không được âm"):
        CAL.due_date(at("2025-03-04T09:00"), -1)
    with pytest.raises(ValueError, match="không được âm"):
        CAL.add_working_days(D(2025, 3, 4), -1)


# --- overrides ---------------------------------------------------------------------------------


def test_extra_day_off_moves_due_dates():
    storm = Override(date=D(2025, 3, 7), is_working=False, reason="Nghỉ tránh bão")
    calendar = WorkingCalendar(2025, 2025, [storm])
    # Without the override: Thu 06/03 + 1 = Fri 07/03; with it: Mon 10/03.
    assert CAL.due_date(at("2025-03-06T09:00"), 1) == D(2025, 3, 7)
    assert calendar.due_date(at("2025-03-06T09:00"), 1) == D(2025, 3, 10)
    assert not calendar.is_working_day(D(2025, 3, 7))
    assert calendar.is_public_working_day(D(2025, 3, 7))
    assert calendar.receipt_day(at("2025-03-07T09:00")) == D(2025, 3, 10)
    assert (D(2025, 3, 7), "Nghỉ tránh bão") in calendar.non_working_weekdays(2025)


def test_extra_working_day_moves_due_dates():
    swap = Override(date=D(2025, 3, 8), is_working=True, reason="Làm bù cho ngày 02/05/2025")
    calendar = WorkingCalendar(2025, 2025, [swap])
    # Fri 07/03 + 1: Sat 08/03 now counts.
    assert CAL.due_date(at("2025-03-07T09:00"), 1) == D(2025, 3, 10)
    assert calendar.due_date(at("2025-03-07T09:00"), 1) == D(2025, 3, 8)
    assert calendar.working_weekend_days(2025) == [
        (D(2025, 3, 8), "Làm bù cho ngày 02/05/2025"),
        (D(2025, 4, 26), WORKED_WEEKEND_NAME),
    ]


def test_override_wins_over_the_package():
    # The province keeps 26/04/2025 off (say) and works on 02/05/2025 instead.
    calendar = WorkingCalendar(
        2025,
        2025,
        [
            Override(date=D(2025, 4, 26), is_working=False, reason="Không làm bù"),
            Override(date=D(2025, 5, 2), is_working=True, reason="Làm việc"),
        ],
    )
    assert not calendar.is_working_day(D(2025, 4, 26))
    assert calendar.is_working_day(D(2025, 5, 2))
    # Thu 24/04 + 2: Fri 25 (1), Mon 28 (2).
    assert calendar.due_date(at("2025-04-24T10:00"), 2) == D(2025, 4, 28)


# --- counting and listing ----------------------------------------------------------------------


def test_working_days_between():
    assert CAL.working_days_between(D(2021, 2, 5), D(2021, 2, 19)) == 5
    # (25/04/2025, 05/05/2025]: Sat 26, Mon 28, Tue 29, Mon 5
    assert CAL.working_days_between(D(2025, 4, 25), D(2025, 5, 5)) == 4
    assert CAL.working_days_between(D(2025, 3, 4), D(2025, 3, 4)) == 0
    assert CAL.working_days_between(D(2025, 3, 10), D(2025, 3, 4)) == 0
    # Start on a weekend: (Sat 08/03, Mon 10/03] holds one working day.
    assert CAL.working_days_between(D(2025, 3, 8), D(2025, 3, 10)) == 1


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 2024: 262 weekdays − 12 weekdays off (1/1, 8–9/2, 12–14/2, 18/4, 29/4, 30/4, 1/5, 2/9, 3/9) + Sat 4/5
        (2024, 251),
        # 2025: 261 weekdays − 12 (1/1, 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9) + Sat 26/4
        (2025, 250),
    ],
)
def test_working_days_in_a_year(year, expected):
    assert CAL.working_days_between(D(year - 1, 12, 31), D(year, 12, 31)) == expected


def test_lists_of_special_days():
    assert CAL.working_weekend_days(2024) == [(D(2024, 5, 4), WORKED_WEEKEND_NAME)]
    days_off = dict(CAL.non_working_weekdays(2023))
    assert list(days_off) == [
        D(2023, 1, 2),
        D(2023, 1, 20),
        D(2023, 1, 23),
        D(2023, 1, 24),
        D(2023, 1, 25),
        D(2023, 1, 26),
        D(2023, 5, 1),
        D(2023, 5, 2),
        D(2023, 5, 3),
        D(2023, 9, 1),
        D(2023, 9, 4),
    ]
    assert days_off[D(2023, 9, 4)] == "Quốc khánh (nghỉ bù)"
    assert days_off[D(2023, 5, 1)] == "Ngày Quốc tế Lao động"


def test_weekday_names():
    assert weekday_name(D(2025, 3, 3)) == "Thứ Hai"
    assert weekday_name(D(2025, 3, 8)) == "Thứ Bảy"
    assert weekday_name(D(2025, 3, 9)) == "Chủ nhật"


# --- range errors --------------------------------------------------------------------------------


def test_range_errors():
    calendar = WorkingCalendar(2025, 2025)
    with pytest.raises(CalendarRangeError, match="ngoài phạm vi"):
        calendar.is_working_day(D(2024, 12, 31))
    with pytest.raises(CalendarRangeError, match="ngoài phạm vi"):
        calendar.due_date(at("2026-01-02T09:00"), 1)
    with pytest.raises(CalendarRangeError, match="vượt quá năm 2025"):
        calendar.add_working_days(D(2025, 12, 29), 5)
    with pytest.raises(CalendarRangeError):
        calendar.working_days_between(D(2025, 6, 1), D(2026, 1, 5))
    with pytest.raises(CalendarRangeError):
        # 31/12/2025 is a Wednesday working day; after the cut-off the next one is in 2026.
        calendar.receipt_day(at("2025-12-31T16:00"), CUTOFF)
    assert calendar.covers(D(2025, 1, 1)) and not calendar.covers(D(2026, 1, 1))
    assert calendar.add_working_days(D(2025, 12, 30), 1) == D(2025, 12, 31)


# --- properties ----------------------------------------------------------------------------------


def naive_add_working_days(day: dt.date, count: int) -> dt.date:
    """Reference: step one day at a time."""
    while count > 0:
        day += dt.timedelta(days=1)
        if CAL.is_working_day(day):
            count -= 1
    return day


days = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 12, 31))
counts = st.integers(min_value=0, max_value=300)


@settings(max_examples=300, deadline=None)
@given(day=days, n=counts)
def test_add_working_days_properties(day, n):
    due = CAL.add_working_days(day, n)
    following = CAL.add_working_days(day, n + 1)
    assert CAL.is_working_day(following)
    assert following > due
    if n > 0:
        assert CAL.is_working_day(due)
        assert due > day
    assert CAL.working_days_between(day, due) == n
    assert due == naive_add_working_days(day, n)


@settings(max_examples=200, deadline=None)
@given(start=days, end=days)
def test_working_days_between_counts_the_working_days(start, end):
    expected = sum(
        1 for offset in range(1, (end - start).days + 1) if CAL.is_working_day(start + dt.timedelta(days=offset))
    )
    assert CAL.working_days_between(start, end) == expected
