"""Task reminders: outbox rows written in the run's transaction, at most once a day, due soon
counted in working days on the calendar every deadline uses."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from egov.assignments.reminders import task_reminders_send
from egov.assignments.services import task_create
from egov.organisations.roles import Role
from egov.outbox.models import Message


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
    before = dt.date(2021, 6, 9)  # Wednesday: the three working days end on Monday the 14th
    run = send(before)
    assert run.sent == 0 and not mail.outbox  # nothing due within three working days yet
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

    from egov.assignments import tasks

    make_staff(Role.UNIT_HEAD, unit=units["VP"], email="vp@sct.quangngai.gov.vn")
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2021, 12, 14))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_task_reminders.delay().get()
    # Six VP tasks, each with its overdue June report and its December report due tomorrow.
    assert result == {"sent": 12, "already_sent": 0, "no_recipient": 8}
    assert len(mail.outbox) == 12


@pytest.fixture
def due_tuesday(dispatch_003, units, make_staff):
    """One task of the Office due on Tuesday 15/06/2021, with a head to remind."""
    make_staff(Role.UNIT_HEAD, unit=units["VP"], email="vp@sct.quangngai.gov.vn")
    return task_create(
        document=dispatch_003,
        user=None,
        position=1,
        content="Quán triệt",
        lead_unit=units["VP"],
        deadline=dt.date(2021, 6, 15),
    )


def test_due_soon_counts_working_days_not_calendar_days(due_tuesday, django_capture_on_commit_callbacks):
    """On Friday 11/06 a report due on Tuesday 15/06 is two working days away (four calendar days):
    reminded within the three working days, as a dossier's deadline is counted."""
    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminders_send(today=dt.date(2021, 6, 8)).sent == 0  # Tue 8/06: four working days
        assert task_reminders_send(today=dt.date(2021, 6, 11)).sent == 1
    assert [m.to for m in mail.outbox] == [["vp@sct.quangngai.gov.vn"]]
    assert "sắp đến hạn" in mail.outbox[0].subject
    # The horizon is a setting, in working days.
    assert task_reminders_send(today=dt.date(2021, 6, 14), working_days=0).sent == 0


def test_a_reminder_is_an_outbox_row_rolled_back_with_its_transaction(due_tuesday, django_capture_on_commit_callbacks):
    """The reminder exists exactly when the run's transaction commits: rolled back, no row is left
    and nothing is sent."""
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assert task_reminders_send(today=dt.date(2021, 6, 14)).sent == 1
        message = Message.objects.get(kind="task_reminder_due_soon")
        assert (message.state, message.recipient) == (Message.State.PENDING, "vp@sct.quangngai.gov.vn")
        assert message.about == due_tuesday.occurrences.get()
        raise RuntimeError("the change fails after the reminder was written")
    assert not Message.objects.exists() and callbacks == [] and not mail.outbox
    # Run again, committed: the row is written and sent after the commit.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert task_reminders_send(today=dt.date(2021, 6, 14)).sent == 1
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    assert Message.objects.get().state == Message.State.SENT
