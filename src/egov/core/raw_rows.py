"""Values of rows read with raw SQL (the hot pages' queries skip the ORM), as the ORM would give them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def row_moment(value) -> dt.datetime | None:
    """A timestamp column: aware on PostgreSQL; naive UTC (or text) on SQLite."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def row_date(value) -> dt.date | None:
    """A date column: a date on PostgreSQL; text on SQLite."""
    return parse_date(value) if isinstance(value, str) else value
