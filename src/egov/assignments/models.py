"""Tasks assigned by official documents (a directive broken into tasks), their due reports and
the units' progress reports (docs/decisions/0044-assignments-app.md).

A task cites the document that assigns it; the document knows nothing of tasks beyond the
reverse relation `document.tasks`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.core.models import TimeStampedModel
from egov.organisations.models import Agency, Unit


class Recurrence(models.TextChoices):
    """How often a task is reported on; each occurrence has its own due date and report."""

    NONE = "", _("Không định kỳ")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    HALF_YEARLY_AND_YEARLY = "half_yearly_yearly", _("6 tháng và năm")
    YEARLY = "yearly", _("Hằng năm")


class Task(TimeStampedModel):
    """A task assigned by a document (an incoming plan or the agency's own dispatch) to a unit of
    the agency, or led by another agency (a provincial plan: "Sở Tài chính chủ trì") that the
    agency follows and co-ordinates."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Hủy")

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("số thứ tự"))
    content = NFCTextField(_("nội dung nhiệm vụ"))
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("đơn vị chủ trì"),
    )
    lead_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_tasks",
        verbose_name=_("cơ quan chủ trì (ngoài cơ quan)"),
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_tasks", verbose_name=_("đơn vị phối hợp")
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    recurrence = models.CharField(
        _("báo cáo định kỳ"), max_length=20, choices=Recurrence.choices, blank=True, default=""
    )
    # Day of the month a periodic report is due (the sample dispatches use mid-month cut-offs).
    report_day = models.PositiveSmallIntegerField(_("ngày hạn báo cáo trong tháng"), default=15)
    recurrence_until = models.DateField(_("báo cáo định kỳ đến ngày"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "position"]
        permissions = [("export_followup", "Xuất báo cáo theo dõi thực hiện nhiệm vụ")]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="task_unique_position"),
            models.CheckConstraint(
                condition=~Q(recurrence="", deadline__isnull=True), name="task_has_deadline_or_recurrence"
            ),
            models.CheckConstraint(condition=Q(report_day__gte=1, report_day__lte=28), name="task_report_day_range"),
            models.CheckConstraint(
                condition=Q(lead_unit__isnull=False, lead_agency__isnull=True)
                | Q(lead_unit__isnull=True, lead_agency__isnull=False),
                name="task_one_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.content[:80]}"

    @property
    def lead(self) -> Unit | Agency:
        return self.lead_unit or self.lead_agency

    @property
    def tracking_unit_id(self) -> int | None:
        """The unit that records the reports of a task led by another agency (the document's
        handling unit, else its drafting unit); None when a unit of the agency leads."""
        if self.lead_unit_id is not None:
            return None
        return self.document.handling_unit_id or self.document.drafting_unit_id


class TaskOccurrence(models.Model):
    """One due report of a task: the deadline of a one-off task, or one period of a periodic one."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="occurrences")
    due_date = models.DateField(_("hạn báo cáo"))
    label = NFCCharField(_("kỳ báo cáo"), max_length=100)
    completed_at = models.DateTimeField(_("đã báo cáo lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo nhiệm vụ")
        verbose_name_plural = _("kỳ báo cáo nhiệm vụ")
        ordering = ["task", "due_date"]
        constraints = [models.UniqueConstraint(fields=["task", "due_date"], name="taskoccurrence_unique_due")]

    def __str__(self) -> str:
        return f"{self.task}: {self.label}"


class ProgressReport(models.Model):
    """What a unit reports on a task for one occurrence."""

    occurrence = models.ForeignKey(TaskOccurrence, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị báo cáo"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content = NFCTextField(_("kết quả thực hiện"))
    percent_complete = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    completes_occurrence = models.BooleanField(_("hoàn thành kỳ báo cáo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent_complete__lte=100), name="progressreport_percent_range")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.content[:60]}"
