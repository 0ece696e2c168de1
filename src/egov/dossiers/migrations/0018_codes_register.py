"""The daily dossier-code counters move into the kernel's one counter table (core.RegisterCounter,
core/registers.py): each agency's day continues from its last number. Reversible."""

from django.db import migrations

# DOSSIER_CODES.key (dossiers/codes.py), written out: a migration does not import live code.
REGISTER = "dossier-code"
BATCH = 5000


def to_register(apps, schema_editor):
    DailyCounter = apps.get_model("dossiers", "DailyCounter")
    RegisterCounter = apps.get_model("core", "RegisterCounter")
    RegisterCounter.objects.bulk_create(
        (
            RegisterCounter(register=REGISTER, scope=agency_id, period=day, last_number=last)
            for agency_id, day, last in DailyCounter.objects.values_list("agency_id", "day", "last_number").iterator()
        ),
        batch_size=BATCH,
    )


def from_register(apps, schema_editor):
    DailyCounter = apps.get_model("dossiers", "DailyCounter")
    RegisterCounter = apps.get_model("core", "RegisterCounter")
    Agency = apps.get_model("organisations", "Agency")
    counters = RegisterCounter.objects.filter(register=REGISTER)
    agencies = set(Agency.objects.values_list("pk", flat=True))
    DailyCounter.objects.bulk_create(
        (
            DailyCounter(agency_id=scope, day=period, last_number=last)
            for scope, period, last in counters.values_list("scope", "period", "last_number").iterator()
            if scope in agencies  # a counter outlives its agency only in the kernel's table
        ),
        batch_size=BATCH,
    )
    counters.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_register_counter"),
        ("dossiers", "0017_result_delivery"),
        ("organisations", "0003_agency_identifier_periods"),
    ]

    operations = [
        migrations.RunPython(to_register, from_register),
        migrations.DeleteModel(name="DailyCounter"),
    ]
