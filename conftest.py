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


_postgres_outcomes: dict[str, int] = {}


def pytest_runtest_logreport(report):
    """Count the outcomes of PostgreSQL-only tests, so a run shows that they ran (or were skipped)."""
    if "postgres" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _postgres_outcomes[report.outcome] = _postgres_outcomes.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter):
    if not _postgres_outcomes:
        return
    figures = ", ".join(f"{count} {outcome}" for outcome, count in sorted(_postgres_outcomes.items()))
    where = connection.vendor
    terminalreporter.write_line(f"PostgreSQL-only tests (database: {where}): {figures}")
    if os.environ.get("EGOV_REQUIRE_POSTGRES") == "1" and _postgres_outcomes.get("skipped"):
        terminalreporter.write_line("FAILED: EGOV_REQUIRE_POSTGRES=1 forbids skipping PostgreSQL-only tests.", red=True)


def pytest_sessionfinish(session, exitstatus):
    # A PostgreSQL-only test that skipped itself at run time must fail CI as well.
    if os.environ.get("EGOV_REQUIRE_POSTGRES") == "1" and _postgres_outcomes.get("skipped") and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The working-day calendar is cached per process; tests that add overrides must not leak."""
    from egov.workdays.calendar import invalidate_calendar

    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture(autouse=True)
def _force_login_passes_both_factors(monkeypatch):
    """`client.force_login(user)` stands for a complete log-in: password and, where the account
    has or needs one, the second factor. Tests of the second-factor gate log in with
    `client.login(...)` or `force_login_password_only` instead (organisations/tests)."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from egov.organisations.tests.factories import verify_second_factor_in_session

        verify_second_factor_in_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "force_login_password_only", original, raising=False)
