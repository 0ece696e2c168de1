"""In a real browser: the citations of a document drawn as a graph a person follows with the
keyboard alone — Tab to a cited document, Enter to open it, and back the other way."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from egov.organisations.roles import Role
from egov.organisations.services import roles_sync
from egov.portal.tests.test_accessibility import WCAG_AA

from .conftest import reseed_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, label: str, presses: int = 80) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.getAttribute('aria-label')") == label:
            return
    raise AssertionError(f"“{label}” is not reached with the Tab key")


def test_a_clerk_follows_the_citation_graph_with_the_keyboard(run_factory, agency, units, make_staff):
    reseed_reference_data()
    roles_sync(strict=False)
    from django.urls import reverse

    from egov.documents.models import DocumentType, Issuer
    from egov.documents.services import incoming_register

    def register(ref, type_name, issuer_symbol, day, body=""):
        return incoming_register(
            agency=agency,
            user=None,
            ref=ref,
            issuer=Issuer.objects.get(symbol=issuer_symbol),
            document_type=DocumentType.objects.get(name=type_name),
            document_date=day,
            arrived_on=day + dt.timedelta(days=2),
            summary=f"Văn bản {ref}",
            body=body,
        )

    plan = register("10-KH/BDVTU-BCSĐUBND", "Kế hoạch", "BDVTU", dt.date(2021, 1, 11))
    dispatch = register(
        "40/SNV-XDCQ",
        "Công văn",
        "SNV",
        dt.date(2021, 2, 1),
        body=(
            "Căn cứ Luật Thi đua, khen thưởng năm 2022;\n"
            "Thực hiện Kế hoạch số 10-KH/BDVTU-BCSĐUBND ngày 11/01/2021, Sở Nội vụ đề nghị các cơ quan ..."
        ),
    )
    clerk = make_staff(Role.CLERK, unit=units["VP"])

    run = run_factory("so-do-trich-dan")
    page = run.person()
    run.login(page, clerk.username, "mat-khau-thu-nghiem-123")
    page.goto(run.url(reverse("documents:detail", args=[dispatch.pk])))
    graph = page.get_by_role("group", name="Sơ đồ trích dẫn của Công văn 40/SNV-XDCQ")
    assert graph.is_visible()
    # The law named without a number is drawn, not a link (it is not in the registers).
    assert graph.get_by_role(
        "img", name="Luật Thi đua, khen thưởng năm 2022, (chưa có trong sổ), văn bản này dẫn chiếu"
    )
    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    # The lists stay as the text alternative.
    assert "Văn bản này dẫn chiếu (2)" in page.content()

    label = "Kế hoạch 10-KH/BDVTU-BCSĐUBND, ngày 11/01/2021, văn bản này thực hiện"
    tab_to(page, label)
    run.shot(page, "nut-ke-hoach-duoc-chon")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('documents:detail', args=[plan.pk])}")
    run.shot(page, "ke-hoach")
    # From the plan, the dispatch that carries it out leads back.
    back = "Công văn 40/SNV-XDCQ, ngày 01/02/2021, thực hiện văn bản này"
    tab_to(page, back)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('documents:detail', args=[dispatch.pk])}")


def test_a_clerk_assigns_items_each_with_its_own_cycle_and_an_outside_lead(
    run_factory, agency, units, make_staff, other_agency
):
    """The item asking for quarterly reports is proposed quarterly, the other the document's cycle;
    the clerk gives the second to Sở Nội vụ with a deadline, and its reports stop there."""
    reseed_reference_data()
    roles_sync(strict=False)
    from django.urls import reverse

    from egov.documents.models import DocumentType, Issuer, Task
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
    page.goto(run.url(reverse("documents:tasks_from_items", args=[plan.pk])))
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
