"""The public look-up's page shared through the cache: served only while exact."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.organisations.roles import Role
from egov.portal import lookup_cache
from egov.portal.lookup_cache import SharedLookup

from .world import advance_to, file_online

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.EGOV_LOOKUP_CACHE_SECONDS = 600


@pytest.fixture
def dossier(department):
    return advance_to(department, file_online(department), "assigned")


def _url(code: str) -> str:
    return f"{reverse('portal:lookup')}?ma={code}"


def _opened(code: str) -> SharedLookup:
    """The cache's side of a look-up request that has read the cache (and not yet the dossier)."""
    shared = SharedLookup.for_request(RequestFactory().get(_url(code)), code)
    shared.read(cache.get_many(shared.keys))
    return shared


def _lookup(client, code: str, **extra):
    """The response and the number of database queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(code), **extra)
    return response, len(queries)


def test_a_repeated_lookup_is_the_same_page_without_a_query(client, dossier):
    first, first_queries = _lookup(client, dossier.code)
    second, second_queries = _lookup(client, dossier.code)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0 and second_queries == 0
    assert second.content == first.content
    for header in ("Content-Type", "Cache-Control", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert set(second["Vary"].split(", ")) == set(first["Vary"].split(", ")) == {"Accept-Language", "Cookie"}
    assert "Đang giải quyết, trong hạn" in second.content.decode()


def test_a_write_of_the_dossier_shows_at_once(client, department, dossier, django_capture_on_commit_callbacks):
    assert "Đang xử lý" in _lookup(client, dossier.code)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_submit_for_signature(dossier=dossier, actor=department.user(Role.SPECIALIST))
    page, queries = _lookup(client, dossier.code)
    assert queries > 0
    assert "Chờ ký duyệt" in page.content.decode()
    assert "Đang xử lý" not in page.content.decode()


def test_a_page_rendered_before_a_concurrent_write_is_never_served(client, department, dossier):
    # A request reads the stamp, then the dossier; meanwhile a write commits; then it stores its page.
    late = _opened(dossier.code)
    assert late is not None and late.stamp is not None
    dossier.applicant_phone = "0905000000"
    dossier.save()  # any write of the dossier (the at-write invalidation; after commit it runs again)
    late.store(HttpResponse("<p>trang cũ</p>"))
    page, queries = _lookup(client, dossier.code)
    assert queries > 0
    assert "trang cũ" not in page.content.decode()


def test_a_page_rendered_from_the_data_before_a_commit_is_not_served_after_it(
    client, dossier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the block's end is the write's commit
        dossier.applicant_phone = "0905000000"
        dossier.save()
        # Between the write and its commit another request still reads the former data.
        early = _opened(dossier.code)
        early.store(HttpResponse("<p>trang cũ</p>"))
    page, queries = _lookup(client, dossier.code)
    assert queries > 0
    assert "trang cũ" not in page.content.decode()


def test_a_renamed_procedure_shows_at_once(client, department, dossier):
    _lookup(client, dossier.code)
    department.alcohol.name = "Cấp Giấy phép bán buôn rượu (tên mới)"
    department.alcohol.save()
    assert "(tên mới)" in _lookup(client, dossier.code)[0].content.decode()


def test_the_next_day_renders_the_page_again(client, dossier, monkeypatch):
    assert "trong hạn" in _lookup(client, dossier.code)[0].content.decode()
    after_due = dossier.due_date + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: after_due)
    page, queries = _lookup(client, dossier.code)
    assert queries > 0
    assert "đã quá hạn" in page.content.decode()


def test_each_language_has_its_page(client, dossier):
    _lookup(client, dossier.code)
    english, queries = _lookup(client, dossier.code, **EN)
    assert queries > 0 and "Being processed, on schedule" in english.content.decode()
    english, queries = _lookup(client, dossier.code, **EN)
    assert queries == 0 and "Being processed, on schedule" in english.content.decode()
    assert "trong hạn" in _lookup(client, dossier.code)[0].content.decode()


def test_a_new_release_renders_the_page_again(client, dossier, monkeypatch):
    _lookup(client, dossier.code)
    monkeypatch.setattr(lookup_cache, "fingerprint", lambda: "another-release")
    assert _lookup(client, dossier.code)[1] > 0
    assert _lookup(client, dossier.code)[1] == 0


def test_only_the_page_every_visitor_gets_is_cached(client, department, dossier):
    for code in (dossier.code.lower(), f"{dossier.code}&x=1", "000.00.99.H48-200101-0001"):
        for _ in range(2):
            assert _lookup(client, code)[1] > 0, code  # another address, or no such dossier: rendered
    client.force_login(department.citizen)  # the header names the user
    for _ in range(2):
        response, queries = _lookup(client, dossier.code)
        assert queries > 0 and str(department.citizen) in response.content.decode()


def test_cached_lookups_count_against_the_rate_limit(client, dossier, settings):
    settings.EGOV_LOOKUP_RATE = "3/minute"
    for _ in range(3):
        assert _lookup(client, dossier.code)[0].status_code == 200
    assert _lookup(client, dossier.code)[0].status_code == 429


def test_off_unless_set(client, dossier, settings):
    settings.EGOV_LOOKUP_CACHE_SECONDS = 0
    _lookup(client, dossier.code)
    assert _lookup(client, dossier.code)[1] > 0


def test_a_dossier_write_goes_through_when_the_cache_is_down(department, dossier, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "delete_many", down)
    dossier.applicant_phone = "0905000000"
    dossier.save()
    assert Dossier.objects.get(pk=dossier.pk).applicant_phone == "0905000000"
    assert "not invalidated" in caplog.text
