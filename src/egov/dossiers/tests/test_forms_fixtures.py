"""Test data for the forms, notifications and reminders tests (no tests here).

Dossiers are built directly in the state a test needs, with the events the lifecycle services
would have written: these tests are about what is printed and sent, not about the transitions.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from egov.dossiers.models import ApplicantKind, Channel, Dossier, DossierEvent, ReturnMethod, Status
from egov.organisations.models import Agency, Province, Unit, User
from egov.organisations.services import user_set_roles
from egov.procedures.models import FeeItem, Field, Procedure, ProcedureVersion, RequiredDocument

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


def make_agency(*, name: str = "Sở Công Thương tỉnh Quảng Ngãi", short_name: str | None = None) -> Agency:
    n = next(_numbers)
    province, _ = Province.objects.get_or_create(code="H48", defaults={"name": "Quảng Ngãi"})
    return Agency.objects.create(
        province=province,
        name=name,
        short_name=short_name or f"SCT{n}",
        identifier=f"000.00.{n % 100:02d}.H48",
        place_name="Quảng Ngãi",
        phone="0255 3822 345",
    )


def make_unit(agency: Agency, name: str = "Phòng Quản lý thương mại") -> Unit:
    n = next(_numbers)
    return Unit.objects.create(agency=agency, name=f"{name} {n}", short_name=f"U{n}")


def make_user(
    *, agency: Agency | None, unit: Unit | None = None, roles: tuple[str, ...] = (), email: str = "", name: str = ""
) -> User:
    n = next(_numbers)
    user = User.objects.create_user(
        username=f"canbo{n}",
        password="mat-khau-thu-nghiem-1",
        full_name=name or f"Nguyễn Văn Bình {n}",
        agency=agency,
        unit=unit,
        email=email,
    )
    if roles:
        user_set_roles(user=user, roles=list(roles))
    return user


def make_version(agency: Agency, *, time_limit: int = 15, fee: int = 0, documents: int = 2) -> ProcedureVersion:
    field, _ = Field.objects.get_or_create(name="Lưu thông hàng hóa trong nước")
    n = next(_numbers)
    procedure = Procedure.objects.create(
        code=f"2.{n:06d}", name="Cấp Giấy phép bán buôn rượu", field=field, agency=agency
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure, effective_from=dt.date(2021, 1, 1), name=procedure.name, time_limit=time_limit
    )
    names = ["Đơn đề nghị cấp Giấy phép bán buôn rượu", "Bản sao Giấy chứng nhận đăng ký doanh nghiệp"]
    forms = [RequiredDocument.Form.ORIGINAL, RequiredDocument.Form.CERTIFIED_COPY]
    for i in range(documents):
        RequiredDocument.objects.create(version=version, name=names[i % 2], form=forms[i % 2], order=i)
    if fee:
        FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=fee)
    return version


def make_dossier(
    *,
    agency: Agency | None = None,
    unit: Unit | None = None,
    version: ProcedureVersion | None = None,
    status: str = Status.RECEIVED,
    received_at: dt.datetime | None = None,
    due_date: dt.date | None = dt.date(2021, 10, 12),
    phone: str = "0905 123 456",
    email: str = "doanhnghiep@example.vn",
    assignee: User | None = None,
    receiver: User | None = None,
    **extra,
) -> Dossier:
    agency = agency or make_agency()
    version = version or make_version(agency)
    received_at = received_at or at(2021, 9, 21, 8, 30)
    received = status not in (Status.SUBMITTED, Status.INTAKE_SUPPLEMENT, Status.INTAKE_REFUSED)
    number = next(_numbers)
    dossier = Dossier.objects.create(
        code=f"{agency.identifier}-{received_at:%y%m%d}-{number:04d}" if received else None,
        procedure=version.procedure,
        procedure_version=version,
        field=version.procedure.field,
        agency=agency,
        unit=unit,
        assignee=assignee,
        applicant_kind=ApplicantKind.ORGANISATION,
        applicant_name=extra.pop("applicant_name", "Công ty TNHH Thương mại Đức Phổ"),
        applicant_address="Số 12 đường Lê Lợi, phường Nghĩa Chánh, thành phố Quảng Ngãi",
        applicant_phone=phone,
        applicant_email=email,
        channel=Channel.DIRECT,
        status=status,
        submitted_at=received_at - dt.timedelta(minutes=5),
        received_at=received_at if received else None,
        due_date=due_date if received else None,
        return_method=ReturnMethod.DESK,
        **extra,
    )
    if received:
        add_event(dossier, "receive", Status.SUBMITTED, Status.RECEIVED, at_=received_at, actor=receiver)
    return dossier


def add_event(
    dossier: Dossier,
    action: str,
    from_status: str,
    to_status: str,
    *,
    at_: dt.datetime | None = None,
    note: str = "",
    data: dict | None = None,
    actor: User | None = None,
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at_ or at(2021, 9, 22, 10, 0),
        note=note,
        data=data or {},
        actor=actor,
    )
