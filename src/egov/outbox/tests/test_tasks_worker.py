"""A real Celery worker, through Redis, sends the messages of a committed transaction.

Everything else runs tasks eagerly; this test proves the production path: the rows commit with
the change they report, the on-commit hook hands them to the broker, a worker in another thread
(own database connection) sends them.
Redis: EGOV_TEST_REDIS_URL, default redis://127.0.0.1:6379/14 (a DB of its own), and a queue
name unique to the run. Skipped when Redis is unreachable on a developer's machine; in CI
(EGOV_REQUIRE_POSTGRES=1 or CI=true) an unreachable Redis is a failure, not a skip.
"""

import os
import time
import uuid

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections, transaction

from egov.celery import app as project_app
from egov.core.integrations import reset_integrations
from egov.organisations.tests.factories import UnitFactory
from egov.outbox import services, tasks
from egov.outbox.backends import FakeSmsGateway
from egov.outbox.models import Message

REDIS_URL = os.environ.get("EGOV_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        reason = f"Redis is not reachable at {REDIS_URL} ({exc}); the real-worker test needs it."
        if os.environ.get("EGOV_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true":
            pytest.fail(reason + " CI must not skip it.")
        pytest.skip(reason)


@pytest.fixture
def worker_app():
    _require_redis()
    queue = f"egov-test-{uuid.uuid4().hex[:12]}"
    app = Celery("egov-worker-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.finalize()  # binds the shared tasks (egov.outbox.tasks is imported above)
    assert tasks.message_send_task.name in app.tasks
    app.conf.update(
        broker_url=REDIS_URL,
        task_always_eager=False,
        task_default_queue=queue,
        result_backend=None,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=False,
    )

    def close_db(**kwargs):
        # The worker thread's connection must not outlive the test (PostgreSQL drops the test DB).
        connections.close_all()

    task_postrun.connect(close_db, weak=False)
    try:
        yield app, queue
    finally:
        task_postrun.disconnect(close_db)
        project_app.set_current()
        project_app.set_default()
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(queue, f"_kombu.binding.{queue}")
        client.close()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_messages_of_a_committed_transaction(worker_app):
    app, queue = worker_app
    reset_integrations()
    FakeSmsGateway.reset()
    unit = UnitFactory()

    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=20):
        # As in production: the change and its messages commit together, then the hook publishes them.
        with transaction.atomic():
            unit.name = "Phòng Quản lý thương mại (đổi tên)"
            unit.save(update_fields=["name"])
            rows = [
                services.message_queue(
                    channel="sms", recipient="0905123456", kind="test", body="Tên phòng đã đổi.", about=unit
                ),
                services.message_queue(
                    channel="email",
                    recipient="doanhnghiep@example.vn",
                    kind="test",
                    subject="Tên phòng đã đổi",
                    body="Tên phòng đã đổi.",
                    about=unit,
                ),
            ]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            states = set(Message.objects.filter(pk__in=[r.pk for r in rows]).values_list("state", flat=True))
            if states == {Message.State.SENT}:
                break
            time.sleep(0.2)

    sent = Message.objects.filter(pk__in=[r.pk for r in rows])
    assert [n.state for n in sent] == [Message.State.SENT] * 2, [(n.state, n.last_error) for n in sent]
    assert all(n.attempts == 1 for n in sent)
    assert [(sms.phone, sms.text) for sms in FakeSmsGateway.outbox] == [("84905123456", "Tên phòng đã đổi.")]
    assert [m.to for m in mail.outbox] == [["doanhnghiep@example.vn"]]
    FakeSmsGateway.reset()
