from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from egov.core.forms import BoundaryForm

from .forms import PasswordChosenBy
from .models import Agency, AgencyIdentifier, ApiToken, Province, Unit, User
from .tokens import api_token_revoke


class TemporaryPasswordForm(BoundaryForm, PasswordChosenBy, AdminPasswordChangeForm):
    """A password an administrator sets for someone else is temporary: the owner replaces it at log-in."""

    by_owner = False


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class AgencyIdentifierInline(admin.TabularInline):
    model = AgencyIdentifier
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "identifier", "province", "is_active"]
    list_filter = ["province", "is_active"]
    search_fields = ["name", "short_name", "identifier"]
    inlines = [AgencyIdentifierInline, UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "agency", "is_one_stop_desk", "is_active"]
    list_filter = ["agency", "is_one_stop_desk"]
    search_fields = ["name", "short_name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "agency", "unit", "is_active", "is_staff"]
    list_filter = ["agency", "groups", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Cơ quan và vị trí"), {"fields": ["full_name", "phone", "agency", "unit", "position"]}),
        (_("Mật khẩu"), {"fields": ["must_change_password", "password_changed_at"]}),
    ]
    readonly_fields = ["password_changed_at"]

    change_password_form = TemporaryPasswordForm

    def save_model(self, request, obj, form, change):
        if not change:  # the add form sets a password someone else chose
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token and revoke them; only the owner creates one (its secret is shown once)."""

    list_display = ["name", "prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username", "user__full_name"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "digest"]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Thu hồi các khóa đã chọn"), permissions=["change"])
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token, by=request.user)
        self.message_user(request, _("Đã thu hồi %(count)d khóa.") % {"count": queryset.count()})
