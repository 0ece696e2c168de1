from django import forms
from django.contrib import admin

from .forms import ModelForm
from .models import AccessLogEntry, RegisterCounter, RetentionRule
from .retention import KINDS


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown in the admin, never added, changed or deleted there (the services own the writes)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is append-only (core.models.AccessLogEntry)."""

    list_display = ["at", "user", "agency", "action", "kind", "label", "channel", "client_address"]
    list_filter = ["action", "kind", "channel", "agency"]
    search_fields = ["label", "user__username", "user__full_name"]
    date_hierarchy = "at"
    list_select_related = ["user", "agency"]


class RetentionRuleForm(ModelForm):
    record_kind = forms.ChoiceField(label=RetentionRule._meta.get_field("record_kind").verbose_name, choices=())

    class Meta:
        model = RetentionRule
        fields = ["record_kind", "effective_from", "years", "legal_basis", "confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_kind"].choices = [(kind.code, kind.label) for kind in KINDS.values()]


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ["record_kind", "effective_from", "years", "confirmed"]
    list_filter = ["record_kind", "confirmed"]


@admin.register(RegisterCounter)
class RegisterCounterAdmin(ReadOnlyAdmin):
    """Read-only: a number changed by hand would break the register's gap-free sequence."""

    list_display = ["register", "scope", "period", "last_number"]
    list_filter = ["register"]
    date_hierarchy = "period"
