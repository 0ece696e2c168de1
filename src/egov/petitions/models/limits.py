"""The legal time limits as dated data, and a petition's running deadlines (law-2026.md §1.4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField

from .petitions import Petition


class LimitStep(models.TextChoices):
    RECEPTION_REFUSAL_NOTICE = "reception_refusal_notice", _("Thông báo từ chối tiếp công dân (Mẫu 01/TCD)")
    PETITION_PROCESSING = "petition_processing", _("Xử lý đơn (phân loại, đề xuất hướng xử lý)")
    PETITION_UNPROCESSED_LIMIT = "petition_unprocessed_limit", _("Đơn để quá hạn không xử lý (xem xét trách nhiệm)")
    COMPLAINT_ACCEPTANCE = "complaint_acceptance", _("Thụ lý khiếu nại")
    COMPLAINT_FIRST_RESOLUTION = "complaint_first_resolution", _("Giải quyết khiếu nại lần đầu")
    COMPLAINT_SECOND_REQUEST = "complaint_second_request", _("Thời hạn khiếu nại lần hai")
    COMPLAINT_SECOND_RESOLUTION = "complaint_second_resolution", _("Giải quyết khiếu nại lần hai")
    DIALOGUE_NOTICE = "dialogue_notice", _("Thông báo đối thoại")
    SUSPENSION_NOTICE = "suspension_notice", _("Gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết")
    COMPLAINT_TIME_BAR = "complaint_time_bar", _("Thời hiệu khiếu nại")
    DENUNCIATION_INTAKE = "denunciation_intake", _("Vào sổ, phân loại, kiểm tra điều kiện thụ lý tố cáo")
    DENUNCIATION_FORWARD = "denunciation_forward", _("Chuyển tố cáo không thuộc thẩm quyền")
    DENUNCIATION_RESOLUTION = "denunciation_resolution", _("Giải quyết tố cáo")
    ONLINE_RECEPTION_NOTICE = "online_reception_notice", _("Thông báo tiếp công dân trực tuyến")
    ONLINE_RECEPTION_LINK_TEST = "online_reception_link_test", _("Kiểm tra đường truyền tiếp công dân trực tuyến")


class Condition(models.TextChoices):
    """Which variant of a step's limit applies (the law gives several per step)."""

    STANDARD = "standard", _("Thông thường")
    COMPLEX = "complex", _("Vụ việc phức tạp")
    VERY_COMPLEX = "very_complex", _("Vụ việc đặc biệt phức tạp")
    REMOTE = "remote", _("Vùng sâu, vùng xa, đi lại khó khăn")
    REMOTE_COMPLEX = "remote_complex", _("Vùng sâu, vùng xa, vụ việc phức tạp")
    SEVERAL_PLACES = "several_places", _("Cần kiểm tra, xác minh tại nhiều địa điểm")
    STAFF_DISCIPLINE = "staff_discipline", _("Quyết định kỷ luật cán bộ, công chức")


class DayType(models.TextChoices):
    WORKING_DAYS = "working_days", _("Ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("Ngày (theo lịch)")


class Direction(models.TextChoices):
    AFTER = "after", _("Trong thời hạn kể từ sự kiện")
    BEFORE = "before", _("Chậm nhất trước sự kiện")


class StartEvent(models.TextChoices):
    RECEIPT = "receipt", _("Ngày nhận đơn")
    ACCEPTANCE = "acceptance", _("Ngày thụ lý")
    DECISION = "decision", _("Ngày ra quyết định")
    REFUSAL_GROUNDS = "refusal_grounds", _("Ngày có đủ căn cứ từ chối")
    FIRST_RESOLUTION_END = "first_resolution_end", _("Hết thời hạn giải quyết lần đầu hoặc nhận quyết định lần đầu")
    KNOWLEDGE = "knowledge", _("Ngày nhận được, biết được quyết định, hành vi")
    SCHEDULED_EVENT = "scheduled_event", _("Ngày diễn ra buổi tiếp, buổi đối thoại")


class Confidence(models.TextChoices):
    """How the legal reading was checked (law-2026.md's tags)."""

    VERIFIED = "V", _("Đã đối chiếu văn bản")
    SECONDARY = "S", _("Theo nguồn thứ cấp")
    BACKGROUND = "K", _("Cần đối chiếu lại")


class TimeLimitRule(models.Model):
    """One legal time limit, for one step and one variant, in force over a period.

    A changed law is a new row (a new `valid_from`, the old row closed by `valid_to`), never an
    edit of the old figures: deadlines already computed keep the rule they were computed with.
    Extensions: `max_extensions` of at most `extension_value` days each (Luật Tố cáo Art. 30).
    """

    step = models.CharField(_("bước"), max_length=40, choices=LimitStep.choices)
    condition = models.CharField(_("trường hợp"), max_length=20, choices=Condition.choices, default=Condition.STANDARD)
    value = models.PositiveSmallIntegerField(_("thời hạn"))
    day_type = models.CharField(_("loại ngày"), max_length=20, choices=DayType.choices)
    direction = models.CharField(_("chiều tính"), max_length=10, choices=Direction.choices, default=Direction.AFTER)
    start_event = models.CharField(_("tính từ"), max_length=30, choices=StartEvent.choices)
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=0)
    extension_value = models.PositiveSmallIntegerField(_("mỗi lần gia hạn không quá"), null=True, blank=True)
    source = NFCCharField(_("căn cứ pháp lý"), max_length=255)
    confidence = models.CharField(_("mức độ đối chiếu"), max_length=1, choices=Confidence.choices)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    note = NFCTextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        ordering = ["step", "condition", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["step", "condition", "valid_from"], name="timelimit_step_condition_from"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="timelimit_period_order"
            ),
            models.CheckConstraint(
                condition=Q(max_extensions=0, extension_value__isnull=True)
                | Q(max_extensions__gt=0, extension_value__isnull=False, extension_value__gt=0),
                name="timelimit_extension_terms",
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="timelimit_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.get_condition_display()}): {self.value} {self.get_day_type_display()}"


class Deadline(models.Model):
    """A running time limit of a petition: the rule it was computed with and the date it falls on.

    `due_date` is derived (start, rule, condition, extensions) and kept in step by the services;
    every extension is its own append-only `DeadlineExtension` row.
    """

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="deadlines")
    step = models.CharField(_("bước"), max_length=40, choices=LimitStep.choices)
    condition = models.CharField(_("trường hợp"), max_length=20, choices=Condition.choices, default=Condition.STANDARD)
    rule = models.ForeignKey(TimeLimitRule, on_delete=models.PROTECT, related_name="deadlines")
    started_on = models.DateField(_("ngày bắt đầu tính"))
    due_date = models.DateField(_("hạn"))
    extended_days = models.PositiveSmallIntegerField(_("số ngày đã gia hạn"), default=0)
    extension_count = models.PositiveSmallIntegerField(_("số lần đã gia hạn"), default=0)
    # When the step was done (the handling decided, the resolution concluded); empty while it runs.
    completed_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        ordering = ["petition", "due_date"]
        constraints = [models.UniqueConstraint(fields=["petition", "step"], name="deadline_petition_step")]
        indexes = [
            # Reminders and overdue flags read the running ones.
            models.Index(fields=["due_date"], condition=Q(completed_at__isnull=True), name="deadline_running_due")
        ]

    def __str__(self) -> str:
        return f"{self.petition}: {self.get_step_display()} {self.due_date:%d/%m/%Y}"


class DeadlineExtension(models.Model):
    """One extension of a deadline, decided by the head of the agency. Append-only."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    reason = NFCTextField(_("lý do"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("thời điểm"))
    due_before = models.DateField(_("hạn trước khi gia hạn"))
    due_after = models.DateField(_("hạn sau khi gia hạn"))

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["deadline", "decided_at"]

    def __str__(self) -> str:
        return f"{self.deadline}: +{self.days}"
