from django.contrib import admin

from egov.core.forms import ModelForm

from .models import TimeLimitRule
from .services.rules import rule_save, rule_validate

_FIELDS = [
    "step",
    "condition",
    "value",
    "day_type",
    "direction",
    "start_event",
    "max_extensions",
    "extension_value",
    "source",
    "confidence",
    "valid_from",
    "valid_to",
    "note",
]


class TimeLimitRuleForm(ModelForm):
    """Validates with the service's rule (one place), so the admin shows the same messages."""

    class Meta:
        model = TimeLimitRule
        fields = _FIELDS

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for field, message in rule_validate(cleaned, self.instance).items():
                self.add_error(field if field in self.fields else None, message)
        return cleaned

    def validate_unique(self):
        # The service refuses overlapping periods, with a clearer message than the unique key's.
        pass


@admin.register(TimeLimitRule)
class TimeLimitRuleAdmin(admin.ModelAdmin):
    """The legal time limits: a changed law is a new row; a rule that computed deadlines keeps its figures."""

    form = TimeLimitRuleForm
    list_display = ["step", "condition", "value", "day_type", "direction", "start_event", "valid_from", "valid_to"]
    list_filter = ["step", "day_type", "confidence"]
    search_fields = ["source", "note"]

    def has_delete_permission(self, request, obj=None):
        return False  # close a rule with `valid_to` instead: its history explains past deadlines

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in _FIELDS}
        saved = rule_save(values=values, instance=obj if change else None)
        obj.pk = saved.pk
        obj._state.adding = False
