"""The legal time limits of law-2026.md §1.4, each with its source and how it was checked.

Frozen here (not read from application code): later changes are new rows or edits in the admin.
Dates: Luật Khiếu nại 2011 in force from 01/7/2012, Luật Tố cáo 2018 from 01/01/2019, Thông tư
05/2021/TT-TTCP from 16/11/2021 [K], NĐ 154, 155, 156/2026 from 01/7/2026 [V].
"""

import datetime as dt

from django.db import migrations

KN_2011 = dt.date(2012, 7, 1)
TC_2018 = dt.date(2019, 1, 1)
TT05_2021 = dt.date(2021, 11, 16)
ND_2026 = dt.date(2026, 7, 1)
WD, CD = "working_days", "calendar_days"

# (step, condition, value, day type, direction, start event, extensions, days each, source, tag, from, to, note)
RULES = [
    ("reception_refusal_notice", "standard", 3, WD, "after", "refusal_grounds", 0, None,
     "Nghị định 154/2026/NĐ-CP, Điều 4 khoản 3", "V", ND_2026, None,
     "Thông báo từ chối tiếp công dân (Mẫu 01/TCD) khi vụ việc đã được trả lời, hướng dẫn mà không có tình tiết mới."),
    ("petition_processing", "standard", 10, WD, "after", "receipt", 0, None,
     "Thông tư 05/2021/TT-TTCP", "K", TT05_2021, None, "Ngày hiệu lực của Thông tư cần đối chiếu lại."),
    ("petition_unprocessed_limit", "standard", 45, CD, "after", "receipt", 0, None,
     "Nghị định 154/2026/NĐ-CP, Điều 41 khoản 3 điểm b", "V", ND_2026, None,
     "Đơn để quá 45 ngày không xử lý mà không có lý do chính đáng: xem xét trách nhiệm."),
    ("complaint_acceptance", "standard", 10, CD, "after", "receipt", 0, None,
     "Luật Khiếu nại 2011, Điều 27", "K", KN_2011, dt.date(2026, 6, 30), ""),
    ("complaint_acceptance", "standard", 7, WD, "after", "receipt", 0, None,
     "Nghị định 124/2020/NĐ-CP, Điều 16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP, Điều 10", "V", ND_2026, None,
     "Thông báo thụ lý (Mẫu 03) hoặc không thụ lý (Mẫu 04)."),
    ("complaint_first_resolution", "standard", 30, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 28", "K", KN_2011, None, ""),
    ("complaint_first_resolution", "complex", 45, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 28", "K", KN_2011, None,
     "Tiêu chí phức tạp: Nghị định 124/2020/NĐ-CP, Điều 3a (bổ sung bởi Nghị định 155/2026/NĐ-CP); ghi bằng văn bản."),
    ("complaint_first_resolution", "remote", 45, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 28", "K", KN_2011, None, ""),
    ("complaint_first_resolution", "remote_complex", 60, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 28", "K", KN_2011, None, ""),
    ("complaint_second_request", "standard", 30, CD, "after", "first_resolution_end", 0, None,
     "Luật Khiếu nại 2011, Điều 33", "K", KN_2011, None, ""),
    ("complaint_second_request", "remote", 45, CD, "after", "first_resolution_end", 0, None,
     "Luật Khiếu nại 2011, Điều 33", "K", KN_2011, None, ""),
    ("complaint_second_resolution", "standard", 45, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 37", "K", KN_2011, None, ""),
    ("complaint_second_resolution", "complex", 60, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 37", "K", KN_2011, None, ""),
    ("complaint_second_resolution", "remote", 60, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 37", "K", KN_2011, None, ""),
    ("complaint_second_resolution", "remote_complex", 70, CD, "after", "acceptance", 0, None,
     "Luật Khiếu nại 2011, Điều 37", "K", KN_2011, None, ""),
    ("dialogue_notice", "standard", 5, CD, "before", "scheduled_event", 0, None,
     "Nghị định 124/2020/NĐ-CP, Điều 28 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP", "V", ND_2026, None,
     "Đối thoại lần hai là bắt buộc."),
    ("suspension_notice", "standard", 3, WD, "after", "decision", 0, None,
     "Nghị định 124/2020/NĐ-CP, Điều 28a, 28b (bổ sung bởi Nghị định 155/2026/NĐ-CP, Điều 12); "
     "Luật Khiếu nại, Điều 11a", "V", ND_2026, None,
     "Mẫu 14a, 14b; thời hạn giải quyết tính tiếp từ quyết định tiếp tục giải quyết."),
    ("complaint_time_bar", "standard", 90, CD, "after", "knowledge", 0, None,
     "Luật Khiếu nại 2011, Điều 9", "K", KN_2011, None, ""),
    ("complaint_time_bar", "staff_discipline", 15, CD, "after", "knowledge", 0, None,
     "Luật Khiếu nại 2011, Điều 49", "K", KN_2011, None, ""),
    ("denunciation_intake", "standard", 7, WD, "after", "receipt", 0, None,
     "Luật Tố cáo 2018, Điều 24 khoản 1", "K", TC_2018, None, ""),
    ("denunciation_intake", "several_places", 10, WD, "after", "receipt", 0, None,
     "Luật Tố cáo 2018, Điều 24 khoản 1", "K", TC_2018, None, ""),
    ("denunciation_forward", "standard", 5, WD, "after", "receipt", 0, None,
     "Luật Tố cáo 2018, Điều 24", "K", TC_2018, None, ""),
    ("denunciation_resolution", "standard", 30, CD, "after", "acceptance", 0, None,
     "Luật Tố cáo 2018, Điều 30", "K", TC_2018, None, ""),
    ("denunciation_resolution", "complex", 30, CD, "after", "acceptance", 1, 30,
     "Luật Tố cáo 2018, Điều 30", "K", TC_2018, None, "Gia hạn một lần, không quá 30 ngày."),
    ("denunciation_resolution", "very_complex", 30, CD, "after", "acceptance", 2, 30,
     "Luật Tố cáo 2018, Điều 30", "K", TC_2018, None, "Gia hạn hai lần, mỗi lần không quá 30 ngày."),
    ("online_reception_notice", "standard", 5, WD, "before", "scheduled_event", 0, None,
     "Nghị định 154/2026/NĐ-CP, Điều 23", "V", ND_2026, None, ""),
    ("online_reception_link_test", "standard", 1, WD, "before", "scheduled_event", 0, None,
     "Nghị định 154/2026/NĐ-CP, Điều 23", "V", ND_2026, None, "Kết nối đường truyền trước ít nhất 01 giờ."),
]  # fmt: skip

FIELDS = (
    "step", "condition", "value", "day_type", "direction", "start_event", "max_extensions", "extension_value",
    "source", "confidence", "valid_from", "valid_to", "note",
)  # fmt: skip


def seed(apps, schema_editor):
    TimeLimitRule = apps.get_model("petitions", "TimeLimitRule")
    TimeLimitRule.objects.bulk_create(TimeLimitRule(**dict(zip(FIELDS, row, strict=True))) for row in RULES)


def unseed(apps, schema_editor):
    TimeLimitRule = apps.get_model("petitions", "TimeLimitRule")
    for row in RULES:
        TimeLimitRule.objects.filter(step=row[0], condition=row[1], valid_from=row[10], deadlines=None).delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
