"""Integrations authenticate with a token; the browser with its session (and CSRF on writes).

Tokens are stored as a SHA-256 digest, expire and can be revoked (docs/decisions/0026).
"""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from egov.organisations.models import ApiToken
from egov.organisations.tokens import api_token_create, api_token_revoke

from .factories import AgencyFactory, citizen
from .world import received_dossier

pytestmark = pytest.mark.django_db

REFUSED = {"error": {"code": "authentication_failed", "message": "Thông tin xác thực không hợp lệ."}}


def _client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_token_authenticates_an_integration_account():
    account = citizen(username="cong-dich-vu-cong")
    dossier = received_dossier(agency=AgencyFactory(), unit=None, owner=account)
    _token, secret = api_token_create(user=account, name="Cổng dịch vụ công", days=30)
    response = _client(secret).get("/api/v1/dossiers/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [dossier.pk]


def test_only_the_digest_of_a_token_is_stored():
    token, secret = api_token_create(user=citizen(), name="Phần mềm một cửa", days=30)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in [str(value) for value in row.values()]
    assert row["prefix"] == secret[: len(row["prefix"])] and len(row["prefix"]) < len(secret) // 3


def test_an_expired_token_is_refused():
    token, secret = api_token_create(user=citizen(), name="Cổng", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _client(secret).get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert response.json() == REFUSED


def test_a_revoked_token_is_refused_and_the_revocation_recorded():
    owner = citizen()
    token, secret = api_token_create(user=owner, name="Cổng", days=30)
    assert _client(secret).get("/api/v1/dossiers/").status_code == 200
    api_token_revoke(token=token, by=owner)
    response = _client(secret).get("/api/v1/dossiers/")
    assert response.status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == owner and token.revoked_at is not None


def test_a_token_of_a_deactivated_account_is_refused():
    owner = citizen()
    _token, secret = api_token_create(user=owner, name="Cổng", days=30)
    owner.is_active = False
    owner.save()
    assert _client(secret).get("/api/v1/dossiers/").status_code == 401


def test_a_wrong_token_is_refused_in_the_api_shape():
    response = _client("0123456789abcdef0123456789abcdef01234567").get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert response.json() == REFUSED


def test_a_token_call_records_its_last_use():
    token, secret = api_token_create(user=citizen(), name="Cổng", days=30)
    assert token.last_used_at is None
    _client(secret).get("/api/v1/dossiers/")
    token.refresh_from_db()
    assert token.last_used_at is not None


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
