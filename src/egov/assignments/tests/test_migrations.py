"""The task models moved from the documents app with every row kept: a database made before the
move, with a task, its co-ordinating units, an occurrence, a report, permissions held by a group
and a user, and a reminder in the outbox, migrates to the same rows under this app, and back."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from egov.assignments.models import ProgressReport, Task, TaskOccurrence
from egov.documents.models import Document, DocumentType, Issuer
from egov.documents.tests.conftest import reseed_reference_data
from egov.organisations.models import User
from egov.organisations.tests.factories import UnitFactory
from egov.outbox.selectors import messages_about
from egov.outbox.services import once_key

BEFORE = [("documents", "0007_citation_implements"), ("assignments", None)]


def migrate(targets):
    """Migrate to `targets` ((app, None) unapplies an app); the models as the database then has them."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
    return loader.project_state(applied).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move(transactional_db):
    yield migrate(BEFORE)
    migrate(latest())
    ContentType.objects.clear_cache()
    reseed_reference_data()


def test_a_database_made_before_the_move_keeps_every_task_row(before_the_move):
    old = before_the_move
    unit = UnitFactory()
    other = UnitFactory(agency=unit.agency)
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
    head = User.objects.create(username="truongphong", agency=unit.agency, unit=unit, email="tp@sct.vn")
    OldTask = old.get_model("documents", "Task")
    task = OldTask.objects.create(
        document_id=document.pk,
        position=1,
        content="Rà soát thủ tục",
        lead_unit_id=unit.pk,
        deadline=dt.date(2021, 6, 15),
    )
    task.coordinating_units.add(other.pk)
    occurrence = old.get_model("documents", "TaskOccurrence").objects.create(
        task=task, due_date=dt.date(2021, 6, 15), label="Hạn hoàn thành nhiệm vụ"
    )
    old.get_model("documents", "ProgressReport").objects.create(
        occurrence=occurrence, unit_id=unit.pk, author_id=head.pk, content="Đã rà soát 12 thủ tục", percent_complete=40
    )
    # The content types and permissions as the documents app had them, held by a group and a user.
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldPermission = old.get_model("auth", "Permission")
    types = {
        model: OldContentType.objects.get_or_create(app_label="documents", model=model)[0]
        for model in ("task", "taskoccurrence", "progressreport", "document")
    }
    view_task = OldPermission.objects.get_or_create(
        content_type=types["task"], codename="view_task", defaults={"name": "Can view nhiệm vụ"}
    )[0]
    export = OldPermission.objects.get_or_create(
        content_type=types["document"], codename="export_followup", defaults={"name": "Xuất báo cáo theo dõi"}
    )[0]
    old.get_model("auth", "Group").objects.create(name="Theo dõi nhiệm vụ").permissions.add(view_task)
    old.get_model("organisations", "User").objects.get(pk=head.pk).user_permissions.add(view_task, export)
    key = f"task_reminder_due_soon|{types['taskoccurrence'].pk}.{occurrence.pk}|tp@sct.vn|2021-06-13"
    old.get_model("outbox", "Message").objects.create(
        channel="email",
        recipient="tp@sct.vn",
        kind="task_reminder_due_soon",
        body="Nhắc hạn",
        state="sent",
        about_type_id=types["taskoccurrence"].pk,
        about_id=occurrence.pk,
        once_key=key,
    )

    migrate(latest())
    ContentType.objects.clear_cache()

    moved = Task.objects.get(pk=task.pk)
    assert (moved.document, moved.content, moved.lead_unit) == (document, "Rà soát thủ tục", unit)
    assert list(moved.coordinating_units.all()) == [other]
    [due] = moved.occurrences.all()
    assert (due.pk, due.label) == (occurrence.pk, "Hạn hoàn thành nhiệm vụ")
    assert ProgressReport.objects.get(occurrence=due).content == "Đã rà soát 12 thủ tục"
    tables = set(connection.introspection.table_names())
    assert {"assignments_task", "assignments_task_coordinating_units", "assignments_taskoccurrence"} <= tables
    assert "documents_task" not in tables and "documents_progressreport" not in tables
    # The same content type rows, relabelled: permissions and the outbox's references follow.
    assert ContentType.objects.get_for_model(TaskOccurrence).pk == types["taskoccurrence"].pk
    assert not ContentType.objects.filter(app_label="documents", model__in=["task", "taskoccurrence"]).exists()
    head = User.objects.get(pk=head.pk)
    assert head.has_perm("assignments.view_task") and head.has_perm("assignments.export_followup")
    assert not head.has_perm("documents.export_followup")
    assert Group.objects.get(name="Theo dõi nhiệm vụ").permissions.get().codename == "view_task"
    [reminder] = messages_about(due)
    assert (
        reminder.once_key
        == key
        == once_key(kind="task_reminder_due_soon", about=due, recipient="tp@sct.vn", day=dt.date(2021, 6, 13))
    )

    # And back: the rows are the documents' again.
    old = migrate(BEFORE)
    assert old.get_model("documents", "Task").objects.get(pk=task.pk).coordinating_units.get().pk == other.pk
    assert old.get_model("documents", "ProgressReport").objects.count() == 1
    assert old.get_model("contenttypes", "ContentType").objects.get(pk=types["task"].pk).app_label == "documents"
    assert old.get_model("auth", "Permission").objects.get(pk=export.pk).content_type_id == types["document"].pk
