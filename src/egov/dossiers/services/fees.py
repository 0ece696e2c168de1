"""Fees and the financial obligation: what a dossier pays, the request to pay and its completion."""

from __future__ import annotations

import datetime as dt

from egov.core.formats import local_date, vn_number
from egov.core.text import clean_text
from egov.core.workflow import Change, Step, refuse
from egov.procedures.service import FeeItem
from egov.workdays.calendar import get_calendar

from .. import transitions as t
from ..fees import fees_outstanding
from ..models import Dossier, DossierFee, PauseInterval
from ..transitions import Action
from .lifecycle import DOSSIERS


def fixed_items(dossier: Dossier) -> list[FeeItem]:
    return [item for item in dossier.procedure_version.fee_items.all() if not item.condition]


def fees_fix(dossier: Dossier, lines: list[tuple[FeeItem | None, str, int]], at: dt.datetime) -> list:
    """Replace what the dossier must pay; the caller saves `fees_assessed_at` with its event."""
    dossier.fees.all().delete()
    DossierFee.objects.bulk_create(
        DossierFee(dossier=dossier, fee_item=item, name=name, amount_vnd=amount) for item, name, amount in lines
    )
    dossier.fees_assessed_at = at
    return [[name, amount] for _, name, amount in lines]


@DOSSIERS.action(Action.ASSESS_FEE)
def dossier_assess_fee(dossier: Dossier, data: t.AssessFee, step: Step) -> Change:
    """The desk fixes what this dossier pays: the version's fixed items plus the one alternative rate
    that applies (`fee_item`: by area, by kind of establishment), or, when the catalogue could not
    read the fee, the amount from the fee regulation (`amount_vnd`, 0 for none). NĐ 118/2025 Art. 8
    (the one-stop unit collects fees and charges) [S]."""
    if dossier.payments.exists():
        raise refuse("Hồ sơ đã có khoản thu: không xác định lại phí, lệ phí.", "fee_already_paid")
    version = dossier.procedure_version
    fee_item, amount_vnd = data.fee_item, data.amount_vnd
    lines: list[tuple[FeeItem | None, str, int]] = [(item, item.name, item.amount_vnd) for item in fixed_items(dossier)]
    alternatives = version.fee_alternatives
    if alternatives:
        if fee_item is None or fee_item.pk not in {item.pk for item in alternatives}:
            raise refuse("Cần chọn một mức thu đúng với trường hợp của hồ sơ.", "fee_choice_required")
        lines.append((fee_item, fee_item.name, fee_item.amount_vnd))
    elif not version.fee_known:
        if amount_vnd is None or isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd < 0:
            raise refuse(
                "Cần nhập số tiền phí, lệ phí theo quy định (số nguyên, đồng; 0 nếu không thu).", "fee_amount_required"
            )
        if amount_vnd:
            lines.append((None, clean_text(data.name) or "Phí, lệ phí", amount_vnd))
    elif fee_item is not None or amount_vnd is not None:
        raise refuse("Thủ tục có một mức thu cố định: không chọn hay nhập số tiền khác.", "fee_fixed")
    fees = fees_fix(dossier, lines, step.at)
    return Change(["fees_assessed_at"], note=data.note, data={"fees": fees})


def check_fees_settled(dossier: Dossier) -> None:
    """No result is handed over while a fee is due and unpaid (Luật Phí và lệ phí 2015 [K]; NĐ 118/2025
    Art. 8 [S]; DVCQG status 6 "Yêu cầu thực hiện nghĩa vụ tài chính", law-2026.md §6.4)."""
    outstanding = fees_outstanding(dossier)
    if outstanding is None:
        raise refuse(
            "Chưa xác định số tiền phí, lệ phí hồ sơ phải nộp: cần xác định và thu trước khi trả kết quả.",
            "fee_not_assessed",
        )
    if outstanding > 0:
        raise refuse(
            f"Hồ sơ còn {vn_number(outstanding)} đồng phí, lệ phí chưa nộp: "
            "chỉ trả kết quả sau khi người nộp đã thực hiện nghĩa vụ tài chính.",
            "fee_unpaid",
        )


@DOSSIERS.action(Action.REQUEST_PAYMENT)
def dossier_request_payment(dossier: Dossier, data: t.Note, step: Step) -> Change:
    """The applicant must pay before processing goes on (DVCQG status 6, law-2026.md §6.4 and §8.3):
    the dossier waits and the statutory clock stops, as for a supplement, until the fees are paid."""
    outstanding = fees_outstanding(dossier)
    if outstanding is None:
        raise refuse("Cần xác định số tiền phí, lệ phí phải nộp trước khi yêu cầu nộp.", "fee_not_assessed")
    if outstanding == 0:
        raise refuse("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.", "nothing_due")
    PauseInterval.objects.create(
        dossier=dossier,
        kind=PauseInterval.Kind.PAYMENT,
        requested_at=step.at,
        reason=f"Nộp {vn_number(outstanding)} đồng phí, lệ phí",
    )
    return Change(note=data.note, data={"amount_vnd": outstanding})


@DOSSIERS.action(Action.COMPLETE_PAYMENT)
def dossier_complete_payment(dossier: Dossier, data: None, step: Step) -> Change:
    """The fees are paid: processing resumes where the clock stopped, the due date moved by the
    working days spent waiting (not restarted, unlike a supplement; law-2026.md §5.2 indicator 2.1)."""
    if fees_outstanding(dossier) != 0:
        raise refuse("Hồ sơ còn phí, lệ phí chưa nộp.", "fee_unpaid")
    pause = dossier.pauses.get(completed_at__isnull=True)
    pause.completed_at = step.at
    pause.save(update_fields=["completed_at"])
    calendar = get_calendar()
    waited = calendar.working_days_between(local_date(pause.requested_at), local_date(step.at))
    dossier.due_date = calendar.add_working_days(dossier.due_date, waited)
    if dossier.apology_due_date is not None:
        dossier.apology_due_date = calendar.add_working_days(dossier.apology_due_date, waited)
    return Change(
        ["due_date", "apology_due_date"],
        data={"due_date": dossier.due_date.isoformat(), "waited_working_days": waited},
    )
