"""Dossiers (hồ sơ) under the one-stop mechanism: domain.md §2.

The current state of a dossier is derived data, kept in step with its append-only event history
inside the transaction of each transition (see services/ and transitions.py). Columns the
statistics read (received_at, due_date, finished_at, outcome, channel, field, rating) live on
the dossier row itself so that a period's figures are one aggregate over one table.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField
from egov.core.models import EventBase
from egov.organisations.models import Agency, Unit
from egov.procedures.service import Field, Procedure, ProcedureVersion, RequiredDocument, WorkflowStep


class Channel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    DIRECT = "direct", _("Trực tiếp")
    POSTAL = "postal", _("Bưu chính công ích")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
    INTAKE_SUPPLEMENT = "intake_supplement", _("Yêu cầu bổ sung khi tiếp nhận")
    INTAKE_REFUSED = "intake_refused", _("Từ chối tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    CONSULTING = "consulting", _("Đang lấy ý kiến")
    PAUSED = "paused", _("Chờ bổ sung, hoàn thiện")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    AWAITING_SIGNATURE = "awaiting_signature", _("Chờ ký duyệt")
    RESOLVED = "resolved", _("Đã có kết quả")
    REFUSED = "refused", _("Từ chối giải quyết")
    RETURNED = "returned", _("Đã trả kết quả")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")


class Outcome(models.TextChoices):
    """How a received dossier finished; `finished_at` is the time of that event (domain.md §2.5)."""

    RESOLVED = "resolved", _("Giải quyết")
    REFUSED = "refused", _("Từ chối có lý do")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")


class Rating(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    UNSATISFIED = "unsatisfied", _("Không hài lòng")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class ReturnMethod(models.TextChoices):
    DESK = "desk", _("Tại Bộ phận Một cửa")
    POST = "post", _("Qua bưu chính")
    ELECTRONIC = "electronic", _("Trực tuyến")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("thủ tục")
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("phiên bản thủ tục")
    )
    # Denormalised from the procedure so that statistics group without joins.
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("lĩnh vực"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("cơ quan"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("phòng xử lý"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("người đang xử lý"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="own_dossiers",
        verbose_name=_("tài khoản người nộp"),
    )

    applicant_kind = models.CharField(_("loại người nộp"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = NFCCharField(_("tên tổ chức, cá nhân"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    applicant_representative = NFCCharField(_("người đại diện"), max_length=255, blank=True)
    applicant_address = NFCCharField(_("địa chỉ"), max_length=500, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    search_text = models.TextField(
        editable=False, default="", help_text="Folded code, applicant and procedure for search."
    )

    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    sets_count = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    due_date = models.DateField(
        _("ngày hẹn trả theo quy định"),
        null=True,
        blank=True,
        help_text=_("Hạn giải quyết theo quy định, tính lại khi hồ sơ được bổ sung đầy đủ; không tính hẹn lại."),
    )
    apology_due_date = models.DateField(_("ngày hẹn lại (phiếu xin lỗi)"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả xử lý"), max_length=10, choices=Outcome.choices, blank=True)

    result_number = NFCCharField(_("số kết quả"), max_length=100, blank=True)
    result_date = models.DateField(_("ngày ký kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    return_method = models.CharField(_("hình thức trả"), max_length=12, choices=ReturnMethod.choices, blank=True)
    # How the applicant asked to receive the result (at filing; the desk may change it, with an event).
    # Empty for dossiers from before the question was asked, which are returned any way.
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"), max_length=12, choices=ReturnMethod.choices, blank=True
    )
    result_address = NFCCharField(_("địa chỉ nhận kết quả qua bưu chính"), max_length=500, blank=True)

    fees_assessed_at = models.DateTimeField(
        _("thời điểm xác định phí, lệ phí"),
        null=True,
        blank=True,
        help_text=_("Trống khi chưa xác định được số tiền phải nộp (thủ tục có nhiều mức thu)."),
    )

    rating = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"), null=True, blank=True)
    is_legacy = models.BooleanField(_("nhập từ hệ thống cũ"), default=False)
    # What the intake on DVCQG reports about the applicant (TaiKhoanDuocXacThucVoiVNeID, DSKetNoiCSDL,
    # law-2026.md §6.4); QĐ 766 indicators 4.5a/4.5b read them (§5.2).
    identity_verified = models.BooleanField(_("tài khoản người nộp xác thực bằng VNeID"), default=False)
    population_data_used = models.BooleanField(_("đã khai thác Cơ sở dữ liệu quốc gia về dân cư"), default=False)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        permissions = [
            ("receive_dossier", "Tiếp nhận hồ sơ"),
            ("process_dossier", "Xử lý hồ sơ"),
            ("assign_dossier", "Phân công xử lý hồ sơ"),
            ("sign_dossier", "Ký duyệt hồ sơ"),
            ("return_dossier", "Trả kết quả hồ sơ"),
            ("override_dossier_rules", "Cho phép ngoại lệ (lãnh đạo)"),
            ("import_dossiers", "Nhập hồ sơ từ hệ thống cũ"),
        ]
        indexes = [
            # The statistics scan windows of received_at / finished_at per agency.
            models.Index(fields=["agency", "received_at"], name="dossier_agency_received"),
            models.Index(fields=["agency", "finished_at"], name="dossier_agency_finished"),
            models.Index(fields=["agency", "status"], name="dossier_agency_status"),
            models.Index(fields=["unit", "status"], name="dossier_unit_status"),
            models.Index(fields=["assignee", "status"], name="dossier_assignee_status"),
            models.Index(fields=["owner"], name="dossier_owner"),
            # Statistics over all agencies (reports.selectors): the period's finished dossiers, the
            # open ones (a small partial index), the period's receipts and its ratings.
            # (finished_at, received_at): "finished at or after the start and received before the end"
            # is answered inside the index, without reading the rows received after the period.
            models.Index(fields=["finished_at", "received_at"], name="dossier_finished_received"),
            models.Index(fields=["received_at"], name="dossier_received"),
            models.Index(
                fields=["received_at"],
                condition=Q(finished_at__isnull=True, received_at__isnull=False),
                name="dossier_open_received",
            ),
            models.Index(fields=["rated_at"], condition=Q(rated_at__isnull=False), name="dossier_rated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result_delivery=ReturnMethod.POST) | ~Q(result_address=""),
                name="dossier_post_delivery_has_address",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True, outcome="") | Q(finished_at__isnull=False) & ~Q(outcome=""),
                name="dossier_finished_iff_outcome",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True)
                | Q(received_at__isnull=False) & Q(finished_at__gte=models.F("received_at")),
                name="dossier_finished_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} ({self.get_status_display()})"


class DossierEvent(EventBase):
    """One transition in a dossier's history. Append-only: rows are never updated or deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )

    class Meta(EventBase.Meta):
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_dossier_at")]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action} {self.at:%d/%m/%Y %H:%M}"


class PauseInterval(models.Model):
    """A time the applicant holds the dossier and the statutory clock stops. Both timestamps are kept.

    - supplement request during processing: the clock restarts from zero at `completed_at`
      (Nghị định 61/2018 art. 19.4);
    - financial obligation requested (DVCQG status 6, law-2026.md §6.4 [V-code]): the clock resumes
      at `completed_at` where it stopped, the time waiting for the payment not counted (QĐ 766
      indicator 2.1 subtracts the time the applicant holds the dossier, law-2026.md §5.2)."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Bổ sung, hoàn thiện hồ sơ")
        PAYMENT = "payment", _("Thực hiện nghĩa vụ tài chính")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.SUPPLEMENT)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu bổ sung"))
    completed_at = models.DateTimeField(_("thời điểm nhận đủ hồ sơ bổ sung"), null=True, blank=True)
    reason = NFCTextField(_("nội dung yêu cầu"))

    class Meta:
        verbose_name = _("thời gian tạm dừng")
        verbose_name_plural = _("thời gian tạm dừng")
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["dossier", "requested_at"], name="pause_dossier_requested")]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.requested_at:%d/%m/%Y} – {self.completed_at or '…'}"


class DossierStep(models.Model):
    """A hand-over along the internal workflow (Form 05): who, when, and against which budget."""

    class Timeliness(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="steps")
    workflow_step = models.ForeignKey(WorkflowStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = NFCCharField(_("bước"), max_length=255)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="dossier_steps"
    )
    started_at = models.DateTimeField(_("bắt đầu"))
    due_at = models.DateTimeField(_("hạn"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    timeliness = models.CharField(_("kết quả"), max_length=10, choices=Timeliness.choices, blank=True)
    note = NFCTextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("các bước xử lý")
        ordering = ["dossier", "order", "started_at"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.order}. {self.name}"


class TransferRule(models.Model):
    """When the one-stop desk must hand a received dossier to the processing unit, by period.

    NĐ 118/2025/NĐ-CP Art. 18 as the provinces' internal-workflow decisions implement it (law-2026.md
    §6.1 and §8.5, tagged [S]): an electronic dossier is transferred at once, a paper one received
    after the cut-off (15:00) by the next working morning. This is a rule about the hand-over, not
    about the deadline: whether a procedure's time limit starts the next day after 15:00 is the
    procedure version's own `afternoon_cutoff`. Admin-editable because provinces word it differently
    (some move electronic dossiers received after 15:00 to the next morning too)."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    cutoff_time = models.TimeField(_("giờ chốt buổi chiều"), default=dt.time(15, 0))
    electronic_immediate = models.BooleanField(
        _("hồ sơ điện tử chuyển ngay"),
        default=True,
        help_text=_("Bỏ chọn: hồ sơ điện tử chuyển trong ngày tiếp nhận như hồ sơ giấy."),
    )
    electronic_cutoff = models.BooleanField(
        _("hồ sơ điện tử nhận sau giờ chốt chuyển vào ngày làm việc tiếp theo"), default=False
    )
    next_day_by = models.TimeField(
        _("hạn chuyển trong ngày làm việc tiếp theo"),
        default=dt.time(11, 30),
        help_text=_("Hồ sơ nhận sau giờ chốt được chuyển trước giờ này của ngày làm việc tiếp theo."),
    )
    same_day_by = models.TimeField(_("hạn chuyển trong ngày tiếp nhận"), default=dt.time(17, 0))
    source = NFCCharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy định chuyển hồ sơ")
        verbose_name_plural = _("quy định chuyển hồ sơ")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}: {self.source}"


class NationalStatusCode(models.Model):
    """Which DVCQG dossier status code (TrangThaiHoSo) an internal status is reported as, by period.

    Codes as used by every DVCQG integrator (law-2026.md §6.4, [V-code]; the legal data-exchange
    spec TT 04/2025/TT-VPCP, from 25/01/2026, not yet read): 1 Mới đăng ký · 2 Được tiếp nhận ·
    3 Không được tiếp nhận · 4 Đang xử lý · 5 Yêu cầu bổ sung giấy tờ · 6 Yêu cầu thực hiện nghĩa vụ
    tài chính · 7 Công dân yêu cầu rút hồ sơ · 8 Dừng xử lý · 9 Đã xử lý xong · 10 Đã trả kết quả.
    Data, so that a change of the national list is a new row from its date, not a code change."""

    class Code(models.IntegerChoices):
        NEW = 1, _("Mới đăng ký")
        RECEIVED = 2, _("Được tiếp nhận")
        NOT_RECEIVED = 3, _("Không được tiếp nhận")
        PROCESSING = 4, _("Đang xử lý")
        SUPPLEMENT = 5, _("Yêu cầu bổ sung giấy tờ")
        FINANCIAL_OBLIGATION = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
        WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
        STOPPED = 8, _("Dừng xử lý")
        PROCESSED = 9, _("Đã xử lý xong")
        RETURNED = 10, _("Đã trả kết quả")

    status = models.CharField(_("trạng thái trong hệ thống"), max_length=20, choices=Status.choices)
    code = models.PositiveSmallIntegerField(_("mã trạng thái DVCQG"), choices=Code.choices)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = NFCCharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mã trạng thái DVCQG")
        verbose_name_plural = _("mã trạng thái DVCQG")
        ordering = ["valid_from", "code", "status"]
        constraints = [
            models.UniqueConstraint(fields=["status", "valid_from"], name="national_status_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="national_status_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status} → {self.code}"


class FormSetPeriod(models.Model):
    """Which set of one-stop forms a dossier is printed with, by the day it was received (or filed).

    Thông tư 01/2018/TT-VPCP (forms 01–06, guiding Nghị định 61/2018) before the switch, Thông tư
    03/2025/TT-VPCP (forms 01–07, Phụ lục I; law-2026.md §6.2 [S]) after it; a form printed today for
    a 2021 dossier keeps its 2021 template. The sets themselves (titles, numbers, fields) are the
    templates in dossiers/form_sets.py; the switch date is data, to correct once the circular's
    effective date is read in its official text."""

    class FormSet(models.TextChoices):
        TT01_2018 = "tt01_2018", _("Thông tư 01/2018/TT-VPCP (Mẫu 01–06)")
        TT03_2025 = "tt03_2025", _("Thông tư 03/2025/TT-VPCP (Mẫu 01–07)")

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    form_set = models.CharField(_("bộ biểu mẫu"), max_length=12, choices=FormSet.choices)
    source = NFCCharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bộ biểu mẫu theo thời kỳ")
        verbose_name_plural = _("bộ biểu mẫu theo thời kỳ")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}: {self.get_form_set_display()}"


class LegacyImport(models.Model):
    """One file written by `import_dossiers` (legacy_import): its content hash lets a second
    run of the same file be refused instead of doubling the dossiers it holds."""

    sha256 = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64, db_index=True)
    file_name = NFCCharField(_("tên tệp"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("số hồ sơ"))
    forced = models.BooleanField(_("nhập lại có chủ ý (--force)"), default=False)
    imported_at = models.DateTimeField(_("thời điểm nhập"))

    class Meta:
        verbose_name = _("lần nhập hồ sơ từ hệ thống cũ")
        verbose_name_plural = _("các lần nhập hồ sơ từ hệ thống cũ")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name or self.sha256[:12]} ({self.imported_at:%d/%m/%Y %H:%M})"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never derives from the uploaded name (path traversal, collisions).
    return f"dossiers/{instance.dossier_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("Thành phần hồ sơ")
        SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
        RESULT = "result", _("Kết quả giải quyết")
        INTERNAL = "internal", _("Tài liệu xử lý")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    required_document = models.ForeignKey(
        RequiredDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thành phần hồ sơ"),
    )
    event = models.ForeignKey(DossierEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.APPLICATION)
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=255)
    original_name = NFCCharField(_("tên tệp gốc"), max_length=255)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(_("định dạng"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    is_digitised = models.BooleanField(_("đã số hóa"), default=False)
    # DuocTaiSuDung / DuocLayTuKhoDMQG of the DVCQG record (law-2026.md §6.4): QĐ 766 indicators 4.3, 4.4.
    is_reused = models.BooleanField(_("tái sử dụng dữ liệu đã số hóa"), default=False)
    from_personal_store = models.BooleanField(_("lấy từ kho dữ liệu cá nhân trên Cổng DVCQG"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"))

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DossierFee(models.Model):
    """A fee or charge this dossier must pay, fixed when `Dossier.fees_assessed_at` is set: the
    version's fixed items, or the rate the desk chose among the alternatives (by area, by kind of
    applicant) or entered from the fee regulation when the catalogue could not say."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="fees")
    fee_item = models.ForeignKey(
        "procedures.FeeItem", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = NFCCharField(_("khoản phí, lệ phí"), max_length=255)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))

    class Meta:
        verbose_name = _("khoản phí, lệ phí phải nộp")
        verbose_name_plural = _("phí, lệ phí phải nộp")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount_vnd}"


class Payment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("Tiền mặt")
        TRANSFER = "transfer", _("Chuyển khoản")
        ONLINE = "online", _("Thanh toán trực tuyến")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    description = NFCCharField(_("nội dung"), max_length=255)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    method = models.CharField(_("hình thức"), max_length=10, choices=Method.choices)
    receipt_number = models.CharField(_("số biên lai"), max_length=50, blank=True)
    einvoice_number = models.CharField(_("số hóa đơn điện tử"), max_length=50, blank=True)
    gateway_reference = models.CharField(_("mã giao dịch"), max_length=100, blank=True)
    paid_at = models.DateTimeField(_("thời điểm nộp"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("khoản thu")
        verbose_name_plural = _("phí, lệ phí đã thu")
        # A receipt number is used once in an agency: checked at every counter payment.
        indexes = [
            models.Index(fields=["receipt_number"], condition=~Q(receipt_number=""), name="payment_receipt_number")
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount_vnd}"
