"""The portal keeps only what has no other home: the feedback citizens send (góp ý, phản ánh)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCTextField
from egov.dossiers.models import Dossier


class Feedback(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_feedback", verbose_name=_("người gửi")
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

    class Meta:
        verbose_name = _("góp ý của người dân")
        verbose_name_plural = _("góp ý của người dân")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.author} {self.created_at:%d/%m/%Y}"
