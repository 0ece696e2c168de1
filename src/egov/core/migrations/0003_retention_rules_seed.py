"""The first retention periods (docs/decisions/0033). None is confirmed: an archivist checks each
legal basis in the admin before anything can be destroyed under it."""

import datetime as dt

from django.db import migrations

# Luật Lưu trữ số 33/2024/QH15 takes effect on 01/07/2025.
FROM = dt.date(2025, 7, 1)
RULES = [
    (
        "dossier",
        10,
        "Luật Lưu trữ số 33/2024/QH15; Thông tư số 10/2022/TT-BNV của Bộ Nội vụ quy định thời hạn lưu trữ "
        "hồ sơ, tài liệu; danh mục hồ sơ của cơ quan (hồ sơ giải quyết thủ tục hành chính). Tính từ năm sau "
        "năm hồ sơ kết thúc.",
    ),
    (
        "notification",
        5,
        "Bản sao thông báo đã gửi người nộp hồ sơ (thư điện tử, tin nhắn); Thông tư số 10/2022/TT-BNV (hồ sơ, "
        "tài liệu có thời hạn). Hồ sơ gốc giữ theo thời hạn của hồ sơ.",
    ),
    (
        "feedback",
        5,
        "Nghị định số 20/2008/NĐ-CP (sửa đổi bởi Nghị định 92/2017/NĐ-CP) về tiếp nhận, xử lý phản ánh, kiến "
        "nghị; Thông tư số 10/2022/TT-BNV.",
    ),
    (
        "document",
        None,
        "Luật Lưu trữ số 33/2024/QH15; Nghị định số 30/2020/NĐ-CP về công tác văn thư (bản lưu văn bản); "
        "Thông tư số 10/2022/TT-BNV. Văn bản không hủy qua hệ thống.",
    ),
    (
        "login_log",
        1,
        "Nghị định số 85/2016/NĐ-CP và Thông tư số 12/2022/TT-BTTTT về bảo đảm an toàn hệ thống thông tin "
        "theo cấp độ (lưu nhật ký hệ thống).",
    ),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("core", "RetentionRule")
    for kind, years, basis in RULES:
        RetentionRule.objects.get_or_create(
            record_kind=kind, effective_from=FROM, defaults={"years": years, "legal_basis": basis}
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "RetentionRule").objects.filter(effective_from=FROM, confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_retention_rule")]
    operations = [migrations.RunPython(seed, unseed)]
