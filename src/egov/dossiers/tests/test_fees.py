import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from egov.core.integrations import IntegrationNotConfigured, reset_integrations
from egov.organisations.roles import Role
from egov.procedures.models import FeeItem

from ..fees import fees_due, fees_outstanding, payment_online, payment_record
from ..models import Payment
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    procedure = procedure_with_workflow()
    version = procedure.versions.get()
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=1_200_000)
    FeeItem.objects.create(version=version, name="Lệ phí cấp giấy phép", amount_vnd=300_000)
    return submitted_dossier(procedure)


def test_fees_due_from_the_procedure_version(dossier):
    assert fees_due(dossier) == 1_500_000


def test_cash_payment_at_the_desk(dossier):
    desk = make_staff(dossier.agency, Role.RECEIVING_OFFICER)
    payment = payment_record(
        dossier=dossier,
        actor=desk,
        method=Payment.Method.CASH,
        amount_vnd=1_200_000,
        receipt_number="BL 0001",
        issue_einvoice=True,
    )
    assert payment.einvoice_number.startswith("FAKE-HD")
    assert fees_outstanding(dossier) == 300_000
    with pytest.raises(ValidationError) as refused:
        payment_record(
            dossier=dossier, actor=desk, method=Payment.Method.CASH, amount_vnd=400_000, receipt_number="BL 0002"
        )
    assert refused.value.code == "overpayment"
    with pytest.raises(ValidationError) as refused:
        payment_record(dossier=dossier, actor=desk, method=Payment.Method.CASH, amount_vnd=100_000)
    assert refused.value.code == "receipt_required"


def test_payment_refused_for_staff_without_the_right(dossier):
    specialist = make_staff(dossier.agency, Role.SPECIALIST)
    with pytest.raises(ValidationError):
        payment_record(dossier=dossier, actor=specialist, method=Payment.Method.CASH, amount_vnd=1, receipt_number="x")


def test_online_payment_through_the_gateway(dossier):
    payment = payment_online(dossier=dossier)
    assert (payment.amount_vnd, payment.method) == (1_500_000, Payment.Method.ONLINE)
    assert payment.gateway_reference.startswith("FAKEPAY-") and payment.einvoice_number
    with pytest.raises(ValidationError) as refused:
        payment_online(dossier=dossier)
    assert refused.value.code == "nothing_due"


def test_unconfigured_gateway_fails_loudly_and_records_nothing(dossier):
    with override_settings(EGOV_INTEGRATIONS={}):
        reset_integrations()
        try:
            with pytest.raises(IntegrationNotConfigured):
                payment_online(dossier=dossier)
        finally:
            reset_integrations()
    assert not Payment.objects.exists()
