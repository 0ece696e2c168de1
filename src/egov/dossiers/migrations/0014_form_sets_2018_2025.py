import datetime as dt

from django.db import migrations

PERIODS = [
    # Nghị định 61/2018/NĐ-CP in force from 21/6/2018; its forms are those of TT 01/2018/TT-VPCP.
    (dt.date(2018, 6, 21), "tt01_2018", "Thông tư 01/2018/TT-VPCP"),
    # TT 03/2025/TT-VPCP is dated 15/9/2025 (law-2026.md §0, §6.2); its effective date is not yet read in
    # the official text: the switch stays at the signature date until it is (an administrator edits it).
    (dt.date(2025, 9, 15), "tt03_2025", "Thông tư 03/2025/TT-VPCP, Phụ lục I (ngày hiệu lực chưa đối chiếu)"),
]


def forwards(apps, schema_editor):
    FormSetPeriod = apps.get_model("dossiers", "FormSetPeriod")
    for valid_from, form_set, source in PERIODS:
        FormSetPeriod.objects.update_or_create(valid_from=valid_from, defaults={"form_set": form_set, "source": source})


def backwards(apps, schema_editor):
    apps.get_model("dossiers", "FormSetPeriod").objects.filter(valid_from__in=[p[0] for p in PERIODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0013_form_set_period")]

    operations = [migrations.RunPython(forwards, backwards)]
