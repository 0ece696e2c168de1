"""The time-limit rules: reference data edited in the admin, checked here."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from egov.core.text import clean_text

from ..models import TimeLimitRule
from .base import raise_errors

_TERMS = ("value", "day_type", "direction", "start_event", "max_extensions", "extension_value")


def rule_validate(values: dict, instance: TimeLimitRule | None = None) -> dict[str, str]:
    """Field -> message for a rule with these values; {} if it may be saved."""
    errors: dict[str, str] = {}
    start, end = values.get("valid_from"), values.get("valid_to")
    if not clean_text(values.get("source") or ""):
        errors["source"] = "Cần ghi căn cứ pháp lý của thời hạn (văn bản, điều, khoản)."
    if (values.get("max_extensions") or 0) > 0 and not values.get("extension_value"):
        errors["extension_value"] = "Cần ghi số ngày tối đa của mỗi lần gia hạn."
    if not values.get("max_extensions") and values.get("extension_value"):
        errors["extension_value"] = "Thời hạn không được gia hạn thì không ghi số ngày gia hạn."
    if start is None:
        errors["valid_from"] = "Cần ghi ngày bắt đầu áp dụng."
        return errors
    if end is not None and end < start:
        errors["valid_to"] = "Ngày hết áp dụng phải sau ngày bắt đầu áp dụng."
        return errors
    in_use = instance is not None and instance.pk is not None and instance.deadlines.exists()
    if in_use and any(values.get(name) != getattr(instance, name) for name in (*_TERMS, "step", "condition")):
        errors["value"] = (
            "Quy định này đã được dùng để tính hạn; không sửa nội dung thời hạn. "
            "Hãy ghi ngày hết áp dụng và thêm quy định mới."
        )
    if in_use and (
        start != instance.valid_from or (end is not None and instance.deadlines.filter(started_on__gt=end).exists())
    ):
        errors["valid_to"] = "Khoảng thời gian áp dụng mới không còn bao gồm các hạn đã tính theo quy định này."
    others = TimeLimitRule.objects.filter(step=values.get("step"), condition=values.get("condition"))
    if instance is not None and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    overlapping = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        overlapping = overlapping.filter(valid_from__lte=end)
    clash = overlapping.first()
    if clash is not None:
        until = f"{clash.valid_to:%d/%m/%Y}" if clash.valid_to else "nay"
        errors["valid_from"] = (
            f"Trùng thời gian áp dụng với quy định {clash.value} {clash.get_day_type_display().lower()} "
            f"({clash.valid_from:%d/%m/%Y} – {until}, {clash.source})."
        )
    return errors


@transaction.atomic
def rule_save(*, values: dict, instance: TimeLimitRule | None = None) -> TimeLimitRule:
    """Create or change a rule; the rule row is locked while it is checked."""
    if instance is not None and instance.pk is not None:
        instance = TimeLimitRule.objects.select_for_update().get(pk=instance.pk)
    raise_errors(rule_validate(values, instance))
    rule = instance if instance is not None else TimeLimitRule()
    for name, value in values.items():
        setattr(rule, name, clean_text(value) if name == "source" else value)
    rule.full_clean()
    rule.save()
    return rule
