"""Petitions get their register number (numbering.py): rows already stored are numbered in order of
receipt within their agency and year, and the register's counters start after them."""

import zoneinfo

from django.db import migrations, models

LOCAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
REGISTER = "petition-number"  # numbering.PETITION_NUMBERS.key, frozen here


def number_existing(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    RegisterCounter = apps.get_model("core", "RegisterCounter")
    last: dict[tuple[int, int], int] = {}
    for petition in Petition.objects.order_by("received_at", "pk"):
        year = petition.received_at.astimezone(LOCAL_TZ).year
        key = (petition.agency_id, year)
        last[key] = last.get(key, 0) + 1
        petition.number, petition.number_year = last[key], year
        petition.save(update_fields=["number", "number_year"])
    for (agency_id, year), number in last.items():
        RegisterCounter.objects.update_or_create(
            register=REGISTER, scope=agency_id, period=f"{year}-01-01", defaults={"last_number": number}
        )


def forget_counters(apps, schema_editor):
    apps.get_model("core", "RegisterCounter").objects.filter(register=REGISTER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_register_counter"),
        ("petitions", "0004_deadline_completed"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="number",
            field=models.PositiveIntegerField(default=0, verbose_name="số vào sổ"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="petition",
            name="number_year",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="năm vào sổ"),
            preserve_default=False,
        ),
        migrations.RunPython(number_existing, forget_counters),
        migrations.AddConstraint(
            model_name="petition",
            constraint=models.UniqueConstraint(
                fields=("agency", "number_year", "number"), name="petition_number_unique"
            ),
        ),
    ]
