from django.contrib import admin

from .calendar import invalidate_calendar
from .models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason", "decision"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["reason", "decision"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_calendar()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate_calendar()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidate_calendar()
