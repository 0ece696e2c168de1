"""Writes of the outbox: queueing a message, sending it, sending it again, the sweep.

The rule (docs/decisions/0025-outbox.md): a message that reports a change is written by
`message_queue` **inside the transaction of that change**. It commits with the change or not at
all; only the sending waits for the commit (an on-commit hook hands the row to the Celery task
`outbox.send`). If the process dies between the commit and that hook, or the broker is down, the
row is still there, pending, and `messages_sweep` (Celery beat, every 15 minutes) queues it again.

Sending (`message_send`) locks the row and sends only a pending one, so a redelivered task never
sends twice. A failure that may pass is retried with back-off (1, 2, 4, 8, 16 minutes; the row's
`next_attempt_at` says when); after MAX_ATTEMPTS, or at once for a recipient the provider will
never accept or a channel with no backend, the row is FAILED with its error, visible to staff
(selectors.messages_failed, the admin) and sent again by `message_requeue`.

A message a person waits for on screen (a one-time code) is sent by `message_send_now`: stored,
then one attempt in the same request, so the page can say at once what went wrong.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from egov.core.integrations import IntegrationNotConfigured, get_integration
from egov.core.text import fit, nfc

from .backends import MessagingError, RecipientRejected
from .models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first attempt and five retries
# A pending row whose next attempt is this far in the past lost its task (process killed after
# the commit, broker down, a retry lost with a worker): the sweep queues it again.
STALE_AFTER = dt.timedelta(minutes=30)
# A secret (one-time code) is not kept once its message is sent or has failed.
REDACTED_BODY = "(đã xóa nội dung có mã bí mật sau khi gửi)"

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("outbox_suppressed", default=False)


class RetryLater(MessagingError):
    """A failure that may pass; the row says when to try again (`countdown` seconds from now)."""

    def __init__(self, message: str, *, countdown: int):
        super().__init__(message)
        self.countdown = countdown


def retry_delay(attempts: int) -> int:
    """Seconds to wait after failed attempt number `attempts` (1-based): 1, 2, 4, 8, 16 minutes."""
    return 60 * 2 ** (attempts - 1)


def once_key(*, kind: str, about: models.Model, recipient: str, day: dt.date) -> str:
    """The key that lets one message per object, kind, recipient and local day exist."""
    about_type = ContentType.objects.get_for_model(about)
    return f"{kind}|{about_type.pk}.{about.pk}|{recipient}|{day.isoformat()}"


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """Inside this block, `message_queue` stores and sends nothing: for changes written after the
    fact (a demo history of 2021 sends no SMS today). Not for anything that happens now."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


# --- queueing ----------------------------------------------------------------------------------


def _enqueue(message_id: int) -> bool:
    from .tasks import message_send_task

    try:
        message_send_task.delay(message_id)
    except Exception:  # broker unreachable: the row stays pending and the sweep queues it again
        logger.exception("Could not queue outgoing message %s; the periodic sweep will retry", message_id)
        return False
    return True


def _new_message(
    *,
    channel: str,
    recipient: str,
    kind: str,
    body: str,
    subject: str = "",
    about: models.Model | None = None,
    agency_id: int | None = None,
    unit_id: int | None = None,
    expires_at: dt.datetime | None = None,
    secret: bool = False,
) -> Message:
    if channel not in Message.Channel.values:
        raise ValueError(f"Unknown outbox channel {channel!r}")
    now = timezone.now()
    return Message(
        channel=channel,
        recipient=recipient.strip(),
        kind=kind,
        # A subject is composed from the dossier's data (its applicant's name before it has a
        # code): cut to its column rather than fail the transaction that reports the change.
        subject=fit(nfc(subject), Message._meta.get_field("subject").max_length),
        body=nfc(body),
        secret=secret,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None,
        agency_id=agency_id,
        unit_id=unit_id,
        expires_at=expires_at,
        created_at=now,
        next_attempt_at=now,
    )


def message_queue(
    *,
    channel: str,
    recipient: str,
    kind: str,
    body: str,
    subject: str = "",
    about: models.Model | None = None,
    agency_id: int | None = None,
    unit_id: int | None = None,
    once_on: dt.date | None = None,
    expires_at: dt.datetime | None = None,
    error: str = "",
) -> Message | None:
    """Store a message in the current transaction; it is sent after that transaction commits.

    `about` is the object the message reports on; `agency_id` / `unit_id` the organisation it is
    sent for (the staff scope over it). `once_on` (a local date) allows one message per `about`,
    kind and recipient that day: a second one is not stored and None is returned. A non-empty
    `error` stores the message as FAILED at once (undeliverable, e.g. a user with no address), so
    it is visible rather than silently skipped. Returns None inside `suppressed()`.
    """
    if _suppressed.get():
        return None
    message = _new_message(
        channel=channel,
        recipient=recipient,
        kind=kind,
        body=body,
        subject=subject,
        about=about,
        agency_id=agency_id,
        unit_id=unit_id,
        expires_at=expires_at,
    )
    if error:
        message.state, message.last_error = Message.State.FAILED, error[:2000]
    if once_on is not None:
        if about is None:
            raise ValueError("once_on needs the object the message is about")
        message.once_key = once_key(kind=kind, about=about, recipient=message.recipient, day=once_on)
    try:
        # A savepoint: a duplicate once-key must not break the caller's transaction.
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        if once_on is not None and Message.objects.filter(once_key=message.once_key).exists():
            return None
        raise
    if message.state == Message.State.PENDING:
        transaction.on_commit(partial(_enqueue, message.pk))
    return message


def message_send_now(*, expires_at: dt.datetime, secret: bool = False, **fields) -> Message:
    """Store a message a person is waiting for (a one-time code) and send it at once, one attempt.

    `fields` are message_queue's (channel, recipient, kind, body, subject, about, agency_id,
    unit_id). Raises the backend's error (`IntegrationNotConfigured`, `RecipientRejected`,
    `MessagingError`) after recording the row as FAILED, so the caller can tell the person.
    `expires_at`: a row left unsent (the process died before the attempt) is failed, not sent
    late, by the sweep. `secret`: the body is erased once the attempt is over. Not for messages
    reporting a change: those are queued (`message_queue`) in the change's transaction.
    """
    message = _new_message(expires_at=expires_at, secret=secret, **fields)
    with transaction.atomic():
        message.save(force_insert=True)
    outcome = _attempt(message.pk, last_chance=True)
    if outcome.error is not None:
        raise outcome.error
    return message


# --- sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    state: str
    error: Exception | None = None  # the backend's exception, when this attempt failed
    retry_in: int | None = None  # seconds, when the row is to be tried again


def _error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _attempt(message_id: int, *, last_chance: bool = False) -> _Outcome:
    """One attempt at a pending row, recorded on it. `last_chance`: a failure is final."""
    now = timezone.now()
    with transaction.atomic():
        # The row stays locked while sending, so two workers never send the same message twice.
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != Message.State.PENDING:
            return _Outcome(message.state if message else "")
        outcome: _Outcome
        if message.expires_at is not None and now >= message.expires_at:
            message.state = Message.State.FAILED
            message.last_error = "Expired before it could be sent."
            outcome = _Outcome(message.state)
        else:
            message.attempts += 1
            try:
                message.reference = str(
                    get_integration(message.channel).send(
                        recipient=message.recipient, subject=message.subject, body=message.body
                    )
                    or ""
                )[:255]
            except (RecipientRejected, IntegrationNotConfigured) as exc:
                message.state, message.last_error = Message.State.FAILED, _error_text(exc)
                outcome = _Outcome(message.state, exc)
            except Exception as exc:
                # MessagingError is the expected transient failure; anything else (a backend bug, an
                # unexpected library error) is recorded and retried the same way rather than lost.
                if not isinstance(exc, MessagingError):
                    logger.exception("Unexpected error sending outgoing message %s", message.pk)
                message.last_error = _error_text(exc)
                if last_chance or message.attempts >= MAX_ATTEMPTS:
                    message.state = Message.State.FAILED
                    outcome = _Outcome(message.state, exc)
                else:
                    delay = retry_delay(message.attempts)
                    message.next_attempt_at = now + dt.timedelta(seconds=delay)
                    outcome = _Outcome(message.state, exc, retry_in=delay)
            else:
                message.state, message.sent_at, message.last_error = Message.State.SENT, timezone.now(), ""
                outcome = _Outcome(message.state)
        if message.secret and message.state != Message.State.PENDING:
            message.body = REDACTED_BODY
        message.save(
            update_fields=["state", "attempts", "last_error", "next_attempt_at", "reference", "sent_at", "body"]
        )
    if message.state == Message.State.FAILED:
        logger.warning("Outgoing message %s failed (%s attempts): %s", message.pk, message.attempts, message.last_error)
    return outcome


def message_send(*, message_id: int) -> str:
    """Send one pending row through its channel's backend and record the outcome; the new state.

    A failure that may pass is recorded and raised as `RetryLater` (the task schedules the retry)
    until the row's last attempt, which makes it FAILED. A permanent failure makes it FAILED at once.
    """
    outcome = _attempt(message_id)
    if outcome.retry_in is not None:
        raise RetryLater(_error_text(outcome.error), countdown=outcome.retry_in)
    return outcome.state


@transaction.atomic
def message_requeue(*, message_id: int) -> bool:
    """Send a failed (or stuck pending) message again; False when there is nothing to send again
    (already sent, or a one-time code: its body is gone and the person asks for a new code).

    Retries go on while the row's attempts are under MAX_ATTEMPTS; a row that used them all gets
    one attempt, and is failed again with the new error if it fails."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.state == Message.State.SENT or message.secret:
        return False
    message.state, message.next_attempt_at = Message.State.PENDING, timezone.now()
    message.save(update_fields=["state", "next_attempt_at"])
    transaction.on_commit(partial(_enqueue, message.pk))
    return True


def messages_sweep(*, now: dt.datetime | None = None) -> int:
    """Queue again the pending rows whose next attempt is STALE_AFTER past (their task was lost).

    Returns how many were queued; stops at the first that cannot be (the broker is down: the next
    sweep tries again)."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = Message.objects.filter(state=Message.State.PENDING, next_attempt_at__lt=cutoff)
    queued = 0
    for message_id in stale.order_by("next_attempt_at").values_list("pk", flat=True).iterator(chunk_size=1000):
        if not _enqueue(message_id):
            break
        queued += 1
    return queued
