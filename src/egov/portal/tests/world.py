"""A small department for the portal and workspace tests (and the browser tests): the Sở Công
Thương with its one-stop desk and trade unit, one account per staff role, a citizen, and the
wholesale alcohol licence with its documents, fees and internal workflow.

Built with the API test factories and the procedure services; dossiers go through the lifecycle
services (`file_online`, `advance_to`), so every state has its events as in real use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from egov.api.tests.factories import (
    AgencyFactory,
    FeeItemFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    UnitFactory,
    UserFactory,
    staff,
)
from egov.dossiers import services
from egov.dossiers.attachments import attachment_add
from egov.dossiers.fees import fees_outstanding
from egov.dossiers.models import ApplicantKind, Attachment, Channel, Dossier, Payment, ReturnMethod
from egov.dossiers.payments import payment_record
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Role
from egov.procedures.models import OnlineLevel, Procedure, WorkflowStep
from egov.procedures.services import (
    DocumentSpec,
    StepSpec,
    procedure_version_set_documents,
    procedure_version_set_workflow,
)

PASSWORD = "mat-khau-thu-nghiem-1"


def pdf_bytes(label: str = "") -> bytes:
    return f"%PDF-1.4\n% {label}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def pdf_upload(name: str = "giay-to.pdf", label: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(label or name), content_type="application/pdf")


@dataclass
class Department:
    agency: Agency
    desk_unit: Unit
    trade_unit: Unit
    other_unit: Unit
    alcohol: Procedure
    offline: Procedure
    users: dict[str, User] = field(default_factory=dict)  # by role
    citizen: User | None = None
    other_citizen: User | None = None

    def user(self, role: str) -> User:
        return self.users[role]


def reseed_reference_data() -> None:
    """Transactional tests flush the database, data migrations included: put the seed back."""
    import importlib

    from django.apps import apps

    importlib.import_module("egov.portal.migrations.0003_feedback_time_limit_seed").seed(apps, None)


def build_department(*, identifier: str | None = None) -> Department:
    reseed_reference_data()
    agency = AgencyFactory(
        name="Sở Công Thương tỉnh Quảng Ngãi", short_name="SCT", **({"identifier": identifier} if identifier else {})
    )
    desk = UnitFactory(agency=agency, name="Bộ phận Một cửa", short_name="BPMC", is_one_stop_desk=True)
    trade = UnitFactory(agency=agency, name="Phòng Quản lý thương mại", short_name="QLTM")
    other = UnitFactory(agency=agency, name="Phòng Quản lý công nghiệp", short_name="QLCN")
    field_ = FieldFactory(name="Lưu thông hàng hóa trong nước")
    alcohol = ProcedureFactory(
        name="Cấp Giấy phép bán buôn rượu", field=field_, agency=agency, lead_unit=trade, code="2.000633"
    )
    version = ProcedureVersionFactory(
        procedure=alcohol,
        time_limit=15,
        online_level=OnlineLevel.FULL,
        result_document="Giấy phép bán buôn rượu",
        legal_basis="Nghị định 105/2017/NĐ-CP ngày 14/9/2017 về kinh doanh rượu.",
        submission_place="Bộ phận Một cửa, Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
        decision="Quyết định 1234/QĐ-UBND ngày 01/7/2021",
    )
    FeeItemFactory(version=version, name="Phí thẩm định cấp giấy phép", amount_vnd=1_200_000)
    procedure_version_set_documents(
        version=version,
        documents=[
            DocumentSpec("Đơn đề nghị cấp Giấy phép bán buôn rượu (theo mẫu)"),
            DocumentSpec("Giấy chứng nhận đăng ký doanh nghiệp", "copy"),
            DocumentSpec("Hợp đồng hoặc văn bản giới thiệu của nhà cung cấp", "copy", is_mandatory=False),
        ],
    )
    action = WorkflowStep.Action
    procedure_version_set_workflow(
        version=version,
        steps=[
            StepSpec(action.RECEIVE, "Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, Decimal("0.5"), desk),
            StepSpec(action.ASSIGN, "Phân công xử lý", Role.UNIT_HEAD, Decimal("0.5"), trade),
            StepSpec(action.APPRAISE, "Thẩm định hồ sơ", Role.SPECIALIST, Decimal(11), trade),
            StepSpec(action.REVIEW, "Xem xét, trình ký", Role.UNIT_HEAD, Decimal(1), trade),
            StepSpec(action.SIGN, "Lãnh đạo Sở ký duyệt", Role.AGENCY_LEADER, Decimal(1)),
            StepSpec(action.RETURN, "Trả kết quả", Role.RECEIVING_OFFICER, Decimal("1"), desk),
        ],
    )
    offline = ProcedureFactory(
        name="Cấp Giấy phép sản xuất rượu thủ công", field=field_, agency=agency, code="2.000634"
    )
    ProcedureVersionFactory(procedure=offline, online_level=OnlineLevel.NONE, time_limit=10)
    department = Department(
        agency=agency, desk_unit=desk, trade_unit=trade, other_unit=other, alcohol=alcohol, offline=offline
    )
    units = {
        Role.RECEIVING_OFFICER: desk,
        Role.SPECIALIST: trade,
        Role.UNIT_HEAD: trade,
        Role.AGENCY_LEADER: None,
        Role.CLERK: None,
        Role.INSPECTOR: None,
        Role.EMULATION_OFFICER: None,
        Role.ADMINISTRATOR: None,
        Role.AUDITOR: None,
    }
    names = {
        Role.RECEIVING_OFFICER: "Nguyễn Thị Thu Hà",
        Role.SPECIALIST: "Trần Văn Minh",
        Role.UNIT_HEAD: "Lê Thị Hồng Nhung",
        Role.AGENCY_LEADER: "Phạm Quốc Hùng",
    }
    for role, unit in units.items():
        department.users[role] = staff(
            role, agency=agency, unit=unit, username=f"{role}-{agency.pk}", full_name=names.get(role, f"Cán bộ {role}")
        )
    department.citizen = UserFactory(username=f"congdan-{agency.pk}", full_name="Nguyễn Văn An", email="an@example.vn")
    department.other_citizen = UserFactory(username=f"congdan2-{agency.pk}", full_name="Phạm Thị Bình")
    return department


def applicant(name: str = "Nguyễn Văn An", **kwargs) -> services.ApplicantData:
    data = {
        "kind": ApplicantKind.PERSON,
        "name": name,
        "id_number": "051090001234",
        "address": "Phường Nghĩa Chánh, TP Quảng Ngãi",
        "phone": "0905123456",
        "email": "an@example.vn",
    } | kwargs
    return services.ApplicantData(**data)


def file_online(department: Department, owner: User | None = None, *, name: str = "Nguyễn Văn An", **kwargs) -> Dossier:
    owner = owner or department.citizen
    dossier = services.dossier_submit(
        procedure=department.alcohol,
        applicant=applicant(name, **kwargs),
        channel=Channel.ONLINE,
        actor=owner,
        owner=owner,
    )
    for document in dossier.procedure_version.required_documents.all()[:2]:
        attachment_add(
            dossier=dossier, upload=pdf_upload(f"{document.pk}.pdf"), actor=owner, required_document=document
        )
    return dossier


STAGES = [
    "submitted",
    "received",
    "processing",
    "assigned",
    "paused",
    "awaiting_signature",
    "approved",
    "resolved",
    "returned",
]


def advance_to(department: Department, dossier: Dossier, stage: str) -> Dossier:
    """Take a submitted dossier through the services up to `stage` (one of STAGES)."""
    users = department.users
    desk, head = users[Role.RECEIVING_OFFICER], users[Role.UNIT_HEAD]
    specialist, leader = users[Role.SPECIALIST], users[Role.AGENCY_LEADER]
    steps = [
        ("received", lambda d: services.dossier_receive(dossier=d, actor=desk)),
        ("processing", lambda d: services.dossier_transfer(dossier=d, actor=desk, unit=department.trade_unit)),
        ("assigned", lambda d: services.dossier_assign(dossier=d, actor=head, assignee=specialist)),
        (
            "paused",
            lambda d: services.dossier_request_supplement(
                dossier=d, actor=specialist, items=["Bản sao hợp đồng thuê kho hàng"], reason="Thiếu tài liệu về kho."
            ),
        ),
        ("awaiting_signature", lambda d: services.dossier_submit_for_signature(dossier=d, actor=specialist)),
        ("approved", lambda d: services.dossier_approve(dossier=d, actor=head)),
        ("resolved", lambda d: services.dossier_sign(dossier=d, actor=leader, result_number="12/GP-SCT")),
        ("paid", lambda d: pay_at_desk(d, desk)),
        ("returned", lambda d: _return_electronically(department, d)),
    ]
    for name, run in steps:
        if name == "paused" and stage != "paused":
            continue
        dossier = run(dossier)
        if name == stage:
            break
    return Dossier.objects.get(pk=dossier.pk)


def _return_electronically(department: Department, dossier: Dossier) -> Dossier:
    """The signed result's file made available to the applicant, then handed over online."""
    if not dossier.attachments.filter(kind=Attachment.Kind.RESULT).exists():
        attach_result(department, dossier)
    return services.dossier_return_result(
        dossier=dossier, actor=department.user(Role.RECEIVING_OFFICER), method=ReturnMethod.ELECTRONIC
    )


def pay_at_desk(dossier: Dossier, desk: User) -> Dossier:
    """The outstanding fee taken in cash at the desk (no result is returned while it is due)."""
    outstanding = fees_outstanding(dossier)
    if outstanding:
        payment_record(
            dossier=dossier,
            actor=desk,
            method=Payment.Method.CASH,
            amount_vnd=outstanding,
            receipt_number=f"BL-{dossier.pk}",
        )
    return dossier


def attach_result(department: Department, dossier: Dossier) -> Attachment:
    return attachment_add(
        dossier=dossier,
        upload=pdf_upload("giay-phep-ban-buon-ruou.pdf", "result"),
        actor=department.user(Role.RECEIVING_OFFICER),
        kind=Attachment.Kind.RESULT,
    )


def now() -> dt.datetime:
    return timezone.now()


def other_agency_desk() -> User:
    """The one-stop desk officer of another agency (another department of the province)."""
    agency = AgencyFactory(name="Sở Tư pháp tỉnh Quảng Ngãi", short_name="STP")
    return staff(Role.RECEIVING_OFFICER, agency=agency, username=f"desk-{agency.pk}", full_name="Võ Thị Lan")
