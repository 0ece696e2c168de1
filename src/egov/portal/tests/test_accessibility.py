"""WCAG 2.1 A and AA rules checked by axe-core in Chromium, on the pages citizens and staff use:
contrast, labels, names of links and buttons, landmarks, language, headings. axe finds what a
machine can find (about half of the criteria); keyboard use is covered by the scenarios, which
drive the pages through their labels and roles."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from egov.organisations.roles import Role

from .browser import PHONE
from .world import PASSWORD, advance_to, build_department, file_online

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_the_portal_and_workspace_pages_pass_the_wcag_aa_rules(run_factory):
    department = build_department()
    dossier = advance_to(department, file_online(department), "resolved")
    code = department.alcohol.code
    run = run_factory("a11y")
    found = []

    visitor = run.person(PHONE)
    for path in ["/", "/thu-tuc/", "/thu-tuc/?q=ban+buon+ruou", f"/thu-tuc/{code}/", "/tra-cuu/",
                 f"/tra-cuu/?ma={dossier.code}", "/tra-cuu/?ma=000.00.99.H48-200101-0001", "/dang-nhap/",
                 "/cong-dan/dang-ky/"]:  # fmt: skip
        visitor.goto(run.url(path))
        found += violations(visitor)

    citizen = run.person()
    run.login(citizen, department.citizen.username, PASSWORD)
    for path in ["/cong-dan/ho-so/", f"/cong-dan/ho-so/{dossier.pk}/", f"/thu-tuc/{code}/nop-truc-tuyen/"]:
        citizen.goto(run.url(path))
        found += violations(citizen)

    desk = run.person()
    run.login(desk, department.users[Role.RECEIVING_OFFICER].username, PASSWORD, "/can-bo/")
    for path in ["/can-bo/", "/can-bo/hang-doi/tra-ket-qua/", "/can-bo/tim-kiem/?q=Nguyen",
                 "/can-bo/tiep-nhan-tai-quay/", f"/can-bo/ho-so/{dossier.pk}/"]:  # fmt: skip
        desk.goto(run.url(path))
        found += violations(desk)

    assert not found, "\n".join(found)
