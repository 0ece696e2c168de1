"""The outbox's writes: a row in the caller's transaction, sending after the commit, retries with
back-off, failures kept, sending again, the sweep of lost rows, once-a-day keys, one-time codes."""

import datetime as dt
import unicodedata
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from egov.core.integrations import IntegrationNotConfigured, reset_integrations
from egov.organisations.tests.factories import UnitFactory
from egov.outbox import services, tasks
from egov.outbox.backends import FakeSmsGateway, MessagingError, RecipientRejected
from egov.outbox.models import Message

pytestmark = pytest.mark.django_db


def stored(unit, **fields):
    """A pending row whose on-commit hook did not run (as after a crash at the commit)."""
    values = {
        "channel": "sms",
        "recipient": "0905123456",
        "kind": "test",
        "body": "Hồ sơ đã được tiếp nhận.",
        "agency_id": unit.agency_id,
        "unit_id": unit.pk,
        "next_attempt_at": timezone.now(),
    }
    values.update(fields)
    return Message.objects.create(**values)


# --- queueing ----------------------------------------------------------------------------------


def test_a_queued_message_is_sent_after_the_commit(queue, unit):
    message = queue(channel="email", recipient="doanhnghiep@example.vn", subject="Tiêu đề", body="Nội dung")
    message.refresh_from_db()
    assert message.state == Message.State.SENT and message.attempts == 1 and message.sent_at is not None
    assert message.about == unit and (message.agency_id, message.unit_id) == (unit.agency_id, unit.pk)
    assert message.reference  # the provider's reference is kept
    [email] = mail.outbox
    assert (email.to, email.subject, email.body) == (["doanhnghiep@example.vn"], "Tiêu đề", "Nội dung")


def test_nothing_is_sent_before_the_commit(unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.message_queue(channel="sms", recipient="0905123456", kind="test", body="b", about=unit)
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.state == Message.State.PENDING and message.attempts == 0
    assert not FakeSmsGateway.outbox


def test_the_row_is_rolled_back_with_the_change_it_reports(unit, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.message_queue(channel="sms", recipient="0905123456", kind="test", body="b", about=unit)
        raise RuntimeError("the change fails after the message was written")
    assert not Message.objects.exists() and not callbacks and not FakeSmsGateway.outbox


def test_texts_are_stored_in_nfc(queue):
    decomposed = unicodedata.normalize("NFD", "Hồ sơ đã được tiếp nhận")
    message = queue(subject=decomposed, body=decomposed)
    message.refresh_from_db()
    assert unicodedata.is_normalized("NFC", message.body) and unicodedata.is_normalized("NFC", message.subject)
    assert unicodedata.is_normalized("NFC", FakeSmsGateway.outbox[0].text)


def test_an_unknown_channel_is_a_programming_error(unit):
    with pytest.raises(ValueError, match="fax"):
        services.message_queue(channel="fax", recipient="x", kind="test", body="b")


def test_an_undeliverable_message_is_kept_as_failed_and_not_sent(queue):
    message = queue(channel="email", recipient="canbo7", error="User canbo7 has no e-mail address.")
    message.refresh_from_db()
    assert message.state == Message.State.FAILED and message.attempts == 0
    assert "no e-mail" in message.last_error and not mail.outbox


def test_enqueue_failure_leaves_the_row_pending(queue):
    with mock.patch.object(tasks.message_send_task, "delay", side_effect=ConnectionError("broker down")):
        message = queue()
    message.refresh_from_db()
    assert message.state == Message.State.PENDING and message.attempts == 0


def test_nothing_is_stored_while_suppressed(queue):
    with services.suppressed():
        assert queue() is None
    assert not Message.objects.exists() and not FakeSmsGateway.outbox
    assert queue() is not None  # only inside the block


# --- once a day --------------------------------------------------------------------------------


def test_once_a_day_per_object_kind_and_recipient(queue, unit):
    monday, tuesday = dt.date(2021, 10, 11), dt.date(2021, 10, 12)
    assert queue(kind="reminder", once_on=monday) is not None
    assert queue(kind="reminder", once_on=monday) is None  # the same day: not again
    assert queue(kind="reminder", once_on=monday, recipient="0905999999") is not None  # another recipient
    assert queue(kind="other", once_on=monday) is not None  # another kind
    assert queue(kind="reminder", once_on=monday, about=UnitFactory(agency=unit.agency)) is not None  # another object
    assert queue(kind="reminder", once_on=tuesday) is not None  # the next day
    assert queue(kind="reminder") is not None  # no key: no limit
    assert Message.objects.count() == 6 and len(FakeSmsGateway.outbox) == 6


def test_a_duplicate_key_leaves_the_callers_transaction_usable(queue, unit):
    day = dt.date(2021, 10, 11)
    with transaction.atomic():
        queue(kind="reminder", once_on=day)
        assert queue(kind="reminder", once_on=day) is None
        assert Message.objects.count() == 1  # still usable after the refused insert


def test_once_on_needs_an_object(unit):
    with pytest.raises(ValueError, match="once_on"):
        services.message_queue(channel="sms", recipient="x", kind="k", body="b", once_on=dt.date(2021, 1, 4))


# --- sending, retries, failures ----------------------------------------------------------------


def test_transient_failures_are_retried_with_exponential_back_off(unit):
    row = stored(unit)
    FakeSmsGateway.fail_next(2, "gateway timeout")
    countdowns = []
    original = tasks.message_send_task.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return original(*args, **kwargs)

    with mock.patch.object(tasks.message_send_task, "retry", side_effect=spy):
        tasks.message_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert countdowns == [60, 120]  # 2**0 and 2**1 minutes
    assert row.state == Message.State.SENT and row.attempts == 3 and row.last_error == ""
    assert len(FakeSmsGateway.outbox) == 1


def test_back_off_doubles_up_to_the_last_retry():
    assert [services.retry_delay(n) for n in range(1, services.MAX_ATTEMPTS)] == [60, 120, 240, 480, 960]


def test_a_failed_attempt_records_when_the_next_one_is_due(unit):
    row = stored(unit)
    FakeSmsGateway.fail_next(1, "busy")
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now), pytest.raises(services.RetryLater) as raised:
        services.message_send(message_id=row.pk)
    row.refresh_from_db()
    assert raised.value.countdown == 60
    assert row.state == Message.State.PENDING and row.attempts == 1 and "busy" in row.last_error
    assert row.next_attempt_at == now + dt.timedelta(minutes=1)


def test_failed_after_the_maximum_attempts_with_the_error_recorded(unit):
    row = stored(unit)
    FakeSmsGateway.fail_next(100, "SMS provider unavailable")
    tasks.message_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Message.State.FAILED
    assert row.attempts == services.MAX_ATTEMPTS
    assert "SMS provider unavailable" in row.last_error
    assert not FakeSmsGateway.outbox


def test_a_bad_recipient_fails_at_once(unit):
    row = stored(unit, recipient="12345")
    tasks.message_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Message.State.FAILED and row.attempts == 1
    assert "RecipientRejected" in row.last_error


def test_an_unconfigured_channel_fails_loudly_not_silently(unit, settings):
    settings.EGOV_INTEGRATIONS = {"email": settings.EGOV_INTEGRATIONS["email"]}
    reset_integrations()
    row = stored(unit)
    tasks.message_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Message.State.FAILED
    assert "not configured" in row.last_error


def test_an_unexpected_backend_error_is_recorded_and_retried(unit):
    row = stored(unit)
    with mock.patch.object(FakeSmsGateway, "send", side_effect=KeyError("provider_field")):
        tasks.message_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Message.State.FAILED and row.attempts == services.MAX_ATTEMPTS
    assert "KeyError" in row.last_error and "provider_field" in row.last_error


def test_a_sent_message_is_never_sent_twice(unit):
    row = stored(unit)
    tasks.message_send_task.apply(args=[row.pk])
    tasks.message_send_task.apply(args=[row.pk])
    assert len(FakeSmsGateway.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_an_expired_message_is_failed_not_sent_late(unit):
    row = stored(unit, expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert services.message_send(message_id=row.pk) == Message.State.FAILED
    row.refresh_from_db()
    assert row.attempts == 0 and "Expired" in row.last_error and not FakeSmsGateway.outbox


def test_a_missing_row_is_no_error():
    assert services.message_send(message_id=999_999) == ""


# --- sending again, and the sweep --------------------------------------------------------------


def test_requeue_sends_a_failed_message_again(unit, django_capture_on_commit_callbacks):
    row = stored(unit)
    FakeSmsGateway.fail_next(100, "down")
    tasks.message_send_task.apply(args=[row.pk])
    FakeSmsGateway.fail_next(0)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.message_requeue(message_id=row.pk) is True
    row.refresh_from_db()
    assert row.state == Message.State.SENT and row.attempts == services.MAX_ATTEMPTS + 1
    assert services.message_requeue(message_id=row.pk) is False  # sent: nothing to do


def test_a_requeued_message_that_used_its_attempts_gets_one_more(unit, django_capture_on_commit_callbacks):
    row = stored(unit)
    FakeSmsGateway.fail_next(100, "down")
    tasks.message_send_task.apply(args=[row.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.message_requeue(message_id=row.pk)
    row.refresh_from_db()
    assert row.state == Message.State.FAILED and row.attempts == services.MAX_ATTEMPTS + 1


def test_the_sweep_queues_rows_whose_task_was_lost(unit):
    lost = stored(unit)  # committed, its hook never ran (process killed, broker down)
    recent = stored(unit)
    lost_retry = stored(unit, attempts=2)  # a retry scheduled long ago that never came
    Message.objects.filter(pk__in=[lost.pk, lost_retry.pk]).update(
        next_attempt_at=timezone.now() - dt.timedelta(hours=1)
    )
    waiting = stored(unit, attempts=1)  # its retry is due in the future
    Message.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now() + dt.timedelta(minutes=8))

    assert services.messages_sweep() == 2
    states = dict(Message.objects.values_list("pk", "state"))
    assert states[lost.pk] == states[lost_retry.pk] == Message.State.SENT
    assert states[recent.pk] == states[waiting.pk] == Message.State.PENDING


def test_the_sweep_stops_when_the_broker_is_down(unit):
    for _ in range(3):
        stored(unit, next_attempt_at=timezone.now())
    later = timezone.now() + dt.timedelta(hours=1)
    with mock.patch.object(tasks.message_send_task, "delay", side_effect=ConnectionError("down")) as delay:
        assert services.messages_sweep(now=later) == 0
    assert delay.call_count == 1  # not once per row


# --- a message someone waits for ---------------------------------------------------------------


def test_send_now_sends_in_the_request_and_erases_a_secret():
    message = services.message_send_now(
        channel="sms",
        recipient="0905 123 456",
        kind="otp",
        body="Mã xác nhận của bạn là 123456.",
        expires_at=timezone.now() + dt.timedelta(minutes=10),
        secret=True,
    )
    assert FakeSmsGateway.outbox[-1].text == "Mã xác nhận của bạn là 123456."
    message.refresh_from_db()
    assert message.state == Message.State.SENT and "123456" not in message.body
    assert services.message_requeue(message_id=message.pk) is False  # a code is never sent again


@pytest.mark.parametrize(
    ("recipient", "failure", "error"),
    [("12", None, RecipientRejected), ("0905123456", "busy", MessagingError)],
    ids=["bad-number", "transient"],
)
def test_send_now_raises_and_records_the_failure_at_once(recipient, failure, error):
    if failure:
        FakeSmsGateway.fail_next(1, failure)
    with pytest.raises(error):
        services.message_send_now(
            channel="sms",
            recipient=recipient,
            kind="otp",
            body="Mã 123456",
            expires_at=timezone.now() + dt.timedelta(minutes=10),
            secret=True,
        )
    message = Message.objects.get()
    assert message.state == Message.State.FAILED and message.attempts == 1  # no retry: the person asks again
    assert "123456" not in message.body


def test_send_now_on_an_unconfigured_channel_raises(settings):
    settings.EGOV_INTEGRATIONS = {"email": settings.EGOV_INTEGRATIONS["email"]}
    reset_integrations()
    with pytest.raises(IntegrationNotConfigured):
        services.message_send_now(
            channel="sms", recipient="0905123456", kind="otp", body="b", expires_at=timezone.now() + dt.timedelta(1)
        )
    assert Message.objects.get().state == Message.State.FAILED


def test_a_code_left_unsent_by_a_crash_is_failed_by_the_sweep_not_sent_late(unit):
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    row = stored(
        unit,
        secret=True,
        body="Mã 123456",
        next_attempt_at=an_hour_ago,
        expires_at=an_hour_ago + dt.timedelta(minutes=10),
    )
    assert services.messages_sweep() == 1
    row.refresh_from_db()
    assert row.state == Message.State.FAILED and "Expired" in row.last_error and "123456" not in row.body
    assert not FakeSmsGateway.outbox
