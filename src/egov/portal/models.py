"""The portal keeps only what has no other home: the feedback citizens send (góp ý, phản ánh)
and the time the agency has to answer it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCTextField
from egov.dossiers.service import Dossier
from egov.organisations.models import Agency


class FeedbackTimeLimit(models.Model):
    """Working days the agency has to answer feedback received on or after `effective_from`.

    Data, not code: the clock is DVCQG's for kiến nghị, phản ánh (law-2026.md §1.7), which may change."""

    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    working_days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"))
    legal_basis = models.TextField(_("căn cứ"))

    class Meta:
        verbose_name = _("thời hạn trả lời góp ý, phản ánh")
        verbose_name_plural = _("thời hạn trả lời góp ý, phản ánh")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(working_days__gte=1), name="feedback_time_limit_positive")
        ]

    def __str__(self) -> str:
        return f"{self.effective_from:%d/%m/%Y}: {self.working_days}"


class Feedback(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_feedback", verbose_name=_("người gửi")
    )
    # The agency that answers: the dossier's, or the one the citizen chose for general feedback.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_feedback",
        verbose_name=_("cơ quan tiếp nhận"),
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_feedback",
        verbose_name=_("hồ sơ liên quan"),
    )
    message = NFCTextField(_("nội dung góp ý"))
    created_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True)
    due_date = models.DateField(_("hạn trả lời"), null=True, blank=True)
    answer = NFCTextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_feedback",
        verbose_name=_("người trả lời"),
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)

    class Meta:
        verbose_name = _("góp ý của người dân")
        verbose_name_plural = _("góp ý của người dân")
        ordering = ["-created_at"]
        permissions = [("answer_feedback", "Trả lời góp ý, phản ánh")]
        indexes = [models.Index(fields=["agency", "answered_at"], name="feedback_agency_answered")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, answer="", answered_by__isnull=True)
                | models.Q(answered_at__isnull=False, answered_by__isnull=False) & ~models.Q(answer=""),
                name="feedback_answer_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} {self.created_at:%d/%m/%Y}"
