"""The TTHC paragraph: the sample report's wording for its figures, and the variants."""

import datetime as dt

import pytest

from egov.reports.narrative import agency_short_name, narrative, period_phrase, rates_paragraph, tthc_paragraph
from egov.reports.selectors import Figures, Statistics

SAMPLE = (
    "Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 6.279 hồ sơ (trong đó: trực tuyến 3.924 hồ sơ, "
    "trực tiếp 2.338 hồ sơ, 17 hồ sơ kỳ trước chuyển qua). Đã giải quyết 6.264 hồ sơ, 15 hồ sơ trong hạn đang "
    "giải quyết. Mức độ đánh giá hài lòng của tổ chức, cá nhân qua giải quyết TTHC của Sở Công Thương đạt 100 %, "
    "trong đó, mức độ rất hài lòng đạt 98,5 %."
).replace(" %", "\u00a0%")


def sample_figures(**changes) -> Figures:
    values = {
        "carried_over": 17,
        "online": 3924,
        "direct": 2338,
        "early": 6000,
        "on_time": 264,
        "within_deadline": 15,
        "very_satisfied": 985,
        "satisfied": 15,
    }
    values.update(changes)
    return Figures(**values)


def make(figures: Figures, date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 6, 6)) -> Statistics:
    return Statistics(date_from, date_to, figures)


def test_sample_report_paragraph():
    assert tthc_paragraph(make(sample_figures()), agency_name="Sở Công Thương") == SAMPLE


def test_agency_name_without_province():
    assert agency_short_name("Sở Công Thương tỉnh Quảng Ngãi") == "Sở Công Thương"
    assert agency_short_name("Sở Công Thương") == "Sở Công Thương"


@pytest.mark.parametrize(
    ("date_from", "date_to", "phrase"),
    [
        (dt.date(2021, 1, 1), dt.date(2021, 6, 30), "Trong 06 tháng đầu năm 2021"),
        (dt.date(2021, 1, 1), dt.date(2021, 6, 6), "Trong 06 tháng đầu năm 2021 (tính đến 06/6)"),
        (dt.date(2021, 1, 1), dt.date(2021, 9, 30), "Trong 09 tháng đầu năm 2021"),
        (dt.date(2021, 1, 1), dt.date(2021, 12, 31), "Trong năm 2021"),
        (dt.date(2021, 1, 1), dt.date(2021, 2, 20), "Trong quý I năm 2021 (tính đến 20/02)"),
        (dt.date(2021, 4, 1), dt.date(2021, 6, 30), "Trong quý II năm 2021"),
        (dt.date(2021, 5, 1), dt.date(2021, 5, 31), "Trong tháng 5 năm 2021"),
        (dt.date(2021, 1, 1), dt.date(2021, 1, 31), "Trong tháng 01 năm 2021"),
        (dt.date(2020, 12, 15), dt.date(2021, 6, 14), "Từ ngày 15/12/2020 đến ngày 14/6/2021"),
        (dt.date(2021, 3, 5), dt.date(2021, 3, 5), "Trong ngày 05/3/2021"),
    ],
)
def test_period_phrase(date_from, date_to, phrase):
    assert period_phrase(date_from, date_to) == phrase


def test_no_overdue_versus_overdue_in_progress():
    assert "15 hồ sơ trong hạn đang giải quyết." in tthc_paragraph(make(sample_figures()))
    text = tthc_paragraph(make(sample_figures(overdue=3)))
    assert "18 hồ sơ đang giải quyết (trong đó: 15 hồ sơ trong hạn, 03 hồ sơ quá hạn)." in text
    text = tthc_paragraph(make(sample_figures(within_deadline=0, overdue=2)))
    assert "02 hồ sơ đang giải quyết đã quá hạn." in text
    assert "không còn hồ sơ đang giải quyết." in tthc_paragraph(make(sample_figures(within_deadline=0)))


def test_postal_receipts_are_named_and_absent_channels_are_not():
    text = tthc_paragraph(make(sample_figures(postal=12)))
    assert "trực tiếp 2.338 hồ sơ, qua dịch vụ bưu chính công ích 12 hồ sơ, 17 hồ sơ kỳ trước chuyển qua" in text
    text = tthc_paragraph(make(sample_figures(direct=0, carried_over=0)))
    assert "(trong đó: trực tuyến 3.924 hồ sơ)" in text
    assert "trực tiếp" not in text


def test_late_results_are_split_with_the_on_time_rate():
    text = tthc_paragraph(make(sample_figures(early=6000, on_time=200, late=64)))
    assert (
        "Đã giải quyết 6.264 hồ sơ (trong đó: trước hạn 6.000 hồ sơ, đúng hạn 200 hồ sơ, quá hạn 64 hồ sơ), "
        "tỷ lệ giải quyết đúng hạn đạt 98,98 %".replace(" %", "\u00a0%")
        in text
    )


def test_withdrawn_are_mentioned():
    assert "Đã giải quyết 6.264 hồ sơ, 05 hồ sơ rút hoặc dừng xử lý, 15 hồ sơ trong hạn" in tthc_paragraph(
        make(sample_figures(withdrawn_or_stopped=5))
    )


def test_no_ratings_and_unsatisfied_ratings():
    text = tthc_paragraph(make(sample_figures(very_satisfied=0, satisfied=0)), agency_name="Sở Công Thương")
    assert text.endswith(
        "Trong kỳ chưa có lượt đánh giá mức độ hài lòng của tổ chức, cá nhân về giải quyết TTHC của Sở Công Thương."
    )
    text = tthc_paragraph(make(sample_figures(very_satisfied=90, satisfied=6, unsatisfied=4)))
    assert (
        "đạt 96 %, trong đó, mức độ rất hài lòng đạt 90 %; có 04 lượt đánh giá không hài lòng.".replace(" %", "\u00a0%")
        in text
    )


def test_nothing_received():
    text = tthc_paragraph(make(Figures()))
    assert text.startswith("Trong 06 tháng đầu năm 2021 (tính đến 06/6) không có hồ sơ TTHC được tiếp nhận.")
    assert rates_paragraph(make(Figures())) == ""
    assert len(narrative(make(Figures()))) == 1


def test_rates_paragraph():
    assert rates_paragraph(make(sample_figures())) == (
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 62,66 % (3.924/6.262 hồ sơ tiếp nhận trong kỳ); tỷ lệ hồ sơ giải "
        "quyết trước hạn và đúng hạn đạt 100 % (6.264/6.264 hồ sơ đã giải quyết)."
    ).replace(" %", "\u00a0%")
