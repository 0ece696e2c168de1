"""Registering sessions, visits and petitions, starting and extending deadlines: what is written,
and what is refused with a Vietnamese message and nothing written."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory

from .. import models as m
from ..services.deadlines import deadline_extend, deadline_start
from ..services.intake import DocumentData, SenderData
from ..services.reception import PersonData, visit_register
from .factories import local, office

pytestmark = pytest.mark.django_db

TABLES = [
    m.Case,
    m.ReceptionSession,
    m.Visit,
    m.VisitPerson,
    m.Petition,
    m.PetitionSender,
    m.ReceivedDocument,
    m.Deadline,
    m.DeadlineExtension,
]


def counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def refused(call, **kwargs) -> list[str]:
    """The Vietnamese messages of a refused write, after checking that it wrote nothing."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert counts() == before
    return caught.value.messages


# --- sessions and visits ------------------------------------------------------------------------


def test_a_session_with_two_visitors_one_a_delegation_and_a_returning_case():
    o = office()
    session = o.session()
    first = visit_register(
        session=session,
        people=[PersonData(name="Phan Văn Vân", id_number="051060000123", address="Thôn Tân Phong, xã Phổ Phong")],
        content="Phản ánh việc cấp điện sinh hoạt chập chờn.",
        classification=m.Classification.RECOMMENDATION,
        outcome=m.VisitOutcome.PETITION_TAKEN,
        new_case_title="Cấp điện sinh hoạt thôn Tân Phong",
        actor=o.specialist,
    )
    second = visit_register(
        session=session,
        people=[PersonData(name="Nguyễn Văn A", is_representative=True), PersonData(name="Trần Thị B")],
        people_count=8,
        is_delegation=True,
        content="Cùng nội dung cấp điện.",
        classification=m.Classification.RECOMMENDATION,
        outcome=m.VisitOutcome.GUIDED,
        outcome_detail="Hướng dẫn gửi đơn đến Công ty Điện lực Quảng Ngãi.",
        case=first.case,
        actor=o.specialist,
    )
    assert (first.number, second.number) == (1, 2)
    assert m.Case.objects.count() == 1 and second.case == first.case  # linked, not duplicated
    assert list(second.people.values_list("name", "is_representative")) == [
        ("Nguyễn Văn A", True),
        ("Trần Thị B", False),
    ]
    assert first.people_count + second.people_count == 9 and first.people.get().id_number == "051060000123"


def test_a_periodic_session_is_received_by_the_head_in_person():
    o = office()
    messages = refused(o.session, kind=m.ReceptionKind.PERIODIC)
    assert messages == ["Buổi tiếp định kỳ do người đứng đầu cơ quan trực tiếp tiếp, không ủy quyền."]
    assert refused(o.session, kind=m.ReceptionKind.PERIODIC, receiver_role=m.ReceiverRole.LEADER) == [
        f"{o.specialist} không phải lãnh đạo cơ quan."
    ]
    session = o.session(kind=m.ReceptionKind.PERIODIC, receiver=o.leader, receiver_role=m.ReceiverRole.LEADER)
    assert session.receiver == o.leader


def test_a_session_is_recorded_after_it_took_place_by_someone_allowed_to():
    o = office()
    assert refused(o.session, held_on=dt.date.today() + dt.timedelta(days=2))[0].endswith(
        "chưa đến; chỉ ghi sổ buổi tiếp đã diễn ra."
    )
    assert refused(o.session, place="  ") == ["Cần ghi địa điểm tiếp công dân."]
    assert refused(o.session, actor=o.clerk) == ["Tài khoản của bạn không có quyền thực hiện thao tác này."]
    stranger = StaffFactory(roles=[Role.SPECIALIST])
    assert refused(o.session, actor=stranger) == ["Tài khoản của bạn không có quyền thực hiện thao tác này."]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content": " "}, "Cần ghi tóm tắt nội dung công dân trình bày."),
        ({"people": []}, "Cần ghi họ tên từng công dân được tiếp."),
        ({"is_delegation": True, "people_count": 6}, "Đoàn đông người cần ghi người đại diện."),
        ({"people_count": 0}, "Số người (0) ít hơn số công dân đã ghi tên (1)."),
        ({"classification": "duplicate"}, "Cần phân loại theo nội dung: khiếu nại, tố cáo, kiến nghị, phản ánh."),
        (
            {"outcome": "forwarded"},
            "Cần ghi cơ quan được hướng dẫn đến hoặc cơ quan nhận đơn chuyển, và số văn bản.",
        ),
    ],
)
def test_a_bad_visit_is_refused_and_nothing_is_written(changes, message):
    o = office()
    session = o.session()
    values = {
        "session": session,
        "people": [PersonData(name="Phan Văn Vân")],
        "content": "Khiếu nại quyết định xử phạt.",
        "classification": m.Classification.COMPLAINT,
        "outcome": m.VisitOutcome.PETITION_TAKEN,
        "actor": o.specialist,
    }
    assert refused(visit_register, **(values | changes)) == [message]


def test_a_visit_links_a_case_of_its_own_agency_only():
    o, other = office(), office()
    foreign = other.session()
    case_visit = visit_register(
        session=foreign, people=[PersonData(name="A")], content="X", classification="complaint",
        outcome="petition_taken", new_case_title="Vụ việc khác", actor=other.specialist,
    )  # fmt: skip
    assert refused(
        visit_register, session=o.session(), people=[PersonData(name="B")], content="Y", classification="complaint",
        outcome="petition_taken", case=case_visit.case, actor=o.specialist,
    ) == ["Vụ việc thuộc cơ quan khác."]  # fmt: skip


# --- petitions ----------------------------------------------------------------------------------


def test_a_petition_is_registered_with_its_senders_documents_and_clocks():
    o = office()
    petition = o.petition(
        classification=m.Classification.COMPLAINT,
        titled_as=m.ContentKind.RECOMMENDATION,
        senders=[
            SenderData(name="Phan Văn Vân", is_representative=True, email="van@example.vn"),
            SenderData(name="Phan Thị Hoa"),
        ],
        signatory_count=12,
        documents=[DocumentData(title="Quyết định xử phạt số 15/QĐ-XPVPHC", is_original=False, pages=2)],
        handling_unit=o.unit,
    )
    assert petition.status == m.Status.RECEIVED and petition.signatory_count == 12
    assert [s.name for s in petition.senders.all()] == ["Phan Văn Vân", "Phan Thị Hoa"]
    assert petition.documents.get().pages == 2
    # Received 12/2/2026: TT 05/2021 processing and Luật KN Art. 27 acceptance (10 days) across Tết.
    assert dict(petition.deadlines.values_list("step", "due_date")) == {
        m.LimitStep.PETITION_PROCESSING: dt.date(2026, 3, 5),
        m.LimitStep.COMPLAINT_ACCEPTANCE: dt.date(2026, 2, 23),
    }


def test_a_petition_received_under_the_2026_decrees_has_their_clocks():
    o = office()
    petition = o.petition(
        classification=m.Classification.COMPLAINT, received_at=local(2026, 8, 20, 15, 30), content="Khiếu nại mới"
    )
    assert dict(petition.deadlines.values_list("step", "due_date")) == {
        m.LimitStep.PETITION_PROCESSING: dt.date(2026, 9, 7),
        m.LimitStep.PETITION_UNPROCESSED_LIMIT: dt.date(2026, 10, 5),
        m.LimitStep.COMPLAINT_ACCEPTANCE: dt.date(2026, 8, 28),
    }


def test_an_anonymous_denunciation_has_no_sender_and_no_denunciation_intake():
    o = office()
    petition = o.petition(classification=m.Classification.DENUNCIATION, anonymous=True, senders=[])
    assert petition.anonymous and not petition.senders.exists()
    assert set(petition.deadlines.values_list("step", flat=True)) == {m.LimitStep.PETITION_PROCESSING}
    named = o.petition(classification=m.Classification.DENUNCIATION, content="Tố cáo có tên")
    assert m.LimitStep.DENUNCIATION_INTAKE in set(named.deadlines.values_list("step", flat=True))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content": "  "}, "Đơn phải có nội dung: cần ghi tóm tắt nội dung đơn."),
        ({"senders": []}, "Cần ghi họ tên người gửi đơn, hoặc đánh dấu là đơn nặc danh."),
        ({"anonymous": True}, "Đơn nặc danh không ghi người gửi."),
        ({"signatory_count": 5}, "Đơn có nhiều người ký cần ghi người đại diện."),
        ({"channel": m.Channel.FORWARDED}, "Đơn do cơ quan khác chuyển đến cần ghi tên cơ quan chuyển đơn."),
        ({"classification": "duplicate"}, "Đơn trùng nội dung cần chỉ rõ đơn đã vào sổ trước đó."),
        (
            {"classification": "mixed", "mixed_kinds": ["complaint"]},
            "Đơn có nhiều nội dung cần ghi ít nhất hai loại nội dung khác nhau.",
        ),
        ({"received_at": local(2099, 1, 1, 8, 0)}, "Thời điểm nhận đơn chưa đến."),
        ({"documents": [DocumentData(title=" ")]}, "Cần ghi tên từng tài liệu kèm theo đơn."),
        ({"senders": [SenderData(name="A", email="khong-hop-le")]}, "Thư điện tử của A không hợp lệ."),
    ],
)  # fmt: skip
def test_a_bad_petition_is_refused_and_nothing_is_written(changes, message):
    o = office()
    assert refused(o.petition, **changes) == [message]


def test_every_problem_is_reported_at_once():
    o = office()
    assert len(refused(o.petition, content="", senders=[], channel=m.Channel.FORWARDED)) == 3


def test_a_petition_is_registered_only_once():
    o = office()
    first = o.petition()
    # Same day, channel, sender and content, typed with other spacing and case: the same petition.
    messages = refused(
        o.petition,
        received_at=local(2026, 2, 12, 16, 0),
        content="ĐỀ NGHỊ xem xét việc cấp điện cho hộ gia đình tại thôn Tân Phong. ",
    )
    assert messages == ["Đơn này đã được vào sổ ngày 12/02/2026, số 01/2026; mỗi đơn chỉ vào sổ một lần."]
    assert (first.number, first.number_year) == (1, 2026)
    # Another agency's register is its own.
    office().petition()


def test_the_register_numbers_each_agency_by_year_of_receipt_without_gaps():
    o, other = office(), office()
    numbers = [o.petition(content=f"Đơn {i}").number for i in range(3)]
    assert numbers == [1, 2, 3] and other.petition().number == 1
    refused(o.petition, content="")  # a refused registration gives its number back
    last_year = o.petition(content="Đơn nhận cuối năm trước", received_at=local(2025, 12, 31, 16, 0))
    # 00:05 on 1 January in Vietnam is still 31 December in UTC: the local year counts.
    new_year = o.petition(content="Đơn nhận đầu năm", received_at=local(2026, 1, 1, 0, 5))
    assert (last_year.number, last_year.number_year, new_year.number, new_year.number_year) == (1, 2025, 4, 2026)
    assert str(new_year) == "Đơn số 04/2026 (Kiến nghị, phản ánh)"


def test_a_duplicate_points_at_an_earlier_petition_of_the_agency():
    o = office()
    original = o.petition()
    duplicate = o.petition(
        classification=m.Classification.DUPLICATE,
        duplicate_of=original,
        received_at=local(2026, 3, 2, 9, 0),
    )
    assert duplicate.duplicate_of == original
    assert refused(office().petition, classification=m.Classification.DUPLICATE, duplicate_of=original) == [
        "Đơn trùng phải trùng với một đơn cơ quan đã nhận trước đó."
    ]


def test_a_visit_gives_at_most_one_petition_in_its_case():
    o = office()
    visit = visit_register(
        session=o.session(), people=[PersonData(name="Phan Văn Vân")], content="Khiếu nại",
        classification="complaint", outcome="petition_taken", new_case_title="Vụ việc Tân Phong", actor=o.specialist,
    )  # fmt: skip
    petition = o.petition(visit=visit, channel=m.Channel.RECEPTION, classification="complaint")
    assert petition.case == visit.case
    assert refused(o.petition, visit=visit, channel=m.Channel.RECEPTION, content="Khác") == [
        "Lượt tiếp này đã có đơn vào sổ; mỗi đơn chỉ vào sổ một lần."
    ]
    assert refused(o.petition, visit=visit, content="Khác") == [
        "Đơn nhận tại lượt tiếp công dân có nguồn “Qua tiếp công dân”."
    ]


def test_only_staff_of_the_agency_with_the_right_register():
    o = office()
    assert refused(o.petition, actor=o.administrator) == ["Tài khoản của bạn không có quyền thực hiện thao tác này."]
    assert refused(o.petition, actor=office().specialist) == [
        "Tài khoản của bạn không có quyền thực hiện thao tác này."
    ]
    assert o.petition(actor=o.clerk).received_by == o.clerk


# --- deadlines ----------------------------------------------------------------------------------


def denunciation_resolution(o, condition):
    petition = o.petition(classification=m.Classification.DENUNCIATION, content=f"Tố cáo {condition}")
    return deadline_start(
        petition=petition,
        step=m.LimitStep.DENUNCIATION_RESOLUTION,
        started_on=dt.date(2026, 1, 19),
        condition=condition,
        actor=o.specialist,
    )


def test_a_very_complex_denunciation_is_extended_twice_by_at_most_30_days():
    o = office()
    deadline = denunciation_resolution(o, m.Condition.VERY_COMPLEX)
    assert deadline.due_date == dt.date(2026, 2, 23)
    assert refused(deadline_extend, deadline=deadline, days=31, reason="Cần xác minh thêm", actor=o.leader) == [
        "Mỗi lần gia hạn không quá 30 ngày (Luật Tố cáo 2018, Điều 30); đề nghị 31 ngày."
    ]
    deadline = deadline_extend(deadline=deadline, days=30, reason="Cần xác minh tại nhiều nơi", actor=o.leader)
    assert deadline.due_date == dt.date(2026, 3, 20)
    deadline = deadline_extend(deadline=deadline, days=30, reason="Chờ kết quả giám định", actor=o.leader)
    assert deadline.due_date == dt.date(2026, 4, 20)
    assert list(deadline.extensions.values_list("due_before", "due_after")) == [
        (dt.date(2026, 2, 23), dt.date(2026, 3, 20)),
        (dt.date(2026, 3, 20), dt.date(2026, 4, 20)),
    ]
    assert refused(deadline_extend, deadline=deadline, days=10, reason="Thêm lần nữa", actor=o.leader) == [
        "Thời hạn “Giải quyết tố cáo” đã được gia hạn 2 lần, tối đa theo Luật Tố cáo 2018, Điều 30; "
        "không thể gia hạn thêm."
    ]
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.extension_count, deadline.extended_days) == (dt.date(2026, 4, 20), 2, 60)


def test_a_complex_denunciation_is_extended_once_and_a_standard_one_never():
    o = office()
    complex_one = denunciation_resolution(o, m.Condition.COMPLEX)
    deadline_extend(deadline=complex_one, days=15, reason="Phức tạp", actor=o.leader)
    assert (
        "đã được gia hạn 1 lần"
        in refused(deadline_extend, deadline=complex_one, days=15, reason="Lần hai", actor=o.leader)[0]
    )
    standard = denunciation_resolution(o, m.Condition.STANDARD)
    assert refused(deadline_extend, deadline=standard, days=5, reason="Xin thêm", actor=o.leader) == [
        "Thời hạn “Giải quyết tố cáo” không được gia hạn (Luật Tố cáo 2018, Điều 30)."
    ]


def test_an_extension_is_decided_by_the_head_with_a_reason():
    o = office()
    deadline = denunciation_resolution(o, m.Condition.COMPLEX)
    assert refused(deadline_extend, deadline=deadline, days=10, reason="Phức tạp", actor=o.specialist) == [
        "Tài khoản của bạn không có quyền thực hiện thao tác này."
    ]
    assert refused(deadline_extend, deadline=deadline, days=10, reason=" ", actor=o.leader) == [
        "Cần ghi lý do gia hạn."
    ]
    assert refused(deadline_extend, deadline=deadline, days=0, reason="Phức tạp", actor=o.leader) == [
        "Số ngày gia hạn phải từ 1 ngày trở lên."
    ]


def test_a_clock_starts_once_and_only_under_a_rule_in_force():
    o = office()
    petition = o.petition()
    assert refused(
        deadline_start, petition=petition, step=m.LimitStep.PETITION_PROCESSING, started_on=dt.date(2026, 2, 12),
        actor=o.specialist,
    ) == ["Thời hạn “Xử lý đơn (phân loại, đề xuất hướng xử lý)” của đơn đã được tính."]  # fmt: skip
    assert refused(
        deadline_start, petition=petition, step=m.LimitStep.SUSPENSION_NOTICE, started_on=dt.date(2026, 2, 12),
        actor=o.specialist,
    ) == [
        "Chưa có quy định thời hạn “Gửi quyết định tạm đình chỉ, đình chỉ, tiếp tục giải quyết” (thông thường) "
        "áp dụng cho ngày 12/02/2026."
    ]  # fmt: skip


# --- races (PostgreSQL: one connection per thread, real row locks) -----------------------------

CONCURRENT = 4


def run_together(work, count=CONCURRENT):
    """`work(i)` in `count` threads started together; (results, errors)."""
    barrier, lock = threading.Barrier(count), threading.Lock()
    results, errors = [], []

    def run(index):
        try:
            connection.ensure_connection()  # open before the barrier, so that all really start together
            barrier.wait(timeout=60)
            outcome = work(index)
            with lock:
                results.append(outcome)
        except BaseException as exc:  # reported by the caller
            with lock:
                errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_petition_registered_at_once_from_several_desks_is_registered_once():
    o = office()
    results, errors = run_together(lambda _: o.petition().number)
    assert results == [1] and len(errors) == CONCURRENT - 1
    assert {e.messages[0] for e in errors} == {
        "Đơn này đã được vào sổ ngày 12/02/2026, số 01/2026; mỗi đơn chỉ vào sổ một lần."
    }
    assert m.Petition.objects.count() == 1 and m.PetitionSender.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_petitions_registered_at_once_get_consecutive_register_numbers():
    o = office()
    results, errors = run_together(lambda i: o.petition(content=f"Kiến nghị số {i}").number)
    assert not errors, errors
    assert sorted(results) == list(range(1, CONCURRENT + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_visits_recorded_at_once_in_one_session_get_consecutive_numbers():
    o = office()
    session = o.session()

    def record(index):
        return visit_register(
            session=session, people=[PersonData(name=f"Công dân {index}")], content=f"Nội dung {index}",
            classification="recommendation", outcome="answered", actor=o.specialist,
        ).number  # fmt: skip

    results, errors = run_together(record)
    assert not errors, errors
    assert sorted(results) == list(range(1, CONCURRENT + 1))
