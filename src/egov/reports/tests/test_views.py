"""Dashboard, scorecard and downloads: role permission, scope, the period picker, the files."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from egov.dossiers.tests.factories import make_staff
from egov.organisations.roles import Role
from egov.organisations.services import roles_sync

from .conftest import local

QUERY = {"ky": "custom", "tu": "2021-01-01", "den": "2021-06-06"}


@pytest.fixture
def setup(world, client):
    roles_sync(strict=False)
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), finished=local(dt.date(2021, 3, 5)))
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), version=world.safety_card, channel="direct")
    from .test_selectors import make_world_other_agency

    other = make_world_other_agency()
    other.dossier(received=local(day), due=dt.date(2021, 3, 16))
    return world


def login(client, world, role):
    user = make_staff(world.agency, role)
    client.force_login(user)
    return user


def test_anonymous_is_sent_to_login(setup, client):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_roles_without_statistics_are_refused(setup, client):
    login(client, setup, Role.CLERK)
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:scorecard")).status_code == 403


def test_dashboard_shows_the_agency_figures_only(setup, client):
    login(client, setup, Role.AGENCY_LEADER)
    response = client.get(reverse("reports:dashboard"), QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    stats = response.context["stats"]
    assert stats.totals.received_total == 2  # the other agency's dossier is out of scope
    assert "Lưu thông hàng hóa trong nước" in page and "Điện" in page
    assert "Tải báo cáo (.docx)" in page and "Tải Biểu 06 (.xlsx)" in page
    assert page.count("<svg") == 2 and "cdn" not in page.lower()
    assert "đã tiếp nhận 02 hồ sơ (trong đó: trực tuyến 01 hồ sơ, trực tiếp 01 hồ sơ)" in page


def test_inspector_sees_but_cannot_download(setup, client):
    login(client, setup, Role.INSPECTOR)
    page = client.get(reverse("reports:dashboard"), QUERY).content.decode()
    assert "Tải báo cáo" not in page
    assert client.get(reverse("reports:export_docx"), QUERY).status_code == 403


def test_default_period_and_standard_periods(setup, client):
    login(client, setup, Role.AGENCY_LEADER)
    assert client.get(reverse("reports:dashboard")).status_code == 200
    response = client.get(reverse("reports:dashboard"), {"ky": "6m", "nam": 2021, "chot": "on"})
    period = response.context["period"]
    assert (period.date_from, period.date_to) == (dt.date(2020, 12, 15), dt.date(2021, 6, 14))
    response = client.get(reverse("reports:dashboard"), {"ky": "quarter", "nam": 2021, "so": 1})
    assert response.context["stats"].totals.received_total == 2


def test_bad_period_gets_a_vietnamese_message(setup, client):
    login(client, setup, Role.AGENCY_LEADER)
    response = client.get(reverse("reports:dashboard"), {"ky": "custom", "tu": "2021-06-06", "den": "2021-01-01"})
    assert response.status_code == 200
    assert "không được trước ngày bắt đầu" in response.content.decode()
    response = client.get(reverse("reports:export_xlsx"), {"ky": "custom", "tu": "2021-06-06"})
    assert response.status_code == 400
    assert "Cần chọn cả ngày bắt đầu và ngày kết thúc." in response.content.decode()


def test_field_filter(setup, client):
    login(client, setup, Role.AGENCY_LEADER)
    response = client.get(reverse("reports:dashboard"), QUERY | {"linh_vuc": setup.power.pk})
    assert response.context["stats"].totals.received_total == 1


def test_downloads(setup, client):
    login(client, setup, Role.RECEIVING_OFFICER)
    response = client.get(reverse("reports:export_docx"), QUERY)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "BÁO CÁO" in texts
    response = client.get(reverse("reports:export_xlsx"), QUERY)
    sheet = load_workbook(io.BytesIO(response.content))["Biểu 06"]
    assert sheet["B11"].value == "Tổng cộng" and sheet["C11"].value == 2


def test_scorecard(setup, client):
    login(client, setup, Role.AGENCY_LEADER)
    response = client.get(reverse("reports:scorecard"), QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("2a", "2b", "3a", "3c", "3e", "4a", "4b", "5c"):
        assert f"<td>{code}</td>" in page
    assert "Quyết định 766/QĐ-TTg" in page


def test_scorecard_2026_shows_the_boards_indicators_points_and_formulas(setup, client):
    """A 2026 period is scored by QĐ 766 as the DVCQG board scores it (law-2026.md §5.2): every
    indicator with its points, scoring and formula, and both group views (§5.1)."""
    setup.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 15), finished=local(dt.date(2026, 7, 5)))
    login(client, setup, Role.AGENCY_LEADER)
    page = client.get(reverse("reports:scorecard"), {"ky": "custom", "tu": "2026-07-01", "den": "2026-09-30"})
    text = page.content.decode()
    for code in ("1.1", "2.1", "2.2", "3.2", "3.6", "4.4", "4.5a", "4.5b", "5.4"):
        assert f'data-code="{code}"' in text, code
    assert "Quyết định 766/QĐ-TTg theo cách chấm của Cổng Dịch vụ công quốc gia" in text
    assert "Công thức: 100 % − (tỷ lệ hồ sơ trễ hạn" in text
    assert "Chấm ngoài hệ thống" in text and "không phát sinh: đủ điểm" in text and "≥ 90 %" in text
    # 2.1: the July dossier on time; the direct one received in 2021 still open, late: 20 × 1/2.
    row = text.split('<tr data-code="2.1">')[1].split("</tr>")[0]
    assert "<td>1 / 2</td>" in row and "<td>10</td>" in row and "<td>20</td>" in row
    assert "Theo bảng điểm Cổng Dịch vụ công quốc gia (6 nhóm)" in text
    assert "4. Thanh toán trực tuyến" in text and "3. Số hóa hồ sơ" in text


def test_scorecard_shows_the_nd_224_measures_from_july_2026(setup, client):
    """NĐ 224/2026 Art. 19 (from 01/7/2026, law-2026.md §6.3): the measures under the indices; none for 2021."""
    login(client, setup, Role.AGENCY_LEADER)
    text = client.get(reverse("reports:scorecard"), {"ky": "custom", "tu": "2026-07-01", "den": "2026-09-30"})
    text = text.content.decode()
    assert "Đo lường dịch vụ công trực tuyến (Điều 19 Nghị định 224/2026/NĐ-CP)" in text
    for code in ("full_online", "online_intake", "online_processing", "automated", "average_time", "proactive"):
        assert f'<tr data-code="{code}">' in text, code
    assert "Đo lường dịch vụ công trực tuyến" not in client.get(reverse("reports:scorecard"), QUERY).content.decode()


def test_nav_link_for_staff_with_statistics(setup, client):
    login(client, setup, Role.AGENCY_LEADER)
    assert "Số liệu, báo cáo" in client.get(reverse("home")).content.decode()


def test_downloads_of_an_unfinished_month_judge_open_dossiers_today(world, client, monkeypatch):
    """The .xlsx and the .docx carry the dashboard's figures: on 04/12 a dossier due 10/12 is within its deadline."""
    from django.utils import timezone

    roles_sync(strict=False)
    monkeypatch.setattr(timezone, "now", lambda: local(dt.date(2026, 12, 4), 10))
    world.dossier(received=local(dt.date(2026, 11, 20)), due=dt.date(2026, 12, 2))
    world.dossier(received=local(dt.date(2026, 11, 20)), due=dt.date(2026, 12, 10))
    login(client, world, Role.AGENCY_LEADER)
    month = {"ky": "month", "nam": "2026", "so": "12"}
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:export_xlsx"), month).content))["Biểu 06"]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng cộng")
    assert total[12:15] == (2, 1, 1)  # in progress: total, within deadline, overdue
    texts = [p.text for p in Document(io.BytesIO(client.get(reverse("reports:export_docx"), month).content)).paragraphs]
    assert any("02 hồ sơ đang giải quyết (trong đó: 01 hồ sơ trong hạn, 01 hồ sơ quá hạn)" in t for t in texts), texts
