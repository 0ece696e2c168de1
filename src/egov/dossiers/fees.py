"""What a dossier must pay and what it has paid (reads; the writes are in services/fees.py and payments.py).

The procedure version's fee items are its tariff: items without a condition are due from every
dossier; items with a condition are alternatives (by area, by kind of establishment), one of which
applies. A version whose fee the catalogue could not read has no items and `fee_known` false. A
dossier's own fees are fixed once (`Dossier.fees_assessed_at`, `DossierFee` rows): at receipt when
the version's fee is fixed, otherwise by the desk (services.dossier_assess_fee)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from .models import Dossier


def fees_due(dossier: Dossier) -> int | None:
    """The amount the dossier must pay; None while it is not known yet (several rates, or a fee the
    catalogue could not read, and the desk has not fixed it)."""
    if dossier.fees_assessed_at is not None:
        return dossier.fees.aggregate(total=Sum("amount_vnd"))["total"] or 0
    return dossier.procedure_version.fee_fixed


def fees_paid(dossier: Dossier) -> int:
    return dossier.payments.aggregate(total=Sum("amount_vnd"))["total"] or 0


def fees_outstanding(dossier: Dossier) -> int | None:
    due = fees_due(dossier)
    return None if due is None else max(due - fees_paid(dossier), 0)


def fee_lines(dossier: Dossier) -> list[tuple[str, int, str]]:
    """(name, amount, condition) of what the dossier pays once fixed, else of the version's tariff."""
    if dossier.fees_assessed_at is not None:
        return [(fee.name, fee.amount_vnd, "") for fee in dossier.fees.all()]
    return [(item.name, item.amount_vnd, item.condition) for item in dossier.procedure_version.fee_items.all()]


@dataclass(frozen=True)
class FeeSummary:
    """What the staff page and the applicant's page show about a dossier's fees."""

    due: int | None  # None: not fixed yet
    paid: int
    outstanding: int | None
    lines: list[tuple[str, int, str]]
    fee_text: str  # the catalogue's wording, for a fee it could not read


def fee_summary(dossier: Dossier) -> FeeSummary:
    due, paid = fees_due(dossier), fees_paid(dossier)
    return FeeSummary(
        due=due,
        paid=paid,
        outstanding=None if due is None else max(due - paid, 0),
        lines=fee_lines(dossier),
        fee_text="" if dossier.procedure_version.fee_known else dossier.procedure_version.fee_text,
    )
