"""A document's files: the rendered .docx of a draft or an issued document, and uploaded attachments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from egov.organisations.models import User

from .. import drafting
from ..attachments import display_name, validate_document_upload
from ..models import Document, DocumentFile


def store_docx(*, document: Document, kind: str, user: User | None) -> DocumentFile:
    content = drafting.render_outgoing_docx(document)
    label = document.ref.replace("/", "_") if document.ref else f"du-thao-{document.pk}"
    name = f"{label}.docx"
    attachment = DocumentFile(
        document=document,
        kind=kind,
        original_name=name,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=len(content),
        uploaded_by=user,
    )
    # Written before the row: a rolled-back issue leaves an unreferenced file, never a row without its file.
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def document_attach_file(*, document: Document, uploaded, user: User | None, kind: str = "original") -> DocumentFile:
    """Attach a PDF/DOCX/DOC to a document after checking its content."""
    if kind not in DocumentFile.Kind.values:
        raise ValidationError({"kind": gettext("Loại tệp không hợp lệ.")})
    content_type = validate_document_upload(uploaded)
    name = display_name(getattr(uploaded, "name", "") or "tep")
    attachment = DocumentFile(
        document=document,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=uploaded.size,
        uploaded_by=user,
    )
    attachment.file.save(name, uploaded, save=False)
    attachment.save()
    return attachment
