"""Celery tasks of the outbox: sending one message, and the periodic sweep of lost ones."""

from __future__ import annotations

from celery import shared_task

from . import services


# No `max_retries` here: the row counts its attempts and the service decides the last one
# (services.MAX_ATTEMPTS), also for rows the sweep queued again with a fresh task.
@shared_task(bind=True, max_retries=None, acks_late=True, name="outbox.send")
def message_send_task(self, message_id: int) -> str:
    try:
        return services.message_send(message_id=message_id)
    except services.RetryLater as exc:
        raise self.retry(exc=exc, countdown=exc.countdown) from exc


@shared_task(name="outbox.sweep")
def messages_sweep_task() -> int:
    return services.messages_sweep()
