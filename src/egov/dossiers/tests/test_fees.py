"""What a dossier must pay (issue: fees always read "Phải nộp: 0 đồng"): the version's tariff with
alternative rates, the fee fixed at receipt or by the desk, and unknown fees shown as unknown, not 0.
Sources: the fee regulations each procedure cites (TT 168/2016/TT-BTC, TT 299/2016/TT-BTC) as read
into the catalogue; NĐ 118/2025/NĐ-CP Art. 8 (the one-stop unit collects fees) [S]."""

import pytest

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role
from egov.procedures.models import FeeItem

from .. import services
from ..fees import fee_lines, fees_due, fees_outstanding
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db


def _procedure(*items, fee_known=True):
    procedure = procedure_with_workflow()
    version = procedure.versions.get()
    for order, (name, amount, condition) in enumerate(items):
        FeeItem.objects.create(version=version, name=name, amount_vnd=amount, condition=condition, order=order)
    if not fee_known:
        version.raw_values = {"fee_vnd": "theo TT 168/2016/TT-BTC"}
        version.save(update_fields=["raw_values"])
    return procedure


def _received(procedure):
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    return services.dossier_receive(dossier=submitted_dossier(procedure), actor=desk), desk


def test_fixed_items_are_due_from_submission_and_fixed_at_receipt():
    procedure = _procedure(("Phí thẩm định", 1_200_000, ""), ("Lệ phí cấp giấy phép", 300_000, ""))
    submitted = submitted_dossier(procedure)
    assert fees_due(submitted) == 1_500_000 and submitted.fees_assessed_at is None
    dossier, _ = _received(procedure)
    assert dossier.fees_assessed_at == dossier.received_at
    assert fees_due(dossier) == 1_500_000
    assert dossier.events.get(action="receive").data["fees"] == [
        ["Phí thẩm định", 1_200_000],
        ["Lệ phí cấp giấy phép", 300_000],
    ]


def test_alternative_rates_are_unknown_until_the_desk_chooses_the_one_that_applies():
    """TT 168/2016/TT-BTC: 1.200.000 đồng in cities and towns, 600.000 đồng elsewhere."""
    procedure = _procedure(("Phí thẩm định", 1_200_000, "TP, thị xã"), ("Phí thẩm định", 600_000, "khu vực khác"))
    dossier, desk = _received(procedure)
    assert fees_due(dossier) is None and fees_outstanding(dossier) is None
    assert [amount for _, amount, _ in fee_lines(dossier)] == [1_200_000, 600_000]
    other_area = procedure.versions.get().fee_items.get(amount_vnd=600_000)
    dossier = services.dossier_assess_fee(dossier=dossier, actor=desk, fee_item=other_area)
    assert fees_due(dossier) == 600_000
    assert fee_lines(dossier) == [("Phí thẩm định", 600_000, "")]


def test_a_choice_is_required_and_must_be_one_of_the_versions_rates():
    procedure = _procedure(("Phí thẩm định", 1_200_000, "TP, thị xã"), ("Phí thẩm định", 600_000, "khu vực khác"))
    dossier, desk = _received(procedure)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_assess_fee(dossier=dossier, actor=desk)
    assert refused.value.code == "fee_choice_required"
    foreign = FeeItem.objects.create(
        version=procedure_with_workflow().versions.get(), name="Phí", amount_vnd=5, condition="x"
    )
    with pytest.raises(TransitionRefused):
        services.dossier_assess_fee(dossier=dossier, actor=desk, fee_item=foreign)
    assert fees_due(dossier) is None


def test_a_fee_the_catalogue_could_not_read_is_entered_by_the_desk():
    dossier, desk = _received(_procedure(fee_known=False))
    assert fees_due(dossier) is None
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_assess_fee(dossier=dossier, actor=desk)
    assert refused.value.code == "fee_amount_required"
    dossier = services.dossier_assess_fee(dossier=dossier, actor=desk, amount_vnd=800_000, name="Phí thẩm định")
    assert fees_due(dossier) == 800_000


def test_a_procedure_without_fee_owes_nothing():
    dossier, _ = _received(_procedure())
    assert (fees_due(dossier), fees_outstanding(dossier)) == (0, 0)


def test_only_the_desk_fixes_the_fee():
    procedure = _procedure(("Phí thẩm định", 1_200_000, "TP, thị xã"), ("Phí thẩm định", 600_000, "khu vực khác"))
    dossier, _ = _received(procedure)
    specialist = make_staff(procedure.agency, Role.SPECIALIST, procedure.lead_unit)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_assess_fee(
            dossier=dossier, actor=specialist, fee_item=procedure.versions.get().fee_items.first()
        )
    assert refused.value.code == "forbidden"
