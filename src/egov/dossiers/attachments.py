"""Uploads attached to dossiers: checked by content, stored through Django's storage API.

A file is accepted only when it passes core.files.check_upload (its bytes are of an allowed type
whatever its name, not empty, not larger than the limit, and an archive within bounds), the
dossier still takes files (transitions.takes_files) and the dossier's files stay within
EGOV_DOSSIER_MAX_BYTES. The last two are checked again with the dossier row locked, so that
concurrent uploads cannot pass the cap together. The stored name is derived from the content hash
(models.attachment_path), never from the uploaded name. If the database write fails after the
file was stored, the file is removed: nothing is half-saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext

from egov.core.files import DOCX, PDF, XLSX, check_upload, clean_original_name, megabytes
from egov.organisations.models import User
from egov.organisations.selectors import user_can_access
from egov.procedures.service import RequiredDocument

from .access import Action, Kind, dossier_access_record
from .models import Attachment, Dossier, Status
from .transitions import takes_files

# Allowed content types -> the extension the stored file gets.
DEFAULT_TYPES = {
    PDF: ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    DOCX: ".docx",
    XLSX: ".xlsx",
}


def allowed_types() -> dict[str, str]:
    return getattr(settings, "EGOV_ATTACHMENT_TYPES", DEFAULT_TYPES)


def max_bytes() -> int:
    return settings.EGOV_ATTACHMENT_MAX_BYTES


def read_validated(upload) -> tuple[bytes, str, str]:
    """(data, content_type, extension) of an acceptable upload, or a ValidationError in Vietnamese."""
    checked = check_upload(upload, types=allowed_types(), max_bytes=max_bytes())
    return checked.data, checked.content_type, checked.extension


def _is_applicant(dossier: Dossier, actor: User | None) -> bool:
    return actor is not None and dossier.owner_id is not None and dossier.owner_id == actor.pk


def check_takes_files(dossier: Dossier, *, actor: User | None) -> None:
    """Refuse a file for a dossier that no longer takes files from this actor (code invalid_state)."""
    if not takes_files(dossier.status, from_applicant=_is_applicant(dossier, actor)):
        raise ValidationError(
            gettext("Hồ sơ đang ở trạng thái “%(status)s”: không nhận thêm tệp."),
            code="invalid_state",
            params={"status": Status(dossier.status).label},
        )


def dossier_files_size(dossier: Dossier | None) -> int:
    if dossier is None or dossier.pk is None:
        return 0
    return Attachment.objects.filter(dossier_id=dossier.pk).aggregate(total=Sum("size"))["total"] or 0


def check_room(dossier: Dossier | None, sizes: Iterable[int]) -> None:
    """Refuse files that would take a dossier's files past EGOV_DOSSIER_MAX_BYTES (None: a new one)."""
    limit = settings.EGOV_DOSSIER_MAX_BYTES
    used = dossier_files_size(dossier)
    incoming = sum(sizes)
    if used + incoming > limit:
        raise ValidationError(
            gettext(
                "Tổng dung lượng tệp của một hồ sơ tối đa %(limit)s: hồ sơ đã có %(used)s, "
                "tệp gửi thêm %(incoming)s, chỉ còn nhận được %(left)s."
            ),
            code="dossier_quota",
            params={
                "limit": megabytes(limit),
                "used": megabytes(used),
                "incoming": megabytes(incoming),
                "left": megabytes(max(0, limit - used)),
            },
        )


def attachment_add(
    *,
    dossier: Dossier,
    upload,
    actor: User | None,
    required_document: RequiredDocument | None = None,
    kind: str = Attachment.Kind.APPLICATION,
    is_digitised: bool = False,
    is_reused: bool = False,
    from_personal_store: bool = False,
) -> Attachment:
    """Validate and store one file for a dossier (the owner, or staff of its scope)."""
    if actor is not None and actor.is_authenticated:
        owner = dossier.owner_id is not None and dossier.owner_id == actor.pk
        staff = user_can_access(actor, agency_id=dossier.agency_id, unit_id=dossier.unit_id) and actor.has_perm(
            "dossiers.view_dossier"
        )
        if not (owner or staff):
            raise ValidationError("Bạn không có quyền gửi tệp cho hồ sơ này.", code="forbidden")
    if required_document is not None and required_document.version_id != dossier.procedure_version_id:
        raise ValidationError("Thành phần hồ sơ không thuộc thủ tục của hồ sơ này.", code="invalid_item")
    check_takes_files(dossier, actor=actor)
    original_name = clean_original_name(getattr(upload, "name", "") or "")
    data, content_type, extension = read_validated(upload)
    check_room(dossier, [len(data)])
    digest = hashlib.sha256(data).hexdigest()
    attachment = Attachment(
        dossier=dossier,
        required_document=required_document,
        kind=kind,
        original_name=original_name,
        extension=extension,
        content_type=content_type,
        size=len(data),
        sha256=digest,
        is_digitised=is_digitised,
        is_reused=is_reused,
        from_personal_store=from_personal_store,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        uploaded_at=timezone.now(),
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    stored_name = attachment.file.name
    try:
        with transaction.atomic():
            # The checks above again, on the locked row: a concurrent upload or transition waits.
            locked = Dossier.objects.select_for_update().only("status", "owner_id").get(pk=dossier.pk)
            check_takes_files(locked, actor=actor)
            check_room(locked, [len(data)])
            attachment.save()
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    return attachment


def attachment_mark_digitised(*, attachment: Attachment, actor: User) -> Attachment:
    if not (
        actor.has_perm("dossiers.receive_dossier") and user_can_access(actor, agency_id=attachment.dossier.agency_id)
    ):
        raise ValidationError("Chỉ cán bộ tiếp nhận của cơ quan mới đánh dấu số hóa.", code="forbidden")
    attachment.is_digitised = True
    attachment.save(update_fields=["is_digitised"])
    return attachment


def attachment_download(request, attachment: Attachment) -> FileResponse:
    """The stored file as a download under its original (sanitised) name and checked content type.

    The caller has checked the reader's rights; the download goes into the access log.
    """
    dossier_access_record(
        request,
        attachment.dossier,
        action=Action.DOWNLOAD,
        kind=Kind.ATTACHMENT,
        object_id=attachment.pk,
        what=attachment.original_name,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
