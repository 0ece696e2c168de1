"""In a real browser, as a newcomer trying `make demo`: the one-time code of online filing is read
on the demo outbox page the code step links to, and the filing's receipt shows there after."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from egov.dossiers.models import Dossier
from egov.outbox.backends import DemoEmailBackend, FakeSmsGateway
from egov.portal.tests.browser import fill_online_filing
from egov.portal.tests.test_accessibility import WCAG_AA
from egov.portal.tests.world import PASSWORD, build_department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _development(settings):
    settings.EGOV_DEMO_OUTBOX = True
    FakeSmsGateway.reset()
    DemoEmailBackend.reset()
    yield
    FakeSmsGateway.reset()
    DemoEmailBackend.reset()


def test_a_demo_user_reads_the_code_on_the_demo_outbox_page(run_factory):
    department = build_department()
    run = run_factory("demo-outbox")
    citizen = run.person()
    run.login(citizen, department.citizen.username, PASSWORD)
    citizen.goto(run.url(f"/thu-tuc/{department.alcohol.code}/nop-truc-tuyen/"))
    citizen.get_by_label("Tin nhắn điện thoại").check()
    citizen.get_by_label("Số điện thoại", exact=True).fill("0905123456")
    citizen.get_by_role("button", name="Gửi mã xác nhận").click()
    run.shot(citizen, "buoc-nhap-ma")

    # The code step says where the code is; the page opens beside the form.
    with citizen.context.expect_page() as opened:
        citizen.get_by_role("link", name="Hộp thư thử nghiệm (mở trong thẻ mới)").click()
    outbox = opened.value
    outbox.wait_for_load_state()
    assert outbox.get_by_role("heading", name="Hộp thư thử nghiệm").is_visible()
    run.shot(outbox, "hop-thu-ma-xac-nhan")
    text = outbox.locator("article").first.inner_text()
    assert "84905123456" in text
    code = re.search(r"là (\d{6})\.", text).group(1)
    assert Axe().run(outbox, options=WCAG_AA).response["violations"] == []

    fill_online_filing(citizen, department, code)
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    assert "Đã nộp hồ sơ trực tuyến" in citizen.locator(".messages").inner_text()

    # The filing's own message, sent after its commit, is the newest on the page.
    outbox.get_by_role("link", name="Tải lại").click()
    dossier = Dossier.objects.get()
    assert f"TT-{dossier.pk:08d}" in outbox.locator("article").first.inner_text()
    run.shot(outbox, "hop-thu-da-nhan-ho-so")
