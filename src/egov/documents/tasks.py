"""Celery tasks of the documents app."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .followup import REMINDER_DAYS_BEFORE, task_reminders_send


@shared_task(name="documents.send_task_reminders")
def send_task_reminders() -> dict[str, int]:
    """Daily sweep (CELERY_BEAT_SCHEDULE): remind lead units of task reports due soon or overdue."""
    days = getattr(settings, "EGOV_TASK_REMINDER_DAYS", REMINDER_DAYS_BEFORE)
    run = task_reminders_send(today=timezone.localdate(), days_before=days)
    return {"sent": run.sent, "already_sent": run.already_sent, "no_recipient": run.no_recipient}
