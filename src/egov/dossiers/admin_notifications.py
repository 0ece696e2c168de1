"""Admin for notifications: filter by state, read the last error, send again ("gửi lại").

Registered from the dossiers admin module (`from . import admin_notifications`), kept apart so
the messaging code and its admin live together.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Notification
from .notifications import notification_requeue


class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "recipient", "dossier", "state", "attempts", "sent_at")
    list_filter = ("state", "channel", "kind")
    search_fields = ("recipient", "dossier__code", "subject")
    readonly_fields = (
        "dossier",
        "channel",
        "recipient",
        "kind",
        "subject",
        "body",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    list_select_related = ("dossier",)
    date_hierarchy = "created_at"
    actions = ["resend"]

    def has_add_permission(self, request):
        return False  # messages come from dossier events and reminders only

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was (not) sent is kept

    @admin.action(description=_("Gửi lại các thông báo đã chọn"), permissions=["change"])
    def resend(self, request, queryset):
        queued = sum(notification_requeue(notification_id=pk) for pk in queryset.values_list("pk", flat=True))
        skipped = queryset.count() - queued
        self.message_user(
            request, gettext("Đã đưa %(count)s thông báo vào hàng đợi gửi lại.") % {"count": queued}, messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request, gettext("Bỏ qua %(count)s thông báo đã gửi thành công.") % {"count": skipped}, messages.WARNING
            )


if not admin.site.is_registered(Notification):
    admin.site.register(Notification, NotificationAdmin)
