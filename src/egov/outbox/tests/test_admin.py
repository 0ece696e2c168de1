"""The outbox's admin: filter by state, send again, and an administrator sees their agency only."""

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory, UnitFactory, UserFactory
from egov.outbox.admin import MessageAdmin
from egov.outbox.backends import FakeSmsGateway
from egov.outbox.models import Message

pytestmark = pytest.mark.django_db


def row(unit, **fields):
    values = {"channel": "sms", "recipient": "0905123456", "kind": "received", "body": "Hồ sơ đã được tiếp nhận."}
    values.update(fields)
    return Message.objects.create(agency=unit.agency, unit=unit, **values)


def test_admin_resend_action(django_capture_on_commit_callbacks):
    unit = UnitFactory()
    failed = row(unit, state="failed", attempts=6, last_error="down")
    sent = row(unit, state="sent")
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = MessageAdmin(Message, AdminSite())
    assert "state" in model_admin.list_filter
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.resend(request, Message.objects.filter(pk__in=[failed.pk, sent.pk]))
    failed.refresh_from_db()
    assert failed.state == Message.State.SENT
    assert len(FakeSmsGateway.outbox) == 1
    texts = [str(m) for m in request._messages]
    assert "Đã đưa 1 thông báo vào hàng đợi gửi lại." in texts
    assert "Bỏ qua 1 thông báo đã gửi thành công." in texts


def test_an_administrator_sees_the_messages_of_their_agency_only(client):
    mine, theirs = UnitFactory(), UnitFactory()
    row(mine, recipient="0905111111")
    row(theirs, recipient="0905999999")
    administrator = StaffFactory(agency=mine.agency, roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(administrator)
    page = client.get(reverse("admin:outbox_message_changelist")).content.decode()
    assert "0905111111" in page and "0905999999" not in page
    other = Message.objects.get(recipient="0905999999")
    assert client.get(reverse("admin:outbox_message_change", args=[other.pk])).status_code == 302  # not found
