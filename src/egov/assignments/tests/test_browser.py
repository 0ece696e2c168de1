"""In a real browser: a clerk assigns the numbered items of a plan in one page, each with its own
cycle, one led by another agency."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from egov.documents.tests.conftest import reseed_reference_data
from egov.organisations.roles import Role
from egov.organisations.services import roles_sync
from egov.portal.tests.test_accessibility import WCAG_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_assigns_items_each_with_its_own_cycle_and_an_outside_lead(
    run_factory, agency, units, make_staff, other_agency
):
    """The item asking for quarterly reports is proposed quarterly, the other the document's cycle;
    the clerk gives the second to Sở Nội vụ with a deadline, and its reports stop there."""
    reseed_reference_data()
    roles_sync(strict=False)
    from django.urls import reverse

    from egov.assignments.models import Task
    from egov.documents.models import DocumentType, Issuer
    from egov.documents.services import incoming_register

    plan = incoming_register(
        agency=agency,
        user=None,
        ref="25/KH-UBND",
        issuer=Issuer.objects.get(symbol="UBND"),
        document_type=DocumentType.objects.get(name="Kế hoạch"),
        document_date=dt.date(2026, 12, 1),
        arrived_on=dt.date(2026, 12, 2),
        summary="Cải cách hành chính năm 2027",
        handling_unit=units["VP"],
        body=(
            "Các cơ quan báo cáo định kỳ 6 tháng, 01 năm.\n"
            "1. Rà soát, đơn giản hóa thủ tục hành chính.\n"
            "2. Tổng kết công tác thi đua, khen thưởng, báo cáo hằng quý."
        ),
    )
    clerk = make_staff(Role.CLERK, unit=units["VP"])
    run = run_factory("giao-theo-muc")
    page = run.person()
    run.login(page, clerk.username, "mat-khau-thu-nghiem-123")
    page.goto(run.url(reverse("assignments:tasks_from_items", args=[plan.pk])))
    first, second = page.get_by_label("Báo cáo định kỳ, mục 1"), page.get_by_label("Báo cáo định kỳ, mục 2")
    assert first.input_value() == "half_yearly_yearly" and second.input_value() == "quarterly"
    page.locator("#id_form-1-lead_unit").select_option(label="---------")
    page.locator("#id_form-1-lead_agency").select_option(label="Sở Nội vụ tỉnh Quảng Ngãi")
    page.get_by_label("Thời hạn, mục 2").fill("2027-01-15")
    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    run.shot(page, "hai-muc")
    page.get_by_role("button", name="Xác nhận giao các mục đã chọn").click()
    assert "Đã giao 2 nhiệm vụ" in page.locator(".messages").inner_text()
    assert "Sở Nội vụ tỉnh Quảng Ngãi" in page.locator("main").inner_text()
    run.shot(page, "nhiem-vu")
    outside = Task.objects.get(position=2)
    assert [o.label for o in outside.occurrences.all()] == ["Báo cáo quý IV/2026", "Hạn hoàn thành nhiệm vụ"]
