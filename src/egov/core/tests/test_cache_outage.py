"""The site with its cache unreachable (issue 12, item 9; core/cache.py, decision 0032): production's
cache settings pointed at a closed port, and at a real Redis that stops and comes back. Every page
class still answers (log-in, the API, the public look-up, the staff workspace), limits that guard
messages and accounts refuse clearly, and /healthz tells the database, the cache and the broker apart."""

from __future__ import annotations

import ast
import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from egov.core import cache as core_cache
from egov.organisations.roles import Role
from egov.portal.tests.conftest import _clean_counters_and_outbox  # noqa: F401 (autouse: counters, SMS outbox)
from egov.portal.tests.world import PASSWORD, advance_to, build_department, file_online
from egov.settings.tests.test_production import _production_value


@pytest.fixture
def department(db):
    return build_department()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production_cache_settings():
    """Production's default cache and session engine, as a server process has them."""
    cache_settings = ast.literal_eval(_production_value("s.CACHES['default']"))
    engine = _production_value("s.SESSION_ENGINE").strip()
    assert engine == "django.contrib.sessions.backends.cached_db"
    return cache_settings, engine


@pytest.fixture
def on_cache(settings, production_cache_settings, monkeypatch):
    """Point production's cache settings at a Redis URL (with the shared caches on, as in production)."""
    monkeypatch.setattr(core_cache, "RETRY_SECONDS", 0.3)
    monkeypatch.setattr(core_cache, "_outages", {})

    def point(url: str):
        cache_settings, engine = production_cache_settings
        settings.CACHES = {**django_settings.CACHES, "default": {**cache_settings, "LOCATION": url}}
        settings.SESSION_ENGINE = engine
        settings.EGOV_LOOKUP_CACHE_SECONDS = 3600
        settings.EGOV_QUEUE_COUNTS_CACHE_SECONDS = 300

    return point


@pytest.fixture
def dead_cache(on_cache):
    on_cache(f"redis://127.0.0.1:{_free_port()}/0")  # nothing listens there


def _log_in(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


# --- a cache that never answers ----------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_log_in_and_work_in_the_workspace(caplog, dead_cache, department):
    dossier = advance_to(department, file_online(department), "received")
    client = Client()
    with caplog.at_level(logging.WARNING, logger="egov.core.cache"):
        _log_in(client, department.user(Role.RECEIVING_OFFICER))
        assert client.get(reverse("workspace:queues")).status_code == 200
        page = client.get(reverse("workspace:dossier", args=[dossier.pk]))
        assert page.status_code == 200 and dossier.code in page.content.decode()
    # One line when the outage began (while the world was built), not one per operation.
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert [r.getMessage() for r in records if "unreachable" in r.getMessage()] == [
        f"Cache {django_settings.CACHES['default']['LOCATION']} unreachable (ConnectionError: Error 111 connecting "
        f"to {django_settings.CACHES['default']['LOCATION'][8:-2]}. Connection refused.): pages are served "
        "without it; next try in 0.3 s"
    ]


@pytest.mark.django_db
def test_the_api_answers_staff_and_anonymous_clients(dead_cache, department):
    client = Client()
    _log_in(client, department.user(Role.RECEIVING_OFFICER))
    assert client.get(reverse("api:dossier-list")).status_code == 200
    # The anonymous catalogue: its throttle cannot count, so it lets the reads through.
    assert Client().get(reverse("api:procedure-list")).status_code == 200


@pytest.mark.django_db
def test_the_public_look_up_answers(dead_cache, department):
    dossier = advance_to(department, file_online(department), "received")
    page = Client().get(reverse("portal:lookup"), {"ma": dossier.code})
    assert page.status_code == 200 and dossier.code in page.content.decode()
    assert Client().get(reverse("portal:lookup"), {"ma": "000.00.99.H48-210101-0001"}).status_code == 404


@pytest.mark.django_db
def test_no_one_time_code_is_sent_while_its_limit_cannot_count(dead_cache, department):
    from egov.outbox.backends import FakeSmsGateway

    client = Client()
    _log_in(client, department.citizen)
    url = reverse("portal:file_contact", args=[department.alcohol.code])
    response = client.post(url, {"channel": "sms", "phone": "0905123456"})
    assert response.status_code == 400
    assert "Tạm thời chưa gửi được mã xác nhận; vui lòng thử lại sau ít phút." in response.content.decode()
    assert FakeSmsGateway.outbox == []


@pytest.mark.django_db
def test_no_account_is_created_while_the_sign_up_limit_cannot_count(dead_cache):
    from egov.organisations.models import User

    response = Client().post(reverse("portal:signup"), {"username": "cong-dan-moi"})
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "Tạm thời chưa đăng ký được tài khoản" in response.content.decode()
    assert not User.objects.filter(username="cong-dan-moi").exists()


@pytest.mark.django_db
def test_health_reports_the_cache_apart_from_the_database(dead_cache):
    response = Client().get(reverse("health"))
    assert response.status_code == 200  # the site works: a load balancer keeps the server
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error", "broker": "not used"}


@pytest.mark.django_db
def test_health_reports_the_broker(settings, redis_server):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_free_port()}/0"
    response = Client().get(reverse("health"))
    assert (response.status_code, response.json()) == (
        200,
        {"status": "degraded", "database": "ok", "cache": "ok", "broker": "error"},
    )
    settings.CELERY_BROKER_URL = redis_server[1]
    assert Client().get(reverse("health")).json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


# --- a real Redis that stops and comes back ------------------------------------------------------------


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of its own on a free port, to stop and resume."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; CI must not skip this test.")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield process, url
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


def _wait_past_retry():
    time.sleep(core_cache.RETRY_SECONDS + 0.1)


@pytest.mark.django_db
def test_logged_in_staff_stay_logged_in_when_redis_stops(on_cache, redis_server, department):
    process, url = redis_server
    on_cache(url)
    client = Client()
    _log_in(client, department.user(Role.RECEIVING_OFFICER))
    assert client.get(reverse("workspace:queues")).status_code == 200  # the session now in Redis too
    process.terminate()
    process.wait(timeout=10)
    response = client.get(reverse("workspace:queues"))
    assert response.status_code == 200  # the session read from the database
    assert response.wsgi_request.user == department.user(Role.RECEIVING_OFFICER)


@pytest.mark.django_db
def test_a_log_out_during_an_outage_stays_done_when_redis_comes_back_with_its_data(on_cache, redis_server, department):
    # A Redis that stops answering and comes back with what it held (a network cut, a restart that
    # reloads its snapshot) still has the session logged out meanwhile: it is deleted first.
    process, url = redis_server
    on_cache(url)
    client = Client()
    _log_in(client, department.user(Role.RECEIVING_OFFICER))
    assert client.get(reverse("workspace:queues")).status_code == 200
    session_key = client.session.session_key
    process.send_signal(signal.SIGSTOP)  # no answer: each operation times out
    try:
        assert client.post(reverse("logout")).status_code == 200  # "logged out" page
    finally:
        process.send_signal(signal.SIGCONT)
    old = Client()
    old.cookies[django_settings.SESSION_COOKIE_NAME] = session_key
    _wait_past_retry()
    response = old.get(reverse("workspace:queues"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not cache.has_key(f"django.contrib.sessions.cached_db{session_key}")


@pytest.mark.django_db
def test_the_cache_is_used_again_once_redis_is_back(on_cache, redis_server, department):
    process, url = redis_server
    on_cache(url)
    process.send_signal(signal.SIGSTOP)
    try:
        client = Client()
        _log_in(client, department.user(Role.RECEIVING_OFFICER))
        assert not core_cache.cache_available(cache)
    finally:
        process.send_signal(signal.SIGCONT)
    _wait_past_retry()
    assert client.get(reverse("workspace:queues")).status_code == 200
    assert core_cache.cache_available(cache)
    assert cache.get(f"django.contrib.sessions.cached_db{client.session.session_key}")[SESSION_KEY] == str(
        department.user(Role.RECEIVING_OFFICER).pk
    )


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(monkeypatch):
    from django.db import OperationalError, connection

    def refused():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refused)
    response = Client().get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "error", "cache": "ok", "broker": "not used"}
