"""Celery tasks of the dossiers app: sending notifications, staff reminders, the pending sweep."""

from __future__ import annotations

import logging

from celery import shared_task

from . import notifications
from .integrations.messaging import MessagingError

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


def retry_countdown(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 1, 2, 4, 8, 16 minutes (2**n minutes)."""
    return 60 * 2**retries


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True, name="dossiers.notification_send")
def notification_send_task(self, notification_id: int) -> str:
    # Retries are explicit rather than `autoretry_for`: the service must know which attempt is
    # the last one, to record FAILED on the row instead of leaving it pending forever.
    final = self.request.retries >= MAX_RETRIES
    try:
        return notifications.notification_send(notification_id=notification_id, final=final)
    except MessagingError as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


@shared_task(name="dossiers.reminders_send")
def reminders_send_task() -> dict[str, int]:
    result = notifications.reminders_send()
    logger.info("Dossier reminders: %s", result)
    return {"due_soon": result.due_soon, "overdue": result.overdue, "skipped": result.skipped_already_sent}


@shared_task(name="dossiers.notifications_requeue_stale")
def notifications_requeue_stale_task() -> int:
    return notifications.notifications_requeue_stale()
