"""Payments of a dossier's fees: a receipt at the desk, or the online payment gateway.

A payment that settles the fees of a dossier waiting for them (status "awaiting_payment", DVCQG
status 6) resumes its processing in the same transaction (services.dossier_complete_payment).
The gateway is the `payment` integration (core/integrations.py): a named fake in development and
tests, not configured in production until the province's payment platform is connected, so an
online payment there fails loudly and records nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from egov.core.integrations import get_integration
from egov.core.text import clean_text
from egov.organisations.models import User
from egov.organisations.selectors import user_can_access

from . import services
from .fees import fees_outstanding
from .models import Dossier, Payment, Status


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update(of=("self",)).select_related("procedure_version").get(pk=dossier.pk)


@transaction.atomic
def payment_record(
    *,
    dossier: Dossier,
    actor: User,
    method: str,
    amount_vnd: int,
    receipt_number: str = "",
    description: str = "",
    issue_einvoice: bool = False,
    at: dt.datetime | None = None,
) -> Payment:
    """A payment taken at the desk (cash, transfer): the officer enters the receipt number, the
    amount and when it was paid."""
    if not (actor.has_perm("dossiers.add_payment") and user_can_access(actor, agency_id=dossier.agency_id)):
        raise ValidationError("Bạn không có quyền ghi nhận khoản thu của hồ sơ này.", code="forbidden")
    if method not in (Payment.Method.CASH, Payment.Method.TRANSFER):
        raise ValidationError("Hình thức thu tại quầy là tiền mặt hoặc chuyển khoản.", code="invalid_method")
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError("Thời điểm nộp tiền không được sau thời điểm hiện tại.", code="future_payment")
    dossier = _locked(dossier)
    payment = _payment_create(
        dossier=dossier,
        actor=actor,
        method=method,
        amount_vnd=amount_vnd,
        receipt_number=receipt_number,
        description=description,
        issue_einvoice=issue_einvoice,
        at=at,
    )
    _resume_if_settled(dossier, actor, at)
    return payment


@transaction.atomic
def payment_online(*, dossier: Dossier, payer: User | None = None) -> Payment:
    """The applicant pays the outstanding fees through the payment gateway; the e-invoice follows."""
    dossier = _locked(dossier)
    amount = fees_outstanding(dossier)
    if amount is None:
        raise ValidationError(
            "Cơ quan chưa xác định số tiền phí, lệ phí của hồ sơ; vui lòng chờ thông báo.", code="fee_not_assessed"
        )
    if amount == 0:
        raise ValidationError("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.", code="nothing_due")
    result = get_integration("payment").charge(
        order_id=f"{dossier.pk}", amount_vnd=amount, description=f"Phí, lệ phí hồ sơ {dossier.code or dossier.pk}"
    )
    if not result.paid:
        raise ValidationError("Cổng thanh toán từ chối giao dịch; chưa thu khoản nào.", code="payment_declined")
    at = timezone.now()
    payment = _payment_create(
        dossier=dossier,
        actor=payer,
        method=Payment.Method.ONLINE,
        amount_vnd=amount,
        receipt_number="",
        description="",
        issue_einvoice=True,
        at=at,
        gateway_reference=result.reference,
    )
    _resume_if_settled(dossier, payer, at)
    return payment


def _resume_if_settled(dossier: Dossier, actor: User | None, at: dt.datetime) -> None:
    if dossier.status == Status.AWAITING_PAYMENT and fees_outstanding(dossier) == 0:
        services.dossier_complete_payment(dossier=dossier, actor=actor, at=at)


def _payment_create(
    *, dossier, actor, method, amount_vnd, receipt_number, description, issue_einvoice, at, gateway_reference=""
) -> Payment:
    if not isinstance(amount_vnd, int) or isinstance(amount_vnd, bool) or amount_vnd <= 0:
        raise ValidationError("Số tiền phải là số nguyên dương (đồng).", code="invalid_amount")
    outstanding = fees_outstanding(dossier)
    if outstanding is None:
        raise ValidationError(
            "Chưa xác định số tiền phí, lệ phí hồ sơ phải nộp: cần “Xác định phí, lệ phí phải nộp” trước.",
            code="fee_not_assessed",
        )
    if amount_vnd > outstanding:
        raise ValidationError("Số tiền vượt quá khoản phí, lệ phí còn phải nộp.", code="overpayment")
    receipt_number = clean_text(receipt_number)
    if method != Payment.Method.ONLINE and not receipt_number:
        raise ValidationError("Cần nhập số biên lai.", code="receipt_required")
    if (
        receipt_number
        and Payment.objects.filter(dossier__agency_id=dossier.agency_id, receipt_number=receipt_number).exists()
    ):
        raise ValidationError(
            f"Số biên lai “{receipt_number}” đã được ghi cho một khoản thu khác.", code="receipt_used"
        )
    description = clean_text(description) or f"Phí, lệ phí: {dossier.procedure.name}"
    einvoice = ""
    if issue_einvoice:
        einvoice = get_integration("einvoice").issue(
            buyer=dossier.applicant_name, description=description, amount_vnd=amount_vnd
        )
    return Payment.objects.create(
        dossier=dossier,
        description=description[:255],
        amount_vnd=amount_vnd,
        method=method,
        receipt_number=receipt_number,
        einvoice_number=einvoice,
        gateway_reference=gateway_reference,
        paid_at=at,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
