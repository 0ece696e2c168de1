"""Fees of a dossier (from its procedure version) and the payments recorded against them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from egov.core.integrations import get_integration
from egov.core.text import clean_text
from egov.organisations.models import User
from egov.organisations.selectors import user_can_access

from .models import Dossier, Payment


def fees_due(dossier: Dossier) -> int:
    return dossier.procedure_version.total_fee_vnd


def fees_paid(dossier: Dossier) -> int:
    return dossier.payments.aggregate(total=Sum("amount_vnd"))["total"] or 0


def fees_outstanding(dossier: Dossier) -> int:
    return max(fees_due(dossier) - fees_paid(dossier), 0)


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
) -> Payment:
    """A payment taken at the desk (cash, transfer): the officer enters the receipt number."""
    if not (actor.has_perm("dossiers.add_payment") and user_can_access(actor, agency_id=dossier.agency_id)):
        raise ValidationError("Bạn không có quyền ghi nhận khoản thu của hồ sơ này.", code="forbidden")
    if method not in (Payment.Method.CASH, Payment.Method.TRANSFER):
        raise ValidationError("Hình thức thu tại quầy là tiền mặt hoặc chuyển khoản.", code="invalid_method")
    return _payment_create(
        dossier=dossier,
        actor=actor,
        method=method,
        amount_vnd=amount_vnd,
        receipt_number=receipt_number,
        description=description,
        issue_einvoice=issue_einvoice,
    )


@transaction.atomic
def payment_online(*, dossier: Dossier, payer: User | None = None) -> Payment:
    """The applicant pays the outstanding fees through the payment gateway; the e-invoice follows."""
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    amount = fees_outstanding(dossier)
    if amount == 0:
        raise ValidationError("Hồ sơ không còn khoản phí, lệ phí nào phải nộp.", code="nothing_due")
    result = get_integration("payment").charge(
        order_id=f"{dossier.pk}", amount_vnd=amount, description=f"Phí, lệ phí hồ sơ {dossier.code or dossier.pk}"
    )
    if not result.paid:
        raise ValidationError("Cổng thanh toán từ chối giao dịch; chưa thu khoản nào.", code="payment_declined")
    payment = _payment_create(
        dossier=dossier,
        actor=payer,
        method=Payment.Method.ONLINE,
        amount_vnd=amount,
        receipt_number="",
        description="",
        issue_einvoice=True,
    )
    payment.gateway_reference = result.reference
    payment.save(update_fields=["gateway_reference"])
    return payment


def _payment_create(*, dossier, actor, method, amount_vnd, receipt_number, description, issue_einvoice) -> Payment:
    if not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise ValidationError("Số tiền phải là số nguyên dương (đồng).", code="invalid_amount")
    if amount_vnd > fees_outstanding(dossier):
        raise ValidationError("Số tiền vượt quá khoản phí, lệ phí còn phải nộp.", code="overpayment")
    receipt_number = clean_text(receipt_number)
    if method != Payment.Method.ONLINE and not receipt_number:
        raise ValidationError("Cần nhập số biên lai.", code="receipt_required")
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
        paid_at=timezone.now(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
