from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField
from egov.core.models import TimeStampedModel


class CalendarOverride(TimeStampedModel):
    """A day whose status the government or the province decided differently from the computed calendar."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ thêm")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reason = NFCCharField(_("lý do"), max_length=255)
    decision = NFCCharField(
        _("văn bản quyết định"),
        max_length=255,
        blank=True,
        help_text=_("Số, ký hiệu và ngày của văn bản cho phép hoán đổi, ví dụ Thông báo 6150/TB-LĐTBXH."),
    )

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()} ({self.reason})"
