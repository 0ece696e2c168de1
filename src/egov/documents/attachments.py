"""Files attached to documents are checked by their content, not by their name or browser-sent type.

Accepted: PDF, DOCX and the legacy DOC (OLE compound file) that provincial agencies still
receive. Content sniffing and name cleaning are the dossiers app's (dossiers.attachments);
DOC is added here because `filetype` does not recognise a bare OLE container.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from egov.dossiers.attachments import clean_original_name, sniff_content_type

MAX_SIZE = 30 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
ACCEPTED = {PDF, DOCX, DOC}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_content_type(data: bytes) -> str | None:
    if data.startswith(_OLE_MAGIC):
        return DOC
    return sniff_content_type(data[:8192], data)


def validate_document_upload(uploaded) -> str:
    """The content type of an uploaded file, or ValidationError with a message for the user."""
    size = getattr(uploaded, "size", None)
    if not size:
        raise ValidationError(gettext("Tệp rỗng, vui lòng chọn lại tệp."), code="empty")
    if size > MAX_SIZE:
        raise ValidationError(gettext("Tệp quá lớn (tối đa 30 MB)."), code="too_large")
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    content_type = detect_content_type(data)
    if content_type not in ACCEPTED:
        raise ValidationError(
            gettext("Chỉ nhận tệp PDF, DOCX hoặc DOC; nội dung tệp không đúng định dạng."), code="type"
        )
    return content_type


def display_name(name: str) -> str:
    """The uploaded name, cleaned for display (no directories or control characters, NFC)."""
    return clean_original_name(name)[:200]
