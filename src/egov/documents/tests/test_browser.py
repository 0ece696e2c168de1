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
