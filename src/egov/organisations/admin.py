from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyIdentifier, Province, Unit, User


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
    ]
