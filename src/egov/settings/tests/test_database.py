"""The PostgreSQL connection carries the planner cost the statistics' indexes are designed for."""

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_connections_use_the_ssd_planner_cost(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == float(settings.DB_RANDOM_PAGE_COST) == 1.1
