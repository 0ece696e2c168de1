from django.contrib import admin

from .models import AccessLogEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown in the admin, never added, changed or deleted there (the services own the writes)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is append-only (core.models.AccessLogEntry)."""

    list_display = ["at", "user", "agency", "action", "kind", "label", "channel", "client_address"]
    list_filter = ["action", "kind", "channel", "agency"]
    search_fields = ["label", "user__username", "user__full_name"]
    date_hierarchy = "at"
    list_select_related = ["user", "agency"]
