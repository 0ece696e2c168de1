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


# Every button, and every link drawn as one, against the background it is drawn on (the first
# ancestor with an opaque background): WCAG 1.4.3, 4.5:1 (3:1 for large text). axe's
# color-contrast rule checks the same, but leaves an element it cannot decide as "incomplete".
BUTTON_CONTRAST_JS = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    const [R, G, B] = [r, g, b].map(linear);
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length < 4 || colour[3] === 1) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const element of document.querySelectorAll("button, a.button, input[type=submit]")) {
    if (!element.offsetParent || !element.textContent.trim() && !element.value) continue;
    const style = getComputedStyle(element);
    const [fg, bg] = [luminance(rgb(style.color).slice(0, 3)), luminance(background(element))];
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const name = (element.textContent || element.value).trim();
    if (ratio < (large ? 3 : 4.5)) failures.push(`${name}: ${ratio.toFixed(2)}:1`);
  }
  return failures;
}"""


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    found = [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"]
    ]
    return found + [f"{page.url} button contrast: {failure}" for failure in page.evaluate(BUTTON_CONTRAST_JS)]


def test_the_portal_and_workspace_pages_pass_the_wcag_aa_rules(run_factory):
    department = build_department()
    dossier = advance_to(department, file_online(department), "resolved")
    code = department.alcohol.code
    run = run_factory("a11y")
    found = []

    visitor = run.person(PHONE)
    for path in ["/", "/thu-tuc/", "/thu-tuc/?q=ban+buon+ruou", f"/thu-tuc/{code}/", "/tra-cuu/",
                 f"/tra-cuu/?ma={dossier.code}", "/tra-cuu/?ma=000.00.99.H48-200101-0001", "/dang-nhap/",
                 "/cong-dan/dang-ky/", "/khong-co-trang-nay/"]:  # fmt: skip
        visitor.goto(run.url(path))
        found += violations(visitor)

    citizen = run.person()
    run.login(citizen, department.citizen.username, PASSWORD)
    for path in ["/cong-dan/ho-so/", f"/cong-dan/ho-so/{dossier.pk}/", f"/thu-tuc/{code}/nop-truc-tuyen/"]:
        citizen.goto(run.url(path))
        found += violations(citizen)

    desk = run.person()
    run.login(desk, department.users[Role.RECEIVING_OFFICER].username, PASSWORD, "/can-bo/")
    for path in [
        "/can-bo/",
        "/can-bo/hang-doi/tra-ket-qua/",
        "/can-bo/tim-kiem/?q=Nguyen",
        "/can-bo/tiep-nhan-tai-quay/",
        f"/can-bo/ho-so/{dossier.pk}/",
        "/van-ban/den/",
    ]:  # fmt: skip  (the last one: the desk's 403 page)
        desk.goto(run.url(path))
        found += violations(desk)

    # The statistics with their download buttons shown (a leader may export the period's report).
    leader = run.person()
    run.login(leader, department.users[Role.AGENCY_LEADER].username, PASSWORD, "/bao-cao/")
    for path, buttons in [
        ("/bao-cao/", ["Tải báo cáo (.docx)", "Tải Biểu 06 (.xlsx)"]),
        ("/bao-cao/chi-so-chat-luong/", []),
    ]:
        leader.goto(run.url(path))
        for name in buttons:
            assert leader.get_by_role("link", name=name).is_visible(), name
        run.shot(leader, path.strip("/").replace("/", "-"))
        found += violations(leader)

    assert not found, "\n".join(found)
