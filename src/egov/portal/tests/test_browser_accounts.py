"""In Chromium: a leader's first log-in sets up the second factor; the next one asks for the code."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.organisations.roles import Role

from .browser import assert_no_error_page
from .world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_enrols_at_the_first_log_in_and_gives_the_code_afterwards(run_factory, department):
    run = run_factory("accounts-second-factor")
    leader = department.user(Role.AGENCY_LEADER)
    page = run.person()
    page.goto(run.url("/dang-nhap/?next=/can-bo/"))
    page.get_by_label("Tên đăng nhập").fill(leader.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/tai-khoan/xac-thuc-hai-lop/thiet-lap/" in page.url
    assert page.locator("figure.totp-qr svg").is_visible()
    run.shot(page, "enrol")
    run.enrol_second_factor(page)
    assert_no_error_page(page)
    assert page.url.endswith("/can-bo/"), page.url
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).count() == 1
    run.shot(page, "workspace")

    second = run.person()
    run.login(second, leader.username, PASSWORD, "/can-bo/")  # the code page, answered from the device
    assert second.url.endswith("/can-bo/")
    second.get_by_role("link", name="Xác thực hai lớp").click()
    assert "Còn 10 mã dự phòng" in second.content()
    run.shot(second, "settings")
