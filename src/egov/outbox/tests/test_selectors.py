"""Reads of the outbox: the failed list within the staff's scope, messages about an object, the
demo's messages."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from egov.organisations.roles import Role
from egov.organisations.tests.factories import AgencyFactory, StaffFactory, UnitFactory, UserFactory
from egov.outbox import selectors
from egov.outbox.backends import DemoEmailBackend, FakeSmsGateway, SentEmail, SentSms
from egov.outbox.models import Message

pytestmark = pytest.mark.django_db


def row(unit, state="failed", **fields):
    return Message.objects.create(
        channel="sms", recipient="x", kind="k", body="b", state=state, agency=unit.agency, unit=unit, **fields
    )


def test_failed_messages_are_scoped_to_the_users_agency_and_unit():
    agency = AgencyFactory()
    unit, other_unit = UnitFactory(agency=agency), UnitFactory(agency=agency)
    mine, theirs, elsewhere = row(unit), row(other_unit), row(UnitFactory())
    row(unit, state="sent")

    leader = StaffFactory(agency=agency, roles=[Role.AGENCY_LEADER])
    head = StaffFactory(unit=unit, roles=[Role.UNIT_HEAD])
    citizen = UserFactory()
    assert set(selectors.messages_failed(leader)) == {mine, theirs}
    assert set(selectors.messages_failed(head)) == {mine}
    assert not selectors.messages_failed(citizen).exists()
    assert elsewhere in selectors.messages_failed(UserFactory(is_superuser=True))


def test_messages_about_one_object_oldest_first():
    unit, other = UnitFactory(), UnitFactory()
    unit_type = ContentType.objects.get_for_model(unit)
    second = row(unit, about_type=unit_type, about_id=unit.pk)
    first = row(unit, about_type=unit_type, about_id=unit.pk)
    Message.objects.filter(pk=first.pk).update(created_at=second.created_at - dt.timedelta(minutes=1))
    row(other, about_type=unit_type, about_id=other.pk)
    assert list(selectors.messages_about(unit)) == [first, second]


def test_demo_messages_mix_sms_and_email_newest_first():
    at = dt.datetime(2026, 12, 4, 2, tzinfo=dt.UTC)
    FakeSmsGateway.outbox.append(SentSms("FAKE-1", "84905123456", "Mã 111111", at=at))
    DemoEmailBackend.sent.append(SentEmail(("an@example.vn",), "Tiêu đề", "Nội dung", at=at + dt.timedelta(1)))
    FakeSmsGateway.outbox.append(SentSms("FAKE-2", "84905123456", "Mã 222222", at=at + dt.timedelta(2)))
    shown = selectors.demo_messages()
    assert [(m.channel, m.body) for m in shown] == [("sms", "Mã 222222"), ("email", "Nội dung"), ("sms", "Mã 111111")]
    assert shown[1].recipient == "an@example.vn" and shown[1].subject == "Tiêu đề"
    assert len(selectors.demo_messages(limit=1)) == 1
