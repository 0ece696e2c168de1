import datetime as dt

from django.db import migrations

# DVCQG dossier status codes as every integrator uses them (law-2026.md §6.4, [V-code]).
# A refusal after appraisal is a processed dossier whose result is the refusal (NgayTuChoi filled):
# 9, then 10 once handed over; an intake refusal is 3. Refusal-as-9 and intake supplement-as-5 are
# this system's reading, to check against TT 04/2025/TT-VPCP's annexes.
SOURCE = "Mã trạng thái hồ sơ DVCQG (law-2026.md §6.4; chưa đối chiếu phụ lục TT 04/2025/TT-VPCP)"
CODES = {
    "submitted": 1,
    "intake_supplement": 5,
    "intake_refused": 3,
    "received": 2,
    "processing": 4,
    "consulting": 4,
    "awaiting_signature": 4,
    "paused": 5,
    "awaiting_payment": 6,
    "withdrawn": 7,
    "stopped": 8,
    "resolved": 9,
    "refused": 9,
    "returned": 10,
}
VALID_FROM = dt.date(2019, 12, 9)  # the portal's launch


def forwards(apps, schema_editor):
    NationalStatusCode = apps.get_model("dossiers", "NationalStatusCode")
    for status, code in CODES.items():
        NationalStatusCode.objects.update_or_create(
            status=status, valid_from=VALID_FROM, defaults={"code": code, "source": SOURCE}
        )


def backwards(apps, schema_editor):
    apps.get_model("dossiers", "NationalStatusCode").objects.filter(valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0011_national_status_code")]

    operations = [migrations.RunPython(forwards, backwards)]
