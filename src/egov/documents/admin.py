"""Admin for reference data (types, issuers, numbering series) and read-mostly views of the registers.

Register lines and numbers are written by the services (numbering, citations), so the
admin shows them read-only: editing a number by hand would break the gap-free series.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Citation,
    Document,
    DocumentFile,
    DocumentType,
    Issuer,
    NumberingSeries,
)
from .numbering import DOCUMENT_NUMBERS


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "is_normative", "is_active", "sort_order"]
    list_filter = ["is_normative", "is_active"]
    search_fields = ["name", "abbreviation"]
    list_editable = ["sort_order", "is_active"]


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "symbol", "agency", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "symbol"]
    raw_id_fields = ["agency"]


@admin.register(NumberingSeries)
class NumberingSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "direction", "document_type"]
    list_filter = ["direction", "agency"]

    def get_readonly_fields(self, request, obj=None):
        # Once a series has given numbers, moving it to another type or agency would mix sequences.
        if obj is not None and DOCUMENT_NUMBERS.periods_of(obj.pk):
            return ["agency", "direction", "document_type", "numbers_given"]
        return ["numbers_given"]

    @admin.display(description=_("số cuối đã cấp theo năm"))
    def numbers_given(self, obj) -> str:
        given = DOCUMENT_NUMBERS.periods_of(obj.pk) if obj.pk else {}
        return "; ".join(f"{period.year}: {last}" for period, last in given.items()) or "—"


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    readonly_fields = ["kind", "file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "citing"
    extra = 0
    fields = ["ref", "type_word", "date", "relation", "target"]
    readonly_fields = ["ref", "type_word", "date", "relation", "target"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["ref", "direction", "status", "document_date", "document_type", "issuer", "arrival_number"]
    list_filter = ["direction", "status", "year", "document_type", "agency"]
    search_fields = ["ref", "summary", "search_text"]
    date_hierarchy = "document_date"
    inlines = [DocumentFileInline, CitationInline]
    readonly_fields = [
        "agency",
        "direction",
        "status",
        "number",
        "number_year",
        "symbol",
        "ref",
        "year",
        "issuer",
        "arrival_number",
        "arrival_year",
        "numbering_series",
        "created_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # through the registers (services), which give numbers

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # register lines are never deleted: numbers stay gap-free


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["ref", "citing", "relation", "target", "date"]
    list_filter = ["relation", "kind"]
    search_fields = ["ref"]
    raw_id_fields = ["citing", "target"]
