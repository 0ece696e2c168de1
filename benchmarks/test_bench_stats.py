"""Smoke test of the statistics benchmark: its generator loads rows, and its two hand-written SQL
statements agree with the selector (on PostgreSQL, a few thousand rows, in the test database)."""

import datetime as dt

import pytest

from benchmarks import bench_stats
from egov.dossiers.models import Dossier
from egov.reports.selectors import tthc_statistics


@pytest.mark.postgres
@pytest.mark.django_db
def test_generator_and_references_agree_with_the_selector():
    agency, procedure_ids, version_ids = bench_stats.seed_catalogue()
    end = dt.date(bench_stats.DATA_START.year + bench_stats.YEARS - 1, 12, 31)
    bench_stats.load(1, 3000, bench_stats.DATA_START, end, agency, procedure_ids, version_ids, vacuum=False)
    assert Dossier.objects.count() == 3000
    date_from, date_to = bench_stats.WINDOW
    stats = tthc_statistics(date_from=date_from, date_to=date_to, by="field")
    got = {row.key: bench_stats._as_tuple(row.figures) for row in stats.rows}
    assert got
    assert bench_stats.reference(date_from, date_to) == got
    assert bench_stats.reference(date_from, date_to, bench_stats.REFERENCE_FLAT) == got
