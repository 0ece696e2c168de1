from django.contrib import admin

from .models import Feedback, FeedbackTimeLimit


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "author", "agency", "dossier", "due_date", "answered_at"]
    list_select_related = ["author", "agency", "dossier"]
    list_filter = ["agency"]
    search_fields = ["message", "dossier__code"]
    # Answers are recorded in the staff workspace (portal.services.feedback_answer), which tells the citizen.
    readonly_fields = [
        "author",
        "agency",
        "dossier",
        "message",
        "created_at",
        "due_date",
        "answer",
        "answered_by",
        "answered_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(FeedbackTimeLimit)
class FeedbackTimeLimitAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "working_days", "legal_basis"]
