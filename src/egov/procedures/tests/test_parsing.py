"""The value parsers of the catalogue import: what is unambiguous is parsed, the rest is kept verbatim."""

import pytest

from egov.procedures.catalogue_import import (
    parse_fee,
    parse_online_level,
    parse_reduced_time_limit,
    parse_time_limit,
    split_note,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20", (20, None)),
        ("5 ngày làm việc", (5, None)),
        ("3; 25", (None, "thời hạn gồm nhiều giai đoạn")),
        ("10 + 15 + 3", (None, "thời hạn gồm nhiều giai đoạn")),
        ("trong ngày", (None, "không phải số ngày làm việc")),
    ],
)
def test_time_limit(text, expected):
    assert parse_time_limit(text) == expected


def test_reduced_time_limit():
    assert parse_reduced_time_limit("10 (Quảng Nam)", 20) == (10, "Quảng Nam", None)
    assert parse_reduced_time_limit("3 (BQL KKT mở Chu Lai, Quảng Nam)", 8) == (
        3,
        "BQL KKT mở Chu Lai, Quảng Nam",
        None,
    )
    assert parse_reduced_time_limit("12", None) == (12, "", None)
    days, note, reason = parse_reduced_time_limit("118 giờ làm việc (Ninh Bình)", None)
    assert (days, note) == (None, "Ninh Bình") and "giờ" in reason
    assert parse_reduced_time_limit("30 (Huế)", 20)[0] is None


@pytest.mark.parametrize(
    ("text", "level", "legacy", "note"),
    [
        ("Toàn trình (Vĩnh Phúc)", "full", None, "Vĩnh Phúc"),
        ("toàn trình", "full", None, ""),
        ("Một phần (Lâm Đồng)", "partial", None, "Lâm Đồng"),
        ("Mức độ 4 (Cao Bằng)", "full", 4, "Cao Bằng"),
        ("Mức độ 3 (Thừa Thiên Huế)", "partial", 3, "Thừa Thiên Huế"),
        ("Mức độ 2 (Lâm Đồng)", "none", 2, "Lâm Đồng"),
    ],
)
def test_online_level(text, level, legacy, note):
    assert parse_online_level(text) == (level, legacy, note, None)


@pytest.mark.parametrize(
    "text",
    ["Mức độ 2 (Lâm Đồng); Mức độ 4 (Cao Bằng)", "Mức độ 1", "trực tuyến một phần hoặc toàn trình tùy hồ sơ"],
)
def test_online_level_unparsed(text):
    level, legacy, _, reason = parse_online_level(text)
    assert (level, legacy) == (None, None) and reason


@pytest.mark.parametrize(
    ("text", "items", "note"),
    [
        ("Không", [], ""),
        ("Miễn", [], ""),
        ("miễn phí", [], ""),
        ("0", [], ""),
        ("Không (Kon Tum)", [], "Kon Tum"),
        ("1.200.000 đ", [("Phí, lệ phí", 1_200_000, "")], ""),
        ("1200000", [("Phí, lệ phí", 1_200_000, "")], ""),
        ("lệ phí 3.000.000 đ/giấy phép", [("Lệ phí", 3_000_000, "")], ""),
        (
            "phí thẩm định 2.200.000 đ/lần (TT 299/2016/TT-BTC)",
            [("Phí thẩm định", 2_200_000, "")],
            "TT 299/2016/TT-BTC",
        ),
        # Alternative rates (TT 168/2016/TT-BTC: by area, by kind of establishment): one applies.
        (
            "1.200.000 (TP, thị xã) / 600.000 (khu vực khác) đ/lần thẩm định",
            [("Phí thẩm định", 1_200_000, "TP, thị xã"), ("Phí thẩm định", 600_000, "khu vực khác")],
            "",
        ),
        (
            "1.200.000 (TP, thị xã thuộc tỉnh) / 600.000 (huyện); lệ phí: không",
            [("Phí", 1_200_000, "TP, thị xã thuộc tỉnh"), ("Phí", 600_000, "huyện")],
            "",
        ),
        (
            "phí thẩm định: 500.000 (cơ sở SX nhỏ lẻ); 1.000.000 (cơ sở kinh doanh); 2.500.000 (cơ sở sản xuất) đ/lần",
            [
                ("Phí thẩm định", 500_000, "cơ sở SX nhỏ lẻ"),
                ("Phí thẩm định", 1_000_000, "cơ sở kinh doanh"),
                ("Phí thẩm định", 2_500_000, "cơ sở sản xuất"),
            ],
            "",
        ),
    ],
)
def test_fee_parsed(text, items, note):
    assert parse_fee(text) == (items, note, None)


@pytest.mark.parametrize(
    "text",
    [
        "theo TT 168/2016/TT-BTC",
        "hết hiệu lực: 1.200.000 (TP, thị xã) / 600.000 (huyện); bị mất, hỏng: không",
        "tổ chức/DN 1.200.000 (thành phố) / 600.000 (huyện); hộ KD 400.000 / 200.000 (TT 168/2016/TT-BTC)",
        "lệ phí (quy định cũ): tổ chức 100.000 đ; cá nhân 50.000 đ",
        "phí thẩm định 1.200.000 đ/lần (TP, thị xã); khu vực khác thấp hơn",
        "phí thẩm định cấp mới 800.000 đ/giấy phép; gia hạn, sửa đổi, bổ sung 50% (TT 124/2008/TT-BTC, quy định cũ)",
        "lệ phí: không",
    ],
)
def test_fee_unparsed(text):
    items, _, reason = parse_fee(text)
    assert items is None and reason


def test_split_note():
    assert split_note("10 (Quảng Nam)") == ("10", "Quảng Nam")
    assert split_note("(Quảng Nam)") == ("(Quảng Nam)", "")
    assert split_note("Không") == ("Không", "")
