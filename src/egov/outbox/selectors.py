"""Reads of the outbox: the failed list for staff, the messages about one object, the demo's messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from egov.organisations.models import User
from egov.organisations.selectors import scope_filter

from .backends import DemoEmailBackend, FakeSmsGateway
from .models import Message


def messages_scoped(user: User) -> QuerySet[Message]:
    """The messages sent for the user's agency / unit (superusers: all)."""
    return Message.objects.filter(scope_filter(user, agency_field="agency", unit_field="unit"))


def messages_failed(user: User) -> QuerySet[Message]:
    """Messages that could not be delivered, within the user's agency / unit scope, newest first."""
    return messages_scoped(user).filter(state=Message.State.FAILED).order_by("-created_at")


def messages_about(obj: models.Model) -> QuerySet[Message]:
    """Every message about `obj`, oldest first."""
    about_type = ContentType.objects.get_for_model(obj)
    return Message.objects.filter(about_type=about_type, about_id=obj.pk).order_by("created_at", "pk")


@dataclass(frozen=True)
class DemoMessage:
    at: dt.datetime
    channel: str  # Message.Channel
    recipient: str
    subject: str
    body: str


def demo_messages(limit: int = 100) -> list[DemoMessage]:
    """The newest SMS and e-mails the development fakes recorded in this process, newest first."""
    sms = [DemoMessage(s.at, Message.Channel.SMS, s.phone, "", s.text) for s in list(FakeSmsGateway.outbox)]
    emails = [
        DemoMessage(e.at, Message.Channel.EMAIL, ", ".join(e.recipients), e.subject, e.body)
        for e in list(DemoEmailBackend.sent)
    ]
    return sorted(sms + emails, key=lambda m: m.at, reverse=True)[:limit]
