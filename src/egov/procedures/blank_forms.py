"""Blank forms (mẫu đơn, tờ khai) published with a procedure version.

They are uploads like any other: accepted by core.files.check_upload (by their content, PDF, DOC,
DOCX, XLSX, whatever the name's extension and the browser's type; never empty, never above the
limit; an archive within its bounds), stored under their content hash. The admin and the demo
both go through `blank_form_fill`.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse

from egov.core.files import check_upload, clean_original_name

from .models import BlankForm, ProcedureVersion, RequiredDocument

MAX_BYTES = 10 * 1024 * 1024
TYPES = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


def blank_form_fill(form: BlankForm, upload) -> bytes:
    """Check `upload` and set `form`'s file facts from its content; returns the bytes.

    Raises ValidationError (Vietnamese, for the editor) and changes nothing when the file is refused.
    """
    original_name = clean_original_name(getattr(upload, "name", "") or "")
    checked = check_upload(upload, types=TYPES, max_bytes=MAX_BYTES)
    data, content_type = checked.data, checked.content_type
    form.original_name = original_name
    form.content_type = content_type
    form.extension = TYPES[content_type]
    form.size = len(data)
    form.sha256 = hashlib.sha256(data).hexdigest()
    return data


@transaction.atomic
def blank_form_add(
    *,
    version: ProcedureVersion,
    upload,
    name: str,
    required_document: RequiredDocument | None = None,
) -> BlankForm:
    """Attach a checked blank form to `version`, after its other forms."""
    if required_document is not None and required_document.version_id != version.pk:
        raise ValidationError("Thành phần hồ sơ không thuộc phiên bản thủ tục này.", code="invalid_item")
    form = BlankForm(version=version, name=name, required_document=required_document)
    data = blank_form_fill(form, upload)
    last = version.blank_forms.order_by("-order").values_list("order", flat=True).first()
    form.order = 0 if last is None else last + 1
    form.file.save("form", ContentFile(data), save=False)
    stored_name = form.file.name
    try:
        with transaction.atomic():
            form.full_clean(exclude=["file"])
            form.save()
    except Exception:
        form.file.storage.delete(stored_name)  # a fresh name: the storage never overwrites
        raise
    return form


def blank_form_download(form: BlankForm) -> FileResponse:
    """The form as a download under its original name and checked content type."""
    return FileResponse(
        form.file.open("rb"), as_attachment=True, filename=form.original_name, content_type=form.content_type
    )
