"""A procedure's version from a row: the values the row asks for (keeping what the admin completed by
hand), whether they differ from the current version, and a new version opened with its child rows."""

from __future__ import annotations

import datetime as dt

from ..models import FeeItem, FilingMethod, ProcedureVersion
from .rows import CatalogueRow

# Version columns each parsed CSV column sets. When a value could not be parsed and its original
# text is the same as at the previous import, these are left as they are: they may have been
# completed by hand in the admin, and a re-import must not wipe that work.
STRUCTURED_FIELDS = {
    "time_limit_days": ("time_limit", "time_limit_unit"),
    "reduced_time_limit_days": ("reduced_time_limit",),
    "online_level": ("online_level", "legacy_online_level"),
    "fee_vnd": (),  # fee items
}


def _fee_items_of(version: ProcedureVersion) -> list[tuple[str, int, str]]:
    return [(item.name, item.amount_vnd, item.condition) for item in version.fee_items.all()]


def fee_items_set(version: ProcedureVersion, items: list[tuple[str, int, str]]) -> None:
    existing = list(version.fee_items.all())
    for order, (name, amount, condition) in enumerate(items):
        if order < len(existing):
            item = existing[order]
            if (item.name, item.amount_vnd, item.condition, item.order) != (name, amount, condition, order):
                item.name, item.amount_vnd, item.condition, item.order = name, amount, condition, order
                item.save()
        else:
            FeeItem.objects.create(version=version, name=name, amount_vnd=amount, condition=condition, order=order)
    for item in existing[len(items) :]:
        item.delete()


def _filing_methods_of(version: ProcedureVersion) -> list[tuple[str, str]]:
    return [(method.channel, method.description) for method in version.filing_methods.all()]


def filing_methods_set(version: ProcedureVersion, methods: list[tuple[str, str]]) -> None:
    """Channels and descriptions as the file gives them; a channel's time limit and fee, which the
    file does not carry, stay as the admin set them."""
    existing = {method.channel: method for method in version.filing_methods.all()}
    for order, (channel, description) in enumerate(methods):
        method = existing.pop(channel, None)
        if method is None:
            FilingMethod.objects.create(version=version, channel=channel, description=description, order=order)
        elif (method.description, method.order) != (description, order):
            method.description, method.order = description, order
            method.save()
    for method in existing.values():
        method.delete()


def desired(row: CatalogueRow, current: ProcedureVersion | None) -> tuple[dict, list[tuple[str, int, str]] | None]:
    """Version values and fee items the row asks for; None fee items = keep the current ones."""
    values = row.version_values()
    fee_items = row.fee_items if row.fee_items is not None else []
    if current is None:
        return values, fee_items
    for column, fields in STRUCTURED_FIELDS.items():
        if column in row.raw_values and current.raw_values.get(column) == row.raw_values[column]:
            for name in fields:
                values[name] = getattr(current, name)
            if column in current.value_sources:  # the note of whoever completed the value by hand
                values["value_sources"] = values["value_sources"] | {column: current.value_sources[column]}
            if column == "fee_vnd":
                fee_items = None
    return values, fee_items


def version_differs(
    current: ProcedureVersion, values: dict, fee_items: list | None, filing_methods: list | None
) -> bool:
    if any(getattr(current, name) != value for name, value in values.items()):
        return True
    if filing_methods is not None and _filing_methods_of(current) != filing_methods:
        return True
    return fee_items is not None and _fee_items_of(current) != fee_items


def version_open(
    current: ProcedureVersion,
    values: dict,
    fee_items: list | None,
    filing_methods: list | None,
    effective_from: dt.date,
) -> ProcedureVersion:
    """Close `current` the day before `effective_from` and open a copy with the new values."""
    if current.effective_to is None or current.effective_to >= effective_from:
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to", "updated_at"])
    documents = list(current.required_documents.all())
    steps = list(current.workflow_steps.all())
    methods = list(current.filing_methods.all())
    forms = list(current.blank_forms.all())
    old_fees = _fee_items_of(current)
    version = current
    version.pk = None
    version._state.adding = True
    version.effective_from, version.effective_to = effective_from, None
    version.decision = ""  # published by a new decision, not the old one's
    for name, value in values.items():
        setattr(version, name, value)
    version.save()
    fee_items_set(version, old_fees if fee_items is None else fee_items)
    copied_documents = {}
    for document in documents:
        old_pk = document.pk
        document.pk, document.version = None, version
        document.save()
        copied_documents[old_pk] = document
    for step in steps:
        step.pk, step.version = None, version
        step.save()
    for method in methods:
        method.pk, method.version = None, version
        method.save()
    if filing_methods is not None:
        filing_methods_set(version, filing_methods)
    for form in forms:
        # The copy points at the same stored file (named by its content) and at the copied document.
        form.pk, form.version = None, version
        form.required_document = copied_documents.get(form.required_document_id)
        form.save()
    return version
