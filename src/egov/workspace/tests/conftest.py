import pytest

from egov.portal.tests.browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)
from egov.portal.tests.conftest import _clean_counters_and_outbox, department  # noqa: F401 (the same world)


@pytest.fixture(autouse=True)
def _queue_counts_cached(settings):
    # As in production: every workspace test also checks that the cached tab counts stay exact.
    settings.EGOV_QUEUE_COUNTS_CACHE_SECONDS = 300
