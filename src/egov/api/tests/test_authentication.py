"""Integrations authenticate with a token; the browser with its session (and CSRF on writes)."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .factories import AgencyFactory, citizen
from .world import received_dossier

pytestmark = pytest.mark.django_db


def test_token_authenticates_an_integration_account():
    account = citizen(username="cong-dich-vu-cong")
    dossier = received_dossier(agency=AgencyFactory(), unit=None, owner=account)
    token = Token.objects.create(user=account)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/dossiers/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [dossier.pk]


def test_a_wrong_token_is_refused_in_the_api_shape():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "authentication_failed", "message": "Thông tin xác thực không hợp lệ."}
    }


def test_session_authentication_works_for_the_browser():
    user = citizen()
    client = APIClient()
    client.force_login(user)
    assert client.get("/api/v1/dossiers/").status_code == 200


def test_session_writes_need_the_csrf_token():
    user = citizen()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/dossiers/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
