"""Fixtures of the outbox tests: clean fakes, and Celery retries run as a worker runs them."""

import pytest

from egov.core.integrations import reset_integrations
from egov.organisations.tests.factories import UnitFactory
from egov.outbox import services, tasks
from egov.outbox.backends import DemoEmailBackend, FakeSmsGateway
from egov.portal.tests.browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)


@pytest.fixture(autouse=True)
def _clean_gateways():
    reset_integrations()
    FakeSmsGateway.reset()
    DemoEmailBackend.reset()
    yield
    FakeSmsGateway.reset()
    DemoEmailBackend.reset()
    reset_integrations()


@pytest.fixture(autouse=True)
def _eager_retries():
    """The test settings propagate eager task errors, which would turn a retry into an error:
    here retries run as a worker would run them (immediately, in eager mode)."""
    conf = tasks.message_send_task.app.conf
    saved, conf.task_eager_propagates = conf.task_eager_propagates, False
    yield
    conf.task_eager_propagates = saved


@pytest.fixture
def unit(db):
    """Something for messages to be about, with an agency and a unit for their scope."""
    return UnitFactory()


@pytest.fixture
def queue(unit, django_capture_on_commit_callbacks):
    """Queue one message about `unit` in a transaction that commits (its on-commit hooks run)."""

    def queue_one(**fields):
        values = {
            "channel": "sms",
            "recipient": "0905123456",
            "kind": "test",
            "body": "Hồ sơ đã được tiếp nhận.",
            "about": unit,
            "agency_id": unit.agency_id,
            "unit_id": unit.pk,
        }
        values.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            return services.message_queue(**values)

    return queue_one
