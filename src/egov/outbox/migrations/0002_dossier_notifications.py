"""The dossiers' Notification rows become outbox messages, history kept (decision 0025).

Each row keeps its channel, recipient, kind, texts, state, attempts, last error and times; its
dossier becomes the message's `about`, and the dossier's agency and unit its scope. A pending
row's next attempt is its creation time, so the sweep sends it. Staff reminders get the
once-a-day key their day would have given them, so a reminder run on the day of the upgrade
does not send them twice. The reverse copies them back.
"""

from zoneinfo import ZoneInfo

from django.db import migrations

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REMINDER_KINDS = {"reminder_due_soon", "reminder_overdue"}
BATCH = 2000
COPIED = ("channel", "recipient", "kind", "subject", "body", "state", "attempts", "last_error", "created_at", "sent_at")


def _dossier_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="dossiers", model="dossier")[0]


def forward(apps, schema_editor):
    Notification = apps.get_model("dossiers", "Notification")
    Message = apps.get_model("outbox", "Message")
    if not Notification.objects.exists():
        return
    dossier_type = _dossier_type(apps)
    seen: set[str] = set()
    batch = []
    rows = Notification.objects.order_by("pk").values(
        *COPIED, "dossier_id", "dossier__agency_id", "dossier__unit_id"
    )
    for row in rows.iterator(chunk_size=BATCH):
        key = None
        if row["kind"] in REMINDER_KINDS and row["dossier_id"] is not None:
            day = row["created_at"].astimezone(LOCAL_TZ).date()
            key = f"{row['kind']}|{dossier_type.pk}.{row['dossier_id']}|{row['recipient'].strip()}|{day.isoformat()}"
            if key in seen:
                key = None
            else:
                seen.add(key)
        batch.append(
            Message(
                **{name: row[name] for name in COPIED},
                next_attempt_at=row["created_at"],
                about_type=dossier_type if row["dossier_id"] is not None else None,
                about_id=row["dossier_id"],
                agency_id=row["dossier__agency_id"],
                unit_id=row["dossier__unit_id"],
                once_key=key,
            )
        )
        if len(batch) >= BATCH:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)


def backward(apps, schema_editor):
    Notification = apps.get_model("dossiers", "Notification")
    Message = apps.get_model("outbox", "Message")
    dossier_type = _dossier_type(apps)
    moved = Message.objects.filter(about_type=dossier_type)
    batch = []
    for row in moved.order_by("pk").values(*COPIED, "about_id").iterator(chunk_size=BATCH):
        batch.append(Notification(**{name: row[name] for name in COPIED}, dossier_id=row["about_id"]))
        if len(batch) >= BATCH:
            Notification.objects.bulk_create(batch)
            batch = []
    Notification.objects.bulk_create(batch)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("dossiers", "0004_dossier_queue_order_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
