from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from egov.core.fields import NFCCharField
from egov.core.secrets import secret_digest

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
    # Set when someone else chose the password (an account created or reset by an administrator):
    # the owner must replace it before doing anything else (organisations.middleware).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu khi đăng nhập"), default=False)
    password_changed_at = models.DateTimeField(_("đổi mật khẩu lần cuối"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

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


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The user's one-use recovery codes, for a lost authenticator (a django-otp device).

    Only a SHA-256 digest of each code is stored: the codes are random (50 bits each), so a
    digest cannot be reversed by guessing, and a database copy gives nobody a way in.
    """

    class Meta(Device.Meta):
        verbose_name = _("bộ mã dự phòng")
        verbose_name_plural = _("bộ mã dự phòng")

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(digest=secret_digest(normalise_recovery_code(str(token)))).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False

    def get_throttle_factor(self) -> int:
        return 1


def normalise_recovery_code(text: str) -> str:
    """Codes are shown as XXXXX-XXXXX; accept them typed in lower case, with or without the dash."""
    return "".join(text.split()).replace("-", "").upper()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_unique_per_device")]

    def __str__(self) -> str:
        return f"{self.device_id}: {self.digest[:8]}…"


class ApiToken(models.Model):
    """A credential for the API (an integration, a script): only its SHA-256 digest is stored.

    The secret is shown once, at creation. A token ends at its expiry or when its owner or an
    administrator revokes it; ended tokens are kept, so the history of who could call the API stays.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("chủ sở hữu"))
    name = NFCCharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, help_text=_("Phần đầu của khóa, để nhận ra khóa."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người thu hồi")
    )

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_at(self, moment) -> bool:
        return self.revoked_at is None and self.expires_at > moment


__all__ = ["Agency", "ApiToken", "Province", "RecoveryCode", "RecoveryCodeDevice", "Unit", "User", "group_name"]
