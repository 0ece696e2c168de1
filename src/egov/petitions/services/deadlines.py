"""Starting and extending a petition's time limits."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from egov.core.text import clean_text, nfc
from egov.organisations.models import User
from egov.workdays.calendar import get_calendar

from ..deadlines import due_on
from ..models import Condition, Deadline, DeadlineExtension, LimitStep, Petition, TimeLimitRule
from ..selectors import rule_in_force
from .base import EXTEND_DEADLINE, REGISTER_PETITION, authorise, raise_errors


def deadline_create(petition: Petition, rule: TimeLimitRule, started_on: dt.date, condition: str) -> Deadline:
    """The clock of `rule`'s step from `started_on`, for the services that start one (no checks of their own)."""
    return Deadline.objects.create(
        petition=petition,
        step=rule.step,
        condition=condition,
        rule=rule,
        started_on=started_on,
        due_date=due_on(rule, started_on, get_calendar()),
    )


@transaction.atomic
def deadline_start(
    *, petition: Petition, step: str, started_on: dt.date, actor: User, condition: str = Condition.STANDARD
) -> Deadline:
    """Start the clock of `step` from its start event's date, with the rule in force that day."""
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    authorise(actor, REGISTER_PETITION, petition.agency_id)
    if step not in LimitStep.values or condition not in Condition.values:
        raise ValidationError("Bước hoặc trường hợp tính thời hạn không hợp lệ.", code="invalid")
    if petition.deadlines.filter(step=step).exists():
        raise ValidationError(f"Thời hạn “{LimitStep(step).label}” của đơn đã được tính.", code="deadline_exists")
    rule = rule_in_force(step, started_on, condition)
    if rule is None:
        raise ValidationError(
            f"Chưa có quy định thời hạn “{LimitStep(step).label}” ({Condition(condition).label.lower()}) "
            f"áp dụng cho ngày {started_on:%d/%m/%Y}.",
            code="no_rule",
        )
    return deadline_create(petition, rule, started_on, condition)


@transaction.atomic
def deadline_extend(
    *, deadline: Deadline, days: int, reason: str, actor: User, at: dt.datetime | None = None
) -> Deadline:
    """Extend a time limit as far as its rule allows (Luật Tố cáo Art. 30: at most twice, 30 days each)."""
    deadline = Deadline.objects.select_for_update().select_related("rule", "petition").get(pk=deadline.pk)
    authorise(actor, EXTEND_DEADLINE, deadline.petition.agency_id)
    rule, label = deadline.rule, deadline.get_step_display()
    errors: dict[str, str] = {}
    if not clean_text(reason):
        errors["reason"] = "Cần ghi lý do gia hạn."
    if days < 1:
        errors["days"] = "Số ngày gia hạn phải từ 1 ngày trở lên."
    elif rule.max_extensions == 0:
        errors["days"] = f"Thời hạn “{label}” không được gia hạn ({rule.source})."
    elif deadline.extension_count >= rule.max_extensions:
        errors["days"] = (
            f"Thời hạn “{label}” đã được gia hạn {deadline.extension_count} lần, tối đa theo {rule.source}; "
            "không thể gia hạn thêm."
        )
    elif days > rule.extension_value:
        errors["days"] = f"Mỗi lần gia hạn không quá {rule.extension_value} ngày ({rule.source}); đề nghị {days} ngày."
    raise_errors(errors)
    before = deadline.due_date
    deadline.extended_days += days
    deadline.extension_count += 1
    deadline.due_date = due_on(rule, deadline.started_on, get_calendar(), extra_days=deadline.extended_days)
    deadline.save(update_fields=["extended_days", "extension_count", "due_date"])
    DeadlineExtension.objects.create(
        deadline=deadline,
        days=days,
        reason=nfc(reason).strip(),
        decided_by=actor,
        decided_at=at or timezone.now(),
        due_before=before,
        due_after=deadline.due_date,
    )
    return deadline
