"""`load_demo`: the Quảng Ngãi demo data, idempotent, and never in production."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from egov.demo import build as demo
from egov.organisations.models import Agency, Unit, User
from egov.organisations.roles import Role
from egov.procedures.models import (
    BlankForm,
    FilingMethod,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    WorkflowStep,
)
from egov.procedures.selectors import procedure_search

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def passwords(output: str) -> dict[str, str]:
    table = output.split("Demo accounts", 1)[1].splitlines()[2:]
    return {line.split()[0]: line.split()[2] for line in table if line.strip()}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Agency,
            Unit,
            User,
            Procedure,
            ProcedureVersion,
            WorkflowStep,
            RequiredDocument,
            FilingMethod,
            BlankForm,
        )
    }


@pytest.fixture
def demo_output():
    return run()


def test_department_units_and_other_agencies(demo_output):
    sct = Agency.objects.get(identifier="000.00.53.H48")
    assert (sct.short_name, sct.place_name, sct.province.code, sct.province.name) == (
        "SCT",
        "Quảng Ngãi",
        "H48",
        "Quảng Ngãi",
    )
    assert set(sct.units.values_list("short_name", flat=True)) == {"VP", "QLTM", "QLCN", "QLNL", "TTr", "KHTC", "BPMC"}
    assert sct.units.get(is_one_stop_desk=True).name == "Bộ phận Một cửa"
    assert Agency.objects.filter(province=sct.province).count() >= 4
    for agency in Agency.objects.all():
        agency.full_clean()  # QCVN 102 identifiers


def test_one_account_per_role(demo_output):
    table = passwords(demo_output)
    expected = {
        "motcua": Role.RECEIVING_OFFICER,
        "chuyenvien": Role.SPECIALIST,
        "truongphong": Role.UNIT_HEAD,
        "giamdoc": Role.AGENCY_LEADER,
        "vanthu": Role.CLERK,
        "thanhtra": Role.INSPECTOR,
        "thiduakhenthuong": Role.EMULATION_OFFICER,
        "quantri": Role.ADMINISTRATOR,
        "kiemtra": Role.AUDITOR,
    }
    assert set(expected) | {"admin", "congdan"} == set(table)
    citizen = User.objects.get(username="congdan")
    assert citizen.agency is None and citizen.role_names() == set() and citizen.check_password(table["congdan"])
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.role_names() == {role}
        assert user.full_name and user.agency.short_name == "SCT"
        assert user.check_password(table[username])
        assert user.is_staff == (role == Role.ADMINISTRATOR) and not user.is_superuser
    assert User.objects.get(username="chuyenvien").unit.short_name == "QLTM"
    assert User.objects.get(username="truongphong").unit.short_name == "QLTM"
    assert User.objects.get(username="motcua").unit.is_one_stop_desk
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(table["admin"])


def test_catalogue_with_workflows_and_documents(demo_output):
    sct = Agency.objects.get(identifier="000.00.53.H48")
    assert Procedure.objects.filter(agency=sct).count() == 76
    for procedure in Procedure.objects.select_related("lead_unit", "field"):
        version = procedure.versions.get()
        steps = list(version.workflow_steps.all())
        assert [step.action for step in steps] == ["receive", "assign", "appraise", "review", "sign", "return"]
        assert [step.role for step in steps] == [
            "receiving_officer",
            "unit_head",
            "specialist",
            "unit_head",
            "agency_leader",
            "receiving_officer",
        ]
        assert steps[0].budget_days == Decimal("0.5") and steps[0].unit.is_one_stop_desk
        assert steps[2].unit == procedure.lead_unit
        total = sum(step.budget_days for step in steps)
        assert all(step.budget_days > 0 for step in steps)
        assert total == (version.effective_time_limit or demo.NOMINAL_WORKFLOW_DAYS), procedure.code
        assert 2 <= version.required_documents.count() <= 4
        assert version.effective_from == demo.CATALOGUE_START


def test_lead_units_by_field(demo_output):
    def lead(field_name):
        return set(Procedure.objects.filter(field__name=field_name).values_list("lead_unit__short_name", flat=True))

    assert lead("Lưu thông hàng hóa trong nước") == {"QLTM"}
    assert lead("Thương mại quốc tế") == {"QLTM"}
    assert lead("Điện") == {"QLNL"}
    assert lead("An toàn đập, hồ chứa thủy điện") == {"QLNL"}
    assert lead("Hóa chất") == {"QLCN"}
    assert lead("Vật liệu nổ công nghiệp, tiền chất thuốc nổ") == {"QLCN"}


def test_online_levels(demo_output):
    alcohol = procedure_search("cap giay phep ban buon ruou").exclude(name__icontains="lại").get()
    assert alcohol.versions.get().online_level == OnlineLevel.FULL
    assert "Quảng Ngãi" in alcohol.versions.get().value_sources["online_level"]
    full_in_csv = ProcedureVersion.objects.get(procedure__code="2.000645")  # "Toàn trình (Vĩnh Phúc)"
    assert full_in_csv.online_level == OnlineLevel.FULL
    assert ProcedureVersion.objects.filter(online_level=OnlineLevel.FULL).count() == 19


def test_the_main_procedure_is_published_in_full_with_its_blank_form(demo_output):
    """NĐ 105/2017/NĐ-CP as amended by NĐ 17/2020/NĐ-CP: Điều 11 (conditions), 24 (dossier), 25 (steps)."""
    alcohol = procedure_search("cap giay phep ban buon ruou").exclude(name__icontains="lại").get()
    version = alcohol.versions.get()
    assert len(version.steps.splitlines()) == 3 and "10 ngày làm việc" in version.steps
    assert version.applicants == "Doanh nghiệp" and len(version.requirements.splitlines()) == 3
    assert [method.channel for method in version.filing_methods.all()] == ["direct", "postal", "online"]
    assert version.required_documents.count() == 4
    form = version.blank_forms.get()
    assert form.required_document == version.required_documents.first()
    assert form.extension == ".docx" and form.file.read()[:2] == b"PK"


def test_output_summarises_the_catalogue(demo_output):
    assert "Danh mục TTHC: 76 thủ tục (tạo mới 76" in demo_output


def test_second_run_changes_nothing_but_passwords():
    first = run()
    before = counts()
    steps = list(WorkflowStep.objects.order_by("pk").values_list("pk", "budget_days"))
    second = run()

    assert counts() == before
    assert list(WorkflowStep.objects.order_by("pk").values_list("pk", "budget_days")) == steps
    assert "tạo mới 0, cập nhật 0, không đổi 76" in second
    old, new = passwords(first), passwords(second)
    assert old.keys() == new.keys() and all(old[name] != new[name] for name in old)
    assert User.objects.get(username="giamdoc").check_password(new["giamdoc"])
    assert not User.objects.get(username="giamdoc").check_password(old["giamdoc"])


def test_output_says_where_the_demo_messages_are_read_in_development(settings):
    elsewhere = run()
    assert "/thu-nghiem/hop-thu/" not in elsewhere  # the page exists in development only
    settings.EGOV_DEMO_OUTBOX = True
    output = run()
    assert "Hộp thư thử nghiệm" in output and "/thu-nghiem/hop-thu/" in output
    assert passwords(output).keys() == passwords(elsewhere).keys()  # the logins' table is unchanged


@override_settings(EGOV_DEMO_ALLOWED=False)
def test_refused_where_demo_data_is_not_allowed():
    with pytest.raises(CommandError) as error:
        run()
    assert error.value.returncode == 2 and "EGOV_DEMO_ALLOWED" in str(error.value)
    assert Agency.objects.count() == 0 and User.objects.count() == 0


def test_bad_catalogue_file_rolls_everything_back(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"code;name\n")
    with pytest.raises(CommandError) as error:
        run("--catalogue", str(bad))
    assert error.value.returncode == 2
    assert Agency.objects.count() == 0 and User.objects.count() == 0


def test_falls_back_to_the_committed_catalogue(monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "SHARED_CATALOGUE", tmp_path / "missing.csv")
    assert demo.demo_catalogue_path() == demo.FIXTURE_CATALOGUE
    run()
    assert Procedure.objects.count() == 76


def test_shared_and_committed_catalogues_are_the_same():
    if demo.SHARED_CATALOGUE.is_file():
        assert demo.SHARED_CATALOGUE.read_bytes() == demo.FIXTURE_CATALOGUE.read_bytes()


@pytest.mark.parametrize(
    "total", [Decimal(1), Decimal(2), Decimal(3), Decimal(5), Decimal(7), Decimal(10), Decimal(30)]
)
def test_workflow_budgets_add_up(total):
    budgets = demo.workflow_budgets(total)
    assert len(budgets) == 6 and sum(budgets) == total and all(budget > 0 for budget in budgets)


def test_demo_dossiers_are_made_through_the_services_once(demo_output):
    from egov.dossiers.models import Dossier, DossierEvent, Status

    dossiers = Dossier.objects.filter(is_legacy=False)
    statuses = set(dossiers.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.RECEIVED, Status.PAUSED, Status.AWAITING_SIGNATURE, Status.RETURNED} <= statuses
    assert DossierEvent.objects.filter(dossier__in=dossiers).count() > dossiers.count()
    count = dossiers.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Dossier.objects.filter(is_legacy=False).count() == count


def test_the_demo_dossiers_are_scored_by_the_boards_rules(demo_output):
    """The demo's 2026 dossiers (this month's) give the QĐ 766 board's indicators figures to show
    (law-2026.md §5.2): electronic results (4.1), items reused or from the personal data store (4.3, 4.4)."""
    from django.utils import timezone

    from egov.reports.indices import scorecard
    from egov.reports.selectors import Scope

    today = timezone.localdate()
    first = (today.replace(day=1) - timezone.timedelta(days=40)).replace(day=1)
    card = scorecard(date_from=first, date_to=today, scope=Scope(agency=Agency.objects.get(short_name="SCT")))
    assert card.rule_set.valid_from.year == 2022
    r = {result.code: result for result in card.results}
    assert r["4.1"].numerator == 2 and r["4.1"].denominator == 2
    assert r["4.3"].numerator >= 1 and r["4.4"].numerator >= 1
    assert r["2.1"].denominator >= 6 and r["5.2"].score == 6.0
