"""The messages sent (SMS, e-mail) as a kind of record for retention (core.retention); a message
still waiting to be sent is never past its period."""

from egov.core.retention import RecordKind, delete_rows, register

from .models import Message

register(
    RecordKind(
        code="notification",
        label="Tin nhắn, thư điện tử đã gửi",
        closed_before=lambda moment: Message.objects.filter(created_at__lt=moment).exclude(state=Message.State.PENDING),
        destroy=delete_rows,
    )
)
