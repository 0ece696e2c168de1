import pytest
from django.core.cache import cache

from egov.outbox.backends import FakeSmsGateway

from .browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)
from .world import build_department


@pytest.fixture(autouse=True)
def _clean_counters_and_outbox():
    # Throttle counters live in the cache and the fake SMS outbox in the process.
    cache.clear()
    FakeSmsGateway.reset()
    yield
    cache.clear()
    FakeSmsGateway.reset()


@pytest.fixture
def department(db):
    return build_department()
