"""The content types of the moved models take this app's label, so what points at them is kept:
their permissions (now `assignments.view_task`, ...) with every group and user holding them, and
the outbox's reminders about an occurrence (`about`, and the once-a-day key built on its id, so a
reminder sent on the day of the upgrade is not sent again). The follow-up export permission moves
from the document to the task. Role groups are rebuilt from role_grants.py after every migrate.
"""

from django.db import migrations

MOVED = ("task", "taskoccurrence", "progressreport")


def _merge_permission(Permission, permission, content_type):
    """Give `permission` to `content_type`; if it already has one with that codename, hand the
    groups and users over to it and drop the old one."""
    existing = Permission.objects.filter(content_type=content_type, codename=permission.codename).first()
    if existing is None:
        permission.content_type = content_type
        permission.save(update_fields=["content_type"])
        return
    existing.group_set.add(*permission.group_set.all())
    existing.user_set.add(*permission.user_set.all())
    permission.delete()


def _move(apps, *, source: str, target: str, export_from: str, export_to: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Message = apps.get_model("outbox", "Message")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a database created with this change: the content types come after migrate
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (a migrate that stopped half-way created the new ones): merge into the new one.
        for permission in Permission.objects.filter(content_type=old):
            _merge_permission(Permission, permission, new)
        Message.objects.filter(about_type=old).update(about_type=new)
        old.delete()
    source_app, source_model = export_from.split(".")
    export = Permission.objects.filter(
        content_type__app_label=source_app, content_type__model=source_model, codename="export_followup"
    ).first()
    if export is not None:
        target_app, target_model = export_to.split(".")
        content_type, _ = ContentType.objects.get_or_create(app_label=target_app, model=target_model)
        _merge_permission(Permission, export, content_type)


def forward(apps, schema_editor):
    _move(apps, source="documents", target="assignments", export_from="documents.document", export_to="assignments.task")


def backward(apps, schema_editor):
    # The content types are back under "documents" when the export permission is looked up.
    _move(apps, source="assignments", target="documents", export_from="documents.task", export_to="documents.document")


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0002_tables_renamed"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("outbox", "0003_task_reminders"),
    ]

    operations = [migrations.RunPython(forward, backward)]
