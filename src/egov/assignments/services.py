"""Writes of task follow-up: breaking a directive into tasks, their status, the units' reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from egov.core.formats import local_today
from egov.core.text import clean_text, nfc
from egov.documents.service import Document
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Role

from .models import ProgressReport, Recurrence, Task, TaskOccurrence
from .schedule import occurrence_schedule


@transaction.atomic
def task_create(
    *,
    document: Document,
    user: User | None,
    position: int,
    content: str,
    lead_unit: Unit | None = None,
    lead_agency: Agency | None = None,
    coordinating_units: list[Unit] | tuple[Unit, ...] = (),
    deadline: dt.date | None = None,
    recurrence: str = "",
    recurrence_until: dt.date | None = None,
    report_day: int = 15,
) -> Task:
    """Assign one task of a registered document to a lead — a unit of the agency, or another
    agency the task is followed with — and co-ordinating units of the agency."""
    errors: dict[str, str] = {}
    if document.status != Document.Status.REGISTERED:
        errors["document"] = gettext("Chỉ giao nhiệm vụ từ văn bản đã vào sổ.")
    if not clean_text(content):
        errors["content"] = gettext("Vui lòng nhập nội dung nhiệm vụ.")
    if (lead_unit is None) == (lead_agency is None):
        errors["lead_unit"] = gettext("Vui lòng chọn một đơn vị chủ trì, hoặc một cơ quan chủ trì ngoài cơ quan.")
    elif lead_unit is not None and lead_unit.agency_id != document.agency_id:
        errors["lead_unit"] = gettext("Đơn vị chủ trì không thuộc cơ quan.")
    elif lead_agency is not None and lead_agency.pk == document.agency_id:
        errors["lead_agency"] = gettext("Cơ quan chủ trì là cơ quan mình: vui lòng chọn đơn vị chủ trì.")
    if any(unit.agency_id != document.agency_id for unit in coordinating_units):
        errors["coordinating_units"] = gettext("Đơn vị phối hợp không thuộc cơ quan.")
    if lead_unit is not None and any(unit.pk == lead_unit.pk for unit in coordinating_units):
        errors["coordinating_units"] = gettext("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if recurrence not in Recurrence.values:
        errors["recurrence"] = gettext("Chu kỳ báo cáo không hợp lệ.")
    if not recurrence and deadline is None:
        errors["deadline"] = gettext("Nhiệm vụ cần có thời hạn hoặc chu kỳ báo cáo.")
    if not 1 <= report_day <= 28:
        errors["report_day"] = gettext("Ngày hạn báo cáo phải từ 1 đến 28.")
    start = document.document_date or local_today()
    if deadline is not None and deadline < start:
        errors["deadline"] = gettext("Thời hạn không thể trước ngày văn bản.")
    if document.tasks.filter(position=position).exists():
        errors["position"] = gettext("Văn bản đã có nhiệm vụ số %(position)s.") % {"position": position}
    if errors:
        raise ValidationError(errors)
    schedule = occurrence_schedule(
        recurrence=recurrence, start=start, until=recurrence_until, deadline=deadline, report_day=report_day
    )
    task = Task.objects.create(
        document=document,
        position=position,
        content=nfc(content).strip(),
        lead_unit=lead_unit,
        lead_agency=lead_agency,
        deadline=deadline,
        recurrence=recurrence,
        recurrence_until=recurrence_until,
        report_day=report_day,
        created_by=user,
    )
    task.coordinating_units.set(coordinating_units)
    TaskOccurrence.objects.bulk_create(TaskOccurrence(task=task, due_date=due, label=label) for due, label in schedule)
    return task


@dataclass(frozen=True)
class ItemAssignment:
    """The clerk's confirmation of one numbered item of a directive, with its own lead, deadline
    and reporting recurrence."""

    position: int
    content: str
    lead_unit: Unit | None = None
    coordinating_units: tuple[Unit, ...] = ()
    deadline: dt.date | None = None
    recurrence: str = ""
    lead_agency: Agency | None = None


@transaction.atomic
def tasks_create_from_items(
    *,
    document: Document,
    user: User | None,
    items: list[ItemAssignment],
    recurrence_until: dt.date | None = None,
    report_day: int = 15,
) -> list[Task]:
    """Assign several confirmed items of a document at once, each with its own recurrence and
    deadline (its reports stop at it); the day reports fall due and an end of periodic reports
    are shared.

    All or nothing: if any item is refused, no task is created and the messages name the items
    ("Mục 3: ...").
    """
    if not items:
        raise ValidationError("Vui lòng chọn ít nhất một mục để giao.")
    positions = [item.position for item in items]
    if len(set(positions)) != len(positions):
        raise ValidationError("Mỗi mục chỉ được giao một lần.")
    created: list[Task] = []
    problems: list[str] = []
    for item in sorted(items, key=lambda i: i.position):
        try:
            created.append(
                task_create(
                    document=document,
                    user=user,
                    position=item.position,
                    content=item.content,
                    lead_unit=item.lead_unit,
                    lead_agency=item.lead_agency,
                    coordinating_units=list(item.coordinating_units),
                    deadline=item.deadline,
                    recurrence=item.recurrence,
                    recurrence_until=recurrence_until,
                    report_day=report_day,
                )
            )
        except ValidationError as error:
            problems += [f"Mục {item.position}: {message}" for message in error.messages]
    if problems:
        # Raising inside the atomic block rolls back the items already created.
        raise ValidationError(problems)
    return created


@transaction.atomic
def task_set_status(*, task: Task, status: str) -> Task:
    if status not in Task.Status.values:
        raise ValidationError({"status": gettext("Trạng thái nhiệm vụ không hợp lệ.")})
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.status = status
    task.save(update_fields=["status", "updated_at"])
    return task


def reports_for_lead(user: User, task: Task) -> bool:
    """Whether the user's reports are the lead's, closing a period: the lead unit's, or for a task
    led by another agency, those of the unit following it (it records what that agency reports)."""
    return user.unit_id is not None and user.unit_id in (task.lead_unit_id, task.tracking_unit_id)


def user_may_report(user: User, task: Task) -> bool:
    """A unit reports on tasks it leads, follows or co-ordinates; agency-wide roles do not report for units."""
    if user.unit_id is None or user.agency_id != task.document.agency_id:
        return False
    if not (user.has_role(Role.UNIT_HEAD) or user.has_role(Role.SPECIALIST)):
        return False
    return reports_for_lead(user, task) or task.coordinating_units.filter(pk=user.unit_id).exists()


@transaction.atomic
def progress_report_submit(
    *,
    occurrence: TaskOccurrence,
    user: User,
    content: str,
    percent_complete: int = 0,
    completes_occurrence: bool = True,
) -> ProgressReport:
    """A unit's report for one period; the lead unit's completing report closes the period."""
    occurrence = (
        TaskOccurrence.objects.select_for_update().select_related("task", "task__document").get(pk=occurrence.pk)
    )
    task = occurrence.task
    if not user_may_report(user, task):
        raise ValidationError(gettext("Bạn không thuộc đơn vị chủ trì hoặc phối hợp thực hiện nhiệm vụ này."))
    if task.status != Task.Status.OPEN:
        raise ValidationError(gettext("Nhiệm vụ đã kết thúc, không nhận thêm báo cáo."))
    if occurrence.completed_at is not None:
        raise ValidationError(gettext("Kỳ “%(label)s” đã được báo cáo.") % {"label": occurrence.label})
    if not clean_text(content):
        raise ValidationError({"content": gettext("Vui lòng nhập kết quả thực hiện.")})
    if not 0 <= percent_complete <= 100:
        raise ValidationError({"percent_complete": gettext("Tỷ lệ hoàn thành phải từ 0 đến 100.")})
    report = ProgressReport.objects.create(
        occurrence=occurrence,
        unit_id=user.unit_id,
        author=user,
        content=nfc(content).strip(),
        percent_complete=percent_complete,
        completes_occurrence=completes_occurrence and reports_for_lead(user, task),
    )
    if report.completes_occurrence:
        occurrence.completed_at = timezone.now()
        occurrence.save(update_fields=["completed_at"])
    return report
