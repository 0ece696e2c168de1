"""Official documents (Nghị định 30/2020/NĐ-CP): registers, numbering, citations.

One `Document` table holds both registers (direction = incoming / outgoing): the citation graph,
attachments and the tasks it assigns (egov.assignments) point at a document whatever its
direction, and the registers are two filtered views of it (docs/decisions/0010-official-documents.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.core.models import TimeStampedModel
from egov.organisations.models import Agency, Unit


class DocumentType(models.Model):
    """A document type of NĐ 30/2020 Phụ lục III, with its abbreviation (blank for a công văn)."""

    name = NFCCharField(_("tên loại văn bản"), max_length=100, unique=True)
    # Case is significant (CTr, TTr, QyĐ): compared exactly, never lower-cased.
    abbreviation = NFCCharField(_("chữ viết tắt"), max_length=10, blank=True)
    is_normative = models.BooleanField(
        _("là văn bản quy phạm pháp luật"),
        default=False,
        help_text=_("Văn bản quy phạm pháp luật được đánh số riêng theo từng loại và ghi năm ban hành."),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["abbreviation", "is_normative"],
                condition=~Q(abbreviation=""),
                name="documenttype_unique_abbreviation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    @property
    def is_cong_van(self) -> bool:
        return not self.abbreviation and not self.is_normative


class Issuer(models.Model):
    """An organ that issues documents, with the symbol it writes in "số, ký hiệu" (UBND, SCT, TU...)."""

    name = NFCCharField(_("tên cơ quan ban hành"), max_length=255, unique=True)
    symbol = NFCCharField(_("ký hiệu"), max_length=50, help_text=_("Ví dụ: UBND, SCT, TU, CP, TTg."))
    agency = models.OneToOneField(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuer",
        verbose_name=_("cơ quan trong hệ thống"),
        help_text=_("Điền khi cơ quan ban hành là một cơ quan dùng hệ thống (văn bản đi của cơ quan)."),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.symbol})"


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")


class NumberingSeries(models.Model):
    """A numbering sequence that restarts every 1 January (a sequence of the DOCUMENT_NUMBERS
    register, documents/numbering.py, with one counter per year).

    Outgoing: a series without a type is the agency's shared series for administrative types;
    a series with a type numbers that type alone. Normative types always get their own series.
    Incoming: one series per agency gives the arrival numbers ("số đến").
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="numbering_series")
    direction = models.CharField(_("sổ"), max_length=10, choices=Direction.choices)
    document_type = models.ForeignKey(
        DocumentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("loại văn bản"),
        help_text=_("Để trống: dãy số chung cho các loại văn bản hành chính không có dãy riêng."),
    )
    name = NFCCharField(_("tên dãy số"), max_length=150)

    class Meta:
        verbose_name = _("dãy số văn bản")
        verbose_name_plural = _("dãy số văn bản")
        ordering = ["agency", "direction", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "direction", "document_type"], name="numberingseries_unique_type"
            ),
            models.UniqueConstraint(
                fields=["agency", "direction"],
                condition=Q(document_type__isnull=True),
                name="numberingseries_unique_shared",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SigningAuthority(models.TextChoices):
    """Thẩm quyền ký (NĐ 30/2020 Điều 13, Phụ lục I mục II.8)."""

    DIRECT = "", _("Người đứng đầu ký trực tiếp")
    KT = "KT.", _("KT. (ký thay)")
    TM = "TM.", _("TM. (thay mặt)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")
    Q = "Q.", _("Q. (quyền)")


class Document(TimeStampedModel):
    """One line of the incoming or the outgoing register."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        REGISTERED = "registered", _("Đã vào sổ")

    class Handling(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa xử lý")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        DONE = "done", _("Đã xử lý xong")
        FILED = "filed", _("Lưu, để biết")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents", verbose_name=_("cơ quan"))
    direction = models.CharField(_("sổ"), max_length=10, choices=Direction.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED)

    # Số, ký hiệu: number as written ("05", "38a"), year when embedded (normative), symbol ("QĐ-UBND").
    number = NFCCharField(_("số"), max_length=20, blank=True)
    number_key = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    number_year = models.PositiveSmallIntegerField(_("năm trong số, ký hiệu"), null=True, blank=True)
    symbol = NFCCharField(_("ký hiệu"), max_length=200, blank=True, db_index=True)
    ref = NFCCharField(_("số, ký hiệu"), max_length=255, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("năm văn bản"), null=True, blank=True, db_index=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, verbose_name=_("loại văn bản"))
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, verbose_name=_("cơ quan ban hành"))
    summary = NFCTextField(_("trích yếu nội dung"))
    body = NFCTextField(_("nội dung"), blank=True, help_text=_("Toàn văn, dùng để tìm trích dẫn và tìm kiếm."))
    notes = NFCTextField(_("ghi chú"), blank=True)
    receipt = NFCCharField(_("ký nhận"), max_length=255, blank=True)

    # Incoming register
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    arrival_year = models.PositiveSmallIntegerField(_("năm đến"), null=True, blank=True)
    arrived_on = models.DateField(_("ngày đến"), null=True, blank=True)
    handling_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_documents",
        verbose_name=_("đơn vị hoặc người nhận"),
    )
    handed_over_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    # Incoming-handling tracker (sổ theo dõi giải quyết văn bản đến)
    handling_deadline = models.DateField(_("thời hạn giải quyết"), null=True, blank=True)
    handling_status = models.CharField(
        _("tiến độ giải quyết"), max_length=12, choices=Handling.choices, blank=True, default=""
    )
    handling_note = NFCTextField(_("ghi chú tiến độ"), blank=True)
    reply_ref = NFCCharField(_("số, ký hiệu văn bản trả lời"), max_length=255, blank=True)

    # Outgoing register
    drafting_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafted_documents",
        verbose_name=_("đơn vị soạn thảo"),
    )
    numbering_series = models.ForeignKey(
        NumberingSeries, on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=SigningAuthority.choices, blank=True, default=""
    )
    signer_title = NFCCharField(_("chức vụ người ký"), max_length=100, blank=True, help_text=_("Ví dụ: GIÁM ĐỐC"))
    signer_deputy_title = NFCCharField(
        _("chức vụ người ký thay"), max_length=100, blank=True, help_text=_("Ví dụ: PHÓ GIÁM ĐỐC (khi ký thay)")
    )
    signer_name = NFCCharField(_("người ký"), max_length=150, blank=True)
    addressees = NFCCharField(_("kính gửi"), max_length=500, blank=True)
    recipients = NFCTextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    file_copy_holder = NFCCharField(_("đơn vị, người nhận bản lưu"), max_length=255, blank=True)
    copies = models.PositiveSmallIntegerField(_("số lượng bản"), null=True, blank=True)
    dispatched_on = models.DateField(_("ngày chuyển văn bản"), null=True, blank=True)

    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-year", "-document_date", "-pk"]
        constraints = [
            # One document, one register line: the same (số, ký hiệu, cơ quan ban hành, năm) twice is refused.
            models.UniqueConstraint(
                fields=["agency", "number_key", "symbol", "issuer", "year"],
                condition=~Q(number_key=""),
                name="document_unique_ref_issuer_year",
            ),
            models.UniqueConstraint(
                fields=["agency", "arrival_year", "arrival_number"],
                condition=Q(arrival_number__isnull=False),
                name="document_unique_arrival_number",
            ),
            models.CheckConstraint(
                condition=Q(direction="outgoing") | Q(arrival_number__isnull=False) | Q(status="draft"),
                name="document_incoming_has_arrival_number",
            ),
        ]
        indexes = [models.Index(fields=["agency", "direction", "year"], name="document_register_idx")]
        permissions = [
            ("issue_number", "Cấp số, vào sổ văn bản đi"),
            ("draft_outgoing", "Soạn dự thảo văn bản đi"),
        ]

    def __str__(self) -> str:
        return f"{self.ref or _('Dự thảo')} — {self.summary[:80]}"

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def attachment_path(instance: "DocumentFile", filename: str) -> str:
    return f"documents/{instance.document.agency_id}/{instance.document_id}/{filename}"


class DocumentFile(models.Model):
    """A file of a document (scan, signed PDF, the generated draft .docx), checked by its content."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Bản văn bản")
        DRAFT = "draft", _("Bản dự thảo")
        ISSUED = "issued", _("Bản phát hành")
        ANNEX = "annex", _("Phụ lục, tài liệu kèm theo")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại tệp"), max_length=10, choices=Kind.choices, default=Kind.ORIGINAL)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = NFCCharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp văn bản")
        verbose_name_plural = _("tệp văn bản")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class CitationRelation(models.TextChoices):
    CITES = "cites", _("Dẫn chiếu")
    REPLACES = "replaces", _("Thay thế")
    IMPLEMENTS = "implements", _("Thực hiện")


# Citation.kind of a law cited by its name, without a number ("Luật Thi đua, khen thưởng").
LAW_BY_NAME = "law_name"


class Citation(models.Model):
    """One mention of a document in another document's text, resolved to a register line when known."""

    citing = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations_out")
    ref = NFCCharField(_("số, ký hiệu được dẫn"), max_length=255, db_index=True)
    type_word = NFCCharField(_("loại văn bản"), max_length=50, blank=True)
    number = NFCCharField(max_length=20)
    number_key = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    symbol = NFCCharField(max_length=200)
    issuer = NFCCharField(max_length=200, blank=True)
    kind = models.CharField(max_length=15)
    date = models.DateField(null=True, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    relation = models.CharField(
        _("quan hệ"), max_length=10, choices=CitationRelation.choices, default=CitationRelation.CITES
    )
    target = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citations_in",
        verbose_name=_("văn bản được dẫn"),
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # For a "replaces" mention: the mention, in the same text, of the document that replaces it
    # ("Quyết định số A ..., thay thế Quyết định số B"); empty when the citing document itself does.
    replacer = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_mentions",
        verbose_name=_("văn bản thay thế (theo trích dẫn)"),
    )

    class Meta:
        verbose_name = _("trích dẫn văn bản")
        verbose_name_plural = _("trích dẫn văn bản")
        ordering = ["citing", "start"]
        constraints = [models.UniqueConstraint(fields=["citing", "start"], name="citation_unique_position")]
        indexes = [models.Index(fields=["number_key", "symbol"], name="citation_lookup_idx")]

    def __str__(self) -> str:
        return self.ref
