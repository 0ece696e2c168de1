"""The per-year counters of the numbering series move into the kernel's one counter table
(core.RegisterCounter, core/registers.py): each series' year continues from its last number.
Reversible."""

import datetime as dt

from django.db import migrations

# DOCUMENT_NUMBERS.key (documents/numbering.py), written out: a migration does not import live code.
REGISTER = "document-number"
BATCH = 5000


def to_register(apps, schema_editor):
    SeriesCounter = apps.get_model("documents", "SeriesCounter")
    RegisterCounter = apps.get_model("core", "RegisterCounter")
    RegisterCounter.objects.bulk_create(
        (
            RegisterCounter(register=REGISTER, scope=series_id, period=dt.date(year, 1, 1), last_number=last)
            for series_id, year, last in SeriesCounter.objects.values_list("series_id", "year", "last_number").iterator()
        ),
        batch_size=BATCH,
    )


def from_register(apps, schema_editor):
    SeriesCounter = apps.get_model("documents", "SeriesCounter")
    RegisterCounter = apps.get_model("core", "RegisterCounter")
    NumberingSeries = apps.get_model("documents", "NumberingSeries")
    counters = RegisterCounter.objects.filter(register=REGISTER)
    series = set(NumberingSeries.objects.values_list("pk", flat=True))
    SeriesCounter.objects.bulk_create(
        (
            SeriesCounter(series_id=scope, year=period.year, last_number=last)
            for scope, period, last in counters.values_list("scope", "period", "last_number").iterator()
            if scope in series  # a counter outlives its series only in the kernel's table
        ),
        batch_size=BATCH,
    )
    counters.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_register_counter"),
        ("documents", "0008_tasks_moved_to_assignments"),
    ]

    operations = [
        migrations.RunPython(to_register, from_register),
        migrations.DeleteModel(name="SeriesCounter"),
    ]
