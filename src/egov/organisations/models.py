from django.contrib.auth.models import AbstractUser
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
