"""Dossier codes `<agency identifier>-YYMMDD-NNNN` (domain.md §2.3).

The sequence restarts every local day for each agency and has no gaps and no duplicates: the
number comes from the agency's `DailyCounter` row for that day, locked with SELECT ... FOR UPDATE
in the transaction that receives the dossier, so a rolled-back receipt gives its number back.
"""

import datetime as dt

from django.db import IntegrityError, transaction

from egov.organisations.models import Agency
from egov.workdays.calendar import LOCAL_TZ

from .models import DailyCounter


def format_code(agency: Agency, day: dt.date, number: int) -> str:
    return f"{agency.identifier}-{day:%y%m%d}-{number:04d}"


def _locked_counter(agency: Agency, day: dt.date) -> DailyCounter:
    try:
        return DailyCounter.objects.select_for_update().get(agency=agency, day=day)
    except DailyCounter.DoesNotExist:
        pass
    try:
        # A savepoint, so that losing the race to create the row leaves the outer transaction usable.
        with transaction.atomic():
            DailyCounter.objects.create(agency=agency, day=day, last_number=0)
    except IntegrityError:
        pass
    return DailyCounter.objects.select_for_update().get(agency=agency, day=day)


def reserve_codes(agency: Agency, day: dt.date, count: int) -> list[str]:
    """`count` consecutive codes for `agency` on local `day`; call inside a transaction."""
    if count < 1:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Dossier codes must be reserved inside the transaction that uses them.")
    counter = _locked_counter(agency, day)
    first = counter.last_number + 1
    counter.last_number += count
    if counter.last_number > 9999:
        raise ValueError(f"More than 9999 dossiers for {agency.identifier} on {day}: the code format allows 4 digits.")
    counter.save(update_fields=["last_number"])
    return [format_code(agency, day, number) for number in range(first, first + count)]


def next_code(agency: Agency, received_at: dt.datetime) -> str:
    return reserve_codes(agency, received_at.astimezone(LOCAL_TZ).date(), 1)[0]
