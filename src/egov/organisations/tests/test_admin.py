"""The user admin: a password an administrator sets is temporary; tokens are revoked, never edited."""

import pytest
from django.test import Client

from egov.organisations.models import ApiToken
from egov.organisations.tokens import api_token_create

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_password_set_by_an_administrator_must_be_changed_by_its_owner():
    user = UserFactory()
    response = _admin_client().post(
        f"/admin/organisations/user/{user.pk}/password/",
        {"password1": "Tam-Thoi-Quang-Ngai-1", "password2": "Tam-Thoi-Quang-Ngai-1", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content[:500]
    user.refresh_from_db()
    assert user.check_password("Tam-Thoi-Quang-Ngai-1") and user.must_change_password


def test_an_administrator_revokes_tokens_and_cannot_add_or_edit_them():
    token, _secret = api_token_create(user=UserFactory(), name="Cổng", days=30)
    client = _admin_client()
    assert client.get("/admin/organisations/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/organisations/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "digest" not in client.get(f"/admin/organisations/apitoken/{token.pk}/change/").content.decode()
    assert ApiToken.objects.count() == 1
