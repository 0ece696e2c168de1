"""Reads for petitions and reception."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .models import Condition, TimeLimitRule


def rule_in_force(step: str, on: dt.date, condition: str = Condition.STANDARD) -> TimeLimitRule | None:
    """The time-limit rule for `step` and `condition` in force on `on` (both ends inclusive)."""
    return (
        TimeLimitRule.objects.filter(step=step, condition=condition, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )
