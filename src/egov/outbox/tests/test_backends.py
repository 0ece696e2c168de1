"""The channels' backends: phone numbers, e-mail refusals, and the development fakes' records."""

import io

import pytest
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from hypothesis import given
from hypothesis import strategies as st

from egov.outbox import backends
from egov.outbox.backends import (
    DemoEmailBackend,
    DjangoEmailSender,
    FakeSmsGateway,
    MessagingError,
    RecipientRejected,
    normalise_phone,
)


def test_phone_numbers_are_normalised():
    assert normalise_phone("0905 123 456") == "84905123456"
    assert normalise_phone("+84-905-123-456") == "84905123456"


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


def test_the_fake_gateway_records_and_can_fail_on_demand():
    gateway = FakeSmsGateway()
    gateway.fail_next(1, "busy")
    with pytest.raises(MessagingError, match="busy"):
        gateway.send(recipient="0905123456", body="Một")
    reference = gateway.send(recipient="0905123456", body="Hai")
    assert reference.startswith("FAKE-SMS-")
    assert [(s.phone, s.text) for s in FakeSmsGateway.outbox] == [("84905123456", "Hai")]


def test_the_fakes_keep_only_the_newest_records(monkeypatch):
    monkeypatch.setattr(backends, "RECORDS_KEPT", 3)
    for n in range(5):
        FakeSmsGateway().send(recipient="0905123456", body=str(n))
    connection = get_connection("egov.outbox.backends.DemoEmailBackend", stream=io.StringIO())
    for n in range(5):
        connection.send_messages([EmailMessage(subject=str(n), body="b", to=["a@example.vn"])])
    assert [s.text for s in FakeSmsGateway.outbox] == ["2", "3", "4"]
    assert [e.subject for e in DemoEmailBackend.sent] == ["2", "3", "4"]


def test_the_development_email_backend_prints_and_records():
    stream = io.StringIO()
    connection = get_connection("egov.outbox.backends.DemoEmailBackend", stream=stream)
    message = EmailMessage(subject="Mã xác nhận", body="Mã của bạn là 123456.", to=["an@example.vn"])
    connection.send_messages([message])
    assert "Mã của bạn là 123456." in stream.getvalue()  # the console, as before
    [sent] = DemoEmailBackend.sent
    assert (sent.recipients, sent.subject, sent.body) == (("an@example.vn",), "Mã xác nhận", "Mã của bạn là 123456.")


def test_django_email_sender_refuses_an_address_without_at_and_sends_the_rest():
    with pytest.raises(RecipientRejected):
        DjangoEmailSender().send(recipient="an.example.vn", subject="s", body="b")
    DjangoEmailSender().send(recipient="an@example.vn", subject="Tiêu đề", body="Nội dung")
    assert mail.outbox[-1].to == ["an@example.vn"] and mail.outbox[-1].subject == "Tiêu đề"
