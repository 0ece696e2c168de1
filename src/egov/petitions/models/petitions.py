"""Petitions: registered once, classified by content, with their senders, documents and history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.core.models import EventBase
from egov.organisations.models import Agency, Unit
from egov.procedures.service import Field

from .reception import Case, Visit
from .vocabulary import Channel, Classification, Competence, ContentKind, Handling, Status


class Petition(models.Model):
    """A petition (đơn), registered once, classified by its content."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="petitions")
    # The register's number (numbering.py): one gap-free sequence per agency and year of receipt.
    number = models.PositiveIntegerField(_("số vào sổ"))
    number_year = models.PositiveSmallIntegerField(_("năm vào sổ"))
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name=_("đơn vị xử lý")
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions", verbose_name=_("vụ việc")
    )
    visit = models.OneToOneField(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="petition", verbose_name=_("lượt tiếp")
    )
    channel = models.CharField(_("nguồn đơn"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("thời điểm nhận đơn"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The body that forwarded the petition to us and its letter: a petition is never forwarded back to it.
    source_body = NFCCharField(_("cơ quan chuyển đến"), max_length=255, blank=True)
    source_reference = NFCCharField(_("số, ngày văn bản chuyển đơn"), max_length=255, blank=True)
    anonymous = models.BooleanField(_("đơn nặc danh"), default=False)
    signatory_count = models.PositiveSmallIntegerField(_("số người ký đơn"), default=1)
    written_for_sender = models.BooleanField(_("cán bộ ghi lại nội dung cho người không viết được đơn"), default=False)
    content = NFCTextField(_("tóm tắt nội dung"))
    titled_as = models.CharField(
        _("tiêu đề đơn ghi là"),
        max_length=20,
        choices=ContentKind.choices,
        blank=True,
        help_text=_("Chỉ để đối chiếu."),
    )
    classification = models.CharField(_("phân loại theo nội dung"), max_length=20, choices=Classification.choices)
    # For several contents: the kinds the petition holds (two or more of ContentKind).
    mixed_kinds = models.JSONField(_("các loại nội dung"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates", verbose_name=_("trùng đơn")
    )
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lĩnh vực")
    )
    prior_handling = NFCCharField(_("cơ quan đã giải quyết"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Set by the classification (services/handling.py): competence, defects, and the handling left open.
    competence = models.CharField(_("thẩm quyền"), max_length=20, choices=Competence.choices, blank=True)
    defects = models.JSONField(_("lý do chưa đủ điều kiện xử lý"), default=list, blank=True)
    handling_options = models.JSONField(_("hướng xử lý được phép"), default=list, blank=True)
    handling = models.CharField(_("hướng xử lý"), max_length=20, choices=Handling.choices, blank=True)
    handled_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    forwarded_to = NFCCharField(_("cơ quan nhận đơn chuyển"), max_length=255, blank=True)
    # A digest of agency, day, channel, senders and content: the same petition is registered once.
    fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn")
        verbose_name_plural = _("đơn")
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("register_petition", "Vào sổ đơn"),
            ("handle_petition", "Xử lý đơn"),
            ("accept_petition", "Thụ lý đơn"),
            ("extend_petition_deadline", "Gia hạn thời hạn giải quyết"),
        ]
        indexes = [
            models.Index(fields=["agency", "received_at"], name="petition_agency_received"),
            models.Index(fields=["agency", "status"], name="petition_agency_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fingerprint"], name="petition_registered_once"),
            models.UniqueConstraint(fields=["agency", "number_year", "number"], name="petition_number_unique"),
            models.CheckConstraint(condition=~Q(content=""), name="petition_has_content"),
            models.CheckConstraint(condition=Q(signatory_count__gte=1), name="petition_signatory_count"),
            models.CheckConstraint(
                condition=Q(classification=Classification.DUPLICATE, duplicate_of__isnull=False)
                | (~Q(classification=Classification.DUPLICATE) & Q(duplicate_of__isnull=True)),
                name="petition_duplicate_has_original",
            ),
            models.CheckConstraint(
                condition=~Q(channel=Channel.FORWARDED) | ~Q(source_body=""), name="petition_forwarded_has_source"
            ),
        ]

    def __str__(self) -> str:
        return f"Đơn số {self.number:02d}/{self.number_year} ({self.get_classification_display()})"


class PetitionEvent(EventBase):
    """One step in a petition's history: its registration, then each transition. Append-only."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )

    class Meta(EventBase.Meta):
        verbose_name = _("sự kiện của đơn")
        verbose_name_plural = _("quá trình xử lý đơn")
        indexes = [
            models.Index(fields=["petition", "at"], name="petition_event_petition_at"),
            # The figures count the period's outcomes by action.
            models.Index(fields=["action", "at"], name="petition_event_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.petition} {self.action} {self.at:%d/%m/%Y %H:%M}"


class PetitionSender(models.Model):
    """A named sender; a petition signed by many names its representative(s)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="senders")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = NFCCharField(_("họ và tên"), max_length=255)
    id_number = NFCCharField(_("số căn cước, định danh cá nhân, hộ chiếu"), max_length=30, blank=True)
    address = NFCCharField(_("địa chỉ"), max_length=500, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")
        ordering = ["petition", "order"]
        constraints = [models.UniqueConstraint(fields=["petition", "order"], name="petition_sender_order")]

    def __str__(self) -> str:
        return self.name


class ReceivedDocument(models.Model):
    """A paper handed over with the petition (listed on Mẫu 02/TCD, the receipt)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = NFCCharField(_("tên thông tin, tài liệu"), max_length=500)
    is_original = models.BooleanField(_("bản chính"), default=False)
    pages = models.PositiveSmallIntegerField(_("số tờ"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài liệu kèm theo đơn")
        verbose_name_plural = _("tài liệu kèm theo đơn")
        ordering = ["petition", "order"]
        constraints = [models.UniqueConstraint(fields=["petition", "order"], name="petition_document_order")]

    def __str__(self) -> str:
        return self.title
