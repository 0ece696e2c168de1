"""The public face of task follow-up: what other apps (reports, workspace, the demo) call.

Other apps import from here, not from the modules behind it; the task pages of this app use
those modules directly.
"""

from .followup_report import followup_report_docx
from .models import ProgressReport, Recurrence, Task, TaskOccurrence
from .proposals import propose_recurrence, tasks_propose_from_text
from .reminders import task_reminders_send
from .selectors import document_progress_summary, overdue_occurrences, tasks_visible
from .services import ItemAssignment, progress_report_submit, task_create, task_set_status, tasks_create_from_items

__all__ = [
    "ItemAssignment",
    "ProgressReport",
    "Recurrence",
    "Task",
    "TaskOccurrence",
    "document_progress_summary",
    "followup_report_docx",
    "overdue_occurrences",
    "progress_report_submit",
    "propose_recurrence",
    "task_create",
    "task_reminders_send",
    "task_set_status",
    "tasks_create_from_items",
    "tasks_propose_from_text",
    "tasks_visible",
]
