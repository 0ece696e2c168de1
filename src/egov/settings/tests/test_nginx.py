"""The nginx configuration shipped in deploy/nginx/ (issue 12, item 10): it is valid, and through it
the application tells clients apart by their own address, whatever X-Forwarded-For they forge.
Runs Debian's nginx (nginx-light, installed by .ci/run)."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[4]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def nginx_binary():
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed; .ci/run installs nginx-light. CI must not skip it.")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    return NGINX


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _main_config(tmp: Path, http_body: str) -> Path:
    """A main nginx.conf around `http_body`, run by this user with every path under `tmp`."""
    (tmp / "snippets").mkdir(exist_ok=True)
    shutil.copy(DEPLOY / "egov-proxy.conf", tmp / "snippets" / "egov-proxy.conf")
    config = tmp / "nginx.conf"
    config.write_text(
        f"daemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n access_log {tmp}/access.log;\n client_body_temp_path {tmp}/body;\n"
        f" proxy_temp_path {tmp}/proxy;\n{http_body}\n}}\n"
    )
    return config


def test_the_shipped_site_configuration_is_valid(nginx_binary, tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (DEPLOY / "egov.conf").read_text().replace("/etc/ssl/egov", str(tmp_path))
    config = _main_config(tmp_path, site)
    result = subprocess.run(
        [nginx_binary, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.fixture
def proxied(nginx_binary, live_server, tmp_path):
    """nginx with the shipped proxy settings in front of the live test server: its address."""
    port = _free_port()
    upstream = urlsplit(live_server.url).netloc
    config = _main_config(
        tmp_path,
        f" server {{\n  listen 127.0.0.1:{port};\n  location / {{\n   include snippets/egov-proxy.conf;\n"
        f"   proxy_pass http://{upstream};\n  }}\n }}",
    )
    process = subprocess.Popen([nginx_binary, "-p", str(tmp_path), "-c", str(config)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(port: int, path: str, *, source: str, forged: str | None = None) -> int:
    """GET through nginx from the loopback address `source`, sending our own X-Forwarded-For."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        headers = {"X-Forwarded-For": forged} if forged else {}
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_through_nginx_each_client_has_its_own_limit_and_forging_the_header_changes_nothing(proxied, settings):
    settings.EGOV_TRUSTED_PROXIES = 1  # production's value behind this nginx
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "9/minute"},
    }
    cache.clear()
    path = reverse("api:procedure-list")
    forged = [_get(proxied, path, source="127.0.0.2", forged=f"10.0.0.{n}, 10.1.1.{n}") for n in range(4)]
    assert forged == [200, 200, 200, 429]
    assert _get(proxied, path, source="127.0.0.3") == 200  # another client behind the same nginx
    cache.clear()
