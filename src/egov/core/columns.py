"""What a value must be to fit the database column of a model field: the one place input code
(forms, serializers, imports, services) asks, so no boundary hard-codes a column's size."""

from __future__ import annotations

from django.core import validators
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from .formats import vn_number


def integer_range(field: models.Field) -> tuple[int, int]:
    """The integers the column accepts: its type's range (smallint, integer, bigint), narrowed by
    the field's own minimum and maximum validators."""
    # Django's documented ranges, PostgreSQL's types; SQLite (the demo) stores wider but keeps them.
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator) and isinstance(validator.limit_value, int):
            low = max(low, validator.limit_value)
        elif isinstance(validator, validators.MaxValueValidator) and isinstance(validator.limit_value, int):
            high = min(high, validator.limit_value)
    return low, high


def integer_error(value: int, field: models.Field, *, low: int | None = None) -> str | None:
    """None when `value` fits the column (and is at least `low`), else the Vietnamese reason."""
    column_low, high = integer_range(field)
    low = column_low if low is None else max(low, column_low)
    if low <= value <= high:
        return None
    return f"phải từ {vn_number(low)} đến {vn_number(high)}"


def max_length(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length
