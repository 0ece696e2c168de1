"""Writes for the working-day calendar: the overrides table (domain.md §2.4).

One rule for every caller (admin, API, data import): an override must change the computed
calendar — an extra working day on a day that is already a working day, or an extra day off on a
day already off, is refused — and a date has at most one override. Every write refreshes the
process-wide calendar once the transaction commits.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from egov.core.text import clean_text

from .calendar import get_calendar, invalidate_calendar, weekday_name
from .models import CalendarOverride

_UNSET = object()


def _label(day: dt.date) -> str:
    return f"{weekday_name(day)}, {day:%d/%m/%Y}"


def override_validate(
    *, date: dt.date, kind: str, reason: str, instance: CalendarOverride | None = None
) -> dict[str, str]:
    """The errors (field -> Vietnamese message) an override with these values would have; {} if none."""
    errors: dict[str, str] = {}
    if not clean_text(reason or ""):
        errors["reason"] = "Cần ghi lý do điều chỉnh (ví dụ: hoán đổi ngày làm việc dịp lễ 30/4 – 1/5)."
    if kind not in CalendarOverride.Kind.values:
        errors["kind"] = f"Loại điều chỉnh “{kind}” không hợp lệ; chọn “Ngày nghỉ thêm” hoặc “Ngày làm việc bù”."
    if date is None:
        errors["date"] = "Cần chọn ngày điều chỉnh."
        return errors
    calendar = get_calendar()
    if not calendar.covers(date):
        errors["date"] = (
            f"Ngày {date:%d/%m/%Y} nằm ngoài phạm vi lịch ngày làm việc ({calendar.first_year} – {calendar.last_year})."
        )
        return errors
    others = CalendarOverride.objects.filter(date=date)
    if instance is not None and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    existing = others.first()
    if existing is not None:
        errors["date"] = (
            f"Ngày {_label(date)} đã có điều chỉnh “{existing.get_kind_display()}” ({existing.reason}); "
            "hãy sửa điều chỉnh đó thay vì tạo thêm."
        )
        return errors
    if "kind" in errors:
        return errors
    public_working = calendar.is_public_working_day(date)
    name = calendar.day_names.get(date)
    if kind == CalendarOverride.Kind.WORKING_DAY and public_working:
        why = f" ({name})" if name else ""
        errors["kind"] = (
            f"Ngày {_label(date)} đã là ngày làm việc theo lịch chung{why}; "
            "không cần điều chỉnh thành ngày làm việc bù."
        )
    elif kind == CalendarOverride.Kind.DAY_OFF and not public_working:
        why = f" ({name})" if name else " (ngày nghỉ cuối tuần)"
        errors["kind"] = (
            f"Ngày {_label(date)} đã là ngày nghỉ theo lịch chung{why}; không cần điều chỉnh thành ngày nghỉ thêm."
        )
    return errors


def _validate(**kwargs) -> None:
    errors = override_validate(**kwargs)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def override_create(*, date: dt.date, kind: str, reason: str, decision: str = "") -> CalendarOverride:
    _validate(date=date, kind=kind, reason=reason)
    override = CalendarOverride(date=date, kind=kind, reason=clean_text(reason), decision=clean_text(decision))
    override.full_clean()
    override.save()
    transaction.on_commit(invalidate_calendar)
    return override


@transaction.atomic
def override_update(
    *,
    override: CalendarOverride,
    date: dt.date | object = _UNSET,
    kind: str | object = _UNSET,
    reason: str | object = _UNSET,
    decision: str | object = _UNSET,
) -> CalendarOverride:
    """Change the given fields (the others keep their stored values)."""
    locked = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    new_date = locked.date if date is _UNSET else date
    new_kind = locked.kind if kind is _UNSET else kind
    new_reason = locked.reason if reason is _UNSET else reason
    new_decision = locked.decision if decision is _UNSET else decision
    _validate(date=new_date, kind=new_kind, reason=new_reason, instance=locked)
    locked.date, locked.kind = new_date, new_kind
    locked.reason, locked.decision = clean_text(new_reason), clean_text(new_decision)
    locked.full_clean()
    locked.save()
    transaction.on_commit(invalidate_calendar)
    return locked


@transaction.atomic
def override_delete(*, override: CalendarOverride) -> None:
    CalendarOverride.objects.filter(pk=override.pk).delete()
    transaction.on_commit(invalidate_calendar)
