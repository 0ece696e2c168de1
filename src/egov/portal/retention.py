"""Citizens' feedback as a kind of record for retention (core.retention)."""

from egov.core.retention import RecordKind, delete_rows, register

from .models import Feedback

register(
    RecordKind(
        code="feedback",
        label="Góp ý, phản ánh của người dân",
        closed_before=lambda moment: Feedback.objects.filter(created_at__lt=moment),
        destroy=delete_rows,
    )
)
