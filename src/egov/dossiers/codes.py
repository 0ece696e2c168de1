"""Dossier codes (TT 03/2025/TT-VPCP Art. 13; Art. 13.3 added by TT 04/2025/TT-VPCP Art. 23 from
25/01/2026; law-2026.md §6.2 and §8.4, tagged [S]: the articles were read in secondary sources).

Two shapes, told apart by the identifier they start with:
- standard: `<agency electronic identifier>-YYMMDD-<daily sequence>`, the identifier of QCVN
  102:2016 (`000.00.53.H48`) in force on the day of receipt, the sequence of at least 4 digits
  (variable length: 0001 … 9999, 10000 …, up to the register's `max_number`);
- nationally centralised services: `MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`, where AA are 2 digits taken
  from the identifier of the agency owning the centralised system and XXXX the daily sequence, again
  at least 4 digits. This system issues only standard codes; it reads centralised ones (dossiers
  synchronised or imported from a ministry's system).

`format_code` / `parse_code` are a pair: `parse_code(format_code(...))` gives the parts back. The
format, its regular expression and its limits are stated here only; messages that show the shape
use `code_shape`.

The sequence comes from the `DOSSIER_CODES` register (core/registers.py): one per agency and local
day, no gaps and no duplicates, and a rolled-back receipt gives its number back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from egov.core.formats import local_date
from egov.core.registers import Period, Register
from egov.organisations.models import Agency
from egov.organisations.selectors import agency_identifier_on
from egov.organisations.validators import AGENCY_IDENTIFIER

SEQUENCE_MIN_DIGITS = 4
_CENTRALISED_IDENTIFIER = r"[0-9A-Z]{3}\.[0-9A-Z]{3}\.[0-9A-Z]{2}"
CODE_PATTERN = re.compile(
    rf"(?P<standard>{AGENCY_IDENTIFIER.pattern})-(?P<day>\d{{6}})-(?P<number>\d{{{SEQUENCE_MIN_DIGITS},}})"
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


def format_sequence(number: int) -> str:
    """The daily sequence as written in a code: at least 4 digits, never padded further."""
    return f"{number:0{SEQUENCE_MIN_DIGITS}d}"


def format_code(identifier: str, day: dt.date, number: int, *, system: str = "") -> str:
    """The code of the `number`-th dossier of local `day` (system: the AA of a centralised code)."""
    if number < 1:
        raise ValueError(f"A dossier sequence starts at 1, not {number}.")
    if system and not re.fullmatch(r"\d{2}", system):
        raise ValueError(f"The system part of a centralised code is 2 digits, not {system!r}.")
    return f"{identifier}-{day:%y%m%d}-{system}{format_sequence(number)}"


def code_shape(identifier: str = "<mã cơ quan>", day: dt.date | None = None) -> str:
    """The shape of a standard code for messages: "000.00.53.H48-250303-NNNN", "<mã cơ quan>-YYMMDD-NNNN"."""
    return f"{identifier}-{'YYMMDD' if day is None else f'{day:%y%m%d}'}-{'N' * SEQUENCE_MIN_DIGITS}"


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


# Scope: the agency's primary key; period: the local day of receipt.
DOSSIER_CODES = Register("dossier-code", Period.DAY, format_code, parse_code)


def reserve_codes(agency: Agency, day: dt.date, count: int) -> list[str]:
    """`count` consecutive codes for `agency` on local `day`; call inside a transaction."""
    if count < 1:
        return []
    numbers = DOSSIER_CODES.reserve(agency.pk, day, count)
    identifier = agency_identifier_on(agency, day)
    return [format_code(identifier, day, number) for number in numbers]


def next_code(agency: Agency, received_at: dt.datetime) -> str:
    return reserve_codes(agency, local_date(received_at), 1)[0]
