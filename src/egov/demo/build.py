"""Demo data: Quảng Ngãi, its Department of Industry and Trade, one account per role, the catalogue.

Plain functions, each idempotent (get-or-update by a natural key), called in order by
`build_demo`. To add demo data (dossier history, documents...), write a function taking the
`DemoResult` and call it at the end of `build_demo`; `DemoResult` carries every object created here.
Passwords are random on every run and only ever printed (`write_accounts`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import string
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from egov.core.text import fold
from egov.demo.documents import ensure_demo_documents
from egov.demo.dossiers import CITIZEN_USERNAME, ensure_demo_dossiers
from egov.demo.procedures import publish_alcohol_wholesale
from egov.organisations.models import Agency, Province, Unit, User
from egov.organisations.roles import Role
from egov.organisations.second_factor import second_factor_remove
from egov.organisations.services import roles_sync, staff_create, user_set_roles
from egov.procedures.service import (
    DocumentSpec,
    ImportReport,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    StepSpec,
    WorkflowStep,
    catalogue_import,
    catalogue_read_path,
    procedure_version_set_documents,
    procedure_version_set_workflow,
)

SHARED_CATALOGUE = Path(settings.BASE_DIR).parent / "shared" / "data" / "tthc_catalogue.csv"
FIXTURE_CATALOGUE = Path(__file__).resolve().parents[1] / "procedures" / "fixtures" / "tthc_catalogue.csv"
# The demo catalogue's first versions start here, so demo dossiers dated 2020 onwards find their rules.
CATALOGUE_START = dt.date(2020, 1, 1)
# Without a known time limit, the sample workflow gets a nominal total (the limit itself stays empty).
NOMINAL_WORKFLOW_DAYS = Decimal(10)

PROVINCE = {"code": "H48", "name": "Quảng Ngãi"}
DEPARTMENT = {
    "identifier": "000.00.53.H48",
    "name": "Sở Công Thương tỉnh Quảng Ngãi",
    "short_name": "SCT",
    "place_name": "Quảng Ngãi",
    "address": "Thành phố Quảng Ngãi, tỉnh Quảng Ngãi",
}
# (short name, name, is the one-stop desk)
UNITS = [
    ("VP", "Văn phòng", False),
    ("QLTM", "Phòng Quản lý thương mại", False),
    ("QLCN", "Phòng Quản lý công nghiệp", False),
    ("QLNL", "Phòng Quản lý năng lượng", False),
    ("TTr", "Thanh tra", False),
    ("KHTC", "Phòng Kế hoạch - Tài chính", False),
    ("BPMC", "Bộ phận Một cửa", True),
]
# Other agencies of the province; identifiers follow the QCVN 102 shape and are illustrative.
OTHER_AGENCIES = [
    ("000.00.00.H48", "Ủy ban nhân dân tỉnh Quảng Ngãi", "UBND"),
    ("000.00.51.H48", "Sở Nội vụ tỉnh Quảng Ngãi", "SNV"),
    ("000.00.52.H48", "Sở Kế hoạch và Đầu tư tỉnh Quảng Ngãi", "SKHĐT"),
    ("000.00.55.H48", "Sở Tài chính tỉnh Quảng Ngãi", "STC"),
]
# Roles whose holders work in the Django admin site (the rest use the application's own screens).
ADMIN_SITE_ROLES = {Role.ADMINISTRATOR}


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    full_name: str
    unit: str | None  # unit short name
    position: str


ACCOUNTS = [
    AccountSpec("motcua", Role.RECEIVING_OFFICER, "Nguyễn Thị Thu Hà", "BPMC", "Chuyên viên Bộ phận Một cửa"),
    AccountSpec("chuyenvien", Role.SPECIALIST, "Trần Văn Minh", "QLTM", "Chuyên viên"),
    AccountSpec("truongphong", Role.UNIT_HEAD, "Lê Thị Hồng Nhung", "QLTM", "Trưởng phòng Quản lý thương mại"),
    AccountSpec("giamdoc", Role.AGENCY_LEADER, "Phạm Quốc Hùng", None, "Giám đốc Sở"),
    AccountSpec("vanthu", Role.CLERK, "Võ Thị Kim Oanh", "VP", "Văn thư"),
    AccountSpec("thanhtra", Role.INSPECTOR, "Huỳnh Văn Tâm", "TTr", "Thanh tra viên"),
    AccountSpec(
        "thiduakhenthuong", Role.EMULATION_OFFICER, "Đặng Thị Mỹ Linh", "VP", "Chuyên viên thi đua, khen thưởng"
    ),
    AccountSpec("quantri", Role.ADMINISTRATOR, "Bùi Đức Anh", "VP", "Quản trị hệ thống"),
    AccountSpec("kiemtra", Role.AUDITOR, "Trương Thị Ngọc Lan", "VP", "Chuyên viên kiểm tra nhật ký truy cập"),
]
SUPERUSER = "admin"

# Lead unit by field (lĩnh vực), matched on the folded field name, first match wins.
LEAD_UNIT_RULES = [
    (r"\b(dien|nang luong|thuy dien)\b", "QLNL"),
    (r"\b(cong nghiep|hoa chat|vat lieu no|thuoc no|an toan thuc pham)\b", "QLCN"),
    (r"\b(thuong mai|luu thong|kinh doanh khi|canh tranh|nguoi tieu dung)\b", "QLTM"),
]
DEFAULT_LEAD_UNIT = "QLTM"
ALCOHOL_WHOLESALE = "cap giay phep ban buon ruou"
ALCOHOL_WHOLESALE_SOURCE = "Quảng Ngãi (motcua.quangngai.gov.vn)"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    password: str


@dataclass
class DemoResult:
    province: Province
    agency: Agency
    units: dict[str, Unit] = field(default_factory=dict)  # by short name
    other_agencies: list[Agency] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)  # by username
    accounts: list[DemoAccount] = field(default_factory=list)
    catalogue: ImportReport | None = None
    procedures: dict[str, Procedure] = field(default_factory=dict)  # by code
    dossiers_created: int = 0
    documents_created: int = 0


def new_password(length: int = 14) -> str:
    """Random, with lower case, upper case and digits: the password policy's three kinds of characters."""
    alphabet = "".join(ch for ch in string.ascii_letters + string.digits if ch not in "Il1O0o")
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def demo_catalogue_path(path: str | Path | None = None) -> Path:
    """The given file; else the shared data file; else the copy committed with the code."""
    if path:
        return Path(path)
    return SHARED_CATALOGUE if SHARED_CATALOGUE.is_file() else FIXTURE_CATALOGUE


# --------------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------------


def ensure_organisations() -> DemoResult:
    province, _ = Province.objects.update_or_create(code=PROVINCE["code"], defaults={"name": PROVINCE["name"]})
    agency, _ = Agency.objects.update_or_create(
        identifier=DEPARTMENT["identifier"],
        defaults={key: value for key, value in DEPARTMENT.items() if key != "identifier"} | {"province": province},
    )
    result = DemoResult(province=province, agency=agency)
    for short_name, name, is_desk in UNITS:
        unit, _ = Unit.objects.update_or_create(
            agency=agency, short_name=short_name, defaults={"name": name, "is_one_stop_desk": is_desk}
        )
        result.units[short_name] = unit
    for identifier, name, short_name in OTHER_AGENCIES:
        other, _ = Agency.objects.update_or_create(
            identifier=identifier,
            defaults={"name": name, "short_name": short_name, "province": province, "place_name": "Quảng Ngãi"},
        )
        result.other_agencies.append(other)
    return result


def ensure_accounts(result: DemoResult) -> None:
    roles_sync(strict=False)
    for spec in ACCOUNTS:
        password = new_password()
        unit = result.units[spec.unit] if spec.unit else None
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = staff_create(
                username=spec.username,
                full_name=spec.full_name,
                agency=result.agency,
                unit=unit,
                roles=[spec.role],
                password=password,
                position=spec.position,
                # Demo passwords are printed for whoever runs the demo: no change asked.
                must_change_password=False,
            )
        else:
            user.full_name, user.agency, user.unit, user.position = spec.full_name, result.agency, unit, spec.position
            user.is_active = True
            user.set_password(password)
            user.save()
            user_set_roles(user=user, roles=[spec.role])
        user.is_staff = spec.role in ADMIN_SITE_ROLES
        user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
        second_factor_remove(user=user)  # new passwords, new enrolment: nothing carries over a run
        result.users[spec.username] = user
        result.accounts.append(DemoAccount(spec.username, spec.role, spec.full_name, password))

    password = new_password()
    admin = User.objects.filter(username=SUPERUSER).first() or User(username=SUPERUSER)
    admin.full_name = admin.full_name or "Quản trị viên (superuser)"
    admin.is_staff = admin.is_superuser = admin.is_active = True
    admin.set_password(password)
    admin.save()
    second_factor_remove(user=admin)
    result.users[SUPERUSER] = admin
    result.accounts.append(DemoAccount(SUPERUSER, "superuser", admin.full_name, password))

    # A citizen account (no agency, no role) that owns some demo dossiers in the portal.
    password = new_password()
    citizen = User.objects.filter(username=CITIZEN_USERNAME).first() or User(username=CITIZEN_USERNAME)
    citizen.full_name, citizen.email, citizen.is_active = "Nguyễn Văn An", "congdan@example.vn", True
    citizen.set_password(password)
    citizen.save()
    result.users[CITIZEN_USERNAME] = citizen
    result.accounts.append(DemoAccount(CITIZEN_USERNAME, "citizen", citizen.full_name, password))


def load_catalogue(result: DemoResult, path: str | Path | None = None) -> None:
    rows = catalogue_read_path(demo_catalogue_path(path))
    result.catalogue = catalogue_import(rows=rows, agency=result.agency, new_procedures_from=CATALOGUE_START)
    codes = [row.code for row in rows]
    result.procedures = {p.code: p for p in Procedure.objects.filter(code__in=codes).select_related("field")}


def lead_unit_for(field_name: str, units: dict[str, Unit]) -> Unit:
    folded = fold(field_name)
    for pattern, short_name in LEAD_UNIT_RULES:
        if re.search(pattern, folded):
            return units[short_name]
    return units[DEFAULT_LEAD_UNIT]


def workflow_budgets(total: Decimal) -> list[Decimal]:
    """Budgets of the six sample steps, adding up exactly to `total` working days."""
    total = Decimal(total)
    if total >= 7:
        fixed = [Decimal("0.5"), Decimal("0.5"), Decimal(1), Decimal(1), Decimal("0.5")]
    elif total >= 3:
        fixed = [Decimal("0.5"), Decimal("0.25"), Decimal("0.5"), Decimal("0.5"), Decimal("0.25")]
    else:
        share = (total / 10).quantize(Decimal("0.01"))
        fixed = [share] * 5
    receive, assign, review, sign, give_back = fixed
    appraise = total - sum(fixed)
    return [receive, assign, appraise, review, sign, give_back]


def sample_workflow(total: Decimal, lead: Unit, desk: Unit) -> list[StepSpec]:
    receive, assign, appraise, review, sign, give_back = workflow_budgets(total)
    action = WorkflowStep.Action
    return [
        StepSpec(action.RECEIVE, "Tiếp nhận hồ sơ, chuyển phòng chuyên môn", Role.RECEIVING_OFFICER, receive, desk),
        StepSpec(action.ASSIGN, f"Lãnh đạo {lead.name} phân công xử lý", Role.UNIT_HEAD, assign, lead),
        StepSpec(action.APPRAISE, "Thẩm định hồ sơ, dự thảo kết quả", Role.SPECIALIST, appraise, lead),
        StepSpec(action.REVIEW, "Xem xét, trình Lãnh đạo Sở ký", Role.UNIT_HEAD, review, lead),
        StepSpec(action.SIGN, "Lãnh đạo Sở ký duyệt", Role.AGENCY_LEADER, sign),
        StepSpec(action.RETURN, "Vào sổ, trả kết quả tại Bộ phận Một cửa", Role.RECEIVING_OFFICER, give_back, desk),
    ]


def sample_documents(procedure: Procedure) -> list[DocumentSpec]:
    """Two to four plausible dossier items, from the procedure's name and field (demo data, not law)."""
    name = fold(procedure.name)
    field_name = fold(procedure.field.name)
    form = RequiredDocument.Form
    if name.startswith("thong bao"):
        first = DocumentSpec("Văn bản thông báo (theo mẫu)")
    elif name.startswith("dang ky"):
        first = DocumentSpec("Đơn đăng ký (theo mẫu)")
    else:
        first = DocumentSpec("Đơn đề nghị (theo mẫu)")
    documents = [first]
    if "the an toan dien" in name or "huan luyen" in name or "kiem tra vien" in name:
        documents += [
            DocumentSpec("Giấy tờ tùy thân của người đề nghị", form.COPY),
            DocumentSpec("Ảnh màu 3x4 cm", form.ORIGINAL, count=2),
        ]
        return documents
    documents.append(DocumentSpec("Giấy chứng nhận đăng ký doanh nghiệp", form.COPY))
    if name.startswith("cap lai") or " cap lai " in f" {name} ":
        documents.append(DocumentSpec("Giấy phép đã được cấp (nếu còn)", form.COPY, is_mandatory=False))
    elif "sua doi" in name or "dieu chinh" in name or "gia han" in name:
        documents.append(DocumentSpec("Tài liệu chứng minh nội dung đề nghị thay đổi", form.COPY))
    elif "xang dau" in name or "khi" in field_name.split():
        documents.append(DocumentSpec("Bản kê trang thiết bị, phương tiện phòng cháy, chữa cháy", form.ORIGINAL))
    elif "ruou" in name or "thuoc la" in name:
        documents.append(DocumentSpec("Hợp đồng hoặc văn bản giới thiệu của nhà cung cấp", form.COPY))
    elif "hoa chat" in field_name or "vat lieu no" in field_name:
        documents.append(DocumentSpec("Bản kê khai địa điểm, nhà xưởng, kho chứa và biện pháp bảo đảm an toàn"))
    elif "dien" in field_name.split():
        documents.append(DocumentSpec("Danh sách, bằng cấp của người quản lý kỹ thuật", form.CERTIFIED_COPY))
    elif "an toan thuc pham" in field_name:
        documents.append(DocumentSpec("Bản thuyết minh cơ sở vật chất, trang thiết bị bảo đảm an toàn thực phẩm"))
    elif "nuoc ngoai" in name:
        name = "Giấy tờ chứng minh tư cách pháp lý của thương nhân nước ngoài (dịch tiếng Việt)"
        documents.append(DocumentSpec(name, form.CERTIFIED_COPY))
    return documents


def furnish_procedures(result: DemoResult) -> None:
    """Lead unit, internal workflow and required documents of each procedure's current version; the
    published sections of the wholesale alcohol licence, the demo's main procedure."""
    desk = result.units["BPMC"]
    for procedure in result.procedures.values():
        lead = lead_unit_for(procedure.field.name, result.units)
        if procedure.lead_unit_id != lead.pk:
            procedure.lead_unit = lead
            procedure.save(update_fields=["lead_unit", "updated_at"])
        version: ProcedureVersion = procedure.versions.order_by("-effective_from").first()
        if fold(procedure.name).startswith(ALCOHOL_WHOLESALE):
            # Quảng Ngãi takes this one fully online (motcua.quangngai.gov.vn); the CSV's value is ambiguous.
            # The import keeps a value completed by hand while the CSV's text stays the same.
            sources = version.value_sources | {"online_level": ALCOHOL_WHOLESALE_SOURCE}
            if version.online_level != OnlineLevel.FULL or version.value_sources != sources:
                version.online_level, version.value_sources = OnlineLevel.FULL, sources
                version.save(update_fields=["online_level", "value_sources", "updated_at"])
        total = Decimal(version.effective_time_limit) if version.effective_time_limit else NOMINAL_WORKFLOW_DAYS
        procedure_version_set_workflow(version=version, steps=sample_workflow(total, lead, desk))
        if fold(procedure.name).startswith(ALCOHOL_WHOLESALE):
            publish_alcohol_wholesale(version)  # its published sections, the dossier and the blank form
        else:
            procedure_version_set_documents(version=version, documents=sample_documents(procedure))


# --------------------------------------------------------------------------------------------
# Entry point and output
# --------------------------------------------------------------------------------------------


def build_demo(stdout=None, *, catalogue: str | Path | None = None) -> DemoResult:
    """Create or refresh all demo data in one transaction."""
    with transaction.atomic():
        result = ensure_organisations()
        ensure_accounts(result)
        load_catalogue(result, catalogue)
        furnish_procedures(result)
        result.dossiers_created = ensure_demo_dossiers(
            agency=result.agency, users=result.users, citizen=result.users[CITIZEN_USERNAME]
        )
        result.documents_created = ensure_demo_documents(agency=result.agency)
    if stdout is not None:
        report = result.catalogue
        stdout.write(
            f"{result.agency.name} ({result.agency.identifier}): {len(result.units)} phòng, ban; "
            f"{len(result.other_agencies)} cơ quan khác của tỉnh {result.province.name}."
        )
        stdout.write(
            f"Danh mục TTHC: {report.rows_read} thủ tục (tạo mới {report.created}, cập nhật {report.updated}, "
            f"không đổi {report.unchanged}; {len(report.unparsed_rows)} thủ tục có giá trị giữ nguyên văn)."
        )
        if result.dossiers_created:
            stdout.write(f"Hồ sơ mẫu: {result.dossiers_created} hồ sơ ở các bước xử lý khác nhau.")
        if result.documents_created:
            stdout.write(f"Văn bản đến mẫu: {result.documents_created} văn bản đã vào sổ.")
    return result


def write_accounts(stdout, accounts: list[DemoAccount]) -> None:
    width = max(len(account.username) for account in accounts)
    role_width = max(len(account.role) for account in accounts)
    stdout.write("")
    stdout.write(
        "Lãnh đạo, quản trị: lần đăng nhập đầu tiên thiết lập xác thực hai lớp (quét mã QR bằng ứng dụng "
        "xác thực, hoặc nhập khóa bí mật hiện trên trang) / Leaders and administrators set up the second "
        "factor at their first log-in (scan the QR code with an authenticator app, or type the secret shown)."
    )
    stdout.write("Tài khoản mẫu (mật khẩu mới mỗi lần chạy) / Demo accounts (new passwords on every run):")
    stdout.write(f"  {'username':<{width}}  {'role':<{role_width}}  password")
    for account in accounts:
        stdout.write(f"  {account.username:<{width}}  {account.role:<{role_width}}  {account.password}")
