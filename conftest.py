"""Project-wide test set-up: PostgreSQL-only tests and the CI rule that they must run."""

import os

import pytest
from django.db import connection


def _on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    needs_postgres = [item for item in items if item.get_closest_marker("postgres")]
    if not needs_postgres or _on_postgres():
        return
    if os.environ.get("EGOV_REQUIRE_POSTGRES") == "1":
        raise pytest.UsageError(
            f"{len(needs_postgres)} tests need PostgreSQL but DATABASE_URL is not PostgreSQL "
            "(EGOV_REQUIRE_POSTGRES=1 forbids skipping them)."
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in needs_postgres:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The working-day calendar is cached per process; tests that add overrides must not leak."""
    from egov.workdays.calendar import invalidate_calendar

    invalidate_calendar()
    yield
    invalidate_calendar()
