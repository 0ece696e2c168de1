"""Admin of assigned tasks: read and corrected here, created through the task pages (services),
which give each task its schedule of due reports."""

from django.contrib import admin

from .models import ProgressReport, Task, TaskOccurrence


class TaskOccurrenceInline(admin.TabularInline):
    model = TaskOccurrence
    extra = 0
    readonly_fields = ["completed_at"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "lead_unit", "lead_agency", "deadline", "recurrence", "status"]
    list_filter = ["status", "recurrence", "lead_unit"]
    search_fields = ["content"]
    raw_id_fields = ["document"]
    filter_horizontal = ["coordinating_units"]
    inlines = [TaskOccurrenceInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["occurrence", "unit", "author", "percent_complete", "created_at"]
    list_filter = ["unit"]
    raw_id_fields = ["occurrence", "author"]
