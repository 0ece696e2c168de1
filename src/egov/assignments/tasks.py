"""Celery tasks of task follow-up."""

from celery import shared_task
from django.utils import timezone

from .reminders import task_reminders_send


@shared_task(name="assignments.send_task_reminders")
def send_task_reminders() -> dict[str, int]:
    """Daily sweep (CELERY_BEAT_SCHEDULE): remind the leads of task reports due soon or overdue."""
    run = task_reminders_send(today=timezone.localdate())
    return {"sent": run.sent, "already_sent": run.already_sent, "no_recipient": run.no_recipient}
