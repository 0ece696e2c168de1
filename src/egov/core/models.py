from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import NFCTextField


class EventBase(models.Model):
    """One step in an object's history, as `core.workflow.Workflow.perform()` has the domain record
    it: the action taken, when, the note and the action's data. Each domain's event table adds the
    foreign key to its object, its `from_status` / `to_status` with its own states, the actor, and
    the indexes its statistics need: event tables stay per domain (kernel.md), only their common
    columns are written here. Append-only by contract: rows are written, never changed."""

    action = models.CharField(_("thao tác"), max_length=40)
    at = models.DateTimeField(_("thời điểm"))
    note = NFCTextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only: its entries are never changed.")

    def delete(self):
        raise PermissionError("The access log is append-only: its entries are never deleted.")


class AccessLogEntry(models.Model):
    """One read or download of a dossier, an attachment, a printed form or an official document.

    Append-only: written by `core.access_log.access_record`, never changed or deleted through the
    ORM or the admin (and, on PostgreSQL, a trigger refuses UPDATE and DELETE as well).
    Searched by the agency's leaders and auditors within their agency (workspace, access log page).
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        DOWNLOAD = "download", _("Tải về")
        PRINT = "print", _("In phiếu")

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Hồ sơ")
        ATTACHMENT = "attachment", _("Tệp của hồ sơ")
        FORM = "form", _("Phiếu, sổ")
        DOCUMENT = "document", _("Văn bản")
        DOCUMENT_FILE = "document_file", _("Tệp văn bản")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("người dùng")
    )
    # The agency whose record was read: the log is searched within it.
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("số hiệu đối tượng"))
    # What a person searches by: the dossier code, the document's number, the file's name.
    label = models.CharField(_("đối tượng"), max_length=300)
    channel = models.CharField(_("kênh"), max_length=10, help_text=_("web hoặc api"))
    client_address = models.GenericIPAddressField(_("địa chỉ máy"), null=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "-at"], name="accesslog_agency_at"),
            models.Index(fields=["agency", "kind", "object_id"], name="accesslog_agency_object"),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only: its entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only: its entries are never deleted.")


class RetentionRule(models.Model):
    """How long one kind of record is kept, from a date on (core.retention, docs/decisions/0033).

    Archival periods run from the end of the year in which a record was closed (a dossier finished,
    a message sent): a record closed in 2015 kept 10 years may be destroyed from 01/01/2026. No
    period (`years` empty) is permanent. Records are destroyed only under a rule whose legal basis
    the agency's archivist has checked (`confirmed`), and only when asked (`retention --delete`).
    """

    record_kind = models.CharField(_("loại hồ sơ, tài liệu"), max_length=40)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    years = models.PositiveSmallIntegerField(
        _("thời hạn lưu trữ (năm)"), null=True, blank=True, help_text=_("Để trống: lưu trữ vĩnh viễn.")
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    confirmed = models.BooleanField(
        _("đã đối chiếu căn cứ"),
        default=False,
        help_text=_("Cán bộ lưu trữ đã đối chiếu căn cứ pháp lý; chỉ khi đó mới được hủy hồ sơ hết hạn."),
    )

    class Meta:
        verbose_name = _("thời hạn lưu trữ")
        verbose_name_plural = _("thời hạn lưu trữ")
        ordering = ["record_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["record_kind", "effective_from"], name="retention_rule_kind_from"),
            models.CheckConstraint(
                condition=models.Q(years__gte=1) | models.Q(years__isnull=True), name="retention_rule_years"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_kind} {self.effective_from:%d/%m/%Y}: {self.years or '∞'}"


class RegisterCounter(models.Model):
    """The last number given in one sequence of a numbering register (core/registers.py): locked
    (SELECT ... FOR UPDATE) while the next numbers are taken, never written by hand.

    `scope` is the primary key of the row the register numbers within (an agency, a numbering
    series); no foreign key, so that one table serves every domain's registers.
    """

    register = models.CharField(_("sổ"), max_length=40)
    scope = models.PositiveBigIntegerField(_("phạm vi"))
    period = models.DateField(_("kỳ (ngày đầu)"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số")
        verbose_name_plural = _("bộ đếm số")
        constraints = [
            models.UniqueConstraint(fields=["register", "scope", "period"], name="registercounter_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.scope} {self.period}: {self.last_number}"
