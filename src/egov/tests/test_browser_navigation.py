"""In Chromium: the clerk goes from the home page to the documents, and a page typed by hand that
the role may not open says so, in the reader's language, with the way back to the role's work."""

import pytest

from egov.organisations.roles import Role
from egov.portal.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_clerk_reaches_the_documents_from_home_and_a_refusal_leads_back_to_them(run_factory, department):
    run = run_factory("navigation-clerk")
    clerk = department.user(Role.CLERK)
    page = run.person()
    run.login(page, clerk.username, PASSWORD)
    assert page.get_by_role("heading", name="Công việc của bạn").is_visible()
    menu = page.get_by_role("navigation", name="Chức năng chính")
    assert menu.get_by_role("link", name="Xử lý hồ sơ").count() == 0  # the dossier queues are not the clerk's
    run.shot(page, "home")
    page.get_by_role("main").get_by_role("link", name="Văn bản", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Vào sổ văn bản đến").is_visible()
    run.shot(page, "documents")

    response = page.goto(run.url("/can-bo/"))  # typed by hand
    assert response.status == 403
    assert page.get_by_role("heading", name="Không có quyền truy cập").is_visible()
    assert page.get_by_text("Tài khoản không có quyền xử lý hồ sơ.").is_visible()
    run.shot(page, "refused")
    page.get_by_role("main").get_by_role("link", name="Văn bản", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/van-ban/den/")

    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Chọn ngôn ngữ").click()
    page.wait_for_load_state()
    response = page.goto(run.url("/khong-co-trang-nay/"))
    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    run.shot(page, "not-found-english")
