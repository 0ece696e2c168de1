"""Every action against every state: refused outside the table with nothing changed; the
permission and scope of the table; each handling only when the classification left it open;
and what each transition writes."""

import datetime as dt

import pytest

from egov.core.workflow import TransitionRefused
from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory, UnitFactory

from ..models import Case, Classification, Competence, Deadline, Handling, LimitStep, Petition, PetitionEvent, Status
from ..services.handling import PETITIONS, SERVICES
from ..workflow import TRANSITIONS, Action
from .factories import local, office

pytestmark = pytest.mark.django_db

# Arguments valid for each service, so that only the state, the actor or the rule under test refuses.
ARGS = {
    Action.CLASSIFY: {"competence": Competence.OWN},
    Action.ACCEPT: {},
    Action.FORWARD: {"target": "UBND thị xã Đức Phổ", "reference": "15/SCT-VP"},
    Action.GUIDE_RETURN: {"guidance": "Đề nghị gửi đơn đến UBND xã Phổ Phong."},
    Action.ANSWER: {"answer": "Sở đã có Văn bản số 20/SCT-QLĐ trả lời."},
    Action.FILE: {"reason": "Trùng nội dung đã được trả lời, không có tình tiết mới."},
    Action.URGE: {"body": "UBND thị xã Đức Phổ"},
}
ALL_OPEN = list(Handling.values)


def snapshot(petition):
    petition = Petition.objects.get(pk=petition.pk)
    columns = ("status", "competence", "defects", "handling_options", "handling", "handled_at", "forwarded_to")
    return (
        tuple(getattr(petition, name) for name in columns),
        PetitionEvent.objects.count(),
        sorted(Deadline.objects.values_list("step", "due_date", "completed_at")),
    )


def in_state(o, status, *, classification=Classification.COMPLAINT, options=ALL_OPEN, **extra):
    petition = o.petition(classification=classification, handling_unit=o.unit, **extra)
    Petition.objects.filter(pk=petition.pk).update(status=status, handling_options=options)
    petition.refresh_from_db()
    return petition


def test_every_action_has_a_service_and_arguments():
    assert set(SERVICES) == set(Action) == set(ARGS) == set(TRANSITIONS)


CASES = [(a, s) for a, t in TRANSITIONS.items() for s in Status.values if s not in t.sources]


@pytest.mark.parametrize(("action", "status"), CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_action_refused_from_a_state_outside_the_table(action, status):
    o = office()
    petition = in_state(o, status)
    before = snapshot(petition)
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[action](petition=petition, actor=o.leader, **ARGS[action])
    assert refused.value.code == "invalid_state"
    assert snapshot(petition) == before


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_action_refused_without_the_permission_or_out_of_scope(action):
    o = office()
    petition = in_state(o, sorted(TRANSITIONS[action].sources)[0])
    before = snapshot(petition)
    other_unit = StaffFactory(unit=UnitFactory(agency=o.agency), roles=[Role.SPECIALIST])
    for actor in (o.clerk, o.administrator, other_unit, office().leader):
        with pytest.raises(TransitionRefused) as refused:
            SERVICES[action](petition=petition, actor=actor, **ARGS[action])
        assert refused.value.code == "forbidden"
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[action](petition=petition, actor=None, **ARGS[action])
    assert refused.value.code == "not_authenticated"
    assert snapshot(petition) == before


def test_only_the_head_accepts_for_resolution():
    o = office()
    petition = in_state(o, Status.CLASSIFIED, options=[Handling.ACCEPT])
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[Action.ACCEPT](petition=petition, actor=o.specialist)
    assert refused.value.code == "forbidden"
    assert SERVICES[Action.ACCEPT](petition=petition, actor=o.leader).status == Status.ACCEPTED


HANDLING_ACTIONS = [a for a in TRANSITIONS if a != Action.CLASSIFY]


@pytest.mark.parametrize("action", HANDLING_ACTIONS)
def test_a_handling_the_classification_did_not_leave_open_is_refused(action):
    o = office()
    petition = in_state(o, Status.CLASSIFIED, options=[Handling.FILE] if action != Action.FILE else [Handling.ANSWER])
    before = snapshot(petition)
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[action](petition=petition, actor=o.leader, **ARGS[action])
    assert refused.value.code == "not_open"
    assert refused.value.messages[0].startswith("Theo kết quả phân loại, đơn này không “")
    assert snapshot(petition) == before
    assert action not in PETITIONS.allowed(petition, o.leader)


@pytest.mark.parametrize("action", HANDLING_ACTIONS)
def test_a_handling_left_open_moves_the_petition_and_writes_its_event(action):
    o = office()
    petition = in_state(o, Status.CLASSIFIED)
    at = local(2026, 2, 13, 10, 0)
    done = SERVICES[action](petition=petition, actor=o.leader, at=at, **ARGS[action])
    assert done.status == TRANSITIONS[action].target and done.handled_at == at
    event = done.events.order_by("pk").last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        action,
        Status.CLASSIFIED,
        done.status,
        o.leader,
    )


def test_allowed_lists_the_handlings_left_open_to_the_actor():
    o = office()
    petition = in_state(o, Status.CLASSIFIED, options=[Handling.FORWARD, Handling.GUIDE_RETURN])
    assert PETITIONS.allowed(petition, o.specialist) == [Action.FORWARD, Action.GUIDE_RETURN]
    assert PETITIONS.allowed(petition, o.clerk) == []


# --- classification -------------------------------------------------------------------------------


def classify(o, petition, **arguments):
    return SERVICES[Action.CLASSIFY](petition=petition, actor=o.specialist, **({"competence": "own"} | arguments))


def test_classification_leaves_open_what_the_law_allows():
    o = office()
    complaint = classify(o, o.petition(classification=Classification.COMPLAINT, handling_unit=o.unit))
    assert (complaint.status, complaint.handling_options) == (Status.CLASSIFIED, [Handling.ACCEPT])
    outside = classify(o, o.petition(content="Ngoài thẩm quyền", handling_unit=o.unit), competence="outside")
    assert outside.handling_options == [Handling.FORWARD, Handling.GUIDE_RETURN]
    late = classify(
        o, o.petition(classification="complaint", content="Quá hạn", handling_unit=o.unit), within_time_bar=False
    )
    assert late.defects == ["Khiếu nại đã hết thời hiệu."]
    assert late.handling_options == [Handling.GUIDE_RETURN, Handling.FILE]
    event = complaint.events.order_by("pk").last()
    assert event.data == {"competence": "own", "defects": [], "handling_options": ["accept"]}


def test_an_anonymous_denunciation_is_passed_on_or_filed_never_accepted():
    o = office()
    bare = o.petition(classification="denunciation", anonymous=True, senders=[], handling_unit=o.unit)
    assert classify(o, bare).handling_options == [Handling.FILE]
    evidenced = o.petition(
        classification="denunciation", anonymous=True, senders=[], content="Có chứng cứ", handling_unit=o.unit
    )
    evidenced = classify(o, evidenced, concrete_evidence=True)
    assert evidenced.handling_options == [Handling.FILE, Handling.PASS_ON]
    passed = SERVICES[Action.FORWARD](petition=evidenced, actor=o.specialist, target="Công an tỉnh Quảng Ngãi")
    assert (passed.status, passed.handling) == (Status.FORWARDED, Handling.PASS_ON)


def test_nothing_new_on_a_stopped_case_or_a_duplicate_is_filed():
    o = office()
    case = Case.objects.create(
        agency=o.agency,
        title="Cấp điện thôn Tân Phong",
        opened_on=dt.date(2021, 1, 5),
        no_new_facts_stop=True,
        no_new_facts_basis="Văn bản số 2345/UBND-TCD ngày 26/5/2021 của UBND tỉnh",
    )
    stopped = o.petition(classification="complaint", case=case, handling_unit=o.unit)
    assert classify(o, stopped).handling_options == [Handling.FILE]
    renewed = o.petition(classification="complaint", case=case, content="Có tình tiết mới", handling_unit=o.unit)
    assert classify(o, renewed, new_facts=True).handling_options == [Handling.ACCEPT]
    duplicate = o.petition(
        classification=Classification.DUPLICATE,
        duplicate_of=renewed,
        received_at=local(2026, 3, 2, 9, 0),
        handling_unit=o.unit,
    )
    assert classify(o, duplicate).handling_options == [Handling.FILE]


def test_a_competence_is_required():
    o = office()
    petition = o.petition(handling_unit=o.unit)
    before = snapshot(petition)
    with pytest.raises(TransitionRefused) as refused:
        classify(o, petition, competence="")
    assert refused.value.messages == ["Cần xác định đơn thuộc thẩm quyền, thuộc cấp dưới hay không thuộc thẩm quyền."]
    assert snapshot(petition) == before


# --- accepting: the resolution clock -------------------------------------------------------------


def test_accepting_a_complaint_starts_its_first_resolution_clock():
    o = office()
    petition = classify(o, o.petition(classification="complaint", handling_unit=o.unit))
    accepted = SERVICES[Action.ACCEPT](petition=petition, actor=o.leader, at=local(2026, 2, 12, 14, 0))
    deadline = accepted.deadlines.get(step=LimitStep.COMPLAINT_FIRST_RESOLUTION)
    assert (deadline.started_on, deadline.due_date) == (
        dt.date(2026, 2, 12),
        dt.date(2026, 3, 16),
    )  # 14/3 is a Saturday
    other = classify(o, o.petition(classification="complaint", content="Phức tạp", handling_unit=o.unit))
    accepted = SERVICES[Action.ACCEPT](
        petition=other, actor=o.leader, at=local(2026, 2, 12, 14, 0), condition="complex"
    )
    assert accepted.deadlines.get(step=LimitStep.COMPLAINT_FIRST_RESOLUTION).due_date == dt.date(2026, 3, 30)


def test_accepting_under_a_condition_the_law_does_not_give_is_refused():
    o = office()
    petition = classify(o, o.petition(classification="complaint", handling_unit=o.unit))
    before = snapshot(petition)
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[Action.ACCEPT](petition=petition, actor=o.leader, condition="very_complex")
    assert refused.value.code == "no_rule"
    assert snapshot(petition) == before


# --- forwarding: once, never back ------------------------------------------------------------------


def test_a_petition_is_not_forwarded_back_to_the_body_that_sent_it():
    o = office()
    petition = o.petition(
        channel="forwarded", source_body="Ban Tiếp công dân tỉnh", source_reference="120/BTCD", handling_unit=o.unit
    )
    petition = classify(o, petition, competence="outside")
    before = snapshot(petition)
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target="Ban tiếp công dân tỉnh")
    assert (refused.value.code, refused.value.messages) == (
        "forward_refused",
        ["Không thể chuyển đơn trở lại “Ban Tiếp công dân tỉnh”, cơ quan đã chuyển đơn đến."],
    )
    assert snapshot(petition) == before


def test_a_petition_is_forwarded_once():
    o = office()
    petition = classify(o, o.petition(handling_unit=o.unit), competence="outside")
    forwarded = SERVICES[Action.FORWARD](petition=petition, actor=o.specialist, target="Công ty Điện lực Quảng Ngãi")
    assert (forwarded.forwarded_to, forwarded.handling) == ("Công ty Điện lực Quảng Ngãi", Handling.FORWARD)
    before = snapshot(forwarded)
    with pytest.raises(TransitionRefused) as refused:
        SERVICES[Action.FORWARD](petition=forwarded, actor=o.specialist, target="UBND tỉnh")
    assert refused.value.code == "invalid_state"
    assert snapshot(forwarded) == before


def test_a_target_and_the_texts_are_required():
    o = office()
    petition = in_state(o, Status.CLASSIFIED)
    before = snapshot(petition)
    for action, arguments, message in [
        (Action.FORWARD, {"target": " "}, "Cần ghi cơ quan có thẩm quyền nhận đơn chuyển."),
        (Action.GUIDE_RETURN, {"guidance": ""}, "Cần ghi nội dung hướng dẫn người gửi đơn."),
        (Action.ANSWER, {"answer": ""}, "Cần ghi nội dung trả lời."),
        (Action.FILE, {"reason": " "}, "Cần ghi lý do lưu đơn."),
        (Action.URGE, {"body": ""}, "Cần ghi cơ quan cấp dưới được đôn đốc."),
    ]:
        with pytest.raises(TransitionRefused) as refused:
            SERVICES[action](petition=petition, actor=o.leader, **arguments)
        assert refused.value.messages == [message]
    assert snapshot(petition) == before


def test_urging_again_keeps_the_petition_urged_and_the_timeline_has_every_step():
    o = office()
    petition = classify(o, o.petition(handling_unit=o.unit), competence="lower_unresolved")
    petition = SERVICES[Action.URGE](petition=petition, actor=o.specialist, body="UBND thị xã Đức Phổ")
    petition = SERVICES[Action.URGE](petition=petition, actor=o.specialist, body="UBND thị xã Đức Phổ", note="Lần 2")
    assert petition.status == Status.URGED
    assert list(petition.events.values_list("action", "from_status", "to_status")) == [
        ("register", "", Status.RECEIVED),
        (Action.CLASSIFY, Status.RECEIVED, Status.CLASSIFIED),
        (Action.URGE, Status.CLASSIFIED, Status.URGED),
        (Action.URGE, Status.URGED, Status.URGED),
    ]


def test_the_handling_decision_stops_the_intake_clocks_and_acceptance_starts_resolution():
    o = office()
    petition = classify(o, o.petition(classification="complaint", handling_unit=o.unit))
    at = local(2026, 2, 24, 9, 0)
    accepted = SERVICES[Action.ACCEPT](petition=petition, actor=o.leader, at=at)
    assert dict(accepted.deadlines.values_list("step", "completed_at")) == {
        LimitStep.PETITION_PROCESSING: at,
        LimitStep.COMPLAINT_ACCEPTANCE: at,
        LimitStep.COMPLAINT_FIRST_RESOLUTION: None,
    }


def test_urging_again_keeps_the_time_of_the_first_decision():
    o = office()
    petition = classify(o, o.petition(handling_unit=o.unit), competence="lower_unresolved")
    first = local(2026, 2, 24, 9, 0)
    SERVICES[Action.URGE](petition=petition, actor=o.specialist, body="UBND thị xã Đức Phổ", at=first)
    again = SERVICES[Action.URGE](petition=petition, actor=o.specialist, body="UBND thị xã Đức Phổ")
    assert again.handled_at == first
    assert set(again.deadlines.values_list("completed_at", flat=True)) == {first}
