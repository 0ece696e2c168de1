from django.contrib import admin

from .models import FeeItem, Field, Procedure, ProcedureVersion, RequiredDocument, WorkflowStep


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["effective_from", "effective_to", "decision", "time_limit", "time_limit_unit", "online_level"]
    extra = 0
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "agency", "is_active"]
    list_filter = ["field", "agency", "is_active", "has_national_code"]
    search_fields = ["code", "name", "search_text"]
    inlines = [VersionInline]


class FeeItemInline(admin.TabularInline):
    model = FeeItem
    extra = 0


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "effective_from", "effective_to", "time_limit", "time_limit_unit", "online_level"]
    list_filter = ["online_level", "time_limit_unit", "on_the_spot", "afternoon_cutoff"]
    search_fields = ["procedure__code", "name"]
    autocomplete_fields = ["procedure"]
    inlines = [FeeItemInline, RequiredDocumentInline, WorkflowStepInline]
