import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_throttle_counters():
    # Throttle counters live in the cache; a test must not inherit another's request count.
    cache.clear()
    yield
    cache.clear()
