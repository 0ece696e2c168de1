from django.contrib import admin

from egov.core.forms import ModelForm

from .models import CalendarOverride
from .services import override_create, override_delete, override_update, override_validate


class CalendarOverrideForm(ModelForm):
    """Validates with the service's rule (one place), so the admin shows the same messages."""

    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "reason", "decision"]

    def clean(self):
        cleaned = super().clean()
        if all(name in cleaned for name in ("date", "kind", "reason")):
            errors = override_validate(
                date=cleaned["date"], kind=cleaned["kind"], reason=cleaned["reason"], instance=self.instance
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return cleaned

    def validate_unique(self):
        # The service rule already refuses a second override for a date, with a clearer message.
        pass


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = ["date", "kind", "reason", "decision"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["reason", "decision"]

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in ("date", "kind", "reason", "decision")}
        saved = override_update(override=obj, **values) if change else override_create(**values)
        obj.pk, obj.created_at, obj.updated_at = saved.pk, saved.created_at, saved.updated_at
        obj.reason, obj.decision = saved.reason, saved.decision
        obj._state.adding = False

    def delete_model(self, request, obj):
        override_delete(override=obj)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            override_delete(override=override)
