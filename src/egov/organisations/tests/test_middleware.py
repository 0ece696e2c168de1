"""The account rules a signed-in request passes: idle time, second factor, password change."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from egov.organisations.middleware import LAST_SEEN_KEY
from egov.organisations.roles import Role

from .factories import StaffFactory, UserFactory, enrolled_device, totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-1"
HOME = "/"


def password_login(user) -> Client:
    """The log-in form, as a person fills it: the password step only."""
    client = Client()
    response = client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def test_a_leader_without_an_authenticator_is_sent_to_enrol_first():
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    response = password_login(leader).get("/can-bo/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/xac-thuc-hai-lop/thiet-lap/?next=%2Fcan-bo%2F"


def test_an_enrolled_account_proves_the_code_before_any_page():
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    device = enrolled_device(leader)
    client = password_login(leader)
    response = client.get("/can-bo/")
    assert response["Location"] == "/dang-nhap/xac-thuc/?next=%2Fcan-bo%2F"
    response = client.post("/dang-nhap/xac-thuc/", {"code": totp_code(device), "next": "/can-bo/"})
    assert response["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200


def test_the_admin_site_needs_the_second_factor():
    admin = UserFactory(is_staff=True, is_superuser=True)
    response = password_login(admin).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/xac-thuc-hai-lop/thiet-lap/")


def test_the_api_in_a_session_without_the_second_factor_answers_403_in_its_shape():
    leader = StaffFactory(roles=[Role.AGENCY_LEADER])
    response = password_login(leader).get("/api/v1/dossiers/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "account_action_required"


def test_an_account_without_the_need_goes_straight_in():
    specialist = StaffFactory(roles=[Role.SPECIALIST])
    assert password_login(specialist).get("/can-bo/").status_code == 200


def test_a_citizen_who_turned_it_on_is_asked_too():
    citizen = UserFactory()
    enrolled_device(citizen)
    response = password_login(citizen).get("/cong-dan/ho-so/")
    assert response["Location"].startswith("/dang-nhap/xac-thuc/")


def test_a_temporary_password_is_changed_before_anything_else():
    officer = StaffFactory(roles=[Role.RECEIVING_OFFICER], must_change_password=True)
    client = password_login(officer)
    response = client.get("/can-bo/")
    assert response["Location"] == "/tai-khoan/doi-mat-khau/?next=%2Fcan-bo%2F"
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Cau-Long-Quang-Ngai-9", "new_password2": "Cau-Long-Quang-Ngai-9"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.must_change_password
    assert client.get("/can-bo/").status_code == 200


def test_a_staff_password_past_its_age_must_be_changed(settings):
    settings.EGOV_STAFF_PASSWORD_MAX_AGE_DAYS = 180
    officer = StaffFactory(roles=[Role.RECEIVING_OFFICER])
    type(officer).objects.filter(pk=officer.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=181))
    assert password_login(officer).get("/can-bo/")["Location"].startswith("/tai-khoan/doi-mat-khau/")
    citizen = UserFactory()
    type(citizen).objects.filter(pk=citizen.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=900))
    assert password_login(citizen).get("/cong-dan/ho-so/").status_code == 200  # citizens are not asked


def _idle(client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] -= minutes * 60
    session.save()


def test_a_staff_session_idle_past_its_limit_is_ended(settings):
    settings.EGOV_STAFF_IDLE_MINUTES = 30
    client = password_login(StaffFactory(roles=[Role.SPECIALIST]))
    _idle(client, 29)
    assert client.get("/can-bo/").status_code == 200  # and the clock starts again
    _idle(client, 31)
    response = client.get("/can-bo/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    assert "_auth_user_id" not in client.session


def test_citizens_have_their_own_idle_limit(settings):
    settings.EGOV_STAFF_IDLE_MINUTES = 30
    settings.EGOV_CITIZEN_IDLE_MINUTES = 60
    client = password_login(UserFactory())
    _idle(client, 45)
    assert client.get("/cong-dan/ho-so/").status_code == 200
    _idle(client, 61)
    assert client.get("/cong-dan/ho-so/").status_code == 302


def test_the_last_request_is_written_to_the_session_at_most_once_a_minute():
    client = password_login(StaffFactory(roles=[Role.SPECIALIST]))
    first = client.session[LAST_SEEN_KEY]
    _idle(client, 0)
    client.get("/can-bo/")
    assert client.session[LAST_SEEN_KEY] == first  # within the minute: not rewritten
    _idle(client, 2)
    client.get("/can-bo/")
    assert client.session[LAST_SEEN_KEY] >= first
