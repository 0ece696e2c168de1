"""The views of the core app: the language switcher, the page header every page shares, the error pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from egov.dossiers.tests.test_forms_fixtures import make_agency, make_user
from egov.organisations.roles import Role
from egov.organisations.services import roles_sync


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
        client.force_login(make_user(agency=agency, name=name, roles=(Role.SPECIALIST,)))
        html = client.get(reverse("portal:catalogue")).content.decode()
        assert name in html and reverse("workspace:queues") in html
        assert f'<a href="{reverse("login")}">' not in html


@pytest.mark.django_db
def test_a_refused_page_says_why_and_leads_to_the_users_own_work():
    roles_sync(strict=False)
    client = Client()
    client.force_login(make_user(agency=make_agency(), roles=(Role.CLERK,)))
    response = client.get(reverse("workspace:queues"))  # typed by hand: the clerk has no dossier queue
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Không có quyền truy cập</h1>" in html
    assert "Tài khoản không có quyền xử lý hồ sơ." in html  # the view's own reason
    assert f'href="{reverse("documents:incoming")}"' in html  # the clerk's work
    assert f'href="{reverse("workspace:queues")}"' not in html


@pytest.mark.django_db
def test_the_error_pages_are_in_english_when_chosen():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(make_user(agency=make_agency()))
    refused = client.get(reverse("workspace:queues"))
    assert refused.status_code == 403 and "<h1>Access denied</h1>" in refused.content.decode()
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "<h1>Page not found</h1>" in missing.content.decode()


@pytest.mark.django_db
def test_a_missing_page_says_so_and_where_to_go():
    response = Client().get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404 and "<h1>Không tìm thấy trang</h1>" in html
    assert f'href="{reverse("portal:catalogue")}"' in html and f'href="{reverse("portal:lookup")}"' in html


@pytest.mark.django_db
def test_a_malformed_request_gets_the_products_page():
    response = Client().get("/", HTTP_HOST="khong-hop-le.example")  # not in ALLOWED_HOSTS
    assert response.status_code == 400 and "<h1>Yêu cầu không hợp lệ</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_is_explained():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(agency=make_agency()))
    html = client.post(reverse("logout")).content.decode()
    assert "Biểu mẫu đã cũ hoặc phiên làm việc đã hết hạn." in html and "CSRF" not in html


def failing_context_processor(request):
    raise RuntimeError("a context processor that fails")


def test_the_server_error_page_needs_neither_the_database_nor_the_context_processors(settings):
    # No django_db mark: any database query fails the test. The home page fails in a context
    # processor; the error page is still the product's, in Vietnamese.
    templates = [dict(settings.TEMPLATES[0], OPTIONS=dict(settings.TEMPLATES[0]["OPTIONS"]))]
    processors = templates[0]["OPTIONS"]["context_processors"]
    templates[0]["OPTIONS"]["context_processors"] = [*processors, f"{__name__}.failing_context_processor"]
    settings.TEMPLATES = templates
    response = Client(raise_request_exception=False).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Lỗi hệ thống</h1>" in html and f'href="{reverse("home")}"' in html


def test_an_api_server_error_keeps_the_apis_error_shape(rf):
    from egov.core.views import server_error

    response = server_error(rf.get("/api/v1/ho-so/"))
    assert response.status_code == 500 and response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_missing_page_is_still_said_when_the_sites_page_cannot_be_drawn(settings):
    # The failing context processor stands for anything of the full page (the static files'
    # manifest, the database): the plain page says the same, with the same status.
    templates = [dict(settings.TEMPLATES[0], OPTIONS=dict(settings.TEMPLATES[0]["OPTIONS"]))]
    processors = templates[0]["OPTIONS"]["context_processors"]
    templates[0]["OPTIONS"]["context_processors"] = [*processors, f"{__name__}.failing_context_processor"]
    settings.TEMPLATES = templates
    response = Client(raise_request_exception=False).get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "<h1>Không tìm thấy trang</h1>" in response.content.decode()
