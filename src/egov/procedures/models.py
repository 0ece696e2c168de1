"""The procedure catalogue (TTHC): fields, procedures and their versions.

A `Procedure` is the stable identity (code, field, competent agency). Everything the law can
change — time limit, fees, documents, workflow, online level — lives on a `ProcedureVersion`
with its validity period and publishing decision, so a dossier keeps the rules it was received
under after the catalogue changes.
"""

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from egov.core.fields import NFCCharField, NFCTextField
from egov.core.models import TimeStampedModel
from egov.core.text import fold
from egov.organisations.models import Agency, Unit
from egov.organisations.roles import Role
from egov.workdays.calendar import LimitUnit


class Field(models.Model):
    name = NFCCharField(_("tên lĩnh vực"), max_length=255, unique=True)
    code = models.CharField(_("mã lĩnh vực"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    code = models.CharField(
        _("mã thủ tục"),
        max_length=40,
        unique=True,
        help_text=_("Mã quốc gia dạng 2.000648, hoặc mã nội bộ (LOCAL-…) khi chưa có mã quốc gia."),
    )
    has_national_code = models.BooleanField(_("có mã quốc gia"), default=True)
    name = NFCCharField(_("tên thủ tục"), max_length=500)
    search_text = models.TextField(editable=False, default="", help_text="Folded name for diacritic-free search.")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("cơ quan giải quyết")
    )
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures",
        verbose_name=_("phòng chủ trì"),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field__name", "name"]
        indexes = [models.Index(fields=["agency", "field"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def save(self, *args, **kwargs):
        # Derived column for search without diacritics; kept with the name it derives from.
        self.search_text = fold(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def version_on(self, day: dt.date) -> "ProcedureVersion | None":
        return (
            self.versions.filter(effective_from__lte=day)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
            .order_by("-effective_from")
            .first()
        )


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


class OnlineServiceRegime(models.Model):
    """The decree that defines the online-service levels from a date (law-2026.md §6.3): NĐ 42/2022
    (toàn trình / một phần) until NĐ 224/2026 replaced it on 01/7/2026 — toàn trình by default, một
    phần only with a published reason (Art. 14), proactive services at levels 1–4 (Art. 16), and the
    statutory online-service metrics (Art. 19). Data, so the next decree is a new row."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    instrument = NFCCharField(_("văn bản quy định"), max_length=255)
    partial_needs_reason = models.BooleanField(_("cung cấp một phần phải công bố lý do"), default=False)
    proactive_levels = models.BooleanField(_("có mức độ dịch vụ công chủ động"), default=False)
    statutory_metrics = models.BooleanField(_("có chỉ tiêu đo lường dịch vụ công trực tuyến"), default=False)
    source = NFCTextField(_("căn cứ"), blank=True)

    class Meta:
        verbose_name = _("quy định mức độ dịch vụ công trực tuyến")
        verbose_name_plural = _("quy định mức độ dịch vụ công trực tuyến")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.instrument} (từ {self.valid_from:%d/%m/%Y})"

    @classmethod
    def in_force_on(cls, day: dt.date) -> "OnlineServiceRegime | None":
        return cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


class PartialReason(models.TextChoices):
    """Why a procedure is offered online only in part (NĐ 224/2026 Art. 14, law-2026.md §6.3)."""

    PRESENCE = "presence", _("Pháp luật chuyên ngành yêu cầu có mặt trực tiếp")
    ON_SITE = "on_site", _("Phải kiểm tra, xác minh tại chỗ")
    TECHNICAL = "technical", _("Vướng mắc kỹ thuật chưa giải quyết được")


class ProactiveLevel(models.IntegerChoices):
    """Proactive online services, NĐ 224/2026 Art. 16 (law-2026.md §6.3)."""

    NONE = 0, _("Không")
    REMIND = 1, _("Mức 1: nhắc người dân, doanh nghiệp")
    PREFILL = 2, _("Mức 2: điền sẵn hồ sơ")
    RECOMMEND = 3, _("Mức 3: đề xuất phương án")
    AUTOMATIC = 4, _("Mức 4: tự động thực hiện")


class ProcedureVersion(TimeStampedModel):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name=_("thủ tục")
    )
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    effective_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    decision = NFCCharField(
        _("quyết định công bố"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Quyết định 1234/QĐ-UBND ngày 01/7/2021."),
    )
    name = NFCCharField(_("tên thủ tục"), max_length=500)

    time_limit = models.PositiveIntegerField(_("thời hạn theo quy định"), null=True, blank=True)
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"),
        max_length=20,
        default=LimitUnit.WORKING_DAYS,
        choices=[
            (LimitUnit.WORKING_DAYS.value, _("ngày làm việc")),
            (LimitUnit.CALENDAR_DAYS.value, pgettext_lazy("time limit unit", "ngày")),
            (LimitUnit.HOURS.value, _("giờ làm việc")),
            (LimitUnit.SAME_DAY.value, _("trong ngày")),
        ],
    )
    reduced_time_limit = models.PositiveIntegerField(
        _("thời hạn cắt giảm"), null=True, blank=True, help_text=_("Thời hạn cơ quan công bố cắt giảm (cùng đơn vị).")
    )
    time_limit_text = NFCCharField(
        _("thời hạn (nguyên văn)"),
        max_length=255,
        blank=True,
        help_text=_("Nguyên văn khi thời hạn gồm nhiều giai đoạn hoặc không phân tích được."),
    )
    fee_text = NFCTextField(_("phí, lệ phí (nguyên văn)"), blank=True)
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    online_partial_reason = models.CharField(
        _("lý do cung cấp một phần"), max_length=12, choices=PartialReason.choices, blank=True
    )
    online_partial_note = NFCTextField(
        _("lý do đã công bố (nguyên văn)"),
        blank=True,
        help_text=_(
            "Từ 01/7/2026, TTHC không cung cấp toàn trình phải công bố lý do (Nghị định 224/2026/NĐ-CP, Điều 14)."
        ),
    )
    proactive_level = models.PositiveSmallIntegerField(
        _("mức độ dịch vụ công chủ động"), choices=ProactiveLevel.choices, default=ProactiveLevel.NONE
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        _("mức độ (cũ)"), null=True, blank=True, choices=[(2, "2"), (3, "3"), (4, "4")]
    )
    online_payment = models.BooleanField(
        _("tích hợp thanh toán trực tuyến"),
        default=False,
        help_text=_("Phí, lệ phí nộp được qua nền tảng thanh toán trên Cổng DVCQG (QĐ 766, chỉ số 3.5)."),
    )
    on_the_spot = models.BooleanField(_("4 tại chỗ"), default=False)
    afternoon_cutoff = models.BooleanField(_("nhận sau 15 giờ tính sang ngày làm việc tiếp theo"), default=False)
    cutoff_time = models.TimeField(_("giờ chốt buổi chiều"), default=dt.time(15, 0))
    result_document = NFCCharField(_("kết quả"), max_length=500, blank=True)
    legal_basis = NFCTextField(
        _("căn cứ pháp lý"), blank=True, help_text=_("Mỗi văn bản một dòng (số, ký hiệu, trích yếu, ngày ban hành).")
    )
    steps = NFCTextField(_("trình tự thực hiện"), blank=True, help_text=_("Mỗi bước một dòng, theo thứ tự thực hiện."))
    applicants = NFCTextField(
        _("đối tượng thực hiện"), blank=True, help_text=_("Mỗi đối tượng một dòng (công dân, doanh nghiệp, tổ chức…).")
    )
    requirements = NFCTextField(
        _("yêu cầu, điều kiện"), blank=True, help_text=_("Mỗi yêu cầu, điều kiện một dòng; trống nếu không có.")
    )
    submission_place = NFCCharField(_("nơi nộp"), max_length=500, blank=True)
    source_url = models.TextField(_("nguồn"), blank=True)
    raw_values = models.JSONField(
        _("giá trị chưa phân tích được"),
        default=dict,
        blank=True,
        help_text=_("Nguyên văn các giá trị khi nhập danh mục không phân tích được, theo tên cột."),
    )
    value_sources = models.JSONField(
        _("nguồn của giá trị"),
        default=dict,
        blank=True,
        help_text=_(
            "Ghi chú nguồn kèm giá trị khi nhập danh mục, theo tên cột: tỉnh đã công bố hoặc văn bản quy định, "
            'ví dụ {"reduced_time_limit_days": "Quảng Nam"}.'
        ),
    )

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "effective_from"], name="procedure_version_unique_start"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="procedure_version_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} từ {self.effective_from:%d/%m/%Y}"

    def online_regime(self, day: dt.date | None = None) -> OnlineServiceRegime | None:
        """The decree defining this version's online level on `day` (default: its first day)."""
        return OnlineServiceRegime.in_force_on(day or self.effective_from)

    def lacks_partial_reason(self, day: dt.date | None = None) -> bool:
        """Offered in part or not online without the published reason the regime asks for."""
        regime = self.online_regime(day)
        return bool(
            regime is not None
            and regime.partial_needs_reason
            and self.online_level != OnlineLevel.FULL
            and not self.online_partial_reason
        )

    @property
    def effective_time_limit(self) -> int | None:
        """The limit the agency promises: the reduced one when published."""
        return self.reduced_time_limit if self.reduced_time_limit is not None else self.time_limit

    @property
    def total_fee_vnd(self) -> int:
        """The fixed items' total (the alternatives, one of which applies, are not added)."""
        return sum(item.amount_vnd for item in self.fee_items.all() if not item.condition)

    @property
    def fee_known(self) -> bool:
        """False when the catalogue could not read the fee (several rates in words, a reference
        to a regulation): the desk enters the amount from the regulation."""
        return "fee_vnd" not in self.raw_values

    @property
    def fee_alternatives(self) -> list["FeeItem"]:
        """Rates of which exactly one applies to a dossier (by area, by kind of applicant...)."""
        return [item for item in self.fee_items.all() if item.condition]

    @property
    def fee_fixed(self) -> int | None:
        """What every dossier of this version pays, or None when it depends on the dossier."""
        if not self.fee_known or self.fee_alternatives:
            return None
        return self.total_fee_vnd


class FilingChannel(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    POSTAL = "postal", _("Dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class FilingMethod(models.Model):
    """One way of filing (cách thức thực hiện) with its own time limit and fee, as the national
    portal publishes them: the online channel may be faster or cheaper than the desk."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="filing_methods")
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=FilingChannel.choices)
    time_limit = models.PositiveIntegerField(
        _("thời hạn giải quyết"),
        null=True,
        blank=True,
        help_text=_("Trống: thời hạn của phiên bản thủ tục. Cùng đơn vị với thời hạn của phiên bản."),
    )
    fee_text = NFCTextField(_("phí, lệ phí"), blank=True, help_text=_("Trống: phí, lệ phí của phiên bản thủ tục."))
    description = NFCTextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "channel"], name="filing_method_unique_channel")]

    def __str__(self) -> str:
        return str(self.get_channel_display())


class FeeItem(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fee_items")
    name = NFCCharField(_("khoản phí, lệ phí"), max_length=255)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    condition = NFCCharField(
        _("trường hợp áp dụng"),
        max_length=255,
        blank=True,
        help_text=_(
            "Trống: mọi hồ sơ đều nộp. Có nội dung (ví dụ “thành phố, thị xã”): một trong các mức "
            "có trường hợp áp dụng, cán bộ chọn mức đúng với hồ sơ."
        ),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class RequiredDocument(models.Model):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
        COPY = "copy", _("Bản sao")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="required_documents")
    name = NFCCharField(_("tên giấy tờ"), max_length=500)
    form = models.CharField(_("hình thức"), max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1, validators=[MinValueValidator(1)])
    is_mandatory = models.BooleanField(_("bắt buộc"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class WorkflowStep(models.Model):
    """One step of a procedure's internal workflow (quy trình nội bộ), with its time budget."""

    class Action(models.TextChoices):
        RECEIVE = "receive", _("Tiếp nhận, chuyển hồ sơ")
        ASSIGN = "assign", _("Phân công xử lý")
        APPRAISE = "appraise", _("Thẩm định, xử lý")
        VERIFY = "verify", _("Kiểm tra, xác minh")
        CONSULT = "consult", _("Lấy ý kiến cơ quan khác")
        REVIEW = "review", _("Xem xét, trình ký")
        SIGN = "sign", _("Ký duyệt")
        ISSUE = "issue", _("Vào sổ, phát hành kết quả")
        RETURN = "return", _("Trả kết quả")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="workflow_steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    action = models.CharField(_("công việc"), max_length=20, choices=Action.choices)
    name = NFCCharField(_("mô tả"), max_length=255)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("phòng, ban thực hiện")
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    budget_days = models.DecimalField(
        _("thời gian (ngày làm việc)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="workflow_step_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


def blank_form_path(instance: "BlankForm", filename: str) -> str:
    # Named by content, never by the uploaded name; versions sharing a form share the file.
    return f"procedures/forms/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class BlankForm(models.Model):
    """A blank form or declaration (mẫu đơn, tờ khai) the applicant downloads and fills in."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="blank_forms")
    name = NFCCharField(_("tên mẫu đơn, tờ khai"), max_length=500)
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="blank_forms",
        verbose_name=_("thành phần hồ sơ"),
        help_text=_("Giấy tờ trong thành phần hồ sơ mà mẫu này dùng để lập (nếu có)."),
    )
    file = models.FileField(_("tệp"), upload_to=blank_form_path, max_length=255)
    original_name = NFCCharField(_("tên tệp gốc"), max_length=255, editable=False)
    extension = models.CharField(max_length=10, editable=False)
    content_type = models.CharField(_("định dạng"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mẫu đơn, tờ khai")
        verbose_name_plural = _("mẫu đơn, tờ khai")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
