import datetime as dt
import re
from pathlib import Path

import pytest

from egov.core.formats import local_date, local_today, vn_count, vn_date_long, vn_number, vn_percent
from egov.workdays.calendar import LOCAL_TZ


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (6279, 0, "6.279"),
        (1234567, 0, "1.234.567"),
        (0, 0, "0"),
        (98.5, 2, "98,5"),
        (99.35, 2, "99,35"),
        (100, 2, "100"),
        (-1500, 0, "-1.500"),
        (28366.4, 1, "28.366,4"),
    ],
)
def test_vn_number(value, decimals, expected):
    assert vn_number(value, decimals) == expected


def test_vn_percent():
    assert vn_percent(98.5) == "98,5 %"
    assert vn_percent(100) == "100 %"


def test_vn_count_pads_small_counts():
    assert vn_count(4) == "04"
    assert vn_count(17) == "17"
    assert vn_count(6279) == "6.279"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 1, 5), "ngày 05 tháng 01 năm 2021"),
        (dt.date(2021, 6, 15), "ngày 15 tháng 6 năm 2021"),
        (dt.date(2021, 2, 28), "ngày 28 tháng 02 năm 2021"),
        (dt.date(2021, 12, 1), "ngày 01 tháng 12 năm 2021"),
    ],
)
def test_vn_date_long(day, expected):
    assert vn_date_long(day) == expected


# 00:06 on 15/06/2021 in Việt Nam is 17:06 UTC on the 14th.
JUST_AFTER_MIDNIGHT = dt.datetime(2021, 6, 15, 0, 6, tzinfo=LOCAL_TZ)


def test_local_date_of_a_moment_just_after_midnight_is_the_local_day():
    utc = JUST_AFTER_MIDNIGHT.astimezone(dt.UTC)
    assert utc.date() == dt.date(2021, 6, 14)
    assert local_date(utc) == local_date(JUST_AFTER_MIDNIGHT) == dt.date(2021, 6, 15)
    assert local_date(dt.datetime(2021, 6, 15, 0, 6)) == dt.date(2021, 6, 15)  # naive: taken as local


def test_local_today_follows_the_clock_in_local_time(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: JUST_AFTER_MIDNIGHT.astimezone(dt.UTC))
    assert local_today() == dt.date(2021, 6, 15)


SERVER_DATES = re.compile(r"\bdate\.today\(\)|now\(\)\.date\(\)|_at\.date\(\)|datetime\.now\(\)")


def test_no_code_takes_a_date_from_the_server_clock_or_a_utc_moment():
    """Dates shown, printed or used as "today" go through local_date / local_today: the server's own
    `date.today()` and the `.date()` of a stored (UTC) moment are the previous day before 07:00."""
    source = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(source)}:{number}"
        for path in source.rglob("*.py")
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SERVER_DATES.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
