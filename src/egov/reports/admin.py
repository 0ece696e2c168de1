from django.contrib import admin

from .models import IndexGroup, IndexRule, IndexRuleSet


class IndexGroupInline(admin.TabularInline):
    model = IndexGroup
    extra = 0


class IndexRuleInline(admin.TabularInline):
    model = IndexRule
    extra = 0
    fields = [
        "order",
        "code",
        "name",
        "measure",
        "max_points",
        "scoring",
        "threshold_pct",
        "when_empty",
        "decision_group",
        "board_group",
        "source_verified",
    ]


@admin.register(IndexRuleSet)
class IndexRuleSetAdmin(admin.ModelAdmin):
    """The QĐ 766 scoring rules by period: a change of points or thresholds is a new set from its date."""

    list_display = ["name", "valid_from"]
    inlines = [IndexGroupInline, IndexRuleInline]


@admin.register(IndexRule)
class IndexRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule_set", "max_points", "scoring", "threshold_pct", "source_verified"]
    list_filter = ["rule_set", "scoring", "source_verified"]
    search_fields = ["code", "name"]
