"""The portal's main pages in English on request (Accept-Language or the language cookie),
Vietnamese by default; data (procedure names, legal references) stays as stored."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .world import advance_to, file_online

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request under English leaves English active in this thread; later tests expect Vietnamese."""
    yield
    translation.deactivate()


def _english_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_catalogue_in_english_and_vietnamese_by_default(client, department):
    page = client.get(reverse("portal:catalogue")).content.decode()
    assert '<html lang="vi">' in page
    assert "Tìm thấy 2 thủ tục." in page
    assert "Lĩnh vực: Lưu thông hàng hóa trong nước" in page

    page = client.get(reverse("portal:catalogue"), **EN).content.decode()
    assert '<html lang="en">' in page
    for text in (
        "Administrative procedures",
        "2 procedures found.",
        "Field: Lưu thông hàng hóa trong nước",
        "Only procedures that can be filed online",
        "Online service: full online",
        "Filed at the counter or by post",
        "Cấp Giấy phép bán buôn rượu",  # data stays as stored
    ):
        assert text in page, text
    for text in ("Tìm thấy", "Lĩnh vực:", "Chỉ thủ tục nộp trực tuyến"):
        assert text not in page, text


def test_catalogue_count_is_singular_for_one_procedure(client, department):
    page = client.get(reverse("portal:catalogue"), {"q": "ban buon ruou"}, **EN).content.decode()
    assert "1 procedure found." in page


def test_procedure_detail_in_english(client, department):
    url = reverse("portal:procedure", args=[department.alcohol.code])
    page = client.get(url).content.decode()
    assert "Thành phần hồ sơ" in page and "Căn cứ pháp lý" in page

    page = _english_cookie(client).get(url).content.decode()
    for text in (
        "Procedure code",
        "Competent agency",
        "Required documents",
        "Fees and charges",
        "Total",
        "Legal basis",
        "Where to submit",
        "File a dossier online",
        "1.200.000",
        "Published in Quyết định 1234/QĐ-UBND ngày 01/7/2021; in force from",
        "Nghị định 105/2017/NĐ-CP",
    ):
        assert text in page, text
    for text in ("Thành phần hồ sơ", "Căn cứ pháp lý", "Phí, lệ phí", "Nơi nộp hồ sơ"):
        assert text not in page, text


def test_lookup_in_english(client, department):
    dossier = advance_to(department, file_online(department), "assigned")
    page = client.get(reverse("portal:lookup"), {"ma": dossier.code}).content.decode()
    assert "Tình trạng" in page and "Ngày hẹn trả" in page

    page = client.get(reverse("portal:lookup"), {"ma": dossier.code}, **EN).content.decode()
    for text in (f"Dossier {dossier.code}", "Status", "Due date (appointment)", "Being processed, on schedule"):
        assert text in page, text
    assert "Tình trạng" not in page and "trong hạn" not in page

    response = client.get(reverse("portal:lookup"), {"ma": "000.00.99.H48-200101-0001"}, **EN)
    assert response.status_code == 404
    assert "No dossier has this code." in response.content.decode()


def test_filing_step_one_in_english_with_its_errors(client, department):
    client.force_login(department.citizen)
    url = reverse("portal:file_contact", args=[department.alcohol.code])
    page = client.get(url).content.decode()
    assert "Xác nhận số điện thoại hoặc thư điện tử" in page

    _english_cookie(client)
    page = client.get(url).content.decode()
    for text in (
        "File a dossier online",
        "Confirm your phone number or e-mail address",
        "Receive the confirmation code by",
        "Text message (SMS)",
        "Send the confirmation code",
    ):
        assert text in page, text
    assert "Gửi mã xác nhận" not in page

    response = client.post(url, {"channel": "sms", "phone": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not sent yet: please check the form" in page
    assert "Please enter a phone number to receive the code." in page


def test_my_dossiers_in_english(client, department):
    client.force_login(department.citizen)
    page = client.get(reverse("portal:my_dossiers")).content.decode()
    assert "Bạn chưa nộp hồ sơ nào." in page

    page = client.get(reverse("portal:my_dossiers"), **EN).content.decode()
    assert "My dossiers" in page and "You have not filed any dossier yet." in page

    dossier = file_online(department)
    page = client.get(reverse("portal:my_dossiers"), **EN).content.decode()
    for text in ('data-label="Dossier code"', "Date submitted", "Submitted, awaiting intake"):
        assert text in page, text

    page = client.get(reverse("portal:my_dossier", args=[dossier.pk]), **EN).content.decode()
    for text in (
        "Online submission reference",
        "Issued when the one-stop desk receives the dossier",
        "Processing history",
    ):
        assert text in page, text
    assert "Quá trình giải quyết" not in page
