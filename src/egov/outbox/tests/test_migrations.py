"""The data migrations that moved the dossiers' Notification rows and the documents' TaskReminder
rows into the outbox keep their history, give reminders their once-a-day key, and reverse."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov.assignments.models import Task, TaskOccurrence
from egov.documents.models import Document, DocumentType, Issuer
from egov.dossiers.tests.test_forms_fixtures import make_dossier, make_unit
from egov.organisations.tests.factories import UnitFactory
from egov.outbox.models import Message
from egov.outbox.selectors import messages_about
from egov.outbox.services import once_key

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = [
    ("outbox", "0001_initial"),
    ("dossiers", "0004_dossier_queue_order_indexes"),
    ("documents", "0004_citation_replacer"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def an_occurrence() -> TaskOccurrence:
    unit = UnitFactory()
    document = Document.objects.create(
        agency=unit.agency,
        direction="incoming",
        document_type=DocumentType.objects.get_or_create(name="Kế hoạch", defaults={"abbreviation": "KH"})[0],
        issuer=Issuer.objects.get_or_create(name="Ủy ban nhân dân tỉnh Quảng Ngãi", defaults={"symbol": "UBND"})[0],
        summary="Kế hoạch cải cách hành chính năm 2021",
        arrival_number=1,
        arrival_year=2021,
        arrived_on=dt.date(2021, 3, 5),
    )
    task = Task.objects.create(
        document=document, position=1, content="Rà soát thủ tục", lead_unit=unit, deadline=dt.date(2021, 6, 15)
    )
    return TaskOccurrence.objects.create(task=task, due_date=dt.date(2021, 6, 15), label="Báo cáo 6 tháng đầu năm 2021")


@pytest.mark.django_db(transaction=True)
def test_history_moves_into_the_outbox_and_back():
    dossier = make_dossier()
    dossier.unit = make_unit(dossier.agency)
    dossier.save(update_fields=["unit"])
    occurrence = an_occurrence()
    morning = dt.datetime(2021, 10, 11, 7, tzinfo=VN)

    old = migrate(BEFORE)
    Notification = old.get_model("dossiers", "Notification")
    TaskReminder = old.get_model("documents", "TaskReminder")
    Notification.objects.create(
        dossier_id=dossier.pk,
        channel="sms",
        recipient="0905123456",
        kind="received",
        body="Đã tiếp nhận hồ sơ.",
        state="sent",
        attempts=2,
        last_error="",
        sent_at=morning,
    )
    Notification.objects.create(
        dossier_id=dossier.pk,
        channel="email",
        recipient="chuyenvien@sct.vn",
        kind="reminder_overdue",
        subject="[X] Hồ sơ đã quá hạn giải quyết",
        body="Hồ sơ X đã quá hạn.",
        state="pending",
    )
    Notification.objects.filter(kind="reminder_overdue").update(created_at=morning)
    TaskReminder.objects.create(
        occurrence_id=occurrence.pk,
        sent_on=dt.date(2021, 6, 13),
        recipients="vp@sct.vn, pho.vp@sct.vn",
        is_overdue=False,
    )

    migrate(latest())
    moved = {m.kind: m for m in messages_about(dossier)}
    assert set(moved) == {"received", "reminder_overdue"}
    receipt, reminder = moved["received"], moved["reminder_overdue"]
    assert (receipt.channel, receipt.recipient, receipt.state, receipt.attempts) == ("sms", "0905123456", "sent", 2)
    assert receipt.sent_at == morning and receipt.once_key is None
    assert (receipt.agency_id, receipt.unit_id) == (dossier.agency_id, dossier.unit_id)
    # A pending row is due at once (the sweep sends it); a reminder keeps its day's key.
    assert reminder.state == "pending" and reminder.next_attempt_at == reminder.created_at == morning
    assert reminder.once_key == once_key(
        kind="reminder_overdue", about=dossier, recipient="chuyenvien@sct.vn", day=dt.date(2021, 10, 11)
    )
    tasks = list(messages_about(occurrence).order_by("recipient"))
    assert [(m.recipient, m.kind, m.state) for m in tasks] == [
        ("pho.vp@sct.vn", "task_reminder_due_soon", "sent"),
        ("vp@sct.vn", "task_reminder_due_soon", "sent"),
    ]
    assert tasks[0].subject == "[Nhắc việc] Báo cáo 6 tháng đầu năm 2021 sắp đến hạn (15/06/2021)"
    assert tasks[0].once_key == once_key(
        kind="task_reminder_due_soon", about=occurrence, recipient="pho.vp@sct.vn", day=dt.date(2021, 6, 13)
    )
    assert tasks[0].unit_id == occurrence.task.lead_unit_id

    old = migrate(BEFORE)
    Notification = old.get_model("dossiers", "Notification")
    TaskReminder = old.get_model("documents", "TaskReminder")
    assert sorted(Notification.objects.values_list("kind", "state", "dossier_id")) == [
        ("received", "sent", dossier.pk),
        ("reminder_overdue", "pending", dossier.pk),
    ]
    [day] = TaskReminder.objects.all()
    assert (day.occurrence_id, day.sent_on, sorted(day.recipients.split(", "))) == (
        occurrence.pk,
        dt.date(2021, 6, 13),
        ["pho.vp@sct.vn", "vp@sct.vn"],
    )
    assert not Message.objects.exists()
    migrate(latest())
