from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from egov.core.forms import ModelForm

from .blank_forms import blank_form_fill
from .models import (
    BlankForm,
    FeeItem,
    Field,
    FilingMethod,
    OnlineServiceRegime,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    WorkflowStep,
)


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


class FilingMethodInline(admin.TabularInline):
    model = FilingMethod
    extra = 0


class BlankFormAdminForm(ModelForm):
    class Meta:
        model = BlankForm
        fields = ["name", "required_document", "file", "order"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file: checked by content like every upload
            blank_form_fill(self.instance, upload)
            upload.seek(0)
        return upload


class BlankFormInline(admin.TabularInline):
    model = BlankForm
    form = BlankFormAdminForm
    extra = 0
    readonly_fields = ["original_name", "content_type", "size"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the documents of the version being edited.
        if db_field.name == "required_document":
            version_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = RequiredDocument.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "effective_from", "effective_to", "time_limit", "time_limit_unit", "online_level"]
    list_filter = ["online_level", "proactive_level", "online_partial_reason", "time_limit_unit", "on_the_spot"]
    search_fields = ["procedure__code", "name"]
    autocomplete_fields = ["procedure"]
    inlines = [FilingMethodInline, FeeItemInline, RequiredDocumentInline, BlankFormInline, WorkflowStepInline]


@admin.register(OnlineServiceRegime)
class OnlineServiceRegimeAdmin(admin.ModelAdmin):
    """The decree defining online-service levels by period: a new decree is a new row from its date."""

    list_display = ["instrument", "valid_from", "partial_needs_reason", "proactive_levels", "statutory_metrics"]
