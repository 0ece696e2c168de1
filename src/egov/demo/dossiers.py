"""Demo dossiers at every stage, made through the lifecycle services (never by writing columns)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.core.text import fold
from egov.dossiers.service import (
    ApplicantData,
    ApplicantKind,
    Attachment,
    Channel,
    Dossier,
    Payment,
    Rating,
    ReturnMethod,
    attachment_add,
    dossier_approve,
    dossier_assess_fee,
    dossier_assign,
    dossier_rate,
    dossier_receive,
    dossier_refuse_intake,
    dossier_request_supplement,
    dossier_return_result,
    dossier_sign,
    dossier_submit,
    dossier_submit_for_signature,
    dossier_transfer,
    fees_outstanding,
    payment_record,
)
from egov.organisations.models import User
from egov.procedures.service import OnlineLevel, Procedure
from egov.workdays.calendar import LOCAL_TZ, get_calendar

CITIZEN_USERNAME = "congdan"
# A one-page PDF standing for a scanned item or a signed result (the demo has no real files).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
OPENING = dt.time(7, 30)  # the one-stop desk opens

APPLICANTS = [
    ("Công ty TNHH Thương mại Sa Huỳnh", "4300123456", "Trần Văn Bình"),
    ("Công ty Cổ phần Rượu bia Thiên Ấn", "4300654321", "Nguyễn Thị Mai"),
    ("Hợp tác xã Thương mại Trà Bồng", "4300777888", "Lê Văn Sơn"),
    ("Công ty TNHH Xăng dầu Mỹ Khê", "4300111222", "Phạm Thị Hoa"),
    ("Doanh nghiệp tư nhân Ba Tơ", "4300333444", "Võ Minh Quân"),
    ("Công ty TNHH Điện lực Sơn Tịnh", "4300555666", "Đinh Thị Thảo"),
    ("Công ty Cổ phần Hóa chất Dung Quất", "4300999000", "Huỳnh Văn Phúc"),
    ("Công ty TNHH Phân phối Nghĩa Hành", "4300246810", "Trương Thị Yến"),
]


def _applicant(index: int) -> ApplicantData:
    name, tax_code, representative = APPLICANTS[index % len(APPLICANTS)]
    return ApplicantData(
        kind=ApplicantKind.ORGANISATION,
        name=name,
        tax_code=tax_code,
        representative=representative,
        address="Thành phố Quảng Ngãi, tỉnh Quảng Ngãi",
        phone=f"09051234{index:02d}",
        email=f"lienhe{index}@example.vn",
    )


def ensure_demo_dossiers(*, agency, users: dict[str, User], citizen: User) -> int:
    """Create the demo dossiers once (re-running the demo keeps them); returns how many were made."""
    if Dossier.objects.filter(agency=agency, is_legacy=False).exists():
        return 0
    online = [p for p in Procedure.objects.filter(agency=agency).order_by("code") if _offered_online(p)]
    alcohol = next((p for p in online if "ban buon ruou" in fold(p.name)), online[0])
    others = [p for p in online if p != alcohol] or [alcohol]
    desk, head, specialist, leader = (users[name] for name in ("motcua", "truongphong", "chuyenvien", "giamdoc"))
    # Office hours on the working days of the past week (submissions from 07:30, the last step by
    # 16:30), whatever the time the demo is loaded at.
    calendar = get_calendar()
    today = timezone.localdate()
    past_days = (today - dt.timedelta(days=n) for n in range(1, 30))
    first_day = [day for day in past_days if calendar.is_working_day(day)][5]
    made = 0

    def moment(index: int, working_days: int, hours: float) -> dt.datetime:
        """Dossier `index` is submitted half an hour after the one before it on the first day; each
        of its steps comes `hours` after its submission's hour, `working_days` later."""
        day = calendar.add_working_days(first_day, working_days)
        return dt.datetime.combine(day, OPENING, tzinfo=LOCAL_TZ) + dt.timedelta(hours=index / 2 + hours)

    stages = ["submitted", "received", "assigned", "paused", "signature", "resolved", "returned", "intake_refused"]
    for index, stage in enumerate(stages):
        procedure = alcohol if index % 2 == 0 or stage == "paused" else others[index % len(others)]
        owner = citizen if procedure == alcohol else None
        dossier = dossier_submit(
            procedure=procedure,
            applicant=_applicant(index),
            channel=Channel.ONLINE,
            owner=owner,
            at=moment(index, 0, 0),
        )
        made += 1
        if owner is not None:
            _attach_from_portal(dossier, owner, from_store=index % 4 == 0)
        if stage == "intake_refused":
            dossier_refuse_intake(
                dossier=dossier,
                actor=desk,
                reason="Hồ sơ không thuộc thẩm quyền giải quyết của Sở Công Thương.",
                at=moment(index, 0, 1),
            )
            continue
        if stage == "submitted":
            continue
        dossier = dossier_receive(dossier=dossier, actor=desk, at=moment(index, 0, 0.5))
        if stage == "received":
            continue
        unit = procedure.lead_unit or specialist.unit
        dossier_transfer(dossier=dossier, actor=desk, unit=unit, at=moment(index, 0, 1.5))
        if unit != specialist.unit:
            continue
        dossier_assign(dossier=dossier, actor=head, assignee=specialist, at=moment(index, 0, 2.5))
        if stage == "assigned":
            continue
        if stage == "paused":
            dossier_request_supplement(
                dossier=dossier,
                actor=specialist,
                items=["Bản sao hợp đồng thuê kho hàng có chứng thực"],
                reason="Thiếu tài liệu chứng minh kho hàng.",
                at=moment(index, 1, 1.5),
            )
            continue
        dossier_submit_for_signature(dossier=dossier, actor=specialist, at=moment(index, 1, 3.5))
        if stage == "signature":
            continue
        dossier_approve(dossier=dossier, actor=head, at=moment(index, 2, 1.5))
        # The signed result as a file: an electronic result (QĐ 766 indicators 3.3, 4.1, 4.2).
        attach_demo_result(dossier, leader)
        dossier_sign(dossier=dossier, actor=leader, result_number=f"{10 + index}/GP-SCT", at=moment(index, 2, 2.5))
        if stage == "resolved":
            continue
        settle_fees_at_desk(dossier, desk, moment(index, 2, 4))
        dossier_return_result(dossier=dossier, actor=desk, method=ReturnMethod.ELECTRONIC, at=moment(index, 2, 4.5))
        if owner is not None:
            dossier_rate(dossier=dossier, actor=owner, rating=Rating.VERY_SATISFIED, at=moment(index, 2, 5.5))
    return made


def _attach_from_portal(dossier: Dossier, owner: User, *, from_store: bool) -> None:
    """The applicant's first item as DVCQG hands it over: taken from their personal data store, or
    reusing a document digitised before (DuocLayTuKhoDMQG / DuocTaiSuDung; QĐ 766 indicators 4.3, 4.4)."""
    document = dossier.procedure_version.required_documents.first()
    attachment_add(
        dossier=dossier,
        upload=SimpleUploadedFile("giay-to.pdf", DEMO_PDF, "application/pdf"),
        actor=owner,
        required_document=document,
        is_digitised=True,
        is_reused=not from_store,
        from_personal_store=from_store,
    )


def _offered_online(procedure: Procedure) -> bool:
    version = procedure.version_on(timezone.localdate())
    return version is not None and version.online_level != OnlineLevel.NONE and version.time_limit is not None


def attach_demo_result(dossier: Dossier, actor: User) -> None:
    """Demo data: the signed result's electronic copy, so the result can be returned electronically."""
    upload = SimpleUploadedFile("ket-qua.pdf", DEMO_PDF, "application/pdf")
    attachment_add(dossier=dossier, upload=upload, actor=actor, kind=Attachment.Kind.RESULT)


def settle_fees_at_desk(dossier: Dossier, desk: User, at: dt.datetime) -> None:
    """Demo data: the desk fixes the fee (the first of alternative rates; nothing for a fee the
    catalogue could not read) and takes it in cash, so that the result can be returned."""
    dossier.refresh_from_db()
    if fees_outstanding(dossier) is None:
        version = dossier.procedure_version
        alternatives = version.fee_alternatives
        dossier_assess_fee(
            dossier=dossier,
            actor=desk,
            fee_item=alternatives[0] if alternatives else None,
            amount_vnd=None if alternatives else 0,
            note="Dữ liệu mẫu.",
            at=at,
        )
        dossier.refresh_from_db()
    outstanding = fees_outstanding(dossier)
    if outstanding:
        payment_record(
            dossier=dossier,
            actor=desk,
            method=Payment.Method.CASH,
            amount_vnd=outstanding,
            receipt_number=f"BL-{dossier.code}",
            at=at,
        )
