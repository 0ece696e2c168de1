"""The PostgreSQL connection carries the planner cost the statistics' indexes are designed for."""

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_connections_use_the_ssd_planner_cost(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == float(settings.DB_RANDOM_PAGE_COST) == 1.1


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_prepares_a_query_the_connection_runs_again_and_again(settings):
    assert settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] == int(settings.DB_PREPARE_THRESHOLD)
    probe = "SELECT %s::int AS egov_prepare_probe"
    with connection.cursor() as cursor:
        for number in range(int(settings.DB_PREPARE_THRESHOLD) + 1):
            cursor.execute(probe, [number])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%%egov_prepare_probe%%'")
        assert cursor.fetchone()[0] == 1
