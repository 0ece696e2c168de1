"""Dossier codes (TT 03/2025/TT-VPCP Art. 13; Art. 13.3 added by TT 04/2025/TT-VPCP Art. 23 from
25/01/2026; law-2026.md §6.2 and §8.4, tagged [S]: the articles were read in secondary sources).

Two shapes, told apart by the identifier they start with:
- standard: `<agency electronic identifier>-YYMMDD-<daily sequence>`, the identifier of QCVN
  102:2016 (`000.00.53.H48`) in force on the day of receipt, the sequence of at least 4 digits
  (variable length: 0001 … 9999, 10000 …);
- nationally centralised services: `MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`, where AA are 2 digits taken
  from the identifier of the agency owning the centralised system and XXXX the daily sequence, again
  at least 4 digits. This system issues only standard codes; it reads centralised ones (dossiers
  synchronised or imported from a ministry's system).

`format_code` / `parse_code` are a pair: `parse_code(format_code(...))` gives the parts back.
The sequence restarts every local day for each agency and has no gaps and no duplicates: the
number comes from the agency's `DailyCounter` row for that day, locked with SELECT ... FOR UPDATE
in the transaction that receives the dossier, so a rolled-back receipt gives its number back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from egov.core.formats import local_date
from egov.organisations.models import Agency
from egov.organisations.selectors import agency_identifier_on

from .models import DailyCounter

SEQUENCE_MIN_DIGITS = 4
_STANDARD_IDENTIFIER = r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}"
_CENTRALISED_IDENTIFIER = r"[0-9A-Z]{3}\.[0-9A-Z]{3}\.[0-9A-Z]{2}"
CODE_PATTERN = re.compile(
    rf"(?P<standard>{_STANDARD_IDENTIFIER})-(?P<day>\d{{6}})-(?P<number>\d{{{SEQUENCE_MIN_DIGITS},}})"
    rf"|(?P<centralised>{_CENTRALISED_IDENTIFIER})-(?P<cday>\d{{6}})-(?P<system>\d{{2}})(?P<cnumber>\d{{{SEQUENCE_MIN_DIGITS},}})"
)


@dataclass(frozen=True)
class DossierCode:
    identifier: str
    day: dt.date
    number: int
    system: str = ""  # the AA of a centralised-service code; "" for a standard code

    @property
    def centralised(self) -> bool:
        return bool(self.system)


def format_code(identifier: str, day: dt.date, number: int, *, system: str = "") -> str:
    """The code of the `number`-th dossier of local `day` (system: the AA of a centralised code)."""
    if number < 1:
        raise ValueError(f"A dossier sequence starts at 1, not {number}.")
    if system and not re.fullmatch(r"\d{2}", system):
        raise ValueError(f"The system part of a centralised code is 2 digits, not {system!r}.")
    return f"{identifier}-{day:%y%m%d}-{system}{number:0{SEQUENCE_MIN_DIGITS}d}"


def parse_code(code: str) -> DossierCode | None:
    """The parts of a dossier code of either shape, or None if it is not one (or its date is not real)."""
    match = CODE_PATTERN.fullmatch(code.strip().upper())
    if match is None:
        return None
    centralised = match["centralised"] is not None
    digits = match["cday"] if centralised else match["day"]
    number = match["cnumber"] if centralised else match["number"]
    if int(number) == 0 or (len(number) > SEQUENCE_MIN_DIGITS and number.startswith("0")):
        return None  # 0000 is never issued; a longer sequence is not zero-padded beyond 4 digits
    try:
        day = dt.datetime.strptime(digits, "%y%m%d").date()
    except ValueError:
        return None
    return DossierCode(
        identifier=match["centralised"] if centralised else match["standard"],
        day=day,
        number=int(number),
        system=match["system"] or "",
    )


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
    counter.save(update_fields=["last_number"])
    identifier = agency_identifier_on(agency, day)
    return [format_code(identifier, day, number) for number in range(first, first + count)]


def next_code(agency: Agency, received_at: dt.datetime) -> str:
    return reserve_codes(agency, local_date(received_at), 1)[0]
