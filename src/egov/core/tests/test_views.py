"""The views of the core app: the language switcher, and the page header every page shares."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from egov.dossiers.tests.test_forms_fixtures import make_agency, make_user


@pytest.mark.django_db
def test_an_anonymous_page_sets_no_cookie_and_does_not_vary_on_it_for_csrf():
    response = Client().get(reverse("portal:lookup"))
    assert response.status_code == 200
    assert settings.CSRF_COOKIE_NAME not in response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_works_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("portal:lookup")})
    assert response.status_code == 302 and response["Location"] == reverse("portal:lookup")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Look up" in client.get(reverse("portal:lookup")).content.decode()


@pytest.mark.django_db
def test_the_language_switcher_never_redirects_off_the_site():
    response = Client().post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_logging_out_still_needs_the_csrf_token():
    user = make_user(agency=make_agency())
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 403


@pytest.mark.django_db
def test_the_anonymous_header_is_rendered_in_each_language_in_turn():
    # The anonymous links are a cached fragment per language: switching back and forth shows each.
    client = Client()
    for language, login, catalogue in [
        ("vi", "Đăng nhập", "Thủ tục hành chính"),
        ("en", "Log in", "Administrative procedures"),
        ("vi", "Đăng nhập", "Thủ tục hành chính"),
    ]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get(reverse("portal:catalogue")).content.decode()
        assert f'<a href="{reverse("login")}">{login}</a>' in html
        assert f">{catalogue}</a>" in html


@pytest.mark.django_db
def test_a_logged_in_user_sees_their_own_header_not_a_cached_one():
    agency = make_agency()
    client = Client()
    client.get(reverse("portal:catalogue"))  # the anonymous fragment is now cached
    for name in ("Trần Thị Hoa", "Lê Văn Nam"):
        client.force_login(make_user(agency=agency, name=name))
        html = client.get(reverse("portal:catalogue")).content.decode()
        assert name in html and reverse("workspace:queues") in html
        assert f'<a href="{reverse("login")}">' not in html
