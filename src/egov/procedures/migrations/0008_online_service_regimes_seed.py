"""The decrees defining the online-service levels: NĐ 42/2022 (from 01/8/2022, date not re-read [K])
and NĐ 224/2026, which repeals it from 01/7/2026 (law-2026.md §0 and §6.3, Art. 14–19, 89–90 read [V])."""

import datetime as dt

from django.db import migrations

REGIMES = [
    {
        "valid_from": dt.date(2022, 8, 1),
        "instrument": "Nghị định 42/2022/NĐ-CP",
        "partial_needs_reason": False,
        "proactive_levels": False,
        "statutory_metrics": False,
        "source": (
            "Nghị định 42/2022/NĐ-CP ngày 24/6/2022 về cung cấp thông tin và dịch vụ công trực tuyến: dịch vụ "
            "công trực tuyến toàn trình, một phần. Ngày hiệu lực 01/8/2022 chưa đối chiếu văn bản."
        ),
    },
    {
        "valid_from": dt.date(2026, 7, 1),
        "instrument": "Nghị định 224/2026/NĐ-CP",
        "partial_needs_reason": True,
        "proactive_levels": True,
        "statutory_metrics": True,
        "source": (
            "Nghị định 224/2026/NĐ-CP ngày 24/6/2026, hiệu lực 01/7/2026, bãi bỏ Nghị định 42/2022/NĐ-CP: "
            "Điều 14 (toàn trình là mặc định, một phần khi có lý do công bố), Điều 16 (dịch vụ công chủ động "
            "mức 1–4), Điều 19 (đo lường; phương pháp do Bộ Khoa học và Công nghệ hướng dẫn)."
        ),
    },
]


def seed(apps, schema_editor):
    Regime = apps.get_model("procedures", "OnlineServiceRegime")
    for row in REGIMES:
        Regime.objects.get_or_create(valid_from=row["valid_from"], defaults=row)


def unseed(apps, schema_editor):
    apps.get_model("procedures", "OnlineServiceRegime").objects.filter(
        valid_from__in=[row["valid_from"] for row in REGIMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("procedures", "0007_online_service_regime")]

    operations = [migrations.RunPython(seed, unseed)]
