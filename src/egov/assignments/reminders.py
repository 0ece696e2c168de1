"""Reminders of task reports due soon or overdue (run daily by Celery beat, tasks.py).

The rules are the tasks' (who is reminded, with which text); the sending is the outbox's: each
e-mail is an outbox row written in the run's transaction, sent after commit with retries and the
sweep, at most once per occurrence, kind, recipient and day. "Due soon" counts working days on the
calendar every deadline uses (workdays.calendar), as the dossier reminders do.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from egov.core.formats import vn_date_short
from egov.organisations.models import Unit, User
from egov.organisations.roles import Role, group_name
from egov.outbox import services as outbox
from egov.outbox.models import Message
from egov.workdays.calendar import get_calendar

from .models import Task, TaskOccurrence

logger = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    sent: int = 0
    already_sent: int = 0
    no_recipient: int = 0


def unit_heads(unit: Unit) -> list[User]:
    return list(
        User.objects.filter(unit=unit, is_active=True, groups__name=group_name(Role.UNIT_HEAD))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


KIND_TASK_REMINDER_DUE_SOON = "task_reminder_due_soon"
KIND_TASK_REMINDER_OVERDUE = "task_reminder_overdue"


def reminder_recipients(task: Task) -> list[str]:
    """Who is reminded of a task's reports: the lead unit's heads, or the official address of the
    agency leading it."""
    if task.lead_unit_id is not None:
        return [head.email for head in unit_heads(task.lead_unit)]
    return [task.lead_agency.email] if task.lead_agency.email else []


def task_reminders_send(*, today: dt.date, working_days: int | None = None) -> ReminderRun:
    """E-mail the lead about reports due within `working_days` working days of `today`
    (EGOV_TASK_REMINDER_WORKING_DAYS by default) or overdue: the lead unit's heads, or the leading
    agency's official address.

    The messages go through the outbox, at most once per occurrence, kind, recipient and day (its
    once-a-day key); a lead without an address is counted and logged, and reminded once one is
    set up.
    """
    run = ReminderRun()
    if working_days is None:
        working_days = settings.EGOV_TASK_REMINDER_WORKING_DAYS
    horizon = get_calendar().add_working_days(today, working_days)
    due = (
        TaskOccurrence.objects.filter(
            completed_at__isnull=True,
            task__status=Task.Status.OPEN,
            due_date__lte=horizon,
        )
        .select_related("task", "task__lead_unit", "task__lead_agency", "task__document")
        .order_by("due_date", "pk")
    )
    for occurrence in due:
        recipients = reminder_recipients(occurrence.task)
        if not recipients:
            run.no_recipient += 1
            logger.warning(
                "Task reminder not sent: %s has no address to remind (occurrence %s).",
                f"unit {occurrence.task.lead_unit_id} (no unit head with an e-mail address)"
                if occurrence.task.lead_unit_id
                else f"agency {occurrence.task.lead_agency_id}",
                occurrence.pk,
            )
            continue
        overdue = occurrence.due_date < today
        subject, body = _reminder_text(occurrence=occurrence, overdue=overdue)
        with transaction.atomic():
            queued = [
                outbox.message_queue(
                    channel=Message.Channel.EMAIL,
                    recipient=recipient,
                    kind=KIND_TASK_REMINDER_OVERDUE if overdue else KIND_TASK_REMINDER_DUE_SOON,
                    subject=subject,
                    body=body,
                    about=occurrence,
                    agency_id=occurrence.task.document.agency_id,
                    unit_id=occurrence.task.lead_unit_id or occurrence.task.tracking_unit_id,
                    once_on=today,
                )
                for recipient in recipients
            ]
        if any(queued):
            run.sent += 1
        else:
            run.already_sent += 1
    return run


def _reminder_text(*, occurrence: TaskOccurrence, overdue: bool) -> tuple[str, str]:
    task = occurrence.task
    document = task.document
    state = "đã quá hạn" if overdue else "sắp đến hạn"
    subject = f"[Nhắc việc] {occurrence.label} {state} ({vn_date_short(occurrence.due_date)})"
    body = (
        f"Kính gửi {task.lead.name},\n\n"
        f"Nhiệm vụ số {task.position} theo văn bản {document.ref} ({document.summary}):\n"
        f"{task.content}\n\n"
        f"{occurrence.label}: hạn {vn_date_short(occurrence.due_date)} — {state}.\n"
        "Đề nghị đơn vị cập nhật kết quả thực hiện trên hệ thống.\n"
    )
    return subject, body
