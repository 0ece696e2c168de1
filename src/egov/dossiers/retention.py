"""Finished dossiers, with their history and files, as a kind of record for retention
(core.retention). The messages sent about them are the outbox's kind."""

from __future__ import annotations

from egov.core.retention import RecordKind, register

from .models import Attachment, Dossier, DossierEvent, DossierStep, PauseInterval, Payment


def _destroy_dossiers(dossiers) -> list[str]:
    # Every part of a dossier protects it (an append-only history): removed children first.
    ids = list(dossiers.values_list("pk", flat=True))
    attachments = Attachment.objects.filter(dossier_id__in=ids)
    files = list(attachments.values_list("file", flat=True))
    attachments.delete()
    for model in (Payment, PauseInterval, DossierStep, DossierEvent):
        model.objects.filter(dossier_id__in=ids).delete()
    Dossier.objects.filter(pk__in=ids).delete()
    return files


register(
    RecordKind(
        code="dossier",
        label="Hồ sơ giải quyết thủ tục hành chính (đã kết thúc)",
        closed_before=lambda moment: Dossier.objects.filter(finished_at__lt=moment),
        destroy=_destroy_dossiers,
    )
)
