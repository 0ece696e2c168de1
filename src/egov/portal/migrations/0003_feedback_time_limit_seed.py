"""The first time limit for answering feedback, and the answering agency of feedback already sent."""

import datetime as dt

from django.db import migrations

# DVCQG's clock for kiến nghị, phản ánh: handled within 15 working days (law-2026.md §1.7, the
# "Mô tả công thức tính chỉ số 766", indicator 5.2), scored since QĐ 766/QĐ-TTg went live on 01/8/2022.
FROM = dt.date(2022, 8, 1)
BASIS = (
    "Nghị định số 20/2008/NĐ-CP (sửa đổi bởi Nghị định 48/2013/NĐ-CP, 92/2017/NĐ-CP) về tiếp nhận, xử lý "
    "phản ánh, kiến nghị; Quyết định số 766/QĐ-TTg, chỉ số 5.2: xử lý phản ánh, kiến nghị trong 15 ngày làm việc."
)


def seed(apps, schema_editor):
    apps.get_model("portal", "FeedbackTimeLimit").objects.get_or_create(
        effective_from=FROM, defaults={"working_days": 15, "legal_basis": BASIS}
    )
    Feedback = apps.get_model("portal", "Feedback")
    for feedback in Feedback.objects.filter(agency__isnull=True, dossier__isnull=False).select_related("dossier"):
        feedback.agency_id = feedback.dossier.agency_id
        feedback.save(update_fields=["agency"])
    agencies = list(apps.get_model("organisations", "Agency").objects.values_list("pk", flat=True)[:2])
    if len(agencies) == 1:  # general feedback of a one-agency installation
        Feedback.objects.filter(agency__isnull=True).update(agency_id=agencies[0])


def unseed(apps, schema_editor):
    apps.get_model("portal", "FeedbackTimeLimit").objects.filter(effective_from=FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_feedback_answer")]
    operations = [migrations.RunPython(seed, unseed)]
