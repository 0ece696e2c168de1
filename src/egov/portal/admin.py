from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "author", "dossier", "message"]
    list_select_related = ["author", "dossier"]
    search_fields = ["message", "dossier__code"]
    readonly_fields = ["author", "dossier", "message", "created_at"]

    def has_add_permission(self, request):
        return False
