"""Account pages: password reset by e-mail, the second-factor pages, API tokens, sign-up's texts."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.organisations.models import ApiToken
from egov.organisations.roles import Role
from egov.organisations.tests.factories import StaffFactory, UserFactory, enrolled_device, totp_code
from egov.outbox.models import Message

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-1"
NEW_PASSWORD = "Song-Tra-Khuc-2026"


def _password_login(user) -> Client:
    client = Client()
    assert client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def test_the_login_page_offers_the_password_reset():
    assert 'href="/quen-mat-khau/"' in Client().get("/dang-nhap/").content.decode()


def test_the_admin_login_page_offers_the_same_password_reset():
    page = Client().get("/admin/login/").content.decode()
    assert 'href="/admin/quen-mat-khau/"' in page
    response = Client().get("/admin/quen-mat-khau/", follow=True)
    assert response.redirect_chain[-1][0] == "/quen-mat-khau/" and response.status_code == 200


def test_password_reset_sends_a_one_time_link_on_the_public_address(settings):
    settings.EGOV_PUBLIC_BASE_URL = "https://dichvucong.quangngai.gov.vn"
    citizen = UserFactory(email="an@example.vn")
    client = Client()
    response = client.post("/quen-mat-khau/", {"email": "AN@example.vn"}, HTTP_HOST="localhost")
    assert response["Location"] == "/quen-mat-khau/da-gui/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.vn"]
    link = re.search(r"https://dichvucong\.quangngai\.gov\.vn(/quen-mat-khau/\S+/)", mail.outbox[0].body).group(1)
    # Through the outbox, like every outgoing message; the link (a secret) is not kept once sent.
    sent = Message.objects.get(kind="password_reset")
    assert sent.state == Message.State.SENT and sent.recipient == "an@example.vn" and link not in sent.body
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "abcdefghijk", "new_password2": "abcdefghijk"})
    assert weak.status_code == 200 and "3 trong 4 loại" in weak.content.decode()  # the policy applies
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/quen-mat-khau/xong/"
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert "không còn dùng được" in client.get(link, follow=True).content.decode()  # used once


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing():
    response = Client().post("/quen-mat-khau/", {"email": "ai-do@example.vn"})
    assert response["Location"] == "/quen-mat-khau/da-gui/"
    assert mail.outbox == []


def test_password_reset_requests_are_capped_per_address(settings):
    settings.EGOV_PASSWORD_RESET_RATE = "2/hour"
    client = Client()
    for _ in range(2):
        assert client.post("/quen-mat-khau/", {"email": "x@example.vn"}).status_code == 302
    response = client.post("/quen-mat-khau/", {"email": "x@example.vn"})
    assert response.status_code == 429
    assert "quá nhiều yêu cầu" in response.content.decode()


def test_a_wrong_second_factor_code_is_refused_with_a_message():
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = enrolled_device(leader)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    response = _password_login(leader).post("/dang-nhap/xac-thuc/", {"code": wrong})
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()


def test_enrolment_page_shows_a_qr_code_and_the_secret_then_the_recovery_codes():
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    client = _password_login(leader)
    page = client.get("/tai-khoan/xac-thuc-hai-lop/thiet-lap/").content.decode()
    assert "<svg" in page and "data-totp-secret" in page
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert client.get("/tai-khoan/xac-thuc-hai-lop/thiet-lap/").status_code == 200
    assert TOTPDevice.objects.get(user=leader, confirmed=False) == device  # the same secret on reload
    response = client.post("/tai-khoan/xac-thuc-hai-lop/thiet-lap/", {"code": totp_code(device), "next": "/can-bo/"})
    codes = re.findall(r"<code>([0-9A-Z]{5}-[0-9A-Z]{5})</code>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/can-bo/").status_code == 200  # verified by the enrolment itself


def test_a_password_alone_cannot_replace_an_enrolled_authenticator():
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = enrolled_device(leader)
    response = _password_login(leader).get("/tai-khoan/xac-thuc-hai-lop/thiet-lap/")
    assert response["Location"].startswith("/dang-nhap/xac-thuc/")
    assert list(TOTPDevice.objects.filter(user=leader)) == [device]


def test_an_account_that_must_use_the_second_factor_cannot_turn_it_off(client):
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    client.force_login(leader)
    assert client.post("/tai-khoan/xac-thuc-hai-lop/tat/").status_code == 403
    assert TOTPDevice.objects.filter(user=leader).exists()
    citizen = UserFactory()
    enrolled_device(citizen)
    client.force_login(citizen)
    assert client.post("/tai-khoan/xac-thuc-hai-lop/tat/").status_code == 302
    assert not TOTPDevice.objects.filter(user=citizen).exists()


def test_a_new_api_token_is_shown_once_and_listed_by_its_prefix(client):
    owner = UserFactory()
    client.force_login(owner)
    response = client.post("/tai-khoan/khoa-api/", {"name": "Cổng dịch vụ công", "days": 30})
    secret = re.search(r'<code id="new-token">(egov_[0-9A-Z]{40})</code>', response.content.decode()).group(1)
    listing = client.get("/tai-khoan/khoa-api/").content.decode()
    assert secret not in listing
    assert ApiToken.objects.get(user=owner).prefix in listing


def test_an_api_token_longer_than_allowed_is_refused(client, settings):
    settings.EGOV_API_TOKEN_MAX_DAYS = 365
    client.force_login(UserFactory())
    response = client.post("/tai-khoan/khoa-api/", {"name": "Cổng", "days": 1000})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_and_nobody_else_can(client):
    from egov.organisations.tokens import api_token_create

    owner, other = UserFactory(), UserFactory()
    token, _secret = api_token_create(user=owner, name="Cổng", days=30)
    client.force_login(other)
    assert client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 404
    client.force_login(owner)
    assert client.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == owner


def test_sign_up_shows_the_products_own_help_and_the_password_reset():
    page = Client().get("/cong-dan/dang-ky/").content.decode()
    assert "150 ký tự hoặc ít hơn" not in page and "150 characters or fewer" not in page
    assert "Dùng để đăng nhập" in page and "3 trong 4 loại" in page
    assert 'href="/quen-mat-khau/"' in page


def test_the_user_menu_links_the_password_and_second_factor_pages(client):
    client.force_login(UserFactory())
    page = client.get("/").content.decode()
    assert 'href="/tai-khoan/doi-mat-khau/"' in page and 'href="/tai-khoan/xac-thuc-hai-lop/"' in page
