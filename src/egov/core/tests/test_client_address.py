"""The client's address behind the trusted proxies (core/client_address.py), and the two attacks of
issue 12 item 10 behind nginx: a lock-out of a named official by anyone, and a forged or rotated
X-Forwarded-For around the per-address limits."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from egov.core.client_address import ClientAddressLogFilter, resolve_client_address
from egov.dossiers.tests.test_forms_fixtures import make_agency, make_user

NGINX = "127.0.0.1"  # the connection's address behind the proxy
ATTACKER, OFFICIAL, CITIZEN = "203.0.113.5", "198.51.100.7", "192.0.2.44"
PASSWORD = "mat-khau-thu-nghiem-1"


def through_nginx(client_ip: str, forged: str = "") -> dict:
    """A request's META as nginx passes it on: the client's own X-Forwarded-For (if any), then the
    address nginx received it from ($proxy_add_x_forwarded_for)."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": f"{forged}, {client_ip}" if forged else client_ip}


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("remote", "header", "proxies", "expected"),
    [
        (NGINX, "", 0, NGINX),
        (NGINX, ATTACKER, 0, NGINX),  # no proxy trusted: the header is never read
        (NGINX, ATTACKER, 1, ATTACKER),
        (NGINX, f"1.2.3.4, 5.6.7.8, {ATTACKER}", 1, ATTACKER),  # the client's own entries are ignored
        ("10.0.0.2", f"1.2.3.4, {ATTACKER}, 10.0.0.1", 2, ATTACKER),  # a load balancer, then nginx
        (NGINX, "", 1, NGINX),  # straight from the host (a health check): the connection's address
        (NGINX, " 2001:DB8::1 ", 1, "2001:db8::1"),
        (NGINX, "not-an-address", 1, NGINX),  # a proxy's configuration error: never a forged value
    ],
)
def test_the_client_is_read_behind_the_trusted_proxies_only(remote, header, proxies, expected):
    assert resolve_client_address(remote, header, proxies) == expected


def _log_in(client: Client, username: str, password: str, meta: dict):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


@pytest.mark.django_db
@override_settings(EGOV_TRUSTED_PROXIES=1, AXES_FAILURE_LIMIT=5)
def test_wrong_passwords_from_anyone_do_not_lock_the_official_out(caplog):
    official = make_user(agency=make_agency())
    for attempt in range(6):  # rotating what it forges changes nothing
        _log_in(Client(), official.username, "sai-mat-khau", through_nginx(ATTACKER, forged=f"10.9.9.{attempt}"))
    # The attacker's address is locked out for this account, even with the right password...
    with caplog.at_level(logging.WARNING, logger="django.request"):
        locked = _log_in(Client(), official.username, PASSWORD, through_nginx(ATTACKER))
    assert locked.status_code == 429
    # ...and the server's log line about it names that address, not nginx's.
    handlers = logging.getLogger().handlers
    console = next(h for h in handlers if any(isinstance(f, ClientAddressLogFilter) for f in h.filters))
    record = next(r for r in caplog.records if r.name == "django.request")
    assert console.filter(record) and console.format(record).startswith(f"WARNING django.request [{ATTACKER}] Too Many")
    # The official, from their own address behind the same nginx, still logs in.
    client = Client()
    response = _log_in(client, official.username, PASSWORD, through_nginx(OFFICIAL))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(official.pk)


@pytest.mark.django_db
@override_settings(EGOV_TRUSTED_PROXIES=0, AXES_FAILURE_LIMIT=3)
def test_with_no_trusted_proxy_a_forged_header_does_not_escape_the_lock_out():
    official = make_user(agency=make_agency())
    for attempt in range(3):
        _log_in(
            Client(), official.username, "sai", {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": f"10.0.0.{attempt}"}
        )
    assert _log_in(Client(), official.username, PASSWORD, {"REMOTE_ADDR": ATTACKER}).status_code == 429


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_get_around_the_api_anonymous_limit(settings):
    settings.EGOV_TRUSTED_PROXIES = 1
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "9/minute"},
    }
    url = reverse("api:procedure-list")
    statuses = [Client().get(url, **through_nginx(ATTACKER, forged=f"10.0.0.{n}")).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert Client().get(url, **through_nginx(CITIZEN)).status_code == 200  # another citizen, same nginx


@pytest.mark.django_db
@override_settings(EGOV_TRUSTED_PROXIES=1, EGOV_LOOKUP_RATE="2/minute")
def test_citizens_behind_one_nginx_do_not_share_the_look_up_limit():
    url = reverse("portal:lookup") + "?ma=000.00.01.H48-210205-0001"
    statuses = [Client().get(url, **through_nginx(ATTACKER, forged=f"10.0.0.{n}")).status_code for n in range(3)]
    assert statuses == [404, 404, 429]
    assert Client().get(url, **through_nginx(CITIZEN)).status_code == 404  # not found, but not throttled


@pytest.mark.django_db
@override_settings(EGOV_TRUSTED_PROXIES=1, EGOV_SIGNUP_RATE="1/hour")
def test_citizens_behind_one_nginx_do_not_share_the_sign_up_limit():
    url = reverse("portal:signup")
    form = {"username": "cong-dan"}  # incomplete: refused, but counted
    assert Client().post(url, form, **through_nginx(ATTACKER)).status_code == 400
    assert Client().post(url, form, **through_nginx(ATTACKER, forged="10.0.0.1")).status_code == 429
    assert Client().post(url, form, **through_nginx(CITIZEN)).status_code == 400
