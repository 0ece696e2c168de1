"""Uploads attached to dossiers: checked by content, stored through Django's storage API.

A file is accepted only when its bytes are of an allowed type (the name's extension is ignored
for that), it is not empty and not larger than the limit. The stored name is derived from the
content hash (models.attachment_path), never from the uploaded name. If the database write fails
after the file was stored, the file is removed: nothing is half-saved.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from egov.core.text import nfc
from egov.organisations.models import User
from egov.organisations.selectors import user_can_access
from egov.procedures.models import RequiredDocument

from .access import Action, Kind, dossier_access_record
from .models import Attachment, Dossier

# Allowed content types -> the extension the stored file gets.
DEFAULT_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def allowed_types() -> dict[str, str]:
    return getattr(settings, "EGOV_ATTACHMENT_TYPES", DEFAULT_TYPES)


def max_bytes() -> int:
    return getattr(settings, "EGOV_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff_content_type(head: bytes, data: bytes) -> str | None:
    """The type the bytes really are. DOCX and XLSX are zip files: look inside for their parts."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime in ("application/zip", *DEFAULT_TYPES.values()) or kind.extension in ("zip", "docx", "xlsx"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if any(name.startswith("xl/") for name in names):
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "application/zip"
    return kind.mime


def clean_original_name(name: str) -> str:
    """The uploaded name for display only: no directories, no control characters, NFC."""
    base = os.path.basename(name.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if base in ("", ".", ".."):
        raise ValidationError("Tên tệp không hợp lệ.", code="invalid_name")
    return nfc(base)[:255]


def read_validated(upload) -> tuple[bytes, str, str]:
    """(data, content_type, extension) of an acceptable upload, or a ValidationError in Vietnamese."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.", code="too_large")
    data = upload.read(limit + 1)
    if not data:
        raise ValidationError("Tệp rỗng, không có nội dung.", code="empty")
    if len(data) > limit:
        raise ValidationError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.", code="too_large")
    content_type = sniff_content_type(data[:8192], data)
    types = allowed_types()
    if content_type not in types:
        allowed = ", ".join(ext.lstrip(".").upper() for ext in dict.fromkeys(types.values()))
        raise ValidationError(
            f"Định dạng tệp không được chấp nhận (nội dung không phải {allowed}).", code="invalid_type"
        )
    return data, content_type, types[content_type]


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
    original_name = clean_original_name(getattr(upload, "name", "") or "")
    data, content_type, extension = read_validated(upload)
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
