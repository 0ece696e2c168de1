"""The due reports of a task: one per period of its recurrence, and its deadline."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from egov.assignments.models import Recurrence
from egov.assignments.schedule import occurrence_schedule


def test_occurrence_schedule():
    assert occurrence_schedule(
        recurrence=Recurrence.HALF_YEARLY_AND_YEARLY, start=dt.date(2021, 3, 3), until=None, deadline=None
    ) == [(dt.date(2021, 6, 15), "Báo cáo 6 tháng đầu năm 2021"), (dt.date(2021, 12, 15), "Báo cáo năm 2021")]
    quarterly = occurrence_schedule(
        recurrence=Recurrence.QUARTERLY, start=dt.date(2021, 1, 1), until=dt.date(2022, 3, 31), deadline=None
    )
    assert [label for _, label in quarterly][-1] == "Báo cáo quý I/2022" and len(quarterly) == 5
    assert occurrence_schedule(recurrence="", start=dt.date(2021, 1, 1), until=None, deadline=dt.date(2021, 2, 1)) == [
        (dt.date(2021, 2, 1), "Hạn hoàn thành nhiệm vụ")
    ]
    with pytest.raises(ValidationError):
        occurrence_schedule(
            recurrence=Recurrence.YEARLY, start=dt.date(2021, 12, 20), until=dt.date(2021, 12, 31), deadline=None
        )
    # Without an end, a periodic task reports for twelve months.
    assert [
        d
        for d, _ in occurrence_schedule(
            recurrence=Recurrence.YEARLY, start=dt.date(2021, 12, 20), until=None, deadline=None
        )
    ] == [dt.date(2022, 12, 15)]


def test_periodic_reports_stop_at_the_deadline():
    """An item due 15/01/2027 owes no quarterly report after it, whatever end the batch set."""
    schedule = occurrence_schedule(
        recurrence=Recurrence.QUARTERLY,
        start=dt.date(2026, 12, 1),
        until=dt.date(2027, 9, 30),
        deadline=dt.date(2027, 1, 15),
    )
    assert schedule == [
        (dt.date(2026, 12, 15), "Báo cáo quý IV/2026"),
        (dt.date(2027, 1, 15), "Hạn hoàn thành nhiệm vụ"),
    ]
    # An earlier end of periodic reports still ends them before the deadline.
    monthly = occurrence_schedule(
        recurrence=Recurrence.MONTHLY,
        start=dt.date(2027, 1, 1),
        until=dt.date(2027, 3, 31),
        deadline=dt.date(2027, 6, 30),
    )
    assert [d for d, _ in monthly] == [dt.date(2027, m, 15) for m in (1, 2, 3)] + [dt.date(2027, 6, 30)]
