"""Handing over and closing (services/result.py): how the result is returned, withdrawal, and the
applicant's rating."""

import pytest

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role

from .. import services
from ..models import Outcome, Rating, ReturnMethod, Status
from .factories import (
    filed_online,
    in_processing,
    local,
    submitted_dossier,
)

pytestmark = pytest.mark.django_db


def test_withdraw_before_receipt_is_not_a_finished_dossier(procedure, staff):
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 9, 0))
    dossier = services.dossier_withdraw(dossier=dossier, actor=staff["desk"], reason="Người nộp xin rút")
    assert dossier.status == Status.WITHDRAWN and dossier.finished_at is None and dossier.outcome == ""


def test_withdraw_while_paused_closes_the_pause(procedure, staff):
    dossier = in_processing(procedure, staff)
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=staff["specialist"], items=["X"], at=local(2025, 3, 4, 9, 0)
    )
    dossier = services.dossier_withdraw(dossier=dossier, actor=staff["desk"], reason="Rút", at=local(2025, 3, 6, 9))
    assert dossier.outcome == Outcome.WITHDRAWN and not dossier.pauses.filter(completed_at__isnull=True).exists()


def test_rating_only_by_the_owner_and_once(procedure, staff, django_user_model):
    citizen = django_user_model.objects.create_user(username="a", password="x")
    other = django_user_model.objects.create_user(username="b", password="x")
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 9, 0), owner=citizen)
    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 9, 0))
    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 10, 0))
    dossier = services.dossier_submit_for_signature(dossier=dossier, actor=staff["specialist"])
    dossier = services.dossier_sign(dossier=dossier, actor=staff["leader"], result_number="1/GP-SCT")
    dossier = services.dossier_return_result(dossier=dossier, actor=staff["desk"], method=ReturnMethod.DESK)
    with pytest.raises(TransitionRefused):
        services.dossier_rate(dossier=dossier, actor=other, rating=Rating.SATISFIED)
    services.dossier_rate(dossier=dossier, actor=citizen, rating=Rating.SATISFIED)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_rate(dossier=dossier, actor=citizen, rating=Rating.UNSATISFIED)
    assert refused.value.code == "already_rated"


def test_the_desk_changes_the_choice_with_a_recorded_event(db):
    from egov.portal.tests.world import advance_to, build_department

    department = build_department()
    dossier = advance_to(department, filed_online(department, result_delivery=ReturnMethod.ELECTRONIC), "assigned")
    desk = department.user(Role.RECEIVING_OFFICER)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_change_result_delivery(
            dossier=dossier, actor=department.user(Role.SPECIALIST), method=ReturnMethod.DESK
        )
    assert refused.value.code == "forbidden"
    dossier = services.dossier_change_result_delivery(
        dossier=dossier,
        actor=desk,
        method=ReturnMethod.POST,
        address="Số 5 Phan Bội Châu, TP Quảng Ngãi",
        note="Người nộp đề nghị qua điện thoại.",
    )
    dossier.refresh_from_db()
    assert (dossier.result_delivery, dossier.result_address) == ("post", "Số 5 Phan Bội Châu, TP Quảng Ngãi")
    event = dossier.events.order_by("pk").last()
    assert (event.action, event.actor, event.note) == (
        "change_result_delivery",
        desk,
        "Người nộp đề nghị qua điện thoại.",
    )
    assert event.data == {"from": "electronic", "to": "post", "address": "Số 5 Phan Bội Châu, TP Quảng Ngãi"}
    with pytest.raises(TransitionRefused, match="không thay đổi"):
        services.dossier_change_result_delivery(
            dossier=dossier, actor=desk, method=ReturnMethod.POST, address="Số 5 Phan Bội Châu, TP Quảng Ngãi"
        )


def test_the_result_is_returned_the_way_chosen(db):
    """Electronic: only with the signed file, which the applicant then downloads; by post: with the
    posting's tracking number, recorded and sent to the applicant; another way: change the choice first."""
    from egov.outbox.models import Message
    from egov.portal.tests.world import advance_to, attach_result, build_department, pay_at_desk

    department = build_department()
    desk = department.user(Role.RECEIVING_OFFICER)
    dossier = advance_to(department, filed_online(department, result_delivery=ReturnMethod.ELECTRONIC), "resolved")
    pay_at_desk(dossier, desk)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=dossier, actor=desk, method=ReturnMethod.DESK)
    assert refused.value.code == "delivery_mismatch"
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=dossier, actor=desk)
    assert refused.value.code == "no_result_file"
    attach_result(department, dossier)
    dossier = services.dossier_return_result(dossier=dossier, actor=desk)
    assert (dossier.status, dossier.return_method) == (Status.RETURNED, "electronic")
    told = Message.objects.filter(kind="result_returned", channel="email").get()
    assert f"/cong-dan/ho-so/{dossier.pk}/" in told.body

    posted = advance_to(department, filed_online(department, result_delivery=ReturnMethod.POST), "resolved")
    pay_at_desk(posted, desk)
    with pytest.raises(TransitionRefused) as refused:
        services.dossier_return_result(dossier=posted, actor=desk)
    assert refused.value.code == "no_postal_tracking"
    posted = services.dossier_return_result(dossier=posted, actor=desk, postal_tracking=" EB 123456789 VN ")
    event = posted.events.order_by("pk").last()
    assert event.data == {
        "method": "post",
        "postal_tracking": "EB 123456789 VN",
        "address": "Phường Nghĩa Chánh, TP Quảng Ngãi",
    }
    sms = Message.objects.filter(kind="result_returned", channel="sms", about_id=posted.pk).get()
    assert "số hiệu bưu gửi EB 123456789 VN" in sms.body
