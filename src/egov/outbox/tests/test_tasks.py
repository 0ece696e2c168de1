"""The outbox's Celery tasks: sending through the task with its retries, and the beat schedule."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from egov.outbox import tasks
from egov.outbox.backends import FakeSmsGateway
from egov.outbox.models import Message

pytestmark = pytest.mark.django_db


def test_the_sweep_runs_every_quarter_of_an_hour_from_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry["task"] == tasks.messages_sweep_task.name == "outbox.sweep"
    assert str(entry["schedule"]._orig_minute) == "*/15"


def test_the_sweep_task_sends_a_lost_row(unit):
    row = Message.objects.create(
        channel="sms",
        recipient="0905123456",
        kind="test",
        body="b",
        agency=unit.agency,
        next_attempt_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert tasks.messages_sweep_task.apply().get() == 1
    row.refresh_from_db()
    assert row.state == Message.State.SENT and len(FakeSmsGateway.outbox) == 1


def test_the_send_task_retries_until_the_row_says_it_is_the_last_attempt(unit):
    # The task has no retry limit of its own: a row queued again by the sweep keeps its count.
    assert tasks.message_send_task.max_retries is None
    row = Message.objects.create(channel="sms", recipient="0905123456", kind="test", body="b", attempts=4)
    FakeSmsGateway.fail_next(100, "down")
    tasks.message_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Message.State.FAILED and row.attempts == 6
