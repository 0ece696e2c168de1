"""Gap-free numbers for the registers: outgoing "số văn bản" and incoming "số đến".

Every numbering series is a sequence of the `DOCUMENT_NUMBERS` register (core/registers.py): taken
inside the caller's transaction, so that a rolled-back issue gives its number back and concurrent
issuers queue instead of reading the same value. Numbers restart at 1 every 1 January. This module
keeps the documents' own rules: which series a document is numbered in, and how a number is
written (`format_number`) and compared (`number_key`).
"""

import datetime as dt

from egov.core.registers import Period, Register
from egov.organisations.models import Agency

from .models import Direction, DocumentType, NumberingSeries


def series_for(*, agency: Agency, direction: str, document_type: DocumentType | None) -> NumberingSeries:
    """The series a document is numbered in.

    Incoming: the agency's single arrival series. Outgoing: the type's own series if the agency
    configured one (and always for normative types), else the agency's shared series.
    """
    if direction == Direction.INCOMING:
        return _get_or_create_series(agency=agency, direction=direction, document_type=None, name="Sổ văn bản đến")
    if document_type is None:
        raise ValueError("An outgoing document needs a type to be numbered.")
    own = NumberingSeries.objects.filter(agency=agency, direction=direction, document_type=document_type).first()
    if own is not None:
        return own
    if document_type.is_normative:
        return _get_or_create_series(
            agency=agency, direction=direction, document_type=document_type, name=f"Dãy số {document_type.name}"
        )
    return _get_or_create_series(
        agency=agency, direction=direction, document_type=None, name="Dãy số chung văn bản hành chính"
    )


def _get_or_create_series(
    *, agency: Agency, direction: str, document_type: DocumentType | None, name: str
) -> NumberingSeries:
    # get_or_create runs the INSERT in a savepoint and falls back to a read on a unique
    # violation, so two first issuers of a year do not fail each other.
    series, _ = NumberingSeries.objects.get_or_create(
        agency=agency, direction=direction, document_type=document_type, defaults={"name": name}
    )
    return series


def format_number(number: int) -> str:
    """NĐ 30/2020 Phụ lục I: numbers below 10 are written with a leading zero ("05")."""
    return f"{number:02d}"


def number_key(number: str) -> str:
    """Comparable form of a number as written: "05" and "5" are the same, "38A" is "38a"."""
    stripped = number.strip().lstrip("0").lower()
    return stripped or "0"


# Scope: the numbering series' primary key; period: the calendar year.
DOCUMENT_NUMBERS = Register("document-number", Period.YEAR, format_number, number_key)


def next_number(*, series: NumberingSeries, year: int) -> int:
    """Take the next number of `series` for `year`; must run inside the issuing transaction."""
    return DOCUMENT_NUMBERS.reserve(series.pk, dt.date(year, 1, 1))[0]
