"""The result and the end: how it is received and handed over, withdrawal, stopping, the rating."""

from __future__ import annotations

import datetime as dt

from egov.core.text import clean_text
from egov.core.workflow import Change, Step, refuse

from .. import transitions as t
from ..models import Attachment, Dossier, Outcome, Rating, ReturnMethod, Status
from ..transitions import Action
from .applicant import result_delivery_cleaned
from .fees import check_fees_settled
from .lifecycle import DOSSIERS, advance, finish, require_reason


def _end_open_pause(dossier: Dossier, at: dt.datetime) -> None:
    dossier.pauses.filter(completed_at__isnull=True).update(completed_at=at)


@DOSSIERS.action(Action.CHANGE_RESULT_DELIVERY)
def dossier_change_result_delivery(dossier: Dossier, data: t.ChangeResultDelivery, step: Step) -> Change:
    """The desk records the applicant's new choice of how to receive the result, with an event."""
    method, address = result_delivery_cleaned(
        data.method, data.address, owner=dossier.owner, applicant_address=dossier.applicant_address
    )
    if (method, address) == (dossier.result_delivery, dossier.result_address):
        raise refuse("Hình thức nhận kết quả không thay đổi.", "unchanged")
    previous = dossier.result_delivery
    dossier.result_delivery, dossier.result_address = method, address
    return Change(
        ["result_delivery", "result_address"],
        note=data.note,
        data={"from": previous, "to": method} | ({"address": address} if address else {}),
    )


@DOSSIERS.action(Action.RETURN_RESULT)
def dossier_return_result(dossier: Dossier, data: t.ReturnResult, step: Step) -> Change:
    """Hand over the result the way the applicant chose (`method` defaults to it; another way needs
    the choice changed first). Electronic: the signed file must be attached, and the applicant can
    then download it; by post: the posting's tracking number is recorded."""
    method = data.method or dossier.result_delivery
    if method not in ReturnMethod.values:
        raise refuse("Hình thức trả kết quả không hợp lệ.", "invalid_return_method")
    if dossier.result_delivery and method != dossier.result_delivery:
        raise refuse(
            f"Người nộp đã chọn nhận kết quả “{ReturnMethod(dossier.result_delivery).label}”; "
            "đổi hình thức nhận kết quả trước khi trả theo cách khác.",
            "delivery_mismatch",
        )
    if dossier.status == Status.RESOLVED:
        check_fees_settled(dossier)
    event_data = {"method": method}
    if method == ReturnMethod.ELECTRONIC:
        if dossier.owner_id is None:
            raise refuse("Hồ sơ không có tài khoản người nộp để nhận kết quả trực tuyến.", "no_owner")
        if dossier.status == Status.RESOLVED and not dossier.attachments.filter(kind=Attachment.Kind.RESULT).exists():
            raise refuse("Chưa có bản điện tử của kết quả để trả trực tuyến.", "no_result_file")
    if method == ReturnMethod.POST:
        postal_tracking = clean_text(data.postal_tracking)
        if not postal_tracking:
            raise refuse("Cần nhập số hiệu bưu gửi khi trả kết quả qua bưu chính.", "no_postal_tracking")
        address = dossier.result_address or dossier.applicant_address
        event_data |= {"postal_tracking": postal_tracking, "address": address}
    dossier.returned_at, dossier.return_method = step.at, method
    advance(dossier, None, at=step.at, name="")
    return Change(["returned_at", "return_method"], note=data.note, data=event_data)


@DOSSIERS.action(Action.WITHDRAW)
def dossier_withdraw(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    reason = require_reason(data.reason, "lý do rút hồ sơ")
    fields = finish(dossier, Outcome.WITHDRAWN, step.at) if dossier.received_at else []
    _end_open_pause(dossier, step.at)
    advance(dossier, None, at=step.at, name="")
    return Change(fields, note=reason)


@DOSSIERS.action(Action.STOP)
def dossier_stop(dossier: Dossier, data: t.Reason, step: Step) -> Change:
    reason = require_reason(data.reason, "lý do dừng xử lý")
    _end_open_pause(dossier, step.at)
    fields = finish(dossier, Outcome.STOPPED, step.at)
    advance(dossier, None, at=step.at, name="")
    return Change(fields, note=reason)


@DOSSIERS.action(Action.RATE)
def dossier_rate(dossier: Dossier, data: t.Rate, step: Step) -> Change:
    """The applicant rates once, after the result is returned (the table: the owner only, and closed
    once rated)."""
    if data.rating not in Rating.values:
        raise refuse("Mức độ hài lòng không hợp lệ.", "invalid_rating")
    dossier.rating, dossier.rated_at = data.rating, step.at
    return Change(["rating", "rated_at"], note=data.comment, data={"rating": data.rating})


# Action name -> service, for views and the API that take the action from the URL.
