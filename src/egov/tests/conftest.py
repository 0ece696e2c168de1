import pytest

from egov.portal.tests.browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)
from egov.portal.tests.world import build_department


@pytest.fixture
def department(db):
    return build_department()
