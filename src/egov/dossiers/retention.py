"""The dossiers' kinds of records for retention (core.retention): finished dossiers with their
history and files, and the messages sent about them."""

from __future__ import annotations

from egov.core.retention import RecordKind, delete_rows, register

from .models import Attachment, Dossier, DossierEvent, DossierStep, Notification, PauseInterval, Payment


def _destroy_dossiers(dossiers) -> list[str]:
    # Every part of a dossier protects it (an append-only history): removed children first.
    ids = list(dossiers.values_list("pk", flat=True))
    attachments = Attachment.objects.filter(dossier_id__in=ids)
    files = list(attachments.values_list("file", flat=True))
    attachments.delete()
    for model in (Payment, PauseInterval, DossierStep, DossierEvent, Notification):
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
register(
    RecordKind(
        code="notification",
        label="Tin nhắn, thư điện tử gửi người nộp hồ sơ",
        closed_before=lambda moment: Notification.objects.filter(created_at__lt=moment),
        destroy=delete_rows,
    )
)
