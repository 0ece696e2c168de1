"""Files attached to documents are checked by their content, not by their name or browser-sent type.

Accepted: PDF, DOCX and the legacy DOC (OLE compound file) that provincial agencies still
receive. The check is core.files.check_upload, as for dossiers' files (archive bounds included);
name cleaning is the dossiers app's (dossiers.attachments).
"""

from egov.core.files import DOC, DOCX, PDF, check_upload, clean_original_name

MAX_SIZE = 30 * 1024 * 1024

ACCEPTED = {PDF: ".pdf", DOCX: ".docx", DOC: ".doc"}


def validate_document_upload(uploaded) -> str:
    """The content type of an uploaded file, or ValidationError with a message for the user."""
    return check_upload(uploaded, types=ACCEPTED, max_bytes=MAX_SIZE).content_type


def display_name(name: str) -> str:
    """The uploaded name, cleaned for display (no directories or control characters, NFC)."""
    return clean_original_name(name)[:200]
