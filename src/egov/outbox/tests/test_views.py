"""The demo outbox page: in development settings it lists what the fakes "sent"; anywhere else,
production included, it does not exist (404). The one-time code step links to it in development."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from django.template import Context, Template
from django.urls import reverse

from egov.outbox.backends import DemoEmailBackend, FakeSmsGateway, SentEmail

ROOT = Path(__file__).resolve().parents[4]
URL = "/thu-nghiem/hop-thu/"


def test_the_page_has_its_address():
    assert reverse("outbox:demo") == URL


def test_the_page_does_not_exist_outside_development(client, settings):
    settings.EGOV_DEMO_OUTBOX = False
    FakeSmsGateway().send(recipient="0905123456", body="Mã xác nhận của bạn là 123456.")
    response = client.get(URL)
    assert response.status_code == 404 and "123456" not in response.content.decode()


def test_in_development_the_page_lists_the_fake_sms_and_emails_newest_first(client, settings):
    settings.EGOV_DEMO_OUTBOX = True
    FakeSmsGateway().send(recipient="0905 123 456", body="Mã xác nhận nộp hồ sơ trực tuyến của bạn là 654321.")
    DemoEmailBackend.sent.append(
        SentEmail(
            ("doanhnghiep@example.vn",),
            "[000.00.53.H48-261204-0001] Giấy tiếp nhận hồ sơ",
            "Kính gửi ông/bà,\nĐã tiếp nhận.",
            at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1),
        )
    )
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "Hộp thư thử nghiệm" in page
    assert "654321" in page and "84905123456" in page
    assert "Giấy tiếp nhận hồ sơ" in page and "doanhnghiep@example.vn" in page and "Kính gửi ông/bà,<br>" in page
    assert page.index("Giấy tiếp nhận hồ sơ") < page.index("654321")  # newest first


def test_an_empty_page_says_so(client, settings):
    settings.EGOV_DEMO_OUTBOX = True
    assert "Chưa có tin nào được gửi" in client.get(URL).content.decode()


def test_the_hint_on_the_code_step_shows_in_development_only(settings):
    template = Template("{% load outbox %}{% demo_outbox_hint %}")
    settings.EGOV_DEMO_OUTBOX = False
    assert template.render(Context()) == ""
    settings.EGOV_DEMO_OUTBOX = True
    assert f'href="{URL}"' in template.render(Context())


def _page_status(settings_module: str, **environment: str) -> str:
    """The page's status code in a fresh interpreter on `settings_module`, as a server would see it."""
    env = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE=settings_module, PYTHONPATH=str(ROOT / "src"), **environment)
    code = (
        "import django; django.setup(); from django.test import Client; "
        f"print(Client().get({URL!r}, secure=True, HTTP_HOST='localhost').status_code)"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_have_no_demo_outbox():
    secret = "x7#Vq9!pL2$mN4@rT6^wY8&zB1*cD3(eF5)gH7_jK9+lM0-nP2"
    assert _page_status("egov.settings.production", SECRET_KEY=secret, DATABASE_URL="sqlite:///:memory:") == "404"


def test_development_settings_have_it(tmp_path):
    assert _page_status("egov.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}") == "200"
