import datetime as dt

from django.db import migrations

RULES = [
    {
        # NĐ 61/2018/NĐ-CP as domain.md §2.4 read it: everything within the day, paper after 15:00 the next day.
        "valid_from": dt.date(2018, 6, 21),
        "cutoff_time": dt.time(15, 0),
        "electronic_immediate": False,
        "electronic_cutoff": False,
        "next_day_by": dt.time(17, 0),
        "same_day_by": dt.time(17, 0),
        "source": "Nghị định 61/2018/NĐ-CP (domain.md §2.4)",
    },
    {
        # NĐ 118/2025/NĐ-CP Art. 18 as provincial internal-workflow decisions implement it (law-2026.md §6.1 [S]).
        "valid_from": dt.date(2025, 7, 1),
        "cutoff_time": dt.time(15, 0),
        "electronic_immediate": True,
        "electronic_cutoff": False,
        "next_day_by": dt.time(11, 30),
        "same_day_by": dt.time(17, 0),
        "source": "Nghị định 118/2025/NĐ-CP, Điều 18 (chưa đối chiếu văn bản chính thức)",
    },
]


def forwards(apps, schema_editor):
    TransferRule = apps.get_model("dossiers", "TransferRule")
    for rule in RULES:
        TransferRule.objects.update_or_create(valid_from=rule["valid_from"], defaults=rule)


def backwards(apps, schema_editor):
    apps.get_model("dossiers", "TransferRule").objects.filter(valid_from__in=[r["valid_from"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_transfer_rule")]

    operations = [migrations.RunPython(forwards, backwards)]
