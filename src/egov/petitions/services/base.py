"""What every petitions write shares: one service per write, each in one transaction.

Bad input is refused with a ValidationError whose messages are Vietnamese, by field, all at once,
and nothing is written. Writes that count or change something shared lock the row first: a visit
locks its session (the register's running number), an extension locks the deadline, a rule edit
locks the rule. A petition is registered once: the same agency, day, channel, senders and content
are refused a second time (checked first for the message, then held by a unique constraint).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from egov.organisations.models import User

RECORD_RECEPTION = "petitions.record_reception"
REGISTER_PETITION = "petitions.register_petition"
EXTEND_DEADLINE = "petitions.extend_petition_deadline"


def authorise(actor: User | None, permission: str, agency_id: int) -> None:
    # The register is the agency's: a specialist of the designated unit registers for the whole agency.
    if actor is None or not actor.is_authenticated:
        raise ValidationError("Cần đăng nhập để thực hiện thao tác này.", code="not_authenticated")
    if not (actor.has_perm(permission) and (actor.is_superuser or actor.agency_id == agency_id)):
        raise ValidationError("Tài khoản của bạn không có quyền thực hiện thao tác này.", code="forbidden")


def raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
