"""The statistics pages in English beside the default Vietnamese; the department's report (.docx,
its narrative) and Biểu 06 (.xlsx) stay Vietnamese whatever the UI language.

The English texts come from src/egov/locale/en/LC_MESSAGES/django.po (docs/decisions/0021-english-ui.md).
"""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from egov.reports import charts, docx_report, narrative
from egov.reports.forms import PeriodForm
from egov.reports.periods import PeriodError, PeriodKind, standard_period

from .test_narrative import SAMPLE, make, sample_figures
from .test_views import QUERY, login, setup  # noqa: F401 (the fixture)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request under English leaves English active in this thread; later tests expect Vietnamese."""
    yield
    translation.deactivate()


def _leader(client, world):
    from egov.organisations.roles import Role

    return login(client, world, Role.AGENCY_LEADER)


# --- the dashboard ---------------------------------------------------------------------------------


def test_dashboard_is_vietnamese_by_default(setup, client):  # noqa: F811
    _leader(client, setup)
    page = client.get(reverse("reports:dashboard"), QUERY).content.decode()
    assert '<html lang="vi">' in page
    for text in (
        "Số liệu giải quyết thủ tục hành chính",
        "Kỳ: từ 01/01/2021 đến 06/06/2021",
        "Tải báo cáo (.docx)",
        "Kết quả theo lĩnh vực (Biểu 06)",
        "Kỳ trước chuyển qua",
        "Tổng cộng",
        "Khoảng thời gian tùy chọn",
        "Tất cả lĩnh vực",
        "Hồ sơ tiếp nhận theo kênh, theo tháng",
        "Bưu chính công ích",
    ):
        assert text in page, text
    assert "Period: from" not in page and "Download the report" not in page


def test_dashboard_is_english_with_accept_language(setup, client):  # noqa: F811
    _leader(client, setup)
    page = client.get(reverse("reports:dashboard"), QUERY, **EN).content.decode()
    assert '<html lang="en">' in page
    for text in (
        "Administrative procedure handling statistics",  # the heading
        "Period: from 01/01/2021 to 06/06/2021",
        "Download the report (.docx)",
        "Download Biểu 06 (Form 06, .xlsx)",
        "Results by field (Biểu 06, Form 06)",
        "Dossiers received for handling",
        "Carried over",
        "Withdrawn or stopped",
        "Within deadline",
        "On-time rate",
        "Online share",
        "Total",
        "Ratings: 0; satisfied or better 0 %, very satisfied 0 %.",
        "Monthly charts",
        # the period form: labels, choices, help
        "Reporting period",
        "Custom date range",
        "First 6 months of the year",
        "All fields",
        "Show the figures",
        # the charts drawn on the server
        "Dossiers received by channel, by month",
        "Share of dossiers resolved early or on time, by month (%)",
        "Public postal service",
        "Service-quality indices (Decision 766)",  # the sub-navigation
    ):
        assert text in page, text
    for vietnamese in ("Tải báo cáo", "Kỳ trước chuyển qua", "Tổng cộng", "Hồ sơ tiếp nhận theo kênh", "Xem số liệu"):
        assert vietnamese not in page, vietnamese


def test_dashboard_narrative_stays_vietnamese_under_english(setup, client):  # noqa: F811
    _leader(client, setup)
    page = client.get(reverse("reports:dashboard"), QUERY, **EN).content.decode()
    assert "Report text (in Vietnamese, as printed)" in page
    assert (
        '<p class="narrative" lang="vi">Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 02 hồ sơ '
        "(trong đó: trực tuyến 01 hồ sơ, trực tiếp 01 hồ sơ)"
    ) in page


def test_bad_period_message_in_english(setup, client):  # noqa: F811
    _leader(client, setup)
    page = client.get(
        reverse("reports:dashboard"), {"ky": "custom", "tu": "2021-06-06", "den": "2021-01-01"}, **EN
    ).content.decode()
    assert "The end date (01/01/2021) cannot be before the start date (06/06/2021)." in page
    response = client.get(reverse("reports:export_xlsx"), {"ky": "custom", "tu": "2021-06-06"}, **EN)
    assert response.status_code == 400
    assert "Choose both a start date and an end date." in response.content.decode()
    page = client.get(reverse("reports:dashboard"), {"ky": "quarter", "nam": 2021, "so": 5}, **EN).content.decode()
    assert "The quarter must be from 1 to 4." in page


def test_language_cookie_wins_over_the_browser(setup, client):  # noqa: F811
    _leader(client, setup)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(reverse("reports:dashboard"), QUERY, **EN).content.decode()
    assert "Số liệu giải quyết thủ tục hành chính" in page and "Period: from" not in page


# --- the scorecard ---------------------------------------------------------------------------------


def test_scorecard_is_vietnamese_by_default(setup, client):  # noqa: F811
    _leader(client, setup)
    page = client.get(reverse("reports:scorecard"), QUERY).content.decode()
    for text in (
        "Chỉ số chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)",
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        "Tỷ lệ hồ sơ được số hóa",
        "Theo nhóm chỉ số",
        "2. Tiến độ giải quyết",
        "Ngưỡng đạt tối đa",
        "Trung bình 3 ngày / thời hạn trung bình 14 ngày (ngày lịch)",
    ):
        assert text in page, text
    assert "Share of dossiers" not in page


def test_scorecard_is_english_with_accept_language(setup, client):  # noqa: F811
    _leader(client, setup)
    page = client.get(reverse("reports:scorecard"), QUERY, **EN).content.decode()
    for text in (
        "<title>Service-quality indices",
        "Indices of the quality of service to citizens and businesses (Quyết định (Decision) 766/QĐ-TTg)",
        "Period: from 01/01/2021 to 06/06/2021",
        "Share of dossiers resolved early or on time",
        "Handling time against the statutory time limit",
        "Share of procedures offered as online public services",
        "Share of fees and charges paid online",
        "Satisfaction with the handling of procedures",
        "Average 3 days / average time limit 14 days (calendar days)",
        "Numerator / denominator",
        "Threshold for full points",
        "No data yet",
        "By index group",
        "3. Online public services",
        "5. Satisfaction",
        "are scored outside the system",
    ):
        assert text in page, text
    for vietnamese in ("Tỷ lệ hồ sơ", "Theo nhóm chỉ số", "Chưa có dữ liệu", "ngày lịch"):
        assert vietnamese not in page, vietnamese


def test_api_index_names_follow_the_request_language(setup, client):  # noqa: F811
    """Like the dossier API's transition labels: data labels follow the language, the keys do not."""
    _leader(client, setup)
    url = reverse("api:reports-service-quality")
    params = {"from": "2021-01-01", "to": "2021-06-06"}
    vietnamese = client.get(url, params).json()
    english = client.get(url, params, **EN).json()
    assert [i["code"] for i in vietnamese["indices"]] == [i["code"] for i in english["indices"]]
    assert vietnamese["indices"][0]["name"] == "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"
    assert english["indices"][0]["name"] == "Share of dossiers resolved early or on time"


# --- labels declared as data follow the active language ------------------------------------------


def test_period_form_labels_and_choices_in_english():
    with translation.override("en"):
        form = PeriodForm()
        assert str(form.fields["ky"].label) == "Reporting period"
        assert dict(form.fields["ky"].choices)[PeriodKind.NINE.value] == "First 9 months of the year"
        assert str(form.fields["chot"].label).startswith("Official cut-off period")
        assert str(form.fields["linh_vuc"].empty_label) == "All fields"
    form = PeriodForm()
    assert dict(form.fields["ky"].choices)[PeriodKind.NINE.value] == "09 tháng đầu năm"


def test_period_labels_and_errors_in_the_active_language():
    assert standard_period(PeriodKind.QUARTER, 2021, 2).label == "quý II năm 2021"
    assert standard_period(PeriodKind.MONTH, 2021, 1, official=True).label == (
        "tháng 01 năm 2021 (kỳ chốt số liệu từ ngày 15 đến ngày 14)"
    )
    with translation.override("en"):
        assert standard_period(PeriodKind.QUARTER, 2021, 2).label == "quarter II of 2021"
        assert standard_period(PeriodKind.HALF, 2021, official=True).label == (
            "the first 6 months of 2021 (official cut-off: from the 15th to the 14th)"
        )
        with pytest.raises(PeriodError, match=r"The month must be from 1 to 12\."):
            standard_period(PeriodKind.MONTH, 2021, 13)
    with pytest.raises(PeriodError, match=r"Tháng phải từ 1 đến 12\."):
        standard_period(PeriodKind.MONTH, 2021, 13)


def test_chart_labels_in_the_active_language():
    points = [("01/2021", {"online": 1, "direct": 1, "postal": 1})]
    with translation.override("en"):
        svg = charts.intake_chart(points)
    assert "Dossiers received by channel, by month" in svg and "Direct (at the counter)" in svg
    svg = charts.intake_chart(points)
    assert "Hồ sơ tiếp nhận theo kênh, theo tháng" in svg and "Trực tiếp" in svg


# --- the report, its narrative and Biểu 06 stay Vietnamese ---------------------------------------


def test_narrative_stays_vietnamese_under_english():
    stats = make(sample_figures())
    with translation.override("en"):
        paragraphs = narrative.narrative(stats, agency_name="Sở Công Thương")
        assert translation.get_language() == "en"  # the override is undone afterwards
    assert paragraphs[0] == SAMPLE


def test_report_builders_run_under_vietnamese(monkeypatch):
    """Whatever the request's language, the .docx and the narrative are built under Vietnamese, so no
    translated label can reach the department's report."""
    seen = {}
    monkeypatch.setattr(docx_report, "_tthc_report_docx", lambda stats, options: seen.setdefault("docx", _lang()))
    monkeypatch.setattr(narrative, "tthc_paragraph", lambda stats, **kw: seen.setdefault("narrative", _lang()))
    monkeypatch.setattr(narrative, "rates_paragraph", lambda stats: "")
    with translation.override("en"):
        docx_report.tthc_report_docx(object())
        narrative.narrative(object())
        assert translation.get_language() == "en"
    assert seen == {"docx": "vi", "narrative": "vi"}


def _lang() -> str:
    return translation.get_language()


def test_downloads_stay_vietnamese_under_english(setup, client):  # noqa: F811
    from egov.organisations.roles import Role

    login(client, setup, Role.RECEIVING_OFFICER)
    response = client.get(reverse("reports:export_docx"), QUERY, **EN)
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Trong 06 tháng đầu năm 2021 (tính đến 06/6) đã tiếp nhận 02 hồ sơ") for t in texts)
    assert "Tổng cộng" in cells and "Kỳ trước chuyển qua" in cells
    assert not any("Total" in t or "Carried over" in t or "Period:" in t for t in texts + cells)

    response = client.get(reverse("reports:export_xlsx"), QUERY, **EN)
    sheet = load_workbook(io.BytesIO(response.content))["Biểu 06"]
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sheet["B11"].value == "Tổng cộng"
    assert "Kỳ trước chuyển qua" in values and "Bưu chính công ích" in values
    assert not any("Carried over" in v or "Total" in v or "Public postal" in v for v in values)


def test_report_summary_line_stays_vietnamese_under_english(world):
    stats = make(sample_figures(), date_from=dt.date(2021, 4, 1), date_to=dt.date(2021, 6, 30))
    with translation.override("en"):
        assert docx_report.summary_line(stats).endswith("trong quý II năm 2021")
