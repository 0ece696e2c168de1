"""The outbox: one row per outgoing message (SMS, e-mail; later the national portal's sync).

A row is written in the transaction of the change it reports, so the message exists exactly
when the change does; it is sent after the commit (services.py). The outbox knows nothing of the
domains: what a message is about is a generic reference (`about`), and the agency and unit it is
sent on behalf of give the staff's scope over it (organisations.selectors.scope_filter).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.organisations.models import Agency, Unit


class Message(models.Model):
    """An outgoing message, with its delivery: state, attempts, last error, next attempt."""

    class Channel(models.TextChoices):
        # The value is the name of the channel's integration (settings.EGOV_INTEGRATIONS).
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("người nhận"), max_length=255)
    kind = models.CharField(_("loại"), max_length=40)
    subject = NFCCharField(_("tiêu đề"), max_length=255, blank=True)
    body = NFCTextField(_("nội dung"))
    secret = models.BooleanField(
        _("chứa mã bí mật"), default=False, help_text=_("Nội dung (mã xác nhận) được xóa sau khi gửi xong.")
    )
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    reference = models.CharField(_("mã tham chiếu của nhà cung cấp"), max_length=255, blank=True)
    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cơ quan")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("phòng, ban")
    )
    # "At most once per object, kind, recipient and local day" (services.once_key); empty for the rest.
    once_key = models.CharField(max_length=400, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin gửi đi")
        verbose_name_plural = _("tin gửi đi")
        ordering = ["-created_at"]
        indexes = [
            # The sweep's question: pending rows whose next attempt is long past.
            models.Index(fields=["next_attempt_at"], condition=Q(state="pending"), name="outbox_pending_due"),
            models.Index(fields=["state", "created_at"], name="outbox_state"),
            models.Index(fields=["about_type", "about_id"], name="outbox_about"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.state})"
