"""Tests of the citation extractor (pure Python: no Django, no database).

Hand-made lines cover each tricky pattern of real reports and the usual non-citations; the three
sample reports of the department are checked against hand-annotated expectations in ``data/``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from egov.documents.citations import KINDS, Citation, extract_citations, extract_named_laws, normalise_ref

DATA_DIR = Path(__file__).parent / "data"
SAMPLES_DIR = DATA_DIR / "samples"
EXPECTATION_FILES = sorted(DATA_DIR.glob("*.json"))
MODULE_PATH = Path(__file__).resolve().parents[1] / "citations.py"


def only(text: str) -> Citation:
    """The single citation in ``text``."""
    citations = extract_citations(text)
    assert len(citations) == 1, [c.ref for c in citations]
    return citations[0]


def fields(citation: Citation) -> dict:
    """The comparable fields of a citation (offsets are checked separately)."""
    values = citation.as_dict()
    del values["start"], values["end"]
    return values


# ----------------------------------------------------------------------------------------------
# Tricky patterns, one hand-made line each
# ----------------------------------------------------------------------------------------------

TRICKY = [
    # (id, text, "ref | type_word | number | year | symbol | issuer | kind | date"), "-" = None
    (
        "individual-with-date",
        "Quyết định số 2121/QĐ-UBND ngày 31/12/2020 phê duyệt quy trình nội bộ",
        "2121/QĐ-UBND | Quyết định | 2121 | - | QĐ-UBND | UBND | individual | 2020-12-31",
    ),
    (
        "normative-year",
        "Quyết định số 20/2013/QĐ-UBND ngày 07/5/2013 của UBND tỉnh",
        "20/2013/QĐ-UBND | Quyết định | 20 | 2013 | QĐ-UBND | UBND | normative | 2013-05-07",
    ),
    (
        "cong-van-issuer-unit",
        "Giám đốc Sở ban hành Văn bản số 327/SCT-VP ngày 03/3/2021 về việc",
        "327/SCT-VP | Văn bản | 327 | - | SCT-VP | SCT | cong_van | 2021-03-03",
    ),
    (
        "cong-van-without-unit",
        "Thực hiện Công văn số 1533/KKTN của Ban Quản lý",
        "1533/KKTN | Công văn | 1533 | - | KKTN | KKTN | cong_van | -",
    ),
    (
        "party",
        "Nghị quyết số 05-NQ/TU ngày 05/12/2016 của Tỉnh ủy",
        "05-NQ/TU | Nghị quyết | 05 | - | NQ/TU | TU | party | 2016-12-05",
    ),
    (
        "party-central",
        "Kết luận số 120-KL/TW của Bộ Chính trị",
        "120-KL/TW | Kết luận | 120 | - | KL/TW | TW | party | -",
    ),
    (
        "party-spaces-around-dash",
        "Thực hiện Kế hoạch số 125 - KH/TU ngày 05/4/2018 của Tỉnh ủy",
        "125-KH/TU | Kế hoạch | 125 | - | KH/TU | TU | party | 2018-04-05",
    ),
    (
        "party-space-before-dash",
        "Kế hoạch số 126 -KH/TU ngày 05/4/2018",
        "126-KH/TU | Kế hoạch | 126 | - | KH/TU | TU | party | 2018-04-05",
    ),
    (
        "party-en-dash-joint-issuers",
        "Kế hoạch số 10 – KH/BDVTU-BCSĐUBND về phối hợp",
        "10-KH/BDVTU-BCSĐUBND | Kế hoạch | 10 | - | KH/BDVTU-BCSĐUBND | BDVTU-BCSĐUBND | party | -",
    ),
    (
        "space-before-slash-joint-type",
        "Quy chế số 647 /QCPH-GĐS-CĐCS",
        "647/QCPH-GĐS-CĐCS | Quy chế | 647 | - | QCPH-GĐS-CĐCS | GĐS-CĐCS | individual | -",
    ),
    (
        "space-after-slash-ampersand",
        "theo Công văn số 655/ SNV-XDCQ&CTTN của Sở Nội vụ",
        "655/SNV-XDCQ&CTTN | Công văn | 655 | - | SNV-XDCQ&CTTN | SNV | cong_van | -",
    ),
    (
        "party-joint-type",
        "Quy chế số 01 - QCPH/ĐU-GĐS ngày 20/02/2017",
        "01-QCPH/ĐU-GĐS | Quy chế | 01 | - | QCPH/ĐU-GĐS | ĐU-GĐS | party | 2017-02-20",
    ),
    (
        "letter-suffix",
        "Kế hoạch số 38a/KH-BCT của Bộ Công Thương",
        "38a/KH-BCT | Kế hoạch | 38a | - | KH-BCT | BCT | individual | -",
    ),
    (
        "mixed-case-CTr-and-qualifier",
        "Chương trình hành động số 37-CTr/TU ngày 26/3/2019 của Tỉnh ủy",
        "37-CTr/TU | Chương trình | 37 | - | CTr/TU | TU | party | 2019-03-26",
    ),
    (
        "mixed-case-TTr",
        "Tờ trình số 45/TTr-SCT ngày 02/02/2021",
        "45/TTr-SCT | Tờ trình | 45 | - | TTr-SCT | SCT | individual | 2021-02-02",
    ),
    (
        "mixed-case-QĐi",
        "Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương",
        "08-QĐi/TW | Quy định | 08 | - | QĐi/TW | TW | party | 2018-10-25",
    ),
    (
        "without-so-TTg",
        "Quyết định 225/QĐ-TTg ngày 04/02/2016 của Thủ tướng Chính phủ",
        "225/QĐ-TTg | Quyết định | 225 | - | QĐ-TTg | TTg | individual | 2016-02-04",
    ),
    (
        "without-type-word",
        "tiết kiệm thêm 10% chi thường xuyên theo quy định tại 3282/UBND-KT ngày 20/7/2020",
        "3282/UBND-KT | - | 3282 | - | UBND-KT | UBND | cong_van | 2020-07-20",
    ),
    (
        "date-with-stray-space",
        "Nghị quyết số 04-NQ/TU ngày 19/10/ 2016 của Tỉnh ủy",
        "04-NQ/TU | Nghị quyết | 04 | - | NQ/TU | TU | party | 2016-10-19",
    ),
    (
        "date-with-dashes",
        "Quyết định số 1234/QĐ-UB ngày 01-10-1997 của UBND tỉnh",
        "1234/QĐ-UB | Quyết định | 1234 | - | QĐ-UB | UB | individual | 1997-10-01",
    ),
    (
        "comma-before-ngay",
        "Quyết định số 1759/QĐ-SCT, ngày 31/10/2016 ban hành Quy chế làm việc",
        "1759/QĐ-SCT | Quyết định | 1759 | - | QĐ-SCT | SCT | individual | 2016-10-31",
    ),
    (
        "date-in-words",
        "Nghị quyết số 05-NQ/TU, ngày 05 tháng 12 năm 2016 của Tỉnh ủy",
        "05-NQ/TU | Nghị quyết | 05 | - | NQ/TU | TU | party | 2016-12-05",
    ),
    (
        "page-break-after-type-word",
        "Nghị định\n\n107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ",
        "107/2020/NĐ-CP | Nghị định | 107 | 2020 | NĐ-CP | CP | normative | 2020-09-14",
    ),
    (
        "typo-in-type-word",
        "thay thế Quyết số 42/2013/QĐ-UBND ngày 25/9/2013",
        "42/2013/QĐ-UBND | - | 42 | 2013 | QĐ-UBND | UBND | normative | 2013-09-25",
    ),
    (
        "law",
        "Luật số 38/2019/QH14 ngày 13/6/2019 về Quản lý thuế",
        "38/2019/QH14 | Luật | 38 | 2019 | QH14 | QH14 | normative | 2019-06-13",
    ),
    (
        "ordinance",
        "Pháp lệnh số 02/2022/UBTVQH15 về xử lý vi phạm",
        "02/2022/UBTVQH15 | Pháp lệnh | 02 | 2022 | UBTVQH15 | UBTVQH15 | normative | -",
    ),
    (
        "consolidated",
        "Văn bản hợp nhất số 05/VBHN-BCT ngày 20/3/2018 của Bộ Công Thương",
        "05/VBHN-BCT | Văn bản hợp nhất | 05 | - | VBHN-BCT | BCT | consolidated | 2018-03-20",
    ),
    (
        "dated-contract-is-not-normative",
        "Hợp đồng số 01/2021/HĐ-SCT ngày 05/01/2021",
        "01/2021/HĐ-SCT | Hợp đồng | 01 | 2021 | HĐ-SCT | SCT | individual | 2021-01-05",
    ),
    (
        "old-law-numbering",
        "Luật số 04-L/CTN ngày 14/6/1997",
        "04-L/CTN | Luật | 04 | - | L/CTN | CTN | normative | 1997-06-14",
    ),
    (
        "old-cong-van-type",
        "Công văn số 123/CV-UBND ngày 02/3/2005",
        "123/CV-UBND | Công văn | 123 | - | CV-UBND | UBND | cong_van | 2005-03-02",
    ),
    (
        "two-type-words-abbreviation-decides",
        "Thông báo kết luận số 08-TB/VPTU ngày 14/12/2020 của Văn phòng Tỉnh ủy",
        "08-TB/VPTU | Thông báo | 08 | - | TB/VPTU | VPTU | party | 2020-12-14",
    ),
    (
        "vietnamese-uppercase-Ư",
        "Hướng dẫn số 20-HD/BTGTƯ của Ban Tuyên giáo Trung ương",
        "20-HD/BTGTƯ | Hướng dẫn | 20 | - | HD/BTGTƯ | BTGTƯ | party | -",
    ),
    (
        "vietnamese-uppercase-Đ",
        "Quyết định số 12/QĐ-BLĐTBXH ngày 03/01/2020",
        "12/QĐ-BLĐTBXH | Quyết định | 12 | - | QĐ-BLĐTBXH | BLĐTBXH | individual | 2020-01-03",
    ),
    # synthetic issuer, to cover Ơ
    (
        "vietnamese-uppercase-Ơ",
        "Thông báo số 7/TB-BQLƠ ngày 09/9/2021",
        "7/TB-BQLƠ | Thông báo | 7 | - | TB-BQLƠ | BQLƠ | individual | 2021-09-09",
    ),
    (
        "mixed-case-QyĐ",
        "Quy định số 3/QyĐ-UBND và",
        "3/QyĐ-UBND | Quy định | 3 | - | QyĐ-UBND | UBND | individual | -",
    ),
    (
        "mixed-case-TrS",
        "Bản trích sao số 2/TrS-VP",
        "2/TrS-VP | Bản trích sao | 2 | - | TrS-VP | VP | individual | -",
    ),
    (
        "lower-case-type-word-space-after-inner-dash",
        "quyết định số 15/QĐ- UBND ngày 02/02/2021",
        "15/QĐ-UBND | Quyết định | 15 | - | QĐ-UBND | UBND | individual | 2021-02-02",
    ),
    (
        "joint-type-suffix-LN",
        "Kế hoạch liên ngành số 12/KHLN-SCT-SYT ngày 1/6/2021",
        "12/KHLN-SCT-SYT | Kế hoạch | 12 | - | KHLN-SCT-SYT | SCT-SYT | individual | 2021-06-01",
    ),
    (
        "date-in-parentheses",
        "Quyết định số 2121/QĐ-UBND (31/12/2020) của Chủ tịch",
        "2121/QĐ-UBND | Quyết định | 2121 | - | QĐ-UBND | UBND | individual | 2020-12-31",
    ),
    (
        "colon-after-so-dotted-date",
        "Quyết định số: 99/QĐ-SCT ngày 01.02.2021",
        "99/QĐ-SCT | Quyết định | 99 | - | QĐ-SCT | SCT | individual | 2021-02-01",
    ),
    (
        "document-header",
        "Số: 327/SCT-VP",
        "327/SCT-VP | - | 327 | - | SCT-VP | SCT | cong_van | -",
    ),
]


def expected_fields(row: str) -> dict:
    """Fields of a citation from a table row "ref | type_word | ... | date" ("-" = None)."""
    names = ("ref", "type_word", "number", "year", "symbol", "issuer", "kind", "date")
    values = [None if value == "-" else value for value in (v.strip() for v in row.split("|"))]
    expected = dict(zip(names, values, strict=True))
    expected["year"] = int(expected["year"]) if expected["year"] else None
    return expected


@pytest.mark.parametrize(("text", "row"), [case[1:] for case in TRICKY], ids=[c[0] for c in TRICKY])
def test_tricky_patterns(text, row):
    citation = only(text)
    expected = expected_fields(row)
    assert fields(citation) == expected
    assert normalise_ref(text[citation.start : citation.end]) == expected["ref"]


# ----------------------------------------------------------------------------------------------
# Things that are not citations
# ----------------------------------------------------------------------------------------------

NOT_CITATIONS = [
    "Quảng Ngãi, ngày 31/12/2020",
    "tổ chức ngày 15/6 tại Hội trường",
    "Ngày Quyền của người tiêu dùng Việt Nam 15/3/2021",
    "giai đoạn 2016 – 2020",
    "giai đoạn 2021-2025, định hướng năm 2030",
    "nhiệm kỳ 2020- 2022",
    "Sở tham mưu UBND tỉnh đã ban hành 09 quyết định công bố; 04 quyết định khác",
    "mức độ rất hài lòng đạt 98,5%",
    "tăng 67,73%/ tổng số hồ sơ, tăng trưởng 5,03%/năm",
    "đã tiếp nhận 6.279 hồ sơ, trực tiếp 2.338 hồ sơ",
    "Điện thoại: 0255.3822.246; Fax: (0255) 3 822 246; di động 0914-123-456",
    "theo quy định tại Điều 5, khoản 2 Điều 7, điểm a khoản 2",
    "đến nay đã có 37/42 TTHC cập nhật; 184/184 xã có điện; (5/44)",
    "triển khai thực hiện vào quý III/2021",
    "vào lúc 20h30-21h30 Thứ Bảy",
    "phòng, chống dịch Covid-19, phát triển kinh tế - xã hội",
    "đáp ứng QCVN 01:2020/BCT và TCVN ISO 9001:2015",
    "kê khai theo Mẫu số 01/TTHC và Biểu 06/VPCP/KSTT",
    "thực hiện Nghị quyết số 18, Nghị quyết số 19 và Nghị định 108 của Chính phủ",
    "Số: /SCT-VP",
    "dịch vụ công trực tuyến mức độ 3/4",
    "bố trí tối thiểu 05 công chức/phòng",
    "địa chỉ: <https://motcua.quangngai.gov.vn>",
    "mã hồ sơ 000.00.53.H48-220921-0099, mã TTHC 2.000648",
    "Quyết định phê duyệt Kế hoạch phối hợp số 10 đến toàn thể công chức",
    "giảm 20-25% chi phí; tỷ lệ 1/3 số hộ",
    "Thủy điện Sơn Trà 1 (60MW), Núi Ngang (0,7 MW)",
    "trạm biến áp 110/22kV Dung Quất, TBA 220/110 kV",
    "đã giải quyết 1.247/1.250 hồ sơ; số tiền 123.500.000 đồng",
    "email: sct@quangngai.gov.vn; website http://socongthuong.quangngai.gov.vn/",
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text):
    assert extract_citations(text) == []


# ----------------------------------------------------------------------------------------------
# Symbols, type words and dates in context
# ----------------------------------------------------------------------------------------------


def test_joint_circular():
    citation = only("Thông tư liên tịch số 01/2014/TTLT-BCT-BTC ngày 15/01/2014")
    assert (citation.ref, citation.type_word) == ("01/2014/TTLT-BCT-BTC", "Thông tư liên tịch")
    assert (citation.symbol, citation.issuer) == ("TTLT-BCT-BTC", "BCT-BTC")
    assert (citation.kind, citation.date) == ("normative", dt.date(2014, 1, 15))


def test_sentence_dash_after_a_symbol_is_not_part_of_it():
    assert only("Công văn số 327/SCT-VP - UBND tỉnh đã chỉ đạo").ref == "327/SCT-VP"


def test_sentence_end_and_punctuation_are_not_part_of_the_symbol():
    citations = extract_citations("(Quyết định 309/QĐ-SCT), Quyết định 367/QĐ-SCT; và 12/KH-SCT.")
    assert [c.ref for c in citations] == ["309/QĐ-SCT", "367/QĐ-SCT", "12/KH-SCT"]


def test_list_sharing_one_type_word():
    citations = extract_citations(
        "ban hành 09 quyết định: Quyết định số 1241/QĐ-UBND ngày 30/6/2017, "
        "1947/QĐ-UBND ngày 23/10/2017,2530/QĐ-UBND ngày 28/12/2017"
    )
    assert [(c.ref, c.type_word, c.date) for c in citations] == [
        ("1241/QĐ-UBND", "Quyết định", dt.date(2017, 6, 30)),
        ("1947/QĐ-UBND", None, dt.date(2017, 10, 23)),
        ("2530/QĐ-UBND", None, dt.date(2017, 12, 28)),
    ]


def test_abbreviation_with_joint_suffix_chooses_the_type_word():
    # Both "Quy chế" and "thông báo" qualify; QCPH is a Quy chế (QC + PH, phối hợp).
    assert only("Quy chế thông báo số 01-QCPH/ĐU-GĐS").type_word == "Quy chế"
    assert only("Quy chế thông báo số 01-TB/ĐU").type_word == "Thông báo"


def test_nearest_type_word_wins():
    citation = only("Quyết định phê duyệt kế hoạch số 12/KH-UBND ngày 02/3/2021")
    assert citation.type_word == "Kế hoạch"


def test_type_word_must_touch_the_number_without_so():
    assert only("quy định tại 3282/UBND-KT").type_word is None
    assert only("theo Quy định 306-QĐ/TU của Tỉnh ủy").type_word == "Quy định"


def test_abbreviation_used_as_type_word():
    assert only("theo QĐ số 183/QĐ-UBND ngày 31/3/2021").type_word == "Quyết định"
    assert only("thực hiện NĐ 30/2020/NĐ-CP").type_word == "Nghị định"
    # ... but not the last part of a preceding symbol
    assert [c.type_word for c in extract_citations("05-NQ/TU 12/KH-SCT")] == [None, None]


def test_sector_licences_and_long_numbers():
    licence = only("Giấy phép số 03/GP-SCT ngày 05/01/2021")
    assert (licence.type_word, licence.kind, licence.issuer) == ("Giấy phép", "individual", "SCT")
    certificate = only("Giấy chứng nhận số 05/2021/GCN-SCT")
    assert (certificate.kind, certificate.year) == ("individual", 2021)
    assert only("Biên bản số 0012345/BB-VPHC").number == "0012345"


def test_non_breaking_spaces():
    citation = only("Quyết định số\u00a0125\u00a0-\u00a0KH/TU ngày\u00a005/4/2018")
    assert (citation.ref, citation.date) == ("125-KH/TU", dt.date(2018, 4, 5))


def test_old_tone_placement_in_type_word():
    assert only("Giấy uỷ quyền số 5/GUQ-SCT").type_word == "Giấy ủy quyền"


def test_cut_sentence_gives_no_date():
    citations = extract_citations(
        "theo Quyết định số 34/2018/QĐ-TTg ngày Căn cứ Quyết định số 34/2018/QĐ-TTg ngày 10/8/2018"
    )
    assert [c.date for c in citations] == [None, dt.date(2018, 8, 10)]


def test_line_break_before_ngay():
    assert only("Quyết định số 12/QĐ-UBND\nngày 05/3/2021").date == dt.date(2021, 3, 5)
    assert only("Quyết định số 12/QĐ-UBND\n\nngày 05/3/2021").date == dt.date(2021, 3, 5)
    # a bare date (no "ngày") must be on the same line
    assert only("Quyết định số 12/QĐ-UBND\n05/3/2021").date is None


def test_impossible_date_gives_none():
    assert only("Quyết định số 5/QĐ-UBND ngày 31/02/2021").date is None


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 5/QĐ-UBND của UBND tỉnh ngày 02/02/2021",
        "Quyết định số 5/QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi ngày 02/02/2021",
        "Quyết định số 5/QĐ-UBND, của UBND tỉnh, ngày 02/02/2021",
    ],
)
def test_date_after_a_short_issuer_phrase_is_the_documents(text):
    assert only(text).date == dt.date(2021, 2, 2)


@pytest.mark.parametrize(
    "text",
    [
        # The date belongs to a later clause, not to the cited document.
        "Kế hoạch số 5/KH-UBND của UBND tỉnh ban hành Kế hoạch thực hiện Nghị quyết ngày 02/02/2021",
        "Kế hoạch số 5/KH-UBND của UBND tỉnh về việc tổ chức hội nghị ngày 02/02/2021",
        "Kế hoạch số 5/KH-UBND của UBND tỉnh tại hội nghị ngày 02/02/2021",
        "Kế hoạch số 5/KH-UBND của năm 2020 ngày 02/02/2021",
    ],
)
def test_date_written_far_away_is_not_taken(text):
    assert extract_citations(text)[0].date is None


def test_next_reference_is_not_taken_for_a_date():
    citations = extract_citations("Quyết định 12/QĐ-UBND, 13/QĐ-UBND ngày 02/02/2021")
    assert [(c.ref, c.date) for c in citations] == [
        ("12/QĐ-UBND", None),
        ("13/QĐ-UBND", dt.date(2021, 2, 2)),
    ]


def test_reference_inside_a_standard_or_form_code_is_skipped_but_neighbours_are_kept():
    text = "theo QCVN 05:2020/BCT ban hành kèm theo Thông tư số 05/2020/TT-BCT ngày 12/3/2020"
    citations = extract_citations(text)
    assert [c.ref for c in citations] == ["05/2020/TT-BCT"]


UNSEEN_STYLE = """\
Căn cứ Nghị định số 08/2018/NĐ-CP ngày 15/01/2018 của Chính phủ; Thông tư số 42/2019/TT-BCT ngày
18/12/2019 của Bộ trưởng Bộ Công Thương; thực hiện Chỉ thị số 15/CT-TTg ngày 27/3/2020, Chỉ thị
19/CT-TTg ngày 24/4/2020; Nghị quyết 128/NQ-CP ngày 11/10/2021; Công điện số 1099/CĐ-TTg ngày
10/8/2021. Trên cơ sở Công văn số 2846/BCT-ĐTĐL ngày 25/5/2021 của Bộ Công Thương, Sở ban hành
Văn bản số 1150/SCT-QLNL, ngày 08/6/2021; Thông báo số 208/TB-VPUB ngày 12/5/2021. Đảng ủy Sở thực
hiện Kết luận số 1218-KL/TU ngày 04/5/2021; Quy định số 37-QĐ/TW ngày 25/10/2021. Nghị quyết số
43/2022/QH15 ngày 11/01/2022 của Quốc hội; Nghị quyết số 01/2021/NQ-HĐND ngày 12/3/2021; Thông tư
25/2016/TT-BCT; Kế hoạch số 65/KH-UBND ngày 19/4/2021 thực hiện Chương trình số 15-CTr/TU ngày
20/01/2021; QCVN 01:2020/BCT; TCVN 5507:2002; Báo cáo số 12/BC-SCT ngày 05 tháng 01 năm 2022 và
Tờ trình số 45/TTr-SCT, ngày 10/01/2022; Kế hoạch 12/KH-SCT (ngày 13/01/2022); quý IV/2021; tỷ lệ
98,62%; giai đoạn 2021 - 2025; điện thoại 0255.3822.246.
"""


def test_unseen_style_paragraph():
    """A paragraph in the department's style, written for this test (not from the samples)."""
    found = [(c.ref, c.type_word, c.kind, str(c.date)) for c in extract_citations(UNSEEN_STYLE)]
    assert found == [
        ("08/2018/NĐ-CP", "Nghị định", "normative", "2018-01-15"),
        ("42/2019/TT-BCT", "Thông tư", "normative", "2019-12-18"),
        ("15/CT-TTg", "Chỉ thị", "individual", "2020-03-27"),
        ("19/CT-TTg", "Chỉ thị", "individual", "2020-04-24"),
        ("128/NQ-CP", "Nghị quyết", "individual", "2021-10-11"),
        ("1099/CĐ-TTg", "Công điện", "individual", "2021-08-10"),
        ("2846/BCT-ĐTĐL", "Công văn", "cong_van", "2021-05-25"),
        ("1150/SCT-QLNL", "Văn bản", "cong_van", "2021-06-08"),
        ("208/TB-VPUB", "Thông báo", "individual", "2021-05-12"),
        ("1218-KL/TU", "Kết luận", "party", "2021-05-04"),
        ("37-QĐ/TW", "Quy định", "party", "2021-10-25"),
        ("43/2022/QH15", "Nghị quyết", "normative", "2022-01-11"),
        ("01/2021/NQ-HĐND", "Nghị quyết", "normative", "2021-03-12"),
        ("25/2016/TT-BCT", "Thông tư", "normative", "None"),
        ("65/KH-UBND", "Kế hoạch", "individual", "2021-04-19"),
        ("15-CTr/TU", "Chương trình", "party", "2021-01-20"),
        ("12/BC-SCT", "Báo cáo", "individual", "2022-01-05"),
        ("45/TTr-SCT", "Tờ trình", "individual", "2022-01-10"),
        ("12/KH-SCT", "Kế hoạch", "individual", "2022-01-13"),
    ]


# ----------------------------------------------------------------------------------------------
# NFC, offsets, API shape
# ----------------------------------------------------------------------------------------------


def test_input_is_nfc_normalised_and_offsets_refer_to_nfc_text():
    decomposed = unicodedata.normalize("NFD", "Theo Quyết định số 12/QĐ-UBND ngày 02/3/2021.")
    nfc = unicodedata.normalize("NFC", decomposed)
    assert decomposed != nfc
    citation = only(decomposed)
    assert citation.ref == "12/QĐ-UBND"
    assert unicodedata.is_normalized("NFC", citation.ref)
    assert citation.type_word == "Quyết định"
    assert nfc[citation.start : citation.end] == "12/QĐ-UBND"


def test_offsets_cover_the_reference_as_written():
    text = "Thực hiện Kế hoạch số 10 – KH/BDVTU-BCSĐUBND ngày 11/01/2021"
    citation = only(text)
    assert text[citation.start : citation.end] == "10 – KH/BDVTU-BCSĐUBND"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10 – KH/BDVTU-BCSĐUBND", "10-KH/BDVTU-BCSĐUBND"),
        ("125 - KH/TU", "125-KH/TU"),
        ("647 /QCPH-GĐS-CĐCS", "647/QCPH-GĐS-CĐCS"),
        ("655/ SNV-XDCQ&CTTN", "655/SNV-XDCQ&CTTN"),
        ("20/2013/QĐ—UBND", "20/2013/QĐ-UBND"),
        ("26-CTr/BDVTU\u2011BCSĐUBND", "26-CTr/BDVTU-BCSĐUBND"),
        (unicodedata.normalize("NFD", "2121/QĐ-UBND"), "2121/QĐ-UBND"),
        (" 38a/KH-BCT\n", "38a/KH-BCT"),
    ],
)
def test_normalise_ref(raw, expected):
    assert normalise_ref(raw) == expected


def test_normalise_ref_keeps_case():
    assert normalise_ref("45/TTr-SCT") != normalise_ref("45/TTR-SCT")


def test_citation_is_frozen_and_as_dict_is_json_ready():
    citation = only("Quyết định số 20/2013/QĐ-UBND ngày 07/5/2013")
    with pytest.raises(dataclasses.FrozenInstanceError):
        citation.ref = "x"  # type: ignore[misc]
    values = citation.as_dict()
    assert json.loads(json.dumps(values, ensure_ascii=False)) == values
    assert values == {
        "ref": "20/2013/QĐ-UBND",
        "type_word": "Quyết định",
        "number": "20",
        "year": 2013,
        "symbol": "QĐ-UBND",
        "issuer": "UBND",
        "kind": "normative",
        "date": "2013-05-07",
        "start": 14,
        "end": 29,
    }
    assert only("Văn bản số 327/SCT-VP").as_dict()["date"] is None


def test_empty_text():
    assert extract_citations("") == []


def test_module_is_pure_python_without_django():
    """The extractor must load on its own, without Django or the egov package."""
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('citations', {str(MODULE_PATH)!r})\n"
        "module = sys.modules['citations'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.extract_citations('Quyết định số 1/QĐ-UBND')[0].ref == '1/QĐ-UBND'\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'egov'})\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


# ----------------------------------------------------------------------------------------------
# The three sample reports against their hand-annotated expectations
# ----------------------------------------------------------------------------------------------


def load_sample(expectation_file: Path) -> tuple[str, dict]:
    expected = json.loads(expectation_file.read_text(encoding="utf-8"))
    raw = (SAMPLES_DIR / expected["sample"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == expected["sha256"], "sample changed: re-annotate"
    return raw.decode("utf-8"), expected


def test_expectation_files_exist():
    assert [p.stem for p in EXPECTATION_FILES] == [
        "000_817150efd7f157ae",
        "001_128d511f657b0bd2",
        "003_d086f47df4891f74",
    ]


@pytest.mark.parametrize("expectation_file", EXPECTATION_FILES, ids=lambda p: p.stem)
def test_sample_matches_annotation(expectation_file):
    text, expected = load_sample(expectation_file)
    citations = extract_citations(text)
    assert [fields(c) for c in citations] == expected["citations"]
    nfc = unicodedata.normalize("NFC", text)
    for citation in citations:
        assert normalise_ref(nfc[citation.start : citation.end]) == citation.ref
        assert citation.kind in KINDS
    assert [c.start for c in citations] == sorted(c.start for c in citations)


def precision_recall(found: list[Citation], expected: list[dict]) -> tuple[int, int, int, int]:
    """(true positives, found, expected, correct dates) comparing refs as multisets."""
    found_refs = Counter(c.ref for c in found)
    expected_refs = Counter(e["ref"] for e in expected)
    true_positives = sum((found_refs & expected_refs).values())
    found_dated = Counter((c.ref, c.date.isoformat() if c.date else None) for c in found)
    expected_dated = Counter((e["ref"], e["date"]) for e in expected)
    correct_dates = sum((found_dated & expected_dated).values())
    return true_positives, len(found), len(expected), correct_dates


def test_accuracy_on_samples(capsys):
    totals = Counter()
    lines = []
    for expectation_file in EXPECTATION_FILES:
        text, expected = load_sample(expectation_file)
        tp, found, wanted, dates = precision_recall(extract_citations(text), expected["citations"])
        totals.update(tp=tp, found=found, wanted=wanted, dates=dates)
        lines.append(
            f"{expectation_file.stem}: found {found}, expected {wanted}, "
            f"precision {tp / found:.3f}, recall {tp / wanted:.3f}, dates {dates / wanted:.3f}"
        )
    precision = totals["tp"] / totals["found"]
    recall = totals["tp"] / totals["wanted"]
    date_accuracy = totals["dates"] / totals["wanted"]
    lines.append(f"all: precision {precision:.3f}, recall {recall:.3f}, dates {date_accuracy:.3f}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    # Development data: every mention is expected (unseen reports: target >= 0.98).
    assert precision == 1.0
    assert recall == 1.0
    assert date_accuracy == 1.0


# ----------------------------------------------------------------------------------------------
# Hardening for unseen reports: one hand-made line per pattern of the issue, and non-citations
# ----------------------------------------------------------------------------------------------

HARDENING = [
    (
        "spaced-dash-after-bare-type",
        "Quyết định số 1759 /QĐ - SCT ngày 31/10/2016 hết hiệu lực",
        "1759/QĐ-SCT | Quyết định | 1759 | - | QĐ-SCT | SCT | individual | 2016-10-31",
    ),
    (
        "spaced-dash-after-bare-type-normative",
        "Quyết định số 12/2022/QĐ – UBND quy định chức năng",
        "12/2022/QĐ-UBND | Quyết định | 12 | 2022 | QĐ-UBND | UBND | normative | -",
    ),
    (
        "spaced-dash-cong-van-before-date-in-words",
        "Thực hiện Công văn số 346/SCT - VP ngày 05 tháng 4 năm 2022, các phòng báo cáo",
        "346/SCT-VP | Công văn | 346 | - | SCT-VP | SCT | cong_van | 2022-04-05",
    ),
    (
        "spaced-dash-cong-van-before-comma",
        "theo Văn bản số 88/SNV – TCBC, đề nghị",
        "88/SNV-TCBC | Văn bản | 88 | - | SNV-TCBC | SNV | cong_van | -",
    ),
    (
        "eth-look-alike-for-Đ",
        "Giám đốc Sở ban hành Quyết định 57/QÐ-SCT ngày 11/3/2022",
        "57/QĐ-SCT | Quyết định | 57 | - | QĐ-SCT | SCT | individual | 2022-03-11",
    ),
    (
        "law-named-before-so",
        "Căn cứ Luật Thủy lợi số 08/2017/QH14 ngày 19/6/2017;",
        "08/2017/QH14 | Luật | 08 | 2017 | QH14 | QH14 | normative | 2017-06-19",
    ),
    (
        "party-spaced-dash-CT",
        "quán triệt Chỉ thị số 42 - CT/TW ngày 24/3/2020 của Ban Bí thư",
        "42-CT/TW | Chỉ thị | 42 | - | CT/TW | TW | party | 2020-03-24",
    ),
    (
        "party-en-dash-no-space-CTr",
        "Chương trình hành động số 15–CTr/TU ngày 20/5/2020 của Tỉnh ủy",
        "15-CTr/TU | Chương trình | 15 | - | CTr/TU | TU | party | 2020-05-20",
    ),
    (
        "party-without-so",
        "Ban Thường vụ Tỉnh ủy ban hành Kết luận 186-KL/TU ngày 10/01/2022.",
        "186-KL/TU | Kết luận | 186 | - | KL/TU | TU | party | 2022-01-10",
    ),
    (
        "party-mixed-case-QĐi-without-so",
        "Quy định 09-QĐi/ĐU ngày 02/4/2022 của Đảng ủy Sở",
        "09-QĐi/ĐU | Quy định | 09 | - | QĐi/ĐU | ĐU | party | 2022-04-02",
    ),
    (
        "letter-suffix-comma-before-ngay",
        "Kế hoạch số 38b/KH-SCT, ngày 21/02/2022 kiểm tra công tác an toàn đập",
        "38b/KH-SCT | Kế hoạch | 38b | - | KH-SCT | SCT | individual | 2022-02-21",
    ),
    (
        "cong-van-without-so",
        "và Văn bản 412/SCT-QLNL ngày 03/3/2022 đề nghị các chủ đập",
        "412/SCT-QLNL | Văn bản | 412 | - | SCT-QLNL | SCT | cong_van | 2022-03-03",
    ),
    (
        "no-type-word-comma-before-ngay",
        "và của UBND tỉnh tại 2205/UBND-KTTH, ngày 30/3/2022;",
        "2205/UBND-KTTH | - | 2205 | - | UBND-KTTH | UBND | cong_van | 2022-03-30",
    ),
    (
        "date-stray-space-after-second-slash",
        "Quyết định số 1189 /QĐ-UBND ngày 24/10/ 2019 phê duyệt phương án",
        "1189/QĐ-UBND | Quyết định | 1189 | - | QĐ-UBND | UBND | individual | 2019-10-24",
    ),
    (
        "date-with-dashes-normative",
        "Quyết định số 25/2020/QĐ-UBND ngày 01-10-2020 ban hành Quy chế",
        "25/2020/QĐ-UBND | Quyết định | 25 | 2020 | QĐ-UBND | UBND | normative | 2020-10-01",
    ),
    (
        "joint-type-CTrPH-mixed-case",
        "triển khai Chương trình phối hợp số 01/CTrPH-SCT-LĐLĐ ngày 14/3/2022",
        "01/CTrPH-SCT-LĐLĐ | Chương trình | 01 | - | CTrPH-SCT-LĐLĐ | SCT-LĐLĐ | individual | 2022-03-14",
    ),
    (
        "joint-type-KHLN",
        "triển khai Kế hoạch liên ngành số 07/KHLN-SNN-SCT ngày 15/3/2022.",
        "07/KHLN-SNN-SCT | Kế hoạch | 07 | - | KHLN-SNN-SCT | SNN-SCT | individual | 2022-03-15",
    ),
    (
        "three-joint-issuers",
        "Thông tư liên tịch số 47/2011/TTLT-BCT-BNV-BNG ngày 30/12/2011;",
        "47/2011/TTLT-BCT-BNV-BNG | Thông tư liên tịch | 47 | 2011 | TTLT-BCT-BNV-BNG | BCT-BNV-BNG | normative"
        " | 2011-12-30",
    ),
    (
        "joint-party-issuers",
        "Kế hoạch số 10 – KH/BDVTU-BCSĐUBND ngày 11/01/2021 về phối hợp",
        "10-KH/BDVTU-BCSĐUBND | Kế hoạch | 10 | - | KH/BDVTU-BCSĐUBND | BDVTU-BCSĐUBND | party | 2021-01-11",
    ),
    (
        "consolidated-without-so",
        "theo Văn bản hợp nhất 12/VBHN-VPQH ngày 10/12/2018 của Văn phòng Quốc hội",
        "12/VBHN-VPQH | Văn bản hợp nhất | 12 | - | VBHN-VPQH | VPQH | consolidated | 2018-12-10",
    ),
    (
        "mixed-case-TTr-unit-issuer",
        "Theo đề nghị tại Tờ trình số 18/TTr-QLTM ngày 09/3/2022 của Phòng",
        "18/TTr-QLTM | Tờ trình | 18 | - | TTr-QLTM | QLTM | individual | 2022-03-09",
    ),
    (
        "mixed-case-QyĐ-after-another-mention",
        "về Quy định số 02/QyĐ-SCT quản lý hoạt động kiểm tra",
        "02/QyĐ-SCT | Quy định | 02 | - | QyĐ-SCT | SCT | individual | -",
    ),
    (
        "party-guidance-spaced",
        "thực hiện Hướng dẫn số 15 - HD/BTCTU ngày 20/02/2022 của Ban Tổ chức Tỉnh ủy",
        "15-HD/BTCTU | Hướng dẫn | 15 | - | HD/BTCTU | BTCTU | party | 2022-02-20",
    ),
]


@pytest.mark.parametrize(("text", "row"), [case[1:] for case in HARDENING], ids=[c[0] for c in HARDENING])
def test_hardening_patterns(text, row):
    citation = only(text)
    expected = expected_fields(row)
    assert fields(citation) == expected
    assert normalise_ref(text[citation.start : citation.end]) == expected["ref"]


NOT_CITATIONS_HARDENING = [
    "Sở đã tổ chức 04 đoàn kiểm tra, ban hành 03 quyết định xử phạt với tổng số tiền 45.000.000 đồng",
    "100% chủ đập đã lập quy trình vận hành (12/12 công trình)",
    "giai đoạn 2021 – 2025 và 2016-2020, nhiệm kỳ 2020 — 2025",
    "theo Điều 5, khoản 2 Điều 12 Nghị định 114 và điểm b khoản 3",
    "Liên hệ: điện thoại 0255.3825.118 hoặc 0255 3 822 990, di động 0905-123-456",
    "tỷ lệ hồ sơ trực tuyến đạt 87,5 %, tăng 12,4 % so với năm 2021 (bình quân 35%)",
    "các phòng báo cáo trước ngày 15/4/2022; họp ngày 01-10-1997; ngày 19/10/ 2016",
    "02 hồ sơ trễ hạn đã xin lỗi theo Mẫu số 02 ban hành kèm theo",
    "Sở đã cấp 27 giấy phép bán lẻ rượu, 06 giấy chứng nhận đủ điều kiện",
    "tiếp nhận 1.254 hồ sơ (trực tuyến 1.102 hồ sơ, đạt 87,88 %), 0,16%",
]


@pytest.mark.parametrize("text", NOT_CITATIONS_HARDENING)
def test_not_citations_hardening(text):
    assert extract_citations(text) == []


def test_sentence_dash_after_a_one_part_symbol_is_not_joined():
    # "UBND" is followed by running text, so the dash is the sentence's.
    assert only("theo Công văn số 1533/KKTN - UBND tỉnh đã chỉ đạo").ref == "1533/KKTN"
    # A further "/..." after the spaced part makes a code, not a symbol: the bare reference stays.
    assert only("Quyết định số 5/QĐ - SCT/ABC").ref == "5/QĐ"


def test_eth_look_alike_keeps_offsets_and_normalises_the_ref():
    text = "số 2121/QÐ-UBND ngày 31/12/2020"
    citation = only(text)
    assert (citation.ref, citation.symbol, citation.issuer) == ("2121/QĐ-UBND", "QĐ-UBND", "UBND")
    assert text[citation.start : citation.end] == "2121/QÐ-UBND"
    assert normalise_ref("2121/QÐ-UBND") == "2121/QĐ-UBND"


def test_law_name_gap_does_not_cross_punctuation():
    assert only("theo Luật Đầu tư, số 123/SCT-VP").type_word is None
    assert only("Luật Điện lực số 28/2004/QH11").type_word == "Luật"


# ----------------------------------------------------------------------------------------------
# Unseen-style texts written for these tests (data/unseen): precision, recall, dates
# ----------------------------------------------------------------------------------------------

UNSEEN_DIR = DATA_DIR / "unseen"
UNSEEN_FILES = sorted(UNSEEN_DIR.glob("*.json"))


def load_unseen(expectation_file: Path) -> tuple[str, list[dict]]:
    expected = json.loads(expectation_file.read_text(encoding="utf-8"))
    return (UNSEEN_DIR / expected["text"]).read_text(encoding="utf-8"), expected["citations"]


def test_unseen_texts_exist():
    assert len(UNSEEN_FILES) >= 3


@pytest.mark.parametrize("expectation_file", UNSEEN_FILES, ids=lambda p: p.stem)
def test_unseen_text_matches_annotation(expectation_file):
    text, expected = load_unseen(expectation_file)
    found = [
        {"ref": c.ref, "type_word": c.type_word, "kind": c.kind, "date": c.date.isoformat() if c.date else None}
        for c in extract_citations(text)
    ]
    assert found == expected


def test_accuracy_on_unseen_texts(capsys):
    totals = Counter()
    for expectation_file in UNSEEN_FILES:
        text, expected = load_unseen(expectation_file)
        tp, found, wanted, dates = precision_recall(extract_citations(text), expected)
        totals.update(tp=tp, found=found, wanted=wanted, dates=dates)
    precision = totals["tp"] / totals["found"]
    recall = totals["tp"] / totals["wanted"]
    dates = totals["dates"] / totals["wanted"]
    with capsys.disabled():
        print(
            f"\nunseen-style texts: {totals['wanted']} citations expected, {totals['found']} found; "
            f"precision {precision:.3f}, recall {recall:.3f}, dates {dates:.3f}"
        )
    assert precision >= 0.98 and recall >= 0.98 and dates >= 0.98


# --- laws cited by name, without a number ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", [("Luật Thi đua, khen thưởng", None)]),
        ("theo Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn", [("Luật Thi đua, khen thưởng", 2022)]),
        (
            "Luật Phòng cháy và chữa cháy, Luật Đất đai và Luật Xây dựng.",
            [("Luật Phòng cháy và chữa cháy", None), ("Luật Đất đai", None), ("Luật Xây dựng", None)],
        ),
        ("Bộ luật Lao động năm 2019 quy định", [("Bộ luật Lao động", 2019)]),
        ("dự án Luật Thực hiện dân chủ ở cơ sở", [("Luật Thực hiện dân chủ ở cơ sở", None)]),
        (
            "Luật Phòng, chống tác hại của rượu, bia; Luật Tổ chức Quốc hội",
            [
                ("Luật Phòng, chống tác hại của rượu, bia", None),
                ("Luật Tổ chức Quốc hội", None),
            ],
        ),
        ("Luật Ban hành văn bản quy phạm pháp luật năm 2015", [("Luật Ban hành văn bản quy phạm pháp luật", 2015)]),
        # A law with its number is a citation by number only; "Luật sư", "Luật này" are not laws' names.
        ("Căn cứ Luật Thủy lợi số 08/2017/QH14 ngày 19/6/2017;", []),
        ("Luật Thi đua, khen thưởng năm 2022 số 06/2022/QH15", []),
        ("Luật sư Nguyễn Văn A; Luật này có hiệu lực", []),
    ],
)
def test_laws_cited_by_name(text, expected):
    assert [(law.name, law.year) for law in extract_named_laws(text)] == expected


def test_a_named_law_span_is_its_name_in_the_nfc_text():
    text = unicodedata.normalize("NFD", "Căn cứ Luật Thi đua, khen thưởng năm 2022;")
    (law,) = extract_named_laws(text)
    assert unicodedata.normalize("NFC", text)[law.start : law.end] == "Luật Thi đua, khen thưởng"
    assert law.as_dict() == {"name": "Luật Thi đua, khen thưởng", "year": 2022, "start": 7, "end": 32}
