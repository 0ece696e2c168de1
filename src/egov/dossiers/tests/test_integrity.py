"""check_dossiers: clean on dossiers made by the services along every path; every corruption of a
derived column or of the history is reported with the dossier's code and the broken rule."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..codes import DOSSIER_CODES
from ..integrity import check_dossier, dossiers_check
from ..models import Dossier, DossierEvent, DossierStep, PauseInterval, Rating, ReturnMethod, Status
from .factories import make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def office(django_user_model):
    procedure = procedure_with_workflow(time_limit=10)
    agency, unit = procedure.agency, procedure.lead_unit
    return {
        "procedure": procedure,
        "desk": make_staff(agency, Role.RECEIVING_OFFICER),
        "head": make_staff(agency, Role.UNIT_HEAD, unit),
        "specialist": make_staff(agency, Role.SPECIALIST, unit),
        "leader": make_staff(agency, Role.AGENCY_LEADER),
        "citizen": django_user_model.objects.create_user(username="congdan", password="x"),
    }


def _processing(office, at):
    dossier = submitted_dossier(office["procedure"], at=at, owner=office["citizen"])
    dossier = services.dossier_receive(dossier=dossier, actor=office["desk"], at=at + dt.timedelta(minutes=5))
    dossier = services.dossier_transfer(dossier=dossier, actor=office["desk"], at=at + dt.timedelta(hours=1))
    return services.dossier_assign(
        dossier=dossier, actor=office["head"], assignee=office["specialist"], at=at + dt.timedelta(hours=2)
    )


def _every_path(office) -> dict[str, Dossier]:
    """One dossier per path through the lifecycle (Monday 3 March 2025 onwards)."""
    o, day = office, local(2025, 3, 3, 8, 0)
    made = {"submitted": submitted_dossier(o["procedure"], at=day)}

    d = submitted_dossier(o["procedure"], at=day)
    d = services.dossier_request_intake_supplement(dossier=d, actor=o["desk"], items=["Đơn"], at=day)
    made["intake_supplement"] = d
    d = submitted_dossier(o["procedure"], at=day)
    made["intake_refused"] = services.dossier_refuse_intake(dossier=d, actor=o["desk"], reason="Không thuộc", at=day)
    d = submitted_dossier(o["procedure"], at=day)
    made["withdrawn_before_receipt"] = services.dossier_withdraw(dossier=d, actor=o["desk"], reason="Rút", at=day)

    d = _processing(o, day)
    d = services.dossier_consult(
        dossier=d,
        actor=o["specialist"],
        consulted="Sở Xây dựng",
        reply_due=dt.date(2025, 3, 7),
        at=local(2025, 3, 4, 9),
    )
    d = services.dossier_consult_reply(dossier=d, actor=o["specialist"], note="Đồng ý", at=local(2025, 3, 5, 9))
    d = services.dossier_apologise(
        dossier=d, actor=o["specialist"], reason="Cần xác minh", new_due_date=dt.date(2025, 3, 20), at=local(2025, 3, 6)
    )
    d = services.dossier_submit_for_signature(dossier=d, actor=o["specialist"], at=local(2025, 3, 7, 9))
    d = services.dossier_send_back(dossier=d, actor=o["head"], reason="Sửa dự thảo", at=local(2025, 3, 7, 10))
    d = services.dossier_submit_for_signature(dossier=d, actor=o["specialist"], at=local(2025, 3, 7, 11))
    d = services.dossier_approve(dossier=d, actor=o["head"], at=local(2025, 3, 7, 12))
    d = services.dossier_sign(dossier=d, actor=o["leader"], result_number="1/GP-SCT", at=local(2025, 3, 10, 9))
    d = services.dossier_return_result(dossier=d, actor=o["desk"], method=ReturnMethod.DESK, at=local(2025, 3, 10, 10))
    made["returned_rated"] = services.dossier_rate(
        dossier=d, actor=o["citizen"], rating=Rating.SATISFIED, at=local(2025, 3, 10, 11)
    )

    d = _processing(o, day)
    made["paused"] = services.dossier_request_supplement(
        dossier=d, actor=o["specialist"], items=["Bản vẽ"], at=local(2025, 3, 4, 9)
    )
    d = _processing(o, day)
    d = services.dossier_apologise(
        dossier=d, actor=o["specialist"], reason="Chậm", new_due_date=dt.date(2025, 3, 19), at=local(2025, 3, 4)
    )
    d = services.dossier_request_supplement(dossier=d, actor=o["specialist"], items=["Bản vẽ"], at=local(2025, 3, 5))
    made["restarted"] = services.dossier_complete_supplement(dossier=d, actor=o["desk"], at=local(2025, 3, 10, 9))
    d = _processing(o, day)
    d = services.dossier_request_supplement(dossier=d, actor=o["specialist"], items=["X"], at=local(2025, 3, 4, 9))
    made["withdrawn_while_paused"] = services.dossier_withdraw(
        dossier=d, actor=o["citizen"], reason="Không bổ sung được", at=local(2025, 3, 6, 9)
    )
    d = _processing(o, day)
    made["stopped"] = services.dossier_stop(dossier=d, actor=o["leader"], reason="Theo yêu cầu", at=local(2025, 3, 6))
    d = _processing(o, day)
    made["refused"] = services.dossier_refuse(dossier=d, actor=o["leader"], reason="Không đủ", at=local(2025, 3, 6))
    return made


def test_every_lifecycle_path_is_clean(office):
    made = _every_path(office)
    assert made["restarted"].apology_due_date is None  # the restarted clock overtook the apology
    report = dossiers_check()
    assert report.checked == len(made)
    assert report.offences == []


def test_the_command_is_clean_and_says_how_many(office):
    _every_path(office)
    out = _run()
    assert "Đã kiểm tra 10 hồ sơ: không có sai lệch." in out


def _run(*args) -> str:
    import io

    out = io.StringIO()
    call_command("check_dossiers", *args, stdout=out)
    return out.getvalue()


def _update(dossier, **values):
    Dossier.objects.filter(pk=dossier.pk).update(**values)


CORRUPTIONS = {
    "state": lambda d: _update(d, status=Status.PROCESSING),
    "received_at": lambda d: _update(d, received_at=F("received_at") - dt.timedelta(hours=1)),
    "code": lambda d: _update(d, code=d.code.replace("-250303-", "-250304-")),
    "due_date": lambda d: _update(d, due_date=dt.date(2025, 3, 31)),
    "apology": lambda d: _update(d, apology_due_date=dt.date(2025, 3, 21)),
    "finished_at": lambda d: _update(d, finished_at=F("finished_at") + dt.timedelta(days=1)),
    "outcome": lambda d: _update(d, outcome="stopped"),
    "returned_at": lambda d: _update(d, returned_at=None),
    "rating": lambda d: _update(d, rating=Rating.UNSATISFIED),
    "submitted_at": lambda d: _update(d, submitted_at=F("submitted_at") - dt.timedelta(days=1)),
    "result": lambda d: _update(d, result_number=""),
    "history": lambda d: DossierEvent.objects.filter(dossier=d, action="transfer").update(from_status="submitted"),
    "transition": lambda d: DossierEvent.objects.filter(dossier=d, action="consult_reply").update(
        to_status=Status.AWAITING_SIGNATURE
    ),
    "steps": lambda d: DossierStep.objects.create(dossier=d, order=99, name="Bước thừa", started_at=d.received_at),
}


@pytest.mark.parametrize("rule", sorted(CORRUPTIONS))
def test_a_corrupted_dossier_is_reported_with_its_code_and_rule(office, rule):
    made = _every_path(office)
    victim = made["returned_rated"]
    CORRUPTIONS[rule](victim)
    victim.refresh_from_db()
    offences = dossiers_check().offences
    assert {o.dossier_id for o in offences} == {victim.pk}
    assert rule in {o.rule for o in offences}, offences
    with pytest.raises(CommandError) as failed:
        _run()
    assert failed.value.returncode == 1
    assert "1 hồ sơ có sai lệch" in str(failed.value)


def test_the_command_prints_code_rule_and_reason(office, capsys):
    made = _every_path(office)
    victim = made["returned_rated"]
    _update(victim, status=Status.PROCESSING)
    import io

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_dossiers", stdout=out)
    assert f"{victim.code} [state] Trạng thái hiện tại “processing” khác trạng thái sau sự kiện cuối cùng" in (
        out.getvalue()
    )


def test_pause_corruptions(office):
    made = _every_path(office)
    paused, restarted = made["paused"], made["restarted"]
    PauseInterval.objects.filter(dossier=paused).update(completed_at=local(2025, 3, 5))
    PauseInterval.objects.filter(dossier=restarted).delete()
    found = {(o.dossier_id, o.rule) for o in dossiers_check().offences}
    assert (paused.pk, "pause") in found and (restarted.pk, "pause") in found


def test_a_code_beyond_the_daily_counter_is_reported(office):
    made = _every_path(office)
    victim = made["stopped"]
    key = (victim.agency.pk, dt.date(2025, 3, 3))
    _update(victim, code=f"{victim.agency.identifier}-250303-{DOSSIER_CODES.last_numbers({key})[key] + 1:04d}")
    assert [o.rule for o in check_dossier(victim)] == ["code"]


def test_code_before_receipt_and_missing_finish_are_reported(office):
    made = _every_path(office)
    _update(made["submitted"], code="X-1")
    DossierEvent.objects.filter(dossier=made["stopped"], action="stop").update(action="apologise")
    assert "code" in {o.rule for o in check_dossier(made["submitted"])}
    assert {"finished_at", "transition"} <= {o.rule for o in check_dossier(made["stopped"])}


def test_a_dossier_without_history_is_reported(office):
    made = _every_path(office)
    DossierEvent.objects.filter(dossier=made["submitted"]).delete()
    assert [o.rule for o in check_dossier(made["submitted"])] == ["history"]


def test_small_chunks_see_every_dossier_with_a_bounded_number_of_queries(office, django_assert_max_num_queries):
    _every_path(office)
    with django_assert_max_num_queries(6 * 5 + 1):  # 10 dossiers in 4 chunks of 3 (and an empty one): 5 queries a chunk
        report = dossiers_check(chunk_size=3)
    assert report.checked == 10 and report.offences == []


def test_agency_filter_and_unknown_agency(office):
    _every_path(office)
    assert "Đã kiểm tra 10 hồ sơ" in _run("--agency", office["procedure"].agency.identifier)
    with pytest.raises(CommandError) as failed:
        _run("--agency", "999.99.99.Z99")
    assert failed.value.returncode == 2


def test_the_demo_data_is_clean():
    import io

    call_command("load_demo", stdout=io.StringIO())
    assert Dossier.objects.filter(is_legacy=False).count() >= 8
    assert "không có sai lệch" in _run()
