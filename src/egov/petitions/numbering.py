"""The petition register's numbers (số vào sổ): one gap-free sequence per agency and year of receipt.

A sequence of the `PETITION_NUMBERS` register (core/registers.py): taken inside the registering
transaction, so a refused or rolled-back registration gives its number back, and desks registering
at the same time queue instead of reading the same number. The sequence restarts at 1 on
1 January. A number is written with at least two digits ("05"), as the department's registers do.
"""

from __future__ import annotations

import datetime as dt

from egov.core.registers import Period, Register

__all__ = ["PETITION_NUMBERS", "format_number", "next_number", "parse_number"]


def format_number(number: int) -> str:
    return f"{number:02d}"


def parse_number(text: str) -> int | None:
    """The number as written ("05", "5", " 12 "), or None when it is not one."""
    text = text.strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


# Scope: the agency's primary key; period: the calendar year of receipt.
PETITION_NUMBERS = Register("petition-number", Period.YEAR, format_number, parse_number)


def next_number(agency_id: int, received_on: dt.date) -> int:
    """The next number of the agency's register for the year of `received_on`; inside the transaction."""
    return PETITION_NUMBERS.reserve(agency_id, received_on)[0]
