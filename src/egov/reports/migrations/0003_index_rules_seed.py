"""The QĐ 766 scoring rules as first read (scores 2021 periods) and as the DVCQG board scores them
(from 01/8/2022, the system's official start). Sources: law-2026.md §5.1–5.3; the names and
formulas are marked for translation (the page shows them in the chosen language)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations
from django.utils.translation import gettext_noop as _

FIRST_READING = {
    "valid_from": dt.date(2020, 1, 1),
    "name": "Cách đọc ban đầu Quyết định 766/QĐ-TTg (domain.md §2.6)",
    "source": (
        "Cách đọc của cơ quan theo domain.md §2.6: các chỉ số tính được từ số liệu Biểu 06; giữ nguyên "
        "để số liệu các kỳ năm 2021 không đổi."
    ),
    "groups": {
        "decision": [
            (1, _("Công khai, minh bạch"), 18),
            (2, _("Tiến độ giải quyết"), 20),
            (3, _("Dịch vụ công trực tuyến"), 22),
            (4, _("Số hóa hồ sơ"), 22),
            (5, _("Mức độ hài lòng"), 18),
        ],
    },
    # code, name, measure, points, scoring, threshold, when empty, decision group, board group, formula
    "rules": [
        ("2a", _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"), "bieu06_on_time", 10, "linear", None, "zero", 2, None,
         _("(trước hạn + đúng hạn) / đã giải quyết trong kỳ, theo Biểu 06")),
        ("2b", _("Thời gian giải quyết so với thời hạn quy định"), "handling_time_ratio", 10, "linear", None, "zero",
         2, None, _("min(tổng ngày được phép, tổng ngày đã dùng) / tổng ngày đã dùng, ngày lịch")),
        ("3a", _("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"), "procedures_online", 6, "threshold", 80, "zero", 3,
         None, _("TTHC trực tuyến một phần hoặc toàn trình / TTHC đang áp dụng")),
        ("3c", _("Tỷ lệ hồ sơ nộp trực tuyến"), "bieu06_online", 8, "threshold", 50, "zero", 3, None,
         _("hồ sơ trực tuyến / hồ sơ tiếp nhận trong kỳ, theo Biểu 06")),
        ("3e", _("Tỷ lệ thanh toán trực tuyến phí, lệ phí"), "payments_online", 4, "threshold", 50, "zero", 3, None,
         _("khoản thu trực tuyến / khoản thu trong kỳ")),
        ("4a", _("Tỷ lệ hồ sơ trả kết quả điện tử"), "returned_electronically", 6, "linear", None, "zero", 4, None,
         _("kết quả trả trực tuyến / kết quả trong kỳ")),
        ("4b", _("Tỷ lệ hồ sơ được số hóa"), "digitised_received", 8, "threshold", 80, "zero", 4, None,
         _("hồ sơ trực tuyến hoặc có thành phần đã số hóa / hồ sơ tiếp nhận trong kỳ")),
        ("5c", _("Mức độ hài lòng về giải quyết TTHC"), "bieu06_satisfied", 6, "threshold", 90, "zero", 5, None,
         _("(rất hài lòng + hài lòng) / lượt đánh giá trong kỳ, theo Biểu 06")),
    ],
}

OBSERVED = (
    "Điểm và cách chấm: bảng METRICS “Công thức 766.xlsx” và đối chiếu phản hồi API Cổng DVCQG (Phú Thọ, 9/2026) "
    "[quan sát, chưa đối chiếu văn bản chính thức]"
)
FORMULA_DOC = "QĐ 766/QĐ-TTg; “Mô tả công thức tính chỉ số 766”"

BOARD = {
    "valid_from": dt.date(2022, 8, 1),
    "name": "Quyết định 766/QĐ-TTg theo cách chấm của Cổng Dịch vụ công quốc gia",
    "source": (
        "QĐ 766/QĐ-TTg ngày 23/6/2022, hệ thống chính thức từ 01/8/2022; năm nhóm của Quyết định (Sở Nội vụ "
        "Nam Định, Sóc Trăng) [V]; sáu cột của bảng điểm Cổng DVCQG; law-2026.md §5."
    ),
    "groups": {
        "decision": [
            (1, _("Công khai, minh bạch"), 18),
            (2, _("Tiến độ, kết quả giải quyết"), 20),
            (3, _("Số hóa hồ sơ"), 22),
            (4, _("Cung cấp dịch vụ trực tuyến"), 22),
            (5, _("Mức độ hài lòng"), 18),
        ],
        "board": [
            (1, _("Công khai, minh bạch"), 18),
            (2, _("Tiến độ giải quyết"), 20),
            (3, _("Dịch vụ công trực tuyến"), 12),
            (4, _("Thanh toán trực tuyến"), 10),
            (5, _("Số hóa hồ sơ"), 22),
            (6, _("Mức độ hài lòng"), 18),
        ],
    },
    "rules": [
        ("1.1", _("TTHC công bố đúng hạn"), "external", 6, "linear", None, "zero", 1, 1,
         _("TTHC có quyết định công bố chậm nhất 5 ngày làm việc trước ngày văn bản quy định có hiệu lực / TTHC "
           "công bố trong kỳ")),
        ("1.2", _("TTHC cập nhật, công khai đúng hạn trên Cơ sở dữ liệu quốc gia về TTHC"), "external", 4, "linear",
         None, "zero", 1, 1, _("TTHC công khai chậm nhất 5 ngày làm việc sau ngày quyết định công bố / TTHC công bố")),
        ("1.3", _("TTHC công khai đầy đủ các bộ phận tạo thành"), "external", 2, "linear", None, "zero", 1, 1,
         _("TTHC công khai đủ tên, trình tự, cách thức, hồ sơ, thời hạn, đối tượng, cơ quan / TTHC đang áp dụng")),
        ("1.4", _("Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"), "external", 6, "linear", None, "zero", 1, 1,
         _("hồ sơ tiếp nhận trong kỳ đã đồng bộ / max(số báo cáo quốc gia, số trên Cổng DVCQG)")),
        ("2.1", _("Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"), "on_time_766", 20, "linear", None, "zero", 2, 2,
         _("hồ sơ xử lý trong kỳ (tiếp nhận trong kỳ hoặc kỳ trước chuyển sang; đã xong hoặc đang xử lý) không "
           "quá hạn / các hồ sơ đó; trừ thời gian bổ sung; yêu cầu bổ sung từ lần thứ hai: trễ hạn; đang chờ bổ "
           "sung: tính đến lúc yêu cầu; từ chối, dừng, rút: đã xong")),
        ("2.2", _("Thời gian giải quyết trung bình"), "average_handling_time", 0, "informational", None, "zero", 2, 2,
         _("tổng số ngày giải quyết / số hồ sơ có kết quả; chỉ theo dõi, không tính điểm")),
        ("3.1", _("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"), "procedures_online", 2, "threshold", 80, "zero", 4,
         3, _("TTHC trực tuyến một phần hoặc toàn trình / TTHC thuộc thẩm quyền")),
        ("3.2", _("Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ"), "online_services_with_dossiers", 4, "linear",
         None, "zero", 4, 3, _("DVCTT có hồ sơ trực tuyến trong kỳ / DVCTT đang cung cấp")),
        ("3.3", _("Tỷ lệ hồ sơ trực tuyến"), "online_dossiers_766", 6, "threshold", 50, "zero", 4, 3,
         _("hồ sơ trực tuyến (có kết quả điện tử khi TTHC có giấy tờ kết quả) / hồ sơ tiếp nhận trong kỳ, nhân tỷ "
           "lệ đồng bộ")),
        ("3.5", _("TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến"), "payment_integrated", 2,
         "threshold", 80, "zero", 4, 4, _("TTHC có phí, lệ phí tích hợp thanh toán trực tuyến / TTHC có phí, lệ phí")),
        ("3.5b", _("TTHC có giao dịch thanh toán trực tuyến"), "procedures_paid_online", 2, "threshold", 80, "zero", 4,
         4, _("TTHC có phí, lệ phí có ít nhất một giao dịch trực tuyến trong kỳ / TTHC có phí, lệ phí")),
        ("3.6", _("Tỷ lệ hồ sơ thanh toán trực tuyến"), "dossiers_paid_online", 6, "linear", None, "zero", 4, 4,
         _("hồ sơ thanh toán trực tuyến / hồ sơ tiếp nhận trong kỳ phải nộp phí, lệ phí (trừ hồ sơ 0 đồng)")),
        ("4.1", _("Tỷ lệ hồ sơ có kết quả giải quyết điện tử"), "electronic_result", 6, "linear", None, "zero", 3, 5,
         _("kết quả trong kỳ có tệp kết quả điện tử / kết quả trong kỳ")),
        ("4.2", _("Tỷ lệ hồ sơ thực hiện số hóa"), "digitised_766", 4, "linear", None, "zero", 3, 5,
         _("kết quả trong kỳ có thành phần hồ sơ số hóa và kết quả điện tử / kết quả trong kỳ")),
        ("4.3", _("Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa"), "reused_data", 2, "threshold", 80, "zero", 3, 5,
         _("hồ sơ có thành phần tái sử dụng dữ liệu số hóa / hồ sơ tiếp nhận có thành phần số hóa")),
        ("4.4", _("Tỷ lệ hồ sơ số hóa kết nối, chia sẻ với kho dữ liệu cá nhân trên Cổng DVCQG"), "personal_store", 4,
         "linear", None, "zero", 3, 5,
         _("hồ sơ có thành phần lấy từ kho dữ liệu cá nhân / hồ sơ tiếp nhận có thành phần số hóa")),
        ("4.5a", _("Tỷ lệ TTHC kết nối, chia sẻ dữ liệu dân cư"), "population_procedures", 2, "linear", None, "zero", 3,
         5, _("TTHC có hồ sơ của công dân dùng dữ liệu dân cư / TTHC có hồ sơ của công dân trong kỳ")),
        ("4.5b", _("Tỷ lệ hồ sơ sử dụng dữ liệu dân cư"), "population_dossiers", 2, "linear", None, "zero", 3, 5,
         _("hồ sơ của công dân xác thực VNeID hoặc khai thác dữ liệu dân cư / hồ sơ của công dân tiếp nhận trong kỳ")),
        ("4.6", _("Chứng thực bản sao điện tử từ bản chính"), "not_applicable", 2, "linear", None, "not_scored", 3, 5,
         _("không áp dụng đối với Sở Công Thương")),
        ("5.1", _("Phản ánh, kiến nghị theo phân loại"), "feedback_count", 0, "informational", None, "zero", 5, 6,
         _("số phản ánh, kiến nghị trong kỳ; chỉ theo dõi")),
        ("5.2", _("Tiến độ xử lý phản ánh, kiến nghị"), "feedback_on_time", 6, "linear", None, "full", 5, 6,
         _("phản ánh, kiến nghị xử lý đúng hạn / phản ánh, kiến nghị trong kỳ; không có: đủ điểm")),
        ("5.3", _("Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"), "feedback_satisfied", 6, "linear", None, "full", 5,
         6, _("phản ánh, kiến nghị được hài lòng / phản ánh, kiến nghị đã xử lý; không có: đủ điểm")),
        ("5.4", _("Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"), "dossier_satisfaction_766", 6, "threshold", 90,
         "zero", 5, 6, _("100 % − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ có phản ánh hoặc đánh giá không hài lòng), trên "
                         "các hồ sơ của chỉ số 2.1")),
    ],
}

# Where a rule's source is more than the general one (law-2026.md §5.2–5.3).
SOURCES = {
    "2.1": "Mô tả công thức 2.1: mẫu số gồm hồ sơ đang xử lý còn hạn; bổ sung lần 2 = trễ hạn (§5.3 mục 12)",
    "3.1": "ngưỡng 80 % (§5.3 mục 3)",
    "3.2": "chỉ số thiếu trong domain.md (§5.3 mục 4)",
    "3.3": "ngưỡng 50 %; chỉ tính hồ sơ có kết quả điện tử, nhân tỷ lệ đồng bộ (§5.3 mục 5)",
    "3.5": "trọng số ≈ 2 quan sát, không có trong tài liệu (§5.3 mục 6)",
    "3.5b": "trọng số ≈ 2 quan sát; API khớp min(2; 2,5 × tỷ lệ) = ngưỡng 80 % (§5.2)",
    "3.6": "trọng số ≈ 6 quan sát (§5.3 mục 6)",
    "4.2": "tài liệu: đủ điểm từ 80 %; Cổng DVCQG chấm tuyến tính (§5.3 mục 7) — theo Cổng",
    "4.3": "ngưỡng 80 % (tài liệu và Cổng)",
    "4.6": "không áp dụng đối với Sở Công Thương (§5.2)",
    "5.2": "không có PAKN: đủ 6 điểm (§5.3 mục 10)",
    "5.3": "không có PAKN: đủ 6 điểm (§5.3 mục 10)",
    "5.4": "Mô tả công thức 5.4: 100 % − (tỷ lệ trễ hạn + tỷ lệ có PAKN hoặc không hài lòng), ngưỡng 90 % (§5.3 mục 9)",
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("reports", "IndexRuleSet")
    Group = apps.get_model("reports", "IndexGroup")
    Rule = apps.get_model("reports", "IndexRule")
    for spec, general in ((FIRST_READING, "domain.md §2.6 (cách đọc ban đầu, chưa đối chiếu văn bản)"),
                          (BOARD, f"{FORMULA_DOC}; {OBSERVED}")):
        rule_set, created = RuleSet.objects.get_or_create(
            valid_from=spec["valid_from"], defaults={"name": spec["name"], "source": spec["source"]}
        )
        if not created:
            continue
        for view, groups in spec["groups"].items():
            for number, name, points in groups:
                Group.objects.create(rule_set=rule_set, view=view, number=number, name=name, max_points=points)
        for order, row in enumerate(spec["rules"], start=1):
            code, name, measure, points, scoring, threshold, empty, decision, board, formula = row
            source = general + (f"; {SOURCES[code]}" if spec is BOARD and code in SOURCES else "")
            Rule.objects.create(
                rule_set=rule_set,
                code=code,
                order=order,
                name=name,
                measure=measure,
                max_points=Decimal(points),
                scoring=scoring,
                threshold_pct=Decimal(threshold) if threshold is not None else None,
                when_empty=empty,
                decision_group=decision,
                board_group=board,
                formula=formula,
                source=source,
                source_verified=False,
            )


def unseed(apps, schema_editor):
    apps.get_model("reports", "IndexRuleSet").objects.filter(
        valid_from__in=[FIRST_READING["valid_from"], BOARD["valid_from"]]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_index_rules")]

    operations = [migrations.RunPython(seed, unseed)]
