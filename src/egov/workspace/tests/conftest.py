import pytest
from django.core.cache import cache

from egov.dossiers.integrations.messaging import FakeSmsGateway
from egov.portal.tests.browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)
from egov.portal.tests.world import build_department


@pytest.fixture(autouse=True)
def _queue_counts_cached(settings):
    # As in production: every workspace test also checks that the cached tab counts stay exact.
    settings.EGOV_QUEUE_COUNTS_CACHE_SECONDS = 300


@pytest.fixture(autouse=True)
def _clean_counters_and_outbox():
    cache.clear()
    FakeSmsGateway.reset()
    yield
    cache.clear()
    FakeSmsGateway.reset()


@pytest.fixture
def department(db):
    return build_department()
