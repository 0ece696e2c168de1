"""Finished dossiers, with their history and files, as a kind of record for retention
(core.retention). The messages sent about them are the outbox's kind."""

from __future__ import annotations

from django.db import models

from egov.core.retention import RecordKind, register

from .models import Dossier


def _destroy_parts(model, queryset) -> list[str]:
    """Delete `queryset` and, first, every part of the dossier app that protects it (events,
    attachments, fees, payments...: an append-only history protects its dossier), whatever parts
    the app has. Parts kept by other apps (feedback about a dossier) still protect it: they have
    their own periods. Returns the stored files of what was deleted."""
    files = []
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.on_delete is models.PROTECT and child._meta.app_label == Dossier._meta.app_label:
            files += _destroy_parts(child, child._base_manager.filter(**{f"{relation.field.name}__in": queryset}))
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            files += [name for name in queryset.values_list(field.name, flat=True) if name]
    queryset.delete()
    return files


register(
    RecordKind(
        code="dossier",
        label="Hồ sơ giải quyết thủ tục hành chính (đã kết thúc)",
        closed_before=lambda moment: Dossier.objects.filter(finished_at__lt=moment),
        destroy=lambda dossiers: _destroy_parts(
            Dossier, Dossier.objects.filter(pk__in=list(dossiers.values_list("pk", flat=True)))
        ),
    )
)
