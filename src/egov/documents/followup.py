"""Tasks assigned by a document: breaking a directive into tasks, periodic reports, reminders.

A task has a deadline, a reporting recurrence, or both. Each due report is a TaskOccurrence row
with its own due date, created when the task is created, so the overdue list and the reminders
are plain queries and a unit's report always belongs to one period.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from egov.core.formats import local_today, vn_date_short
from egov.core.text import clean_text, nfc
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Role, group_name
from egov.outbox import services as outbox
from egov.outbox.models import Message

from .models import Direction, Document, ProgressReport, Recurrence, Task, TaskOccurrence

logger = logging.getLogger(__name__)

REMINDER_DAYS_BEFORE = 3
MAX_RECURRENCE_YEARS = 5

# Months (of the period end) in which a periodic report falls due.
_RECURRENCE_MONTHS = {
    Recurrence.MONTHLY: tuple(range(1, 13)),
    Recurrence.QUARTERLY: (3, 6, 9, 12),
    Recurrence.HALF_YEARLY: (6, 12),
    Recurrence.HALF_YEARLY_AND_YEARLY: (6, 12),
    Recurrence.YEARLY: (12,),
}
_ROMAN_QUARTERS = {3: "I", 6: "II", 9: "III", 12: "IV"}


def _period_label(recurrence: str, due: dt.date) -> str:
    if recurrence == Recurrence.MONTHLY:
        return f"Báo cáo tháng {due.month}/{due.year}"
    if recurrence == Recurrence.QUARTERLY:
        return f"Báo cáo quý {_ROMAN_QUARTERS[due.month]}/{due.year}"
    if recurrence == Recurrence.HALF_YEARLY:
        half = "đầu" if due.month <= 6 else "cuối"
        return f"Báo cáo 6 tháng {half} năm {due.year}"
    if recurrence == Recurrence.HALF_YEARLY_AND_YEARLY:
        return f"Báo cáo 6 tháng đầu năm {due.year}" if due.month <= 6 else f"Báo cáo năm {due.year}"
    return f"Báo cáo năm {due.year}"


def occurrence_schedule(
    *,
    recurrence: str,
    start: dt.date,
    until: dt.date | None,
    deadline: dt.date | None,
    report_day: int = 15,
) -> list[tuple[dt.date, str]]:
    """(due date, label) of every report a task owes, in date order.

    Periodic reports fall due on `report_day` of the last month of each period, from the first
    such day after `start` to `until` or the deadline, whichever comes first (no report is owed
    after the task is due), else for twelve months after `start`. A deadline adds a final
    "completion" occurrence.
    """
    schedule: list[tuple[dt.date, str]] = []
    if recurrence:
        months = _RECURRENCE_MONTHS[recurrence]
        end = min((day for day in (until, deadline) if day is not None), default=None) or _one_year_after(start)
        if end > start.replace(year=start.year + MAX_RECURRENCE_YEARS):
            raise ValidationError(
                {"recurrence_until": gettext("Báo cáo định kỳ tối đa %(years)s năm.") % {"years": MAX_RECURRENCE_YEARS}}
            )
        for year in range(start.year, end.year + 1):
            for month in months:
                due = dt.date(year, month, report_day)
                if start < due <= end:
                    schedule.append((due, _period_label(recurrence, due)))
        if not schedule:
            raise ValidationError(
                {"recurrence_until": gettext("Không có kỳ báo cáo nào trong khoảng thời gian đã chọn.")}
            )
    if deadline is not None and deadline not in {due for due, _ in schedule}:
        schedule.append((deadline, "Hạn hoàn thành nhiệm vụ"))
    return sorted(schedule)


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


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


# --------------------------------------------------------------------------------------------
# Proposing tasks from a dispatch's numbered items (the clerk confirms them)
# --------------------------------------------------------------------------------------------

_ITEM_RE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(\S.*)$")
_PERIODIC_RE = re.compile(r"báo\s+cáo\s+(?:định\s+kỳ\s+)?(?P<what>[^./;]*)", re.IGNORECASE)


@dataclass(frozen=True)
class ProposedTask:
    position: int
    content: str


def tasks_propose_from_text(text: str) -> list[ProposedTask]:
    """The numbered items "1. ...", "2. ..." of a dispatch, in order, as task proposals.

    An item runs on over following paragraphs that start in lower case (a page break in the
    middle of a sentence); a paragraph starting upper case that is not the next number ends it.
    """
    items: list[list] = []
    expected = 1
    for paragraph in (p.strip() for p in nfc(text).splitlines()):
        if not paragraph:
            continue
        match = _ITEM_RE.match(paragraph)
        if match and int(match.group(1)) == expected:
            items.append([expected, match.group(2).strip()])
            expected += 1
        elif items and items[-1] is not None and paragraph[0].islower():
            items[-1][1] += " " + paragraph
        elif items and items[-1] is not None:
            items.append(None)  # the list ended; later numbers start nothing
            break
    return [ProposedTask(position=p, content=c) for p, c in (i for i in items if i is not None)]


def propose_recurrence(text: str) -> str:
    """The reporting recurrence a dispatch asks for ("báo cáo định kỳ 6 tháng, 01 năm")."""
    for match in _PERIODIC_RE.finditer(nfc(text)):
        what = match["what"].lower()
        six_months = "6 tháng" in what or "sáu tháng" in what
        yearly = bool(re.search(r"\b(?:0?1\s+)?năm\b", what.replace("6 tháng", "")))
        if six_months and yearly:
            return Recurrence.HALF_YEARLY_AND_YEARLY
        if six_months:
            return Recurrence.HALF_YEARLY
        if "quý" in what:
            return Recurrence.QUARTERLY
        if "tháng" in what:
            return Recurrence.MONTHLY
        if yearly:
            return Recurrence.YEARLY
    return Recurrence.NONE


# --------------------------------------------------------------------------------------------
# Reminders (run daily by Celery beat; once per occurrence, head and day)
# --------------------------------------------------------------------------------------------


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


def task_reminders_send(*, today: dt.date, days_before: int = REMINDER_DAYS_BEFORE) -> ReminderRun:
    """E-mail the lead about reports due within `days_before` days or overdue: the lead unit's
    heads, or the leading agency's official address.

    The messages go through the outbox, at most once per occurrence, kind, recipient and day (its
    once-a-day key); a lead without an address is counted and logged, and reminded once one is
    set up.
    """
    run = ReminderRun()
    due = (
        TaskOccurrence.objects.filter(
            completed_at__isnull=True,
            task__status=Task.Status.OPEN,
            due_date__lte=today + dt.timedelta(days=days_before),
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


# --------------------------------------------------------------------------------------------
# The Office's periodic follow-up report (.docx, NĐ 30 layout)
# --------------------------------------------------------------------------------------------


def followup_report_docx(*, document: Document, as_of: dt.date, **options) -> bytes:
    """The follow-up report of `document` as .docx (see _followup_report_docx), in Vietnamese
    whatever the UI language."""
    from egov.core.officedoc.docx_layout import DOCUMENT_LANGUAGE

    with translation.override(DOCUMENT_LANGUAGE):
        return _followup_report_docx(document=document, as_of=as_of, **options)


def _followup_report_docx(
    *,
    document: Document,
    as_of: dt.date,
    signer_title: str,
    signer_name: str,
    signing_authority: str = "",
    signer_deputy_title: str = "",
    recipients: list[str] | None = None,
    archive_unit: str = "VP",
) -> bytes:
    """A BÁO CÁO on the progress of every task of `document` up to `as_of`, unnumbered (the clerk
    numbers it when it is issued)."""
    from egov.core.officedoc.docx_layout import Header, Layout, Signature, add_table, recipient_lines, render

    from . import drafting
    from .models import Issuer
    from .report_sections import FOLLOWUP
    from .selectors import document_progress_summary

    summary = document_progress_summary(document=document, as_of=as_of)
    own = Issuer.objects.filter(agency=document.agency).first()
    symbol = f"BC-{own.symbol}" if own else "BC"
    type_name = document.document_type.name.split(" (")[0]
    cited = f"{type_name} số {document.ref}"
    if document.document_date:
        cited += f" ngày {vn_date_short(document.document_date)}"
    if document.direction == Direction.INCOMING:
        cited += f" của {document.issuer.name}"
    part = FOLLOWUP.part(summary)
    paragraphs = [
        f"Thực hiện {cited} về {drafting.summary_subject(document.summary)}; kết quả thực hiện các nhiệm vụ "
        f"tính đến ngày {vn_date_short(as_of)} như sau:",
        *part.paragraphs,
        part.table.reference,
    ]
    layout = Layout(
        header=Header(
            parent_agency=drafting.parent_agency_line(document),
            agency=drafting.agency_line(document),
            number_line=f"Số:        /{symbol}",
            place=document.agency.place_name or document.agency.province.name,
            date=as_of,
        ),
        title="BÁO CÁO",
        summary=f"Kết quả thực hiện {cited}",
        paragraphs=paragraphs,
        recipients=recipient_lines(recipients or [], archive_unit),
        signature=Signature(
            authority_line=f"{signing_authority} {signer_title}".strip(),
            title_line=signer_deputy_title,
            name=signer_name,
        ),
    )
    table = part.table
    return render(
        layout, extra=lambda docx_document: add_table(docx_document, table.header, table.rows, table.widths_cm)
    )
