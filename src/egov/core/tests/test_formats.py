import datetime as dt

import pytest

from egov.core.formats import vn_count, vn_date_long, vn_number, vn_percent


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
