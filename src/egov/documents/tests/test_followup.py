"""Tasks from directives, with dispatch 003 of the department (Công văn /SCT-VP, 03/3/2021):
ten tasks for the units, the Office tracking them and reporting every six months and yearly."""

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from docx.shared import Mm

from egov.documents.followup import (
    ItemAssignment,
    followup_report_docx,
    occurrence_schedule,
    progress_report_submit,
    propose_recurrence,
    task_create,
    task_reminders_send,
    task_set_status,
    tasks_create_from_items,
    tasks_propose_from_text,
)
from egov.documents.models import Recurrence, Task, TaskOccurrence
from egov.documents.selectors import document_progress_summary, overdue_occurrences
from egov.documents.services import outgoing_draft_create, outgoing_issue
from egov.organisations.roles import Role
from egov.outbox.models import Message
from egov.workdays.calendar import LOCAL_TZ

from .conftest import doc_type

SAMPLE = Path(__file__).parent / "data" / "samples" / "003_d086f47df4891f74.txt"

# The ten tasks of dispatch 003, read from its text, with the unit that leads each by function.
TASKS_003 = [
    (1, "Quán triệt nội dung Kế hoạch phối hợp số 10", "VP"),
    (2, "Thực hiện tốt Quy chế phối hợp giữa Giám đốc Sở với Đảng ủy Sở", "VP"),
    (3, "Chú trọng xây dựng mô hình, điển hình “Dân vận khéo”", "VP"),
    (4, "Tiếp tục vận động, huy động nguồn lực thực hiện linh hoạt, hiệu quả “mục tiêu kép”", "QLCN"),
    (5, "Thực hiện tốt công tác tiếp công dân, giải quyết khiếu nại, tố cáo", "TTr"),
    (6, "Tham mưu thực hiện nội dung được giao cho Sở Công Thương", "QLCN"),
    (7, "Đổi mới và nâng cao hiệu quả công tác cải cách hành chính", "VP"),
    (8, "Phối hợp, tạo điều kiện thuận lợi để Mặt trận Tổ quốc", "VP"),
    (9, "Đẩy mạnh thông tin, tuyên truyền, phổ biến, hướng dẫn các văn bản quy phạm pháp luật", "TTr"),
    (10, "Tham gia đóng góp ý kiến về xây dựng dự án Luật Thực hiện dân chủ ở cơ sở", "VP"),
]


def assert_nd30_page(document) -> None:
    """A4, margins top/bottom 20 mm, left 30 mm, right 15 mm (Word stores twips: allow rounding)."""
    section = document.sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    measured += [section.left_margin, section.right_margin]
    expected = [Mm(210), Mm(297), Mm(20), Mm(20), Mm(30), Mm(15)]
    assert all(abs(m - e) < Mm(0.5) for m, e in zip(measured, expected, strict=True)), measured


def body_of_003() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    return text[text.index("Thực hiện Kế hoạch số 10") : text.index("**Nơi nhận:**")].strip()


@pytest.fixture
def dispatch_003(agency, units, register_incoming):
    # The plan it implements is in the incoming register, so the citation resolves.
    register_incoming(
        "10 – KH/BDVTU-BCSĐUBND",
        type_name="Kế hoạch",
        issuer_symbol="BDVTU",
        document_date=dt.date(2021, 1, 11),
        arrived_on=dt.date(2021, 1, 14),
        summary="Phối hợp thực hiện công tác dân vận năm 2021",
    )
    draft = outgoing_draft_create(
        agency=agency,
        user=None,
        document_type=doc_type("Công văn"),
        summary="V/v triển khai Kế hoạch phối hợp thực hiện công tác dân vận năm 2021",
        body=body_of_003(),
        drafting_unit=units["VP"],
        addressees="Trưởng các phòng, đơn vị trực thuộc Sở",
        recipients="Như trên;\nSở Nội vụ;\nBan Dân vận Tỉnh ủy;",
        signer_title="GIÁM ĐỐC",
        signer_name="Võ Văn Rân",
    )
    return outgoing_issue(document=draft, user=None, issued_on=dt.date(2021, 3, 3))


@pytest.fixture
def tasks_003(dispatch_003, units, leader):
    recurrence = propose_recurrence(dispatch_003.body)
    created = []
    for position, _, lead in TASKS_003:
        proposal = tasks_propose_from_text(dispatch_003.body)[position - 1]
        created.append(
            task_create(
                document=dispatch_003,
                user=leader,
                position=position,
                content=proposal.content,
                lead_unit=units[lead],
                coordinating_units=[u for short, u in units.items() if short != lead],
                recurrence=recurrence,
            )
        )
    return created


def test_proposals_are_the_ten_numbered_items():
    proposals = tasks_propose_from_text(body_of_003())
    assert [p.position for p in proposals] == list(range(1, 11))
    for proposal, (_, start, _) in zip(proposals, TASKS_003, strict=True):
        assert proposal.content.startswith(start)
    # Item 6 runs over a page break; the closing request is not part of item 10.
    assert "địa bàn Khu Kinh tế Dung Quất" in proposals[5].content
    assert "Đề nghị Trưởng" not in proposals[9].content
    assert proposals[9].content.endswith("theo chỉ đạo.")


def test_recurrence_proposed_from_the_text():
    assert propose_recurrence(body_of_003()) == Recurrence.HALF_YEARLY_AND_YEARLY
    assert propose_recurrence("Định kỳ báo cáo quý về Sở.") == Recurrence.QUARTERLY
    assert propose_recurrence("Báo cáo hằng tháng trước ngày 20.") == Recurrence.MONTHLY
    assert propose_recurrence("Không có yêu cầu.") == Recurrence.NONE


def test_occurrence_schedule():
    assert occurrence_schedule(
        recurrence=Recurrence.HALF_YEARLY_AND_YEARLY, start=dt.date(2021, 3, 3), until=None, deadline=None
    ) == [(dt.date(2021, 6, 15), "Báo cáo 6 tháng đầu năm 2021"), (dt.date(2021, 12, 15), "Báo cáo năm 2021")]
    quarterly = occurrence_schedule(
        recurrence=Recurrence.QUARTERLY, start=dt.date(2021, 1, 1), until=dt.date(2022, 3, 31), deadline=None
    )
    assert [label for _, label in quarterly][-1] == "Báo cáo quý I/2022" and len(quarterly) == 5
    assert occurrence_schedule(recurrence="", start=dt.date(2021, 1, 1), until=None, deadline=dt.date(2021, 2, 1)) == [
        (dt.date(2021, 2, 1), "Hạn hoàn thành nhiệm vụ")
    ]
    with pytest.raises(ValidationError):
        occurrence_schedule(
            recurrence=Recurrence.YEARLY, start=dt.date(2021, 12, 20), until=dt.date(2021, 12, 31), deadline=None
        )
    # Without an end, a periodic task reports for twelve months.
    assert [
        d
        for d, _ in occurrence_schedule(
            recurrence=Recurrence.YEARLY, start=dt.date(2021, 12, 20), until=None, deadline=None
        )
    ] == [dt.date(2022, 12, 15)]


def test_dispatch_003_is_numbered_and_cites_the_plan(dispatch_003):
    assert dispatch_003.ref == "01/SCT-VP"
    refs = {c.ref: c.target for c in dispatch_003.citations_out.all()}
    assert refs["10-KH/BDVTU-BCSĐUBND"] is not None
    assert refs["08-TB/VPTU"] is None and refs["05-CT/TW"] is None


def test_ten_tasks_each_with_two_reports(tasks_003):
    assert Task.objects.count() == 10
    assert TaskOccurrence.objects.count() == 20
    task = tasks_003[0]
    assert [(o.due_date, o.label) for o in task.occurrences.all()] == [
        (dt.date(2021, 6, 15), "Báo cáo 6 tháng đầu năm 2021"),
        (dt.date(2021, 12, 15), "Báo cáo năm 2021"),
    ]
    assert task.coordinating_units.count() == 5


def test_task_create_validates(dispatch_003, units, other_agency):
    from egov.organisations.models import Unit

    foreign = Unit.objects.create(agency=other_agency, name="Phòng Tổ chức", short_name="TC")
    with pytest.raises(ValidationError) as info:
        task_create(
            document=dispatch_003,
            user=None,
            position=1,
            content=" ",
            lead_unit=foreign,
            coordinating_units=[foreign],
        )
    assert {"content", "lead_unit", "deadline"} <= set(info.value.message_dict)
    assert not Task.objects.exists()


def test_progress_reports(tasks_003, units, make_staff):
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    head_qlcn = make_staff(Role.UNIT_HEAD, unit=units["QLCN"])
    leader = make_staff(Role.AGENCY_LEADER)
    task = tasks_003[0]
    june = task.occurrences.get(due_date=dt.date(2021, 6, 15))
    # A co-ordinating unit's report is recorded but does not close the period.
    progress_report_submit(occurrence=june, user=head_qlcn, content="Đã quán triệt tại phòng.", percent_complete=50)
    june.refresh_from_db()
    assert june.completed_at is None
    progress_report_submit(occurrence=june, user=head_vp, content="Đã quán triệt toàn Sở.", percent_complete=100)
    june.refresh_from_db()
    assert june.completed_at is not None
    with pytest.raises(ValidationError, match="đã được báo cáo"):
        progress_report_submit(occurrence=june, user=head_vp, content="Lần nữa")
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        progress_report_submit(occurrence=task.occurrences.last(), user=leader, content="Thay đơn vị")


def test_overdue_list(tasks_003, units, make_staff, leader):
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    june = tasks_003[0].occurrences.get(due_date=dt.date(2021, 6, 15))
    progress_report_submit(occurrence=june, user=head_vp, content="Đã thực hiện.", percent_complete=100)
    task_set_status(task=tasks_003[1], status=Task.Status.DONE)
    assert not overdue_occurrences(user=leader, today=dt.date(2021, 6, 15)).exists()
    overdue = overdue_occurrences(user=leader, today=dt.date(2021, 6, 16))
    assert sorted(o.task.position for o in overdue) == [3, 4, 5, 6, 7, 8, 9, 10]
    # A unit head sees the overdue tasks of the unit (lead or co-ordinating).
    head_tt = make_staff(Role.UNIT_HEAD, unit=units["TTr"])
    assert overdue_occurrences(user=head_tt, today=dt.date(2021, 6, 16)).count() == 8


def test_reminders_are_sent_once_a_day_to_the_lead_unit_heads(
    tasks_003, units, make_staff, django_capture_on_commit_callbacks
):
    make_staff(Role.UNIT_HEAD, unit=units["VP"], email="vp@sct.quangngai.gov.vn")
    make_staff(Role.SPECIALIST, unit=units["VP"], email="chuyenvien@sct.quangngai.gov.vn")
    make_staff(Role.UNIT_HEAD, unit=units["TTr"], email="thanhtra@sct.quangngai.gov.vn")

    def send(today):
        # The outbox sends after the commit of the run's transaction.
        with django_capture_on_commit_callbacks(execute=True):
            return task_reminders_send(today=today)

    # QLCN has no head with an address: counted, not marked as reminded.
    before = dt.date(2021, 6, 10)
    run = send(before)
    assert run.sent == 0 and not mail.outbox  # nothing due within three days yet
    today = dt.date(2021, 6, 13)
    run = send(today)
    assert (run.sent, run.no_recipient) == (8, 2)
    assert len(mail.outbox) == 8
    assert {tuple(m.to) for m in mail.outbox} == {("vp@sct.quangngai.gov.vn",), ("thanhtra@sct.quangngai.gov.vn",)}
    assert "Báo cáo 6 tháng đầu năm 2021" in mail.outbox[0].subject and "sắp đến hạn" in mail.outbox[0].subject
    again = send(today)
    assert (again.sent, again.already_sent) == (0, 8) and len(mail.outbox) == 8
    reminded = Message.objects.filter(kind__startswith="task_reminder_", state=Message.State.SENT)
    assert reminded.count() == 8
    assert {m.about.task.lead_unit for m in reminded} == {units["VP"], units["TTr"]}
    later = send(dt.date(2021, 6, 17))
    assert later.sent == 8 and "đã quá hạn" in mail.outbox[-1].subject


def test_reminder_task_runs_through_celery(
    tasks_003, units, make_staff, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from egov.documents import tasks

    make_staff(Role.UNIT_HEAD, unit=units["VP"], email="vp@sct.quangngai.gov.vn")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2021, 12, 14))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_task_reminders.delay().get()
    # Six VP tasks, each with its overdue June report and its December report due tomorrow.
    assert result == {"sent": 12, "already_sent": 0, "no_recipient": 8}
    assert len(mail.outbox) == 12


def test_followup_export(tasks_003, units, make_staff, dispatch_003):
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    june = tasks_003[0].occurrences.get(due_date=dt.date(2021, 6, 15))
    report = progress_report_submit(
        occurrence=june, user=head_vp, content="Đã quán triệt đến toàn thể công chức.", percent_complete=100
    )
    # Reported on 14 June 2021 (the summary only counts reports made up to its date).
    reported_at = dt.datetime(2021, 6, 14, 9, tzinfo=dt.UTC)
    type(report).objects.filter(pk=report.pk).update(created_at=reported_at)
    TaskOccurrence.objects.filter(pk=june.pk).update(completed_at=reported_at)
    late = progress_report_submit(
        occurrence=tasks_003[3].occurrences.first(), user=make_staff(Role.UNIT_HEAD, unit=units["QLCN"]), content="x"
    )
    assert late.created_at.date() > dt.date(2021, 6, 20)  # made after the report's date: not counted
    summary = document_progress_summary(document=dispatch_003, as_of=dt.date(2021, 6, 20))
    assert (summary.total, summary.done, summary.overdue) == (10, 0, 9)
    content = followup_report_docx(
        document=dispatch_003,
        as_of=dt.date(2021, 6, 20),
        signing_authority="TL.",
        signer_title="GIÁM ĐỐC",
        signer_deputy_title="CHÁNH VĂN PHÒNG",
        signer_name="Nguyễn Văn A",
        recipients=["Ban Dân vận Tỉnh ủy", "Sở Nội vụ"],
    )
    document = docx.Document(io.BytesIO(content))
    assert_nd30_page(document)
    texts = [p.text for p in document.paragraphs]
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả thực hiện Công văn số 01/SCT-VP ngày 03/03/2021" in texts
    assert "Quảng Ngãi, ngày 20 tháng 6 năm 2021" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert any("tổng số 10 nhiệm vụ" in t and "có 09 nhiệm vụ chậm báo cáo" in t for t in texts)
    body_table = document.tables[1]
    assert body_table.rows[0].cells[1].text == "Nhiệm vụ"
    assert body_table.rows[1].cells[3].text.startswith("Đã quán triệt đến toàn thể công chức.")
    assert body_table.rows[2].cells[3].text == "Chưa có báo cáo"
    assert "Chậm báo cáo: Báo cáo 6 tháng đầu năm 2021 (hạn 15/06/2021)" in body_table.rows[2].cells[4].text
    assert {"TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Nguyễn Văn A", "Nơi nhận:"} <= set(cells)
    assert cells[cells.index("Nơi nhận:") + 1 :][:3] == ["- Ban Dân vận Tỉnh ủy;", "- Sở Nội vụ;", "- Lưu: VT, VP."]
    fonts = {r.font.name for p in document.paragraphs for r in p.runs} | {
        r.font.name for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    }
    assert fonts == {"Times New Roman"}


# ----------------------------------------------------------------------------------------------
# Confirming the numbered items of a dispatch together
# ----------------------------------------------------------------------------------------------


def items_003(units, recurrence=Recurrence.HALF_YEARLY) -> list[ItemAssignment]:
    proposals = tasks_propose_from_text(body_of_003())
    return [
        ItemAssignment(
            position=p.position,
            content=p.content,
            lead_unit=units[lead],
            coordinating_units=tuple(u for short, u in units.items() if short != lead),
            recurrence=recurrence,
        )
        for p, (_, _, lead) in zip(proposals, TASKS_003, strict=True)
    ]


def test_the_ten_items_are_assigned_together(dispatch_003, units, clerk):
    created = tasks_create_from_items(
        document=dispatch_003, user=clerk, items=items_003(units, propose_recurrence(dispatch_003.body))
    )
    assert [t.position for t in created] == list(range(1, 11))
    assert TaskOccurrence.objects.count() == 20
    assert Task.objects.get(position=5).lead_unit == units["TTr"]


def test_one_bad_item_assigns_nothing(dispatch_003, units, other_agency):
    from egov.organisations.models import Unit

    items = items_003(units)
    foreign = Unit.objects.create(agency=other_agency, name="Phòng Tổ chức", short_name="TC")
    items[6] = ItemAssignment(
        position=7, content=items[6].content, lead_unit=foreign, recurrence=Recurrence.HALF_YEARLY
    )
    with pytest.raises(ValidationError) as info:
        tasks_create_from_items(document=dispatch_003, user=None, items=items)
    assert info.value.messages == ["Mục 7: Đơn vị chủ trì không thuộc cơ quan."]
    assert not Task.objects.exists() and not TaskOccurrence.objects.exists()
    with pytest.raises(ValidationError, match="ít nhất một mục"):
        tasks_create_from_items(document=dispatch_003, user=None, items=[])
    twice = [items[0], items[0]]
    with pytest.raises(ValidationError, match="một lần"):
        tasks_create_from_items(document=dispatch_003, user=None, items=twice)


@pytest.mark.parametrize(
    "summary",
    ["Về việc triển khai Kế hoạch phối hợp", "Về triển khai Kế hoạch phối hợp", "V/v triển khai Kế hoạch phối hợp"],
)
def test_followup_sentence_does_not_repeat_ve(dispatch_003, tasks_003, summary):
    dispatch_003.summary = summary
    dispatch_003.save(update_fields=["summary"])
    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date(2021, 6, 30), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "về triển khai Kế hoạch phối hợp; kết quả" in text and "về về" not in text.lower()


def test_a_report_made_at_00_06_is_dated_that_local_day(tasks_003, units, make_staff, dispatch_003):
    """00:06 on 15/06/2021 in Việt Nam is 17:06 UTC on the 14th: the follow-up report dates the
    unit's report 15/06/2021, and a summary up to the 14th does not count it."""
    head_vp = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    june = tasks_003[0].occurrences.get(due_date=dt.date(2021, 6, 15))
    report = progress_report_submit(occurrence=june, user=head_vp, content="Đã quán triệt.", percent_complete=100)
    at = dt.datetime(2021, 6, 15, 0, 6, tzinfo=LOCAL_TZ)
    type(report).objects.filter(pk=report.pk).update(created_at=at)
    TaskOccurrence.objects.filter(pk=june.pk).update(completed_at=at)
    assert document_progress_summary(document=dispatch_003, as_of=dt.date(2021, 6, 14)).tasks[0].latest_report is None
    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date(2021, 6, 15), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    result = docx.Document(io.BytesIO(content)).tables[1].rows[1].cells[3].text
    assert result == "Đã quán triệt.\n(VP, 15/06/2021; 100 %)"


def test_an_undated_header_at_00_06_on_new_year_carries_the_new_year(monkeypatch):
    from django.utils import timezone

    from egov.core.officedoc.docx_layout import place_date_line

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2022, 1, 1, 0, 6, tzinfo=LOCAL_TZ).astimezone(dt.UTC))
    assert place_date_line("Quảng Ngãi", None) == "Quảng Ngãi, ngày      tháng      năm 2022"


# ----------------------------------------------------------------------------------------------
# Each item its own cycle, to its own deadline; a lead outside the agency
# ----------------------------------------------------------------------------------------------


def test_periodic_reports_stop_at_the_deadline():
    """An item due 15/01/2027 owes no quarterly report after it, whatever end the batch set."""
    schedule = occurrence_schedule(
        recurrence=Recurrence.QUARTERLY,
        start=dt.date(2026, 12, 1),
        until=dt.date(2027, 9, 30),
        deadline=dt.date(2027, 1, 15),
    )
    assert schedule == [
        (dt.date(2026, 12, 15), "Báo cáo quý IV/2026"),
        (dt.date(2027, 1, 15), "Hạn hoàn thành nhiệm vụ"),
    ]
    # An earlier end of periodic reports still ends them before the deadline.
    monthly = occurrence_schedule(
        recurrence=Recurrence.MONTHLY,
        start=dt.date(2027, 1, 1),
        until=dt.date(2027, 3, 31),
        deadline=dt.date(2027, 6, 30),
    )
    assert [d for d, _ in monthly] == [dt.date(2027, m, 15) for m in (1, 2, 3)] + [dt.date(2027, 6, 30)]


def test_items_assigned_together_keep_their_own_cycles_and_deadlines(dispatch_003, units):
    items = [
        ItemAssignment(position=1, content="Quán triệt", lead_unit=units["VP"], recurrence=Recurrence.QUARTERLY),
        ItemAssignment(position=2, content="Tiếp công dân", lead_unit=units["TTr"], deadline=dt.date(2021, 5, 31)),
        ItemAssignment(
            position=3,
            content="Tuyên truyền",
            lead_unit=units["QLCN"],
            deadline=dt.date(2021, 7, 31),
            recurrence=Recurrence.MONTHLY,
        ),
    ]
    tasks_create_from_items(document=dispatch_003, user=None, items=items, recurrence_until=dt.date(2021, 12, 31))

    def schedule(position):
        return [(o.due_date, o.label) for o in Task.objects.get(position=position).occurrences.all()]

    assert [d for d, _ in schedule(1)] == [dt.date(2021, m, 15) for m in (3, 6, 9, 12)]
    assert schedule(2) == [(dt.date(2021, 5, 31), "Hạn hoàn thành nhiệm vụ")]
    assert schedule(3) == [(dt.date(2021, m, 15), f"Báo cáo tháng {m}/2021") for m in (3, 4, 5, 6, 7)] + [
        (dt.date(2021, 7, 31), "Hạn hoàn thành nhiệm vụ")
    ]


def test_a_task_led_by_another_agency(
    dispatch_003, units, other_agency, make_staff, django_capture_on_commit_callbacks
):
    """A directive may give the lead to another agency ("Sở Nội vụ chủ trì"): the task is followed
    by the unit handling the document, which records that agency's reports; the reminders go to
    the agency's official address, through the outbox."""
    with pytest.raises(ValidationError, match="một đơn vị chủ trì, hoặc một cơ quan"):
        task_create(document=dispatch_003, user=None, position=1, content="x", deadline=dt.date(2021, 6, 30))
    with pytest.raises(ValidationError, match="cơ quan mình"):
        task_create(
            document=dispatch_003,
            user=None,
            position=1,
            content="x",
            lead_agency=dispatch_003.agency,
            deadline=dt.date(2021, 6, 30),
        )
    task = task_create(
        document=dispatch_003,
        user=None,
        position=6,
        content="Tham mưu thực hiện nội dung được giao",
        lead_agency=other_agency,
        coordinating_units=[units["QLCN"]],
        deadline=dt.date(2021, 6, 30),
    )
    assert task.lead == other_agency and task.tracking_unit_id == units["VP"].pk  # the drafting unit

    # Reminders: none without an address (counted), then to the agency's address, once a day.
    def send(today):
        with django_capture_on_commit_callbacks(execute=True):
            return task_reminders_send(today=today)

    assert send(dt.date(2021, 6, 28)).no_recipient == 1 and not mail.outbox
    other_agency.email = "sonoivu@quangngai.gov.vn"
    other_agency.save(update_fields=["email"])
    assert send(dt.date(2021, 6, 28)).sent == 1 and send(dt.date(2021, 6, 28)).already_sent == 1
    assert mail.outbox[0].to == ["sonoivu@quangngai.gov.vn"]
    assert mail.outbox[0].body.startswith("Kính gửi Sở Nội vụ tỉnh Quảng Ngãi,")
    message = Message.objects.get(kind="task_reminder_due_soon")
    assert message.unit_id == units["VP"].pk  # within the following unit's scope

    # The co-ordinating unit's report does not close the period; the following unit's does.
    occurrence = task.occurrences.get()
    progress_report_submit(occurrence=occurrence, user=make_staff(Role.UNIT_HEAD, unit=units["QLCN"]), content="Góp ý")
    occurrence.refresh_from_db()
    assert occurrence.completed_at is None
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        progress_report_submit(occurrence=occurrence, user=make_staff(Role.UNIT_HEAD, unit=units["TTr"]), content="x")
    progress_report_submit(
        occurrence=occurrence, user=make_staff(Role.SPECIALIST, unit=units["VP"]), content="Sở Nội vụ đã báo cáo."
    )
    occurrence.refresh_from_db()
    assert occurrence.completed_at is not None

    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date.today(), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    row = docx.Document(io.BytesIO(content)).tables[1].rows[1]
    assert row.cells[2].text == "Sở Nội vụ tỉnh Quảng Ngãi\n(phối hợp: QLCN)"


def test_a_control_character_stored_before_the_boundary_rule_does_not_break_the_report(tasks_003, dispatch_003):
    # Before: python-docx refused the text ("All strings must be XML compatible") and the
    # follow-up report of this dispatch could not be produced any more.
    Task.objects.filter(pk=tasks_003[0].pk).update(content="Quán triệt\x1b nội dung Kế hoạch\x07 phối hợp số 10")
    content = followup_report_docx(
        document=dispatch_003, as_of=dt.date(2021, 6, 30), signer_title="GIÁM ĐỐC", signer_name="Võ Văn Rân"
    )
    document = docx.Document(io.BytesIO(content))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "Quán triệt nội dung Kế hoạch phối hợp số 10" in cells
