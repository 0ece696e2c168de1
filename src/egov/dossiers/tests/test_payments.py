"""Payments: a receipt at the desk (number, amount, time), the online gateway behind the integration
registry, the "financial obligation requested" pause (DVCQG status 6, law-2026.md §6.4 and §8.3
[V-code]) and no result returned while a due fee is unpaid (NĐ 118/2025/NĐ-CP Art. 8 [S]; Luật Phí
và lệ phí 2015 [K])."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from egov.core.integrations import IntegrationNotConfigured, reset_integrations
from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role
from egov.procedures.models import FeeItem
from egov.workdays.calendar import LOCAL_TZ, get_calendar

from .. import services
from ..fees import fees_outstanding
from ..integrity import check_dossier
from ..models import PauseInterval, Payment, ReturnMethod, Status
from ..payments import payment_online, payment_record
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def procedure():
    procedure = procedure_with_workflow(time_limit=10)
    version = procedure.versions.get()
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=1_200_000)
    FeeItem.objects.create(version=version, name="Lệ phí cấp giấy phép", amount_vnd=300_000, order=1)
    return procedure


@pytest.fixture
def staff(procedure):
    agency, unit = procedure.agency, procedure.lead_unit
    return {
        "desk": make_staff(agency, Role.RECEIVING_OFFICER),
        "head": make_staff(agency, Role.UNIT_HEAD, unit),
        "specialist": make_staff(agency, Role.SPECIALIST, unit),
        "leader": make_staff(agency, Role.AGENCY_LEADER),
    }


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user(username="congdan-tt", password="x")


MONDAY = local(2026, 3, 2, 9, 0)


def _received(procedure, staff, owner=None, at=MONDAY):
    dossier = submitted_dossier(procedure, at=at, owner=owner)
    return services.dossier_receive(dossier=dossier, actor=staff["desk"], at=at)


def _processing(procedure, staff, owner=None, at=MONDAY):
    dossier = _received(procedure, staff, owner, at)
    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=at + dt.timedelta(hours=1))
    return services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=at + dt.timedelta(hours=2)
    )


def _resolved(procedure, staff, owner=None):
    dossier = _processing(procedure, staff, owner)
    services.dossier_submit_for_signature(dossier=dossier, actor=staff["specialist"], at=local(2026, 3, 4, 9, 0))
    return services.dossier_sign(
        dossier=dossier, actor=staff["leader"], result_number="7/GP-SCT", at=local(2026, 3, 4, 10, 0)
    )


def test_a_counter_receipt_records_number_amount_and_time(procedure, staff):
    dossier = _received(procedure, staff)
    paid_at = local(2026, 3, 2, 10, 15)
    payment = payment_record(
        dossier=dossier,
        actor=staff["desk"],
        method=Payment.Method.CASH,
        amount_vnd=1_200_000,
        receipt_number="BL 0001",
        issue_einvoice=True,
        at=paid_at,
    )
    assert (payment.receipt_number, payment.amount_vnd, payment.paid_at) == ("BL 0001", 1_200_000, paid_at)
    assert payment.einvoice_number.startswith("FAKE-HD")
    assert fees_outstanding(dossier) == 300_000


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"amount_vnd": 400_000, "receipt_number": "BL 0002"}, "overpayment"),
        ({"amount_vnd": 100_000}, "receipt_required"),
        ({"amount_vnd": 0, "receipt_number": "BL 0003"}, "invalid_amount"),
        ({"amount_vnd": 100_000, "receipt_number": "BL 0001"}, "receipt_used"),
        ({"amount_vnd": 100_000, "receipt_number": "BL 0004", "method": "online"}, "invalid_method"),
    ],
)
def test_a_bad_counter_receipt_is_refused_and_records_nothing(procedure, staff, kwargs, code):
    dossier = _received(procedure, staff)
    payment_record(
        dossier=dossier, actor=staff["desk"], method=Payment.Method.CASH, amount_vnd=1_200_000, receipt_number="BL 0001"
    )
    kwargs = {"method": Payment.Method.CASH, **kwargs}
    with pytest.raises(ValidationError) as refused:
        payment_record(dossier=dossier, actor=staff["desk"], **kwargs)
    assert refused.value.code == code
    assert Payment.objects.count() == 1


def test_payment_refused_for_staff_without_the_right(procedure, staff):
    dossier = _received(procedure, staff)
    with pytest.raises(ValidationError):
        payment_record(
            dossier=dossier, actor=staff["specialist"], method=Payment.Method.CASH, amount_vnd=1, receipt_number="x"
        )


def test_online_payment_through_the_gateway(procedure, staff, citizen):
    dossier = _received(procedure, staff, owner=citizen)
    payment = payment_online(dossier=dossier, payer=citizen)
    assert (payment.amount_vnd, payment.method) == (1_500_000, Payment.Method.ONLINE)
    assert payment.gateway_reference.startswith("FAKEPAY-") and payment.einvoice_number
    with pytest.raises(ValidationError) as refused:
        payment_online(dossier=dossier, payer=citizen)
    assert refused.value.code == "nothing_due"


def test_unconfigured_gateway_fails_loudly_and_records_nothing(procedure, staff, citizen):
    dossier = _received(procedure, staff, owner=citizen)
    with override_settings(EGOV_INTEGRATIONS={}):
        reset_integrations()
        try:
            with pytest.raises(IntegrationNotConfigured):
                payment_online(dossier=dossier, payer=citizen)
        finally:
            reset_integrations()
    assert not Payment.objects.exists()


def test_the_result_is_not_returned_while_a_due_fee_is_unpaid(procedure, staff):
    dossier = _resolved(procedure, staff)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=dossier, actor=staff["desk"], method=ReturnMethod.DESK)
    assert refused.value.code == "fee_unpaid"
    assert "1.500.000 đồng phí, lệ phí chưa nộp" in refused.value.messages[0]
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED
    payment_record(
        dossier=dossier, actor=staff["desk"], method=Payment.Method.CASH, amount_vnd=1_500_000, receipt_number="BL 9"
    )
    dossier = services.dossier_return_result(dossier=dossier, actor=staff["desk"], method=ReturnMethod.DESK)
    assert dossier.status == Status.RETURNED


def test_the_result_is_not_returned_while_the_fee_is_not_fixed(staff):
    procedure = procedure_with_workflow(time_limit=10)
    version = procedure.versions.get()
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=1_200_000, condition="TP, thị xã")
    FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=600_000, condition="khu vực khác")
    staff = {
        "desk": make_staff(procedure.agency, Role.RECEIVING_OFFICER),
        "head": make_staff(procedure.agency, Role.UNIT_HEAD, procedure.lead_unit),
        "specialist": make_staff(procedure.agency, Role.SPECIALIST, procedure.lead_unit),
        "leader": make_staff(procedure.agency, Role.AGENCY_LEADER),
    }
    dossier = _resolved(procedure, staff)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=dossier, actor=staff["desk"], method=ReturnMethod.DESK)
    assert refused.value.code == "fee_not_assessed"


def test_a_refusal_is_handed_over_without_payment(procedure, staff):
    dossier = _processing(procedure, staff)
    dossier = services.dossier_refuse(dossier=dossier, actor=staff["leader"], reason="Không đủ điều kiện.")
    dossier = services.dossier_return_result(dossier=dossier, actor=staff["desk"], method=ReturnMethod.DESK)
    assert dossier.status == Status.RETURNED


def test_financial_obligation_pauses_the_clock_and_payment_resumes_it(procedure, staff, citizen):
    """DVCQG status 6 "Yêu cầu thực hiện nghĩa vụ tài chính" is a pause (law-2026.md §6.4): the working
    days waiting for the payment are not counted (QĐ 766 indicator 2.1 subtracts the applicant's time,
    §5.2), the due date moves by them; unlike a supplement, the clock does not restart from zero."""
    dossier = _processing(procedure, staff, owner=citizen)  # received Monday 2 March 2026, 10 WD
    due = dossier.due_date
    dossier = services.dossier_request_payment(dossier=dossier, actor=staff["specialist"], at=local(2026, 3, 3, 9, 0))
    assert dossier.status == Status.AWAITING_PAYMENT
    pause = dossier.pauses.get()
    assert pause.kind == PauseInterval.Kind.PAYMENT and pause.completed_at is None
    with pytest.raises(TransitionRefused):  # the applicant holds it: no processing meanwhile
        services.dossier_submit_for_signature(dossier=dossier, actor=staff["specialist"])
    payment = payment_online(dossier=dossier, payer=citizen)  # today, after 3 March 2026
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    pause.refresh_from_db()
    assert pause.completed_at == payment.paid_at
    calendar = get_calendar()
    waited = calendar.working_days_between(dt.date(2026, 3, 3), payment.paid_at.astimezone(LOCAL_TZ).date())
    assert dossier.due_date == calendar.add_working_days(due, waited)
    assert dossier.events.filter(action="complete_payment").get().data["waited_working_days"] == waited
    assert check_dossier(dossier) == []


def test_a_partial_counter_payment_keeps_the_dossier_waiting(procedure, staff):
    dossier = _processing(procedure, staff)
    services.dossier_request_payment(dossier=dossier, actor=staff["specialist"], at=local(2026, 3, 3, 9, 0))
    payment_record(
        dossier=dossier,
        actor=staff["desk"],
        method=Payment.Method.CASH,
        amount_vnd=1_200_000,
        receipt_number="BL 1",
        at=local(2026, 3, 4, 9, 0),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT
    payment_record(
        dossier=dossier,
        actor=staff["desk"],
        method=Payment.Method.CASH,
        amount_vnd=300_000,
        receipt_number="BL 2",
        at=local(2026, 3, 5, 9, 0),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.due_date == dt.date(2026, 3, 18)  # 16 March + 2 working days waited (3 -> 5 March)
    assert check_dossier(dossier) == []


def test_a_payment_pause_does_not_use_up_the_one_supplement_request(procedure, staff):
    dossier = _processing(procedure, staff)
    services.dossier_request_payment(dossier=dossier, actor=staff["specialist"], at=local(2026, 3, 2, 14, 0))
    payment_record(
        dossier=dossier,
        actor=staff["desk"],
        method=Payment.Method.CASH,
        amount_vnd=1_500_000,
        receipt_number="BL 3",
        at=local(2026, 3, 2, 15, 0),
    )
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["Bản vẽ"], at=local(2026, 3, 3, 9, 0)
    )
    assert dossier.status == Status.PAUSED
    assert check_dossier(dossier) == []


def test_payment_is_requested_only_when_a_fee_is_outstanding(staff):
    procedure = procedure_with_workflow(time_limit=10)
    staff = {
        "desk": make_staff(procedure.agency, Role.RECEIVING_OFFICER),
        "head": make_staff(procedure.agency, Role.UNIT_HEAD, procedure.lead_unit),
        "specialist": make_staff(procedure.agency, Role.SPECIALIST, procedure.lead_unit),
    }
    dossier = _processing(procedure, staff)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_request_payment(dossier=dossier, actor=staff["specialist"])
    assert refused.value.code == "nothing_due"
