"""Tasks from directives, with dispatch 003 of the department: ten tasks for the units, the Office
tracking them and reporting every six months and yearly."""

import datetime as dt
import io

import docx
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from egov.assignments.followup_report import followup_report_docx
from egov.assignments.models import Recurrence, Task, TaskOccurrence
from egov.assignments.proposals import propose_recurrence, tasks_propose_from_text
from egov.assignments.reminders import task_reminders_send
from egov.assignments.services import (
    ItemAssignment,
    progress_report_submit,
    task_create,
    tasks_create_from_items,
)
from egov.organisations.roles import Role
from egov.outbox.models import Message

from .conftest import TASKS_003, body_of_003


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
