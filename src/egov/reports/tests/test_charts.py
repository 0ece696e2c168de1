"""The dashboard's charts (reports/charts.py): a count's axis has whole, evenly spaced ticks."""

from __future__ import annotations

import itertools
import re

import pytest

from egov.reports.charts import count_ticks, intake_chart, on_time_chart


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (10, [0, 2, 4, 6, 8, 10]),
        (13, [0, 5, 10, 15]),
        (48, [0, 10, 20, 30, 40, 50]),
        (1234, [0, 500, 1000, 1500]),
    ],
)
def test_a_counts_axis_has_whole_evenly_spaced_ticks(largest, ticks):
    assert count_ticks(largest) == ticks


def test_every_count_gets_at_most_five_whole_intervals_reaching_it():
    for largest in range(0, 20_001):
        ticks = count_ticks(largest)
        steps = {b - a for a, b in itertools.pairwise(ticks)}
        assert ticks[0] == 0 and ticks[-1] >= largest and len(steps) == 1, largest
        assert all(isinstance(tick, int) for tick in ticks) and len(ticks) - 1 <= 5, largest
        assert ticks[-2] < max(largest, 1), largest  # no empty interval above the largest bar


def _axis_labels(svg: str) -> list[str]:
    return re.findall(r'<text x="\d+" y="[\d.]+" text-anchor="end" font-size="11">([^<]*)</text>', svg)


def test_the_intake_chart_labels_its_axis_with_whole_counts():
    # Ten dossiers in the busiest month used to be labelled 0, 2, 5, 8, 10 (quarters of 10, rounded).
    svg = intake_chart([("01/2021", {"online": 6, "direct": 4}), ("02/2021", {"direct": 3})])
    assert _axis_labels(svg) == ["0", "2", "4", "6", "8", "10"]
    big = intake_chart([("01/2021", {"online": 4_321})])
    assert _axis_labels(big) == ["0", "1.000", "2.000", "3.000", "4.000", "5.000"]


def test_the_on_time_chart_keeps_its_percent_axis():
    assert _axis_labels(on_time_chart([("01/2021", 98.5)])) == ["0 %", "25 %", "50 %", "75 %", "100 %"]
