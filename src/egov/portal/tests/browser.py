"""End-to-end tests in a real browser: Playwright for Python driving Debian's Chromium.

Never `playwright install` (it downloads a browser): CI installs the `chromium` package and the
tests use /usr/bin/chromium. Without it they are skipped locally, and fail when `CI` is set.
Each step is saved as a screenshot under var/artifacts/browser/ (gitignored), for a person to look at.
"""

from __future__ import annotations

import base64
import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"Browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


class Run:
    """One scenario: a browser, one context per person, numbered screenshots."""

    def __init__(self, browser, base_url: str, scenario: str):
        self.browser, self.base_url, self.scenario = browser, base_url.rstrip("/"), scenario
        self.step = 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob(f"{scenario}-*.png"):
            old.unlink()
        self.contexts = []
        self.csp_violations: list[str] = []

    def person(self, viewport=DESKTOP):
        context = self.browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        # Every page of every scenario runs under the Content-Security-Policy (core/csp.py): a
        # refused inline script or style shows as a console error, and fails the scenario.
        page.on("console", lambda message: self._note_csp(message, page))
        return page

    def _note_csp(self, message, page) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{page.url}: {message.text}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, page, name: str) -> Path:
        self.step += 1
        path = ARTIFACTS / f"{self.scenario}-{self.step:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, page, username: str, password: str, next_path: str = "/") -> None:
        page.goto(self.url(f"/dang-nhap/?next={next_path}"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        if "/tai-khoan/xac-thuc-hai-lop/thiet-lap/" in page.url:
            self.enrol_second_factor(page)
        elif "/dang-nhap/xac-thuc/" in page.url:
            self.pass_second_factor(page, username)
        assert "/dang-nhap/" not in page.url, page.content()[:2000]

    def enrol_second_factor(self, page) -> None:
        """As a person with an authenticator app: read the secret off the page, type the app's code."""
        from django_otp.oath import TOTP

        secret = page.locator("[data-totp-secret]").get_attribute("data-totp-secret").replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.get_by_label("Mã 6 chữ số ứng dụng đang hiển thị").fill(f"{TOTP(key).token():06d}")
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()
        page.get_by_role("link", name="Đã lưu các mã, tiếp tục").click()
        page.wait_for_load_state()

    def pass_second_factor(self, page, username: str) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from egov.organisations.tests.factories import totp_code

        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        # One code per 30-second step: a second log-in within the step waits for the next code.
        device.refresh_from_db()
        now = time.time()
        if device.last_t >= int(now) // device.step:
            time.sleep(device.step - now % device.step + 0.2)
        page.get_by_label("Mã xác thực").fill(totp_code(device))
        page.get_by_role("button", name="Xác thực").click()
        page.wait_for_load_state()

    def close(self):
        for context in self.contexts:
            context.close()
        assert not self.csp_violations, "\n".join(self.csp_violations)


def expect_message(page, text: str) -> None:
    messages = page.locator(".messages").inner_text()
    assert text in messages, messages


def assert_no_error_page(page) -> None:
    assert not re.search(r"Server Error|Bad Request|Page not found", page.content())


@pytest.fixture
def chromium_browser(monkeypatch):
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _unavailable("playwright is not installed (requirements-dev.txt)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
    # browser steps are plain synchronous calls and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's event loop runs in this thread, Django's connection handler keeps
            # this thread's database connections apart (asgiref's Local): the ones the test opened
            # here must be closed here, or the test database cannot be dropped at the end.
            connections.close_all()


@pytest.fixture
def run_factory(chromium_browser, live_server):
    runs = []

    def make(scenario: str) -> Run:
        run = Run(chromium_browser, live_server.url, scenario)
        runs.append(run)
        return run

    yield make
    for run in runs:
        run.close()


def pdf_file(name: str) -> dict:
    from .world import pdf_bytes

    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(name)}


def fill_online_filing(page, department, code: str) -> None:
    """Step 2 of online filing for the department's alcohol licence: a person, its two mandatory
    documents as PDFs, and the one-time code received."""
    page.get_by_label("Cá nhân", exact=True).check()
    page.get_by_label("Số định danh cá nhân (cá nhân)").fill("051090001234")
    page.get_by_label("Địa chỉ", exact=True).fill("Phường Nghĩa Chánh, thành phố Quảng Ngãi")
    documents = list(department.alcohol.versions.get().required_documents.all())
    page.set_input_files(f"#id_doc_{documents[0].pk}", files=[pdf_file("don-de-nghi.pdf")])
    page.set_input_files(f"#id_doc_{documents[1].pk}", files=[pdf_file("giay-chung-nhan-dkdn.pdf")])
    page.get_by_label("Mã xác nhận (6 chữ số)").fill(code)


def take_action(run: Run, page, action: str, fill=None, shot: str | None = None) -> None:
    """Open the action's box on the staff dossier page, fill it, submit, expect success."""
    box = page.locator(f"#action-{action}")
    if not box.evaluate("element => element.open"):
        box.locator("summary").click()
    if fill:
        fill(box)
    if shot:
        run.shot(page, shot)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert_no_error_page(page)
    expect_message(page, "Đã thực hiện")


def choose_specialist(box, name: str = "Trần Văn Minh") -> None:
    box.get_by_label("Chuyên viên xử lý").select_option(label=name)


def note(box, text: str) -> None:
    box.get_by_label("Ghi chú", exact=True).fill(text)
