from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.fields import NFCCharField

from .roles import ROLE_SCOPE, Scope, group_name
from .validators import validate_agency_identifier


class Province(models.Model):
    name = NFCCharField(_("tên"), max_length=100, unique=True)
    code = models.CharField(_("mã"), max_length=10, unique=True, help_text=_("Mã tỉnh, ví dụ H48."))

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("tỉnh"))
    name = NFCCharField(_("tên cơ quan"), max_length=255)
    short_name = NFCCharField(_("tên viết tắt"), max_length=30, help_text=_("Ví dụ: SCT"))
    identifier = models.CharField(
        _("mã định danh"),
        max_length=20,
        unique=True,
        validators=[validate_agency_identifier],
        help_text=_("Theo QCVN 102:2016/BTTTT, ví dụ 000.00.53.H48."),
    )
    address = NFCCharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    place_name = NFCCharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Dùng trong dòng địa danh, ngày tháng của văn bản, ví dụ Quảng Ngãi."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyIdentifier(models.Model):
    """An electronic identifier the agency used over a period (QCVN 102:2016; law-2026.md §8.4).

    The 2025 merger of provinces (Quảng Ngãi with Kon Tum, from 01/7/2025) changed the identifiers
    of the merged provinces' agencies [S]; a dossier code carries the identifier in force on its
    day of receipt. An agency with no row here has always used `Agency.identifier`."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="identifiers", verbose_name=_("cơ quan"))
    identifier = models.CharField(_("mã định danh"), max_length=20, validators=[validate_agency_identifier])
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    source = NFCCharField(_("căn cứ"), max_length=255, blank=True, help_text=_("Văn bản cấp hoặc thay đổi mã."))

    class Meta:
        verbose_name = _("mã định danh theo thời kỳ")
        verbose_name_plural = _("mã định danh theo thời kỳ")
        ordering = ["agency", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "valid_from"], name="agency_identifier_unique_start"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="agency_identifier_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.valid_from:%d/%m/%Y}–{self.valid_to or '…'})"

    def clean(self) -> None:
        if self.agency_id is None or self.valid_from is None:
            return
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError(_("Ngày hết áp dụng phải sau ngày bắt đầu áp dụng."), code="period_order")
        overlapping = AgencyIdentifier.objects.filter(agency_id=self.agency_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from))
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        if overlapping.exists():
            raise ValidationError(
                _("Thời kỳ áp dụng trùng với một mã định danh khác của cơ quan."), code="period_overlap"
            )


class Unit(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units", verbose_name=_("cơ quan"))
    name = NFCCharField(_("tên phòng, ban"), max_length=255)
    short_name = NFCCharField(
        _("tên viết tắt"), max_length=30, help_text=_("Dùng trong ký hiệu văn bản, ví dụ VP, QLTM.")
    )
    is_one_stop_desk = models.BooleanField(_("là Bộ phận Một cửa"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("phòng, ban")
        verbose_name_plural = _("phòng, ban")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency"),
            models.UniqueConstraint(fields=["agency", "short_name"], name="unit_unique_short_name_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.short_name})"


class User(AbstractUser):
    """A staff member (scoped to an agency and possibly a unit) or a citizen account (no agency)."""

    full_name = NFCCharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("cơ quan")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("phòng, ban")
    )
    position = NFCCharField(_("chức vụ"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.agency_id is not None

    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            names = self.groups.filter(name__startswith="role:").values_list("name", flat=True)
            self._role_names = {name.removeprefix("role:") for name in names}
        return self._role_names

    def has_role(self, role: str) -> bool:
        return role in self.role_names()

    @property
    def scope(self) -> str | None:
        """The widest scope among the user's roles; None for accounts without a staff role."""
        scopes = {ROLE_SCOPE[role] for role in self.role_names() if role in ROLE_SCOPE}
        if Scope.AGENCY in scopes:
            return Scope.AGENCY
        return Scope.UNIT if scopes else None


__all__ = ["Agency", "Province", "Unit", "User", "group_name"]
