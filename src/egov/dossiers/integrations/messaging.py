"""SMS and e-mail backends for notifications, chosen through the integration registry.

Every backend has one method, `send(*, recipient, subject, body) -> str`, returning the
provider's message reference. A failure that may pass (network, provider busy) raises
`MessagingError`, which the sending task retries with back-off; a recipient the provider will
never accept raises `RecipientRejected`, which is recorded as failed at once.

Production maps "email" to `DjangoEmailSender` (Django's mail API, SMTP settings from the
environment). No real SMS provider is wired yet: "sms" stays unconfigured there and fails loudly;
the demo and tests use `FakeSmsGateway`.
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


class FakeSmsGateway:
    """An in-process SMS gateway for the demo and tests: it records, it does not send.

    `fail_next(n)` makes the next n sends raise `MessagingError`, to exercise retries.
    The records are per process (class attributes), so a Celery worker started in a test thread
    shares them with the test.
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
    """E-mail through Django's mail API (SMTP in production, locmem in tests, console in dev)."""

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
