"""The documents' TaskReminder rows (one per occurrence and day, all the heads in one e-mail)
become outbox messages, one per head, history kept (decision 0025).

The old rows did not keep the e-mail's text: the subject is rebuilt from the occurrence as it
was then written, and the body says the text was not kept. Each message gets the once-a-day key
of its day, so a reminder run on the day of the upgrade does not send it again. The reverse
regroups them per occurrence and day.
"""

from zoneinfo import ZoneInfo

from django.db import migrations

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2000
OVERDUE, DUE_SOON = "task_reminder_overdue", "task_reminder_due_soon"


def _occurrence_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="documents", model="taskoccurrence")[0]


def forward(apps, schema_editor):
    TaskReminder = apps.get_model("documents", "TaskReminder")
    Message = apps.get_model("outbox", "Message")
    if not TaskReminder.objects.exists():
        return
    occurrence_type = _occurrence_type(apps)
    batch = []
    rows = TaskReminder.objects.order_by("pk").values(
        "occurrence_id",
        "sent_on",
        "recipients",
        "is_overdue",
        "created_at",
        "occurrence__label",
        "occurrence__due_date",
        "occurrence__task__lead_unit_id",
        "occurrence__task__document__agency_id",
    )
    for row in rows.iterator(chunk_size=BATCH):
        kind = OVERDUE if row["is_overdue"] else DUE_SOON
        state = "đã quá hạn" if row["is_overdue"] else "sắp đến hạn"
        subject = f"[Nhắc việc] {row['occurrence__label']} {state} ({row['occurrence__due_date']:%d/%m/%Y})"
        body = f"Thư nhắc hạn gửi ngày {row['sent_on']:%d/%m/%Y} (nội dung thư không được lưu trước khi có hộp thư đi)."
        for recipient in dict.fromkeys(r.strip() for r in row["recipients"].split(",") if r.strip()):
            batch.append(
                Message(
                    channel="email",
                    recipient=recipient,
                    kind=kind,
                    subject=subject,
                    body=body,
                    state="sent",
                    attempts=1,
                    created_at=row["created_at"],
                    next_attempt_at=row["created_at"],
                    sent_at=row["created_at"],
                    about_type=occurrence_type,
                    about_id=row["occurrence_id"],
                    agency_id=row["occurrence__task__document__agency_id"],
                    unit_id=row["occurrence__task__lead_unit_id"],
                    once_key=f"{kind}|{occurrence_type.pk}.{row['occurrence_id']}|{recipient}|{row['sent_on'].isoformat()}",
                )
            )
        if len(batch) >= BATCH:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)


def backward(apps, schema_editor):
    TaskReminder = apps.get_model("documents", "TaskReminder")
    Message = apps.get_model("outbox", "Message")
    occurrence_type = _occurrence_type(apps)
    moved = Message.objects.filter(about_type=occurrence_type, kind__in=[OVERDUE, DUE_SOON])
    days: dict[tuple[int, object], dict] = {}
    for row in moved.order_by("pk").values("about_id", "recipient", "kind", "created_at", "once_key").iterator():
        sent_on = row["created_at"].astimezone(LOCAL_TZ).date()
        if row["once_key"]:
            sent_on = type(sent_on).fromisoformat(row["once_key"].rsplit("|", 1)[1])
        day = days.setdefault(
            (row["about_id"], sent_on), {"recipients": [], "is_overdue": False, "created_at": row["created_at"]}
        )
        day["recipients"].append(row["recipient"])
        day["is_overdue"] |= row["kind"] == OVERDUE
    TaskReminder.objects.bulk_create(
        [
            TaskReminder(
                occurrence_id=occurrence_id,
                sent_on=sent_on,
                recipients=", ".join(day["recipients"]),
                is_overdue=day["is_overdue"],
                created_at=day["created_at"],
            )
            for (occurrence_id, sent_on), day in days.items()
        ],
        batch_size=BATCH,
    )
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_dossier_notifications"),
        ("documents", "0004_citation_replacer"),
    ]

    operations = [migrations.RunPython(forward, backward)]
