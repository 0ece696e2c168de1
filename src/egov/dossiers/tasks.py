"""Celery tasks of the dossiers app: the staff reminders (the messages themselves: egov.outbox)."""

from __future__ import annotations

import logging

from celery import shared_task

from . import notifications

logger = logging.getLogger(__name__)


@shared_task(name="dossiers.reminders_send")
def reminders_send_task() -> dict[str, int]:
    result = notifications.reminders_send()
    logger.info("Dossier reminders: %s", result)
    return {"due_soon": result.due_soon, "overdue": result.overdue, "skipped": result.skipped_already_sent}
