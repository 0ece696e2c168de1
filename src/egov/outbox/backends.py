"""Backends of the outbox's channels, chosen through the integration registry (core/integrations.py).

A channel's name is its integration's name: `EGOV_INTEGRATIONS["sms"]`, `["email"]` (and, later,
the national portal's sync). Every backend has one method, `send(*, recipient, subject, body) -> str`,
returning the provider's message reference. A failure that may pass (network, provider busy)
raises `MessagingError`, which the outbox retries with back-off; a recipient the provider will
never accept raises `RecipientRejected`, which is recorded as failed at once.

Production maps "email" to `DjangoEmailSender` (Django's mail API, SMTP settings from the
environment). No real SMS provider is wired yet: "sms" stays unconfigured there and fails loudly;
development and tests use `FakeSmsGateway`, and development's e-mail goes to `DemoEmailBackend`
(the console, and the demo outbox page: views.demo_outbox).
"""

from __future__ import annotations

import itertools
import re
import smtplib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

from egov.core.text import nfc


class MessagingError(Exception):
    """A sending failure worth retrying later."""


class RecipientRejected(MessagingError):
    """The recipient can never be reached (malformed address): retrying would not help."""


_PHONE = re.compile(r"^(?:\+?84|0)([0-9]{9})$")  # ASCII only: \d also matches other scripts


def normalise_phone(raw: str) -> str:
    """'0912 345 678', '+84912345678' -> '84912345678' (the form SMS gateways expect)."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    match = _PHONE.match(digits)
    if match is None:
        raise RecipientRejected(f"Invalid Vietnamese phone number: {raw!r}")
    return "84" + match.group(1)


@dataclass(frozen=True)
class SentSms:
    reference: str
    phone: str
    text: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


# What the fakes "sent" is kept in memory for the demo outbox page and the tests: the newest
# RECORDS_KEPT of each, so a demo left running for weeks does not grow without bound.
RECORDS_KEPT = 500


class FakeSmsGateway:
    """An in-process SMS gateway for development and tests: it records, it does not send.

    `fail_next(n)` makes the next n sends raise `MessagingError`, to exercise retries.
    The records are per process (class attributes), so a Celery worker started in a test thread
    shares them with the test, and the development server shows them (views.demo_outbox).
    """

    outbox: list[SentSms] = []
    _failures_left = 0
    _failure_message = ""
    _lock = threading.Lock()
    _counter = itertools.count(1)

    def send(self, *, recipient: str, subject: str = "", body: str) -> str:
        phone = normalise_phone(recipient)
        cls = type(self)
        with cls._lock:
            if cls._failures_left > 0:
                cls._failures_left -= 1
                raise MessagingError(cls._failure_message or "Fake SMS gateway: simulated failure")
            reference = f"FAKE-SMS-{next(cls._counter):06d}"
            cls.outbox.append(SentSms(reference=reference, phone=phone, text=nfc(body)))
            del cls.outbox[:-RECORDS_KEPT]
        return reference

    @classmethod
    def fail_next(cls, count: int, message: str = "") -> None:
        with cls._lock:
            cls._failures_left, cls._failure_message = count, message

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.outbox.clear()
            cls._failures_left, cls._failure_message = 0, ""


class DjangoEmailSender:
    """E-mail through Django's mail API (SMTP in production, locmem in tests, DemoEmailBackend in development)."""

    def send(self, *, recipient: str, subject: str = "", body: str) -> str:
        if not recipient or "@" not in recipient:
            raise RecipientRejected(f"Invalid e-mail address: {recipient!r}")
        message = EmailMessage(
            subject=nfc(subject), body=nfc(body), from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient]
        )
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise RecipientRejected(f"SMTP server refused {recipient!r}: {exc}") from exc
        except (smtplib.SMTPException, OSError) as exc:  # OSError covers timeouts and refused connections
            raise MessagingError(f"SMTP error: {exc}") from exc
        return message.extra_headers.get("Message-ID", "") or f"email:{recipient}"


@dataclass(frozen=True)
class SentEmail:
    recipients: tuple[str, ...]
    subject: str
    body: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


class DemoEmailBackend(ConsoleEmailBackend):
    """Development's e-mail backend (EMAIL_BACKEND): printed to the console as before, and kept in
    memory so that the demo outbox page shows it next to the fake SMS (one-time codes, receipts,
    reminders, and any e-mail Django itself sends, such as a password reset)."""

    sent: list[SentEmail] = []
    _lock = threading.Lock()

    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        cls = type(self)
        with cls._lock:
            for message in email_messages or []:
                cls.sent.append(
                    SentEmail(recipients=tuple(message.recipients()), subject=message.subject, body=message.body)
                )
            del cls.sent[:-RECORDS_KEPT]
        return count

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.sent.clear()
