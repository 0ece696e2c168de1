"""Applicant notifications: which events notify, on which channels, sending, retries, failures."""

import datetime as dt
import unicodedata
from unittest import mock

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from egov.core.integrations import reset_integrations
from egov.dossiers import notifications, tasks
from egov.dossiers.admin_notifications import NotificationAdmin
from egov.dossiers.integrations.messaging import FakeSmsGateway, RecipientRejected, normalise_phone
from egov.dossiers.models import Notification, ReturnMethod, Status
from egov.organisations.roles import Role

from .test_forms_fixtures import add_event, at, make_agency, make_dossier, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_gateways():
    reset_integrations()
    FakeSmsGateway.reset()
    yield
    FakeSmsGateway.reset()
    reset_integrations()


@pytest.fixture(autouse=True)
def _eager_retries():
    """The test settings propagate eager task errors, which would turn a retry into an error:
    here retries run as a worker would run them (immediately, in eager mode)."""
    conf = tasks.notification_send_task.app.conf
    saved, conf.task_eager_propagates = conf.task_eager_propagates, False
    yield
    conf.task_eager_propagates = saved


def notify(event, capture):
    """What the lifecycle service does: notify after its transaction commits."""
    with capture(execute=True):
        return notifications.dossier_event_notify(event.pk)


def reload(rows):
    return [Notification.objects.get(pk=row.pk) for row in rows]


# --- which events, which channels --------------------------------------------------------------


def test_receipt_sends_email_and_sms_with_code_and_appointment(django_capture_on_commit_callbacks):
    dossier = make_dossier(due_date=dt.date(2021, 10, 12))
    event = dossier.events.get()
    rows = reload(notify(event, django_capture_on_commit_callbacks))

    assert {row.channel for row in rows} == {"email", "sms"}
    assert all(row.kind == "received" and row.state == Notification.State.SENT and row.attempts == 1 for row in rows)
    assert all(row.sent_at is not None and row.dossier_id == dossier.pk for row in rows)

    [email] = mail.outbox
    assert email.to == ["doanhnghiep@example.vn"]
    assert dossier.code in email.subject
    assert "Ngày hẹn trả kết quả: 12/10/2021" in email.body
    assert "08:30, ngày 21/09/2021" in email.body
    assert f"/tra-cuu/?ma={dossier.code}" in email.body

    [sms] = FakeSmsGateway.outbox
    assert sms.phone == "84905123456"
    assert dossier.code in sms.text and "Hẹn trả kết quả ngày 12/10/2021" in sms.text
    assert "Đã tiếp nhận hồ sơ" in sms.text
    assert unicodedata.is_normalized("NFC", sms.text)


@pytest.mark.parametrize(
    ("phone", "email", "channels"),
    [("0905123456", "", {"sms"}), ("", "a@example.vn", {"email"}), ("", "", set())],
)
def test_only_the_channels_the_applicant_gave(phone, email, channels, django_capture_on_commit_callbacks):
    dossier = make_dossier(phone=phone, email=email)
    rows = notify(dossier.events.get(), django_capture_on_commit_callbacks)
    assert {row.channel for row in rows} == channels
    assert len(mail.outbox) == ("email" in channels)
    assert len(FakeSmsGateway.outbox) == ("sms" in channels)


def test_intake_supplement_request(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.INTAKE_SUPPLEMENT)
    event = add_event(
        dossier, "request_supplement", Status.SUBMITTED, Status.INTAKE_SUPPLEMENT, note="Bản sao hợp đồng thuê kho"
    )
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"intake_supplement"}
    assert "Bản sao hợp đồng thuê kho" in mail.outbox[0].body
    assert "cần bổ sung, hoàn thiện" in FakeSmsGateway.outbox[0].text


def test_supplement_during_processing(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.PAUSED)
    event = add_event(dossier, "pause", Status.PROCESSING, Status.PAUSED, note="Bổ sung bản vẽ mặt bằng kho")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"processing_supplement"}
    assert "tính lại" in mail.outbox[0].body


def test_apology_gives_the_new_appointment(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.PROCESSING, apology_due_date=dt.date(2021, 10, 19))
    event = add_event(dossier, "apologise", Status.PROCESSING, Status.PROCESSING, note="cần lấy ý kiến Sở Xây dựng")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"apology"}
    assert "hẹn trả kết quả vào ngày 19/10/2021" in mail.outbox[0].body
    assert "do cần lấy ý kiến Sở Xây dựng" in mail.outbox[0].body
    assert "hẹn lại ngày 19/10/2021" in FakeSmsGateway.outbox[0].text


def test_result_ready_says_where_to_collect(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.RESOLVED)
    dossier.return_method = ReturnMethod.POST
    dossier.save()
    event = add_event(dossier, "resolve", Status.AWAITING_SIGNATURE, Status.RESOLVED)
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"result_ready"}
    assert "đã có kết quả" in FakeSmsGateway.outbox[0].text
    assert "qua dịch vụ bưu chính công ích" in mail.outbox[0].body


def test_refusal_at_intake(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.INTAKE_REFUSED)
    event = add_event(dossier, "refuse_intake", Status.SUBMITTED, Status.INTAKE_REFUSED, note="Không thuộc thẩm quyền")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"intake_refused"}
    assert "từ chối tiếp nhận" in mail.outbox[0].body and "Không thuộc thẩm quyền" in mail.outbox[0].body
    assert "không được tiếp nhận: Không thuộc thẩm quyền" in FakeSmsGateway.outbox[0].text


def test_refusal_after_appraisal(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.REFUSED)
    event = add_event(dossier, "refuse", Status.PROCESSING, Status.REFUSED, note="Kho không đạt điều kiện")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"refused"}
    assert "với lý do: Kho không đạt điều kiện" in mail.outbox[0].body


def test_events_that_do_not_notify_are_ignored(django_capture_on_commit_callbacks):
    dossier = make_dossier()
    for event in [
        add_event(dossier, "transfer", Status.RECEIVED, Status.PROCESSING),
        add_event(dossier, "add_note", Status.PROCESSING, Status.PROCESSING),
        add_event(dossier, "consult", Status.PROCESSING, Status.CONSULTING),
    ]:
        assert notify(event, django_capture_on_commit_callbacks) == []
    assert notifications.dossier_event_notify(999_999) == []
    assert not Notification.objects.exists()


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    dossier = make_dossier()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notifications.dossier_event_notify(dossier.events.get().pk)
    assert len(callbacks) == 2
    assert all(row.state == Notification.State.PENDING for row in reload(rows))
    assert not mail.outbox and not FakeSmsGateway.outbox


# --- sending, retries, failures ----------------------------------------------------------------


def sms_row(dossier, phone="0905123456"):
    return Notification.objects.create(
        dossier=dossier, channel="sms", recipient=phone, kind="received", body="Hồ sơ đã được tiếp nhận."
    )


def test_transient_failures_are_retried_with_exponential_back_off():
    row = sms_row(make_dossier())
    FakeSmsGateway.fail_next(2, "gateway timeout")
    countdowns = []
    original = tasks.notification_send_task.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return original(*args, **kwargs)

    with mock.patch.object(tasks.notification_send_task, "retry", side_effect=spy):
        tasks.notification_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert countdowns == [60, 120]  # 2**0 and 2**1 minutes
    assert row.state == Notification.State.SENT and row.attempts == 3 and row.last_error == ""
    assert len(FakeSmsGateway.outbox) == 1


def test_back_off_doubles_up_to_the_last_retry():
    assert [tasks.retry_countdown(n) for n in range(tasks.MAX_RETRIES)] == [60, 120, 240, 480, 960]


def test_failed_after_the_maximum_retries_with_the_error_recorded():
    row = sms_row(make_dossier())
    FakeSmsGateway.fail_next(100, "SMS provider unavailable")
    tasks.notification_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED
    assert row.attempts == tasks.MAX_RETRIES + 1
    assert "SMS provider unavailable" in row.last_error
    assert not FakeSmsGateway.outbox


def test_a_bad_recipient_fails_at_once():
    row = sms_row(make_dossier(), phone="12345")
    tasks.notification_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED and row.attempts == 1
    assert "RecipientRejected" in row.last_error


def test_an_unconfigured_channel_fails_loudly_not_silently(settings):
    settings.EGOV_INTEGRATIONS = {"email": settings.EGOV_INTEGRATIONS["email"]}
    reset_integrations()
    row = sms_row(make_dossier())
    tasks.notification_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED
    assert "not configured" in row.last_error


def test_an_unexpected_backend_error_is_recorded_and_retried():
    row = sms_row(make_dossier())
    with mock.patch.object(FakeSmsGateway, "send", side_effect=KeyError("provider_field")):
        tasks.notification_send_task.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED and row.attempts == tasks.MAX_RETRIES + 1
    assert "KeyError" in row.last_error and "provider_field" in row.last_error


def test_a_sent_message_is_never_sent_twice():
    row = sms_row(make_dossier())
    tasks.notification_send_task.apply(args=[row.pk])
    tasks.notification_send_task.apply(args=[row.pk])
    assert len(FakeSmsGateway.outbox) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_phone_numbers_are_normalised():
    assert normalise_phone("0905 123 456") == "84905123456"
    assert normalise_phone("+84-905-123-456") == "84905123456"


# --- failures visible to staff, and sent again -------------------------------------------------


def test_failed_notifications_are_scoped_to_the_users_agency_and_unit():
    agency = make_agency()
    unit, other_unit = make_unit(agency), make_unit(agency)
    mine = make_dossier(agency=agency, unit=unit)
    theirs = make_dossier(agency=agency, unit=other_unit)
    elsewhere = make_dossier()
    for dossier in (mine, theirs, elsewhere):
        Notification.objects.create(
            dossier=dossier, channel="sms", recipient="x", kind="received", body="b", state="failed"
        )
    Notification.objects.create(dossier=mine, channel="sms", recipient="y", kind="received", body="b", state="sent")

    leader = make_user(agency=agency, roles=(Role.AGENCY_LEADER,))
    head = make_user(agency=agency, unit=unit, roles=(Role.UNIT_HEAD,))
    citizen = make_user(agency=None)
    assert {n.dossier_id for n in notifications.notifications_failed(leader)} == {mine.pk, theirs.pk}
    assert {n.dossier_id for n in notifications.notifications_failed(head)} == {mine.pk}
    assert not notifications.notifications_failed(citizen).exists()


def test_requeue_sends_a_failed_message_again(django_capture_on_commit_callbacks):
    row = sms_row(make_dossier())
    FakeSmsGateway.fail_next(100, "down")
    tasks.notification_send_task.apply(args=[row.pk])
    FakeSmsGateway.fail_next(0)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notification_requeue(notification_id=row.pk) is True
    row.refresh_from_db()
    assert row.state == Notification.State.SENT and row.attempts == tasks.MAX_RETRIES + 2
    assert notifications.notification_requeue(notification_id=row.pk) is False  # sent: nothing to do


def test_admin_resend_action(django_capture_on_commit_callbacks):
    failed = sms_row(make_dossier())
    Notification.objects.filter(pk=failed.pk).update(state="failed", attempts=6, last_error="down")
    sent = sms_row(make_dossier())
    Notification.objects.filter(pk=sent.pk).update(state="sent")
    admin_user = make_user(agency=None)
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = NotificationAdmin(Notification, AdminSite())
    assert "state" in model_admin.list_filter
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.resend(request, Notification.objects.filter(pk__in=[failed.pk, sent.pk]))
    failed.refresh_from_db()
    assert failed.state == Notification.State.SENT
    assert len(FakeSmsGateway.outbox) == 1
    texts = [str(m) for m in request._messages]
    assert "Đã đưa 1 thông báo vào hàng đợi gửi lại." in texts
    assert "Bỏ qua 1 thông báo đã gửi thành công." in texts


def test_stale_pending_rows_are_queued_again(django_capture_on_commit_callbacks):
    row = sms_row(make_dossier())
    recent = sms_row(make_dossier())
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert notifications.notifications_requeue_stale() == 1
    row.refresh_from_db()
    recent.refresh_from_db()
    assert row.state == Notification.State.SENT
    assert recent.state == Notification.State.PENDING


def test_enqueue_failure_leaves_the_row_pending(django_capture_on_commit_callbacks):
    dossier = make_dossier(email="")
    with mock.patch.object(tasks.notification_send_task, "delay", side_effect=ConnectionError("broker down")):
        rows = notify(dossier.events.get(), django_capture_on_commit_callbacks)
    assert [row.state for row in reload(rows)] == [Notification.State.PENDING]


def test_email_received_time_is_local(django_capture_on_commit_callbacks):
    dossier = make_dossier(received_at=at(2021, 9, 21, 16, 45))
    notify(dossier.events.get(), django_capture_on_commit_callbacks)
    assert "16:45, ngày 21/09/2021" in mail.outbox[0].body


# --- properties --------------------------------------------------------------------------------


@given(
    subscriber=st.from_regex(r"[35789][0-9]{8}", fullmatch=True),
    prefix=st.sampled_from(["0", "84", "+84"]),
    separator=st.sampled_from(["", " ", ".", "-"]),
)
def test_any_written_form_of_a_mobile_number_normalises_to_one(subscriber, prefix, separator):
    written = prefix + separator.join([subscriber[:2], subscriber[2:5], subscriber[5:]])
    assert normalise_phone(written) == "84" + subscriber


@given(st.text(max_size=30))
def test_a_number_is_accepted_only_if_it_is_a_vietnamese_phone_number(text):
    try:
        normalised = normalise_phone(text)
    except RecipientRejected:
        return
    assert len(normalised) == 11 and normalised.startswith("84") and normalised.isascii() and normalised.isdigit()
