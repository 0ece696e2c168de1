"""What every registered entry shares: today's date, the folded search text, and the duplicate rule
(one number, symbol, issuer and year per agency) checked before saving and enforced by the database."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from egov.core.text import fold
from egov.organisations.models import Agency

from ..models import Direction, Document, Issuer
from ..numbering import number_key

DUPLICATE_MESSAGE = gettext_noop("Văn bản số {ref} của {issuer} năm {year} đã có trong sổ ({where}).")


def today() -> dt.date:
    return timezone.localdate()


def search_text(document: Document) -> str:
    parts = [
        document.ref,
        document.document_type.name,
        document.issuer.name,
        document.issuer.symbol,
        document.summary,
        document.notes,
        document.body,
    ]
    return fold(" ".join(part for part in parts if part))


def _where(document: Document) -> str:
    if document.direction == Direction.INCOMING:
        return gettext("sổ văn bản đến, số đến %(number)s/%(year)s") % {
            "number": document.arrival_number,
            "year": document.arrival_year,
        }
    return gettext("sổ văn bản đi")


def check_not_duplicate(*, agency: Agency, number: str, symbol: str, issuer: Issuer, year: int, ref: str) -> None:
    existing = (
        Document.objects.filter(agency=agency, number_key=number_key(number), symbol=symbol, issuer=issuer, year=year)
        .exclude(number_key="")
        .first()
    )
    if existing is not None:
        raise ValidationError(
            {"ref": gettext(DUPLICATE_MESSAGE).format(ref=ref, issuer=issuer.name, year=year, where=_where(existing))},
            code="duplicate",
        )


def save_registered(document: Document) -> None:
    """Save a numbered document; a concurrent duplicate that passed the friendly check still fails clearly."""
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:
        # PostgreSQL names the constraint; SQLite lists its columns.
        if "document_unique_ref_issuer_year" in str(exc) or "number_key" in str(exc):
            raise ValidationError(
                {
                    "ref": gettext(DUPLICATE_MESSAGE).format(
                        ref=document.ref,
                        issuer=document.issuer.name,
                        year=document.year,
                        where=gettext("vừa được vào sổ"),
                    )
                },
                code="duplicate",
            ) from exc
        raise
