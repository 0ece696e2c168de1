from django.contrib import admin

from egov.core.admin import ReadOnlyAdmin

from .models import (
    Attachment,
    Dossier,
    DossierEvent,
    DossierStep,
    FormSetPeriod,
    LegacyImport,
    NationalStatusCode,
    PauseInterval,
    Payment,
    TransferRule,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = ["order", "name", "unit", "assignee", "started_at", "due_at", "finished_at", "timeliness"]
    readonly_fields = fields


class PauseInline(ReadOnlyInline):
    model = PauseInterval
    fields = ["requested_at", "completed_at", "reason"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = [
        "kind",
        "original_name",
        "content_type",
        "size",
        "is_digitised",
        "is_reused",
        "from_personal_store",
        "uploaded_at",
    ]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["description", "amount_vnd", "method", "receipt_number", "einvoice_number", "paid_at"]
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    """Read-only: dossiers change only through the lifecycle services, which keep the history."""

    list_display = ["code", "applicant_name", "procedure", "channel", "status", "received_at", "due_date"]
    list_filter = ["status", "channel", "agency", "field", "is_legacy"]
    search_fields = ["code", "applicant_name", "search_text"]
    date_hierarchy = "received_at"
    list_select_related = ["procedure"]
    inlines = [EventInline, StepInline, PauseInline, AttachmentInline, PaymentInline]


@admin.register(LegacyImport)
class LegacyImportAdmin(ReadOnlyAdmin):
    """Read-only: what import_dossiers wrote, and when (a file imported again is refused by it)."""

    list_display = ["imported_at", "file_name", "rows", "forced", "sha256"]
    list_filter = ["forced"]
    search_fields = ["file_name", "sha256"]


@admin.register(TransferRule)
class TransferRuleAdmin(admin.ModelAdmin):
    """The hand-over rule by period: a new period is a new row, so past hand-overs keep theirs."""

    list_display = ["valid_from", "cutoff_time", "electronic_immediate", "electronic_cutoff", "next_day_by", "source"]


@admin.register(NationalStatusCode)
class NationalStatusCodeAdmin(admin.ModelAdmin):
    """The DVCQG status codes by period: a change of the national list is a new row from its date."""

    list_display = ["status", "code", "valid_from", "valid_to", "source"]
    list_filter = ["code", "valid_from"]


@admin.register(FormSetPeriod)
class FormSetPeriodAdmin(admin.ModelAdmin):
    """Which set of forms applies from which date (by the dossier's day of receipt)."""

    list_display = ["valid_from", "form_set", "source"]
