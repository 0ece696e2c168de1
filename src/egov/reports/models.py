"""The reports app computes every figure from the dossiers; what it stores are the rules it scores by.

`ReportAccess` is a table-less model that only carries the permissions of this app, so that roles
grant them like any other (role_grants.py) and the admin shows them.

`IndexRuleSet` / `IndexGroup` / `IndexRule`: the QĐ 766 scoring rules as data, effective by date
(law-2026.md §5: points, thresholds and group membership are partly observed on the DVCQG board,
not published, so they are revised without a code change). A period is scored with the set in
force on its last day; the measure each rule names is computed in `indices.py`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField, NFCTextField


class ReportAccess(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = "quyền số liệu, báo cáo"
        permissions = [
            ("view_statistics", "Xem số liệu thống kê TTHC và chỉ số chất lượng phục vụ"),
            ("export_report", "Tải báo cáo (.docx, .xlsx) số liệu TTHC"),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class IndexRuleSet(models.Model):
    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    name = NFCCharField(_("tên bộ quy tắc"), max_length=255)
    source = NFCTextField(_("căn cứ"), blank=True)

    class Meta:
        verbose_name = _("bộ quy tắc chấm chỉ số 766")
        verbose_name_plural = _("bộ quy tắc chấm chỉ số 766")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} (từ {self.valid_from:%d/%m/%Y})"

    @classmethod
    def in_force_on(cls, day: dt.date) -> "IndexRuleSet | None":
        return cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


class IndexGroup(models.Model):
    """A group of indicators in one of the two views: the decision's five groups, or the six
    columns of the DVCQG board (online services and online payment apart, law-2026.md §5.1)."""

    class View(models.TextChoices):
        DECISION = "decision", _("Theo Quyết định 766 (5 nhóm)")
        BOARD = "board", _("Theo bảng điểm Cổng DVCQG (6 nhóm)")

    rule_set = models.ForeignKey(IndexRuleSet, on_delete=models.CASCADE, related_name="groups")
    view = models.CharField(_("cách chia nhóm"), max_length=10, choices=View.choices)
    number = models.PositiveSmallIntegerField(_("số thứ tự nhóm"))
    name = NFCCharField(_("tên nhóm"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa của nhóm"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("nhóm chỉ số")
        verbose_name_plural = _("nhóm chỉ số")
        ordering = ["rule_set", "view", "number"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "view", "number"], name="index_group_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class IndexRule(models.Model):
    class Measure(models.TextChoices):
        # The reading used for 2021 (domain.md §2.6): Biểu 06 figures scored against thresholds.
        BIEU06_ON_TIME = "bieu06_on_time", _("Biểu 06: tỷ lệ giải quyết trước hạn, đúng hạn")
        HANDLING_TIME_RATIO = "handling_time_ratio", _("Thời gian giải quyết so với thời hạn")
        BIEU06_ONLINE = "bieu06_online", _("Biểu 06: tỷ lệ hồ sơ trực tuyến")
        PAYMENTS_ONLINE = "payments_online", _("Khoản thu thanh toán trực tuyến")
        RETURNED_ELECTRONICALLY = "returned_electronically", _("Hồ sơ trả kết quả trực tuyến")
        DIGITISED_RECEIVED = "digitised_received", _("Hồ sơ tiếp nhận được số hóa")
        BIEU06_SATISFIED = "bieu06_satisfied", _("Biểu 06: tỷ lệ đánh giá hài lòng")
        # Shared by both readings.
        PROCEDURES_ONLINE = "procedures_online", _("TTHC cung cấp dịch vụ công trực tuyến")
        # QĐ 766 as the DVCQG board scores it (law-2026.md §5.2).
        EXTERNAL = "external", _("Chấm trên hệ thống quốc gia, không tính từ dữ liệu hồ sơ")
        NOT_APPLICABLE = "not_applicable", _("Không áp dụng đối với cơ quan")
        ON_TIME_766 = "on_time_766", _("Hồ sơ xử lý trước hạn, đúng hạn (chỉ số 2.1)")
        AVERAGE_HANDLING_TIME = "average_handling_time", _("Thời gian giải quyết trung bình")
        ONLINE_SERVICES_WITH_DOSSIERS = "online_services_with_dossiers", _("DVCTT có phát sinh hồ sơ")
        ONLINE_DOSSIERS_766 = "online_dossiers_766", _("Hồ sơ trực tuyến (chỉ số 3.3)")
        PAYMENT_INTEGRATED = "payment_integrated", _("TTHC tích hợp thanh toán trực tuyến")
        PROCEDURES_PAID_ONLINE = "procedures_paid_online", _("TTHC có giao dịch thanh toán trực tuyến")
        DOSSIERS_PAID_ONLINE = "dossiers_paid_online", _("Hồ sơ thanh toán trực tuyến")
        ELECTRONIC_RESULT = "electronic_result", _("Hồ sơ có kết quả điện tử")
        DIGITISED_766 = "digitised_766", _("Hồ sơ số hóa thành phần và kết quả")
        REUSED_DATA = "reused_data", _("Hồ sơ tái sử dụng dữ liệu số hóa")
        PERSONAL_STORE = "personal_store", _("Hồ sơ kết nối kho dữ liệu cá nhân")
        POPULATION_PROCEDURES = "population_procedures", _("TTHC kết nối dữ liệu dân cư")
        POPULATION_DOSSIERS = "population_dossiers", _("Hồ sơ sử dụng dữ liệu dân cư")
        FEEDBACK_COUNT = "feedback_count", _("Phản ánh, kiến nghị theo phân loại")
        FEEDBACK_ON_TIME = "feedback_on_time", _("Phản ánh, kiến nghị xử lý đúng hạn")
        FEEDBACK_SATISFIED = "feedback_satisfied", _("Hài lòng trong xử lý phản ánh, kiến nghị")
        DOSSIER_SATISFACTION_766 = "dossier_satisfaction_766", _("Hài lòng trong giải quyết TTHC (chỉ số 5.4)")

    class Scoring(models.TextChoices):
        LINEAR = "linear", _("Tuyến tính: điểm tối đa × tỷ lệ")
        THRESHOLD = "threshold", _("Theo ngưỡng: đủ điểm khi đạt ngưỡng, dưới ngưỡng tỷ lệ × điểm / ngưỡng")
        INFORMATIONAL = "informational", _("Chỉ theo dõi, không tính điểm")

    class WhenEmpty(models.TextChoices):
        ZERO = "zero", _("0 điểm")
        FULL = "full", _("Đủ điểm")
        NOT_SCORED = "not_scored", _("Không tính")

    rule_set = models.ForeignKey(IndexRuleSet, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("mã chỉ số"), max_length=10)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = NFCCharField(_("tên chỉ số"), max_length=255)
    measure = models.CharField(_("cách tính tỷ lệ"), max_length=40, choices=Measure.choices)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    scoring = models.CharField(_("cách cho điểm"), max_length=15, choices=Scoring.choices)
    threshold_pct = models.DecimalField(
        _("ngưỡng đạt tối đa (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )
    when_empty = models.CharField(
        _("khi không có dữ liệu (mẫu số 0)"), max_length=10, choices=WhenEmpty.choices, default=WhenEmpty.ZERO
    )
    decision_group = models.PositiveSmallIntegerField(_("nhóm theo Quyết định 766"))
    board_group = models.PositiveSmallIntegerField(_("nhóm theo bảng điểm Cổng DVCQG"), null=True, blank=True)
    formula = NFCTextField(_("công thức"), blank=True)
    source = NFCTextField(_("nguồn"), blank=True)
    source_verified = models.BooleanField(
        _("đã đối chiếu văn bản chính thức"),
        default=False,
        help_text=_("Bỏ trống khi điểm hoặc cách tính mới đọc từ nguồn thứ cấp hoặc quan sát trên Cổng DVCQG."),
    )

    class Meta:
        verbose_name = _("quy tắc chấm chỉ số 766")
        verbose_name_plural = _("quy tắc chấm chỉ số 766")
        ordering = ["rule_set", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="index_rule_unique_code"),
            models.CheckConstraint(
                condition=~Q(scoring="threshold") | Q(threshold_pct__isnull=False), name="index_rule_threshold_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        if self.scoring == self.Scoring.THRESHOLD and self.threshold_pct is None:
            raise ValidationError({"threshold_pct": _("Chỉ số chấm theo ngưỡng cần có ngưỡng đạt tối đa.")})
