"""The data migrations that moved the dossiers' daily code counters and the documents' per-year
series counters into core.RegisterCounter: numbers issued before the move are continued after it,
and the move reverses."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from egov.core.models import RegisterCounter
from egov.documents.models import Direction, NumberingSeries
from egov.documents.numbering import next_number
from egov.dossiers.codes import reserve_codes
from egov.organisations.tests.factories import AgencyFactory

BEFORE = [
    ("core", "0003_retention_rules_seed"),
    ("dossiers", "0017_result_delivery"),
    ("documents", "0008_tasks_moved_to_assignments"),
]
DAY = dt.date(2025, 3, 3)


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_counters_from_before_the_move_are_continued_and_moved_back():
    agency, other = AgencyFactory(identifier="000.00.53.H48"), AgencyFactory()
    series = NumberingSeries.objects.create(agency=agency, direction=Direction.OUTGOING, name="Dãy số chung")
    arrivals = NumberingSeries.objects.create(agency=agency, direction=Direction.INCOMING, name="Sổ văn bản đến")

    old = migrate(BEFORE)
    DailyCounter = old.get_model("dossiers", "DailyCounter")
    SeriesCounter = old.get_model("documents", "SeriesCounter")
    DailyCounter.objects.create(agency_id=agency.pk, day=DAY, last_number=41)
    DailyCounter.objects.create(agency_id=agency.pk, day=DAY + dt.timedelta(days=1), last_number=9999)
    DailyCounter.objects.create(agency_id=other.pk, day=DAY, last_number=3)
    SeriesCounter.objects.create(series_id=series.pk, year=2021, last_number=32)
    SeriesCounter.objects.create(series_id=arrivals.pk, year=2021, last_number=7)

    migrate(latest())
    assert RegisterCounter.objects.count() == 5
    with transaction.atomic():
        assert reserve_codes(agency, DAY, 1) == ["000.00.53.H48-250303-0042"]
        assert reserve_codes(agency, DAY + dt.timedelta(days=1), 1) == ["000.00.53.H48-250304-10000"]
        assert reserve_codes(other, DAY, 1)[0].endswith("-250303-0004")
        assert next_number(series=series, year=2021) == 33
        assert next_number(series=arrivals, year=2021) == 8
        assert next_number(series=series, year=2022) == 1

    old = migrate(BEFORE)
    DailyCounter = old.get_model("dossiers", "DailyCounter")
    SeriesCounter = old.get_model("documents", "SeriesCounter")
    assert sorted(DailyCounter.objects.values_list("agency_id", "day", "last_number")) == sorted(
        [(agency.pk, DAY, 42), (agency.pk, DAY + dt.timedelta(days=1), 10000), (other.pk, DAY, 4)]
    )
    assert sorted(SeriesCounter.objects.values_list("series_id", "year", "last_number")) == sorted(
        [(series.pk, 2021, 33), (arrivals.pk, 2021, 8), (series.pk, 2022, 1)]
    )
    migrate(latest())
    with transaction.atomic():
        assert next_number(series=series, year=2021) == 34
