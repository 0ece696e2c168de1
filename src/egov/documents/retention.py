"""Official documents as a kind of record for retention (core.retention): counted, never destroyed
by the system (their destruction follows the archive's own procedure)."""

from django.db.models import Q

from egov.core.formats import local_date
from egov.core.retention import RecordKind, register

from .models import Document

register(
    RecordKind(
        code="document",
        label="Văn bản đến, văn bản đi",
        closed_before=lambda moment: Document.objects.filter(
            Q(document_date__lt=local_date(moment)) | Q(document_date__isnull=True, created_at__lt=moment)
        ),
    )
)
