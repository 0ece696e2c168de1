"""Admin of the outbox: filter by state, read the last error, send again ("gửi lại").

Rows are never added or deleted here (the record of what was, or was not, sent is kept), and an
administrator sees the messages of their own agency only, like every other list.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Message
from .selectors import messages_scoped
from .services import message_requeue


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "recipient", "about", "state", "attempts", "sent_at")
    list_filter = ("state", "channel", "kind")
    search_fields = ("recipient", "subject")
    readonly_fields = (
        "about",
        "agency",
        "unit",
        "channel",
        "recipient",
        "kind",
        "subject",
        "body",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "expires_at",
        "reference",
        "created_at",
        "sent_at",
    )
    exclude = ("about_type", "about_id", "secret")
    list_select_related = ("about_type",)
    date_hierarchy = "created_at"
    show_full_result_count = False  # a count of millions of rows on every page is not worth its time
    actions = ["resend"]

    def get_queryset(self, request):
        return messages_scoped(request.user)

    def has_add_permission(self, request):
        return False  # messages come from the domains' changes only

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what was (not) sent is kept

    @admin.action(description=_("Gửi lại các thông báo đã chọn"), permissions=["change"])
    def resend(self, request, queryset):
        queued = sum(message_requeue(message_id=pk) for pk in queryset.values_list("pk", flat=True))
        skipped = queryset.count() - queued
        self.message_user(
            request, gettext("Đã đưa %(count)s thông báo vào hàng đợi gửi lại.") % {"count": queued}, messages.SUCCESS
        )
        if skipped:
            self.message_user(
                request, gettext("Bỏ qua %(count)s thông báo đã gửi thành công.") % {"count": skipped}, messages.WARNING
            )
