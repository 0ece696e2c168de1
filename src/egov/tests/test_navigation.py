"""Every demo role's navigation leads to that role's work, and no link it is shown is refused
(egov/navigation.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest
from django.urls import reverse

from egov.demo import build as demo
from egov.navigation import WORK_PAGES

pytestmark = pytest.mark.django_db

# The role's own work, which its header (and home page) must offer, by demo account: the documents
# for the clerk, the figures for leaders, the feedback for those who answer it, the access log for
# the auditor.
EXPECTED_WORK = {
    "motcua": {
        "workspace:queues",
        "workspace:counter",
        "workspace:feedback_queue",
        "reports:dashboard",
        "reports:scorecard",
    },
    "chuyenvien": {"workspace:queues", "documents:incoming", "documents:outgoing", "assignments:overdue"},
    "truongphong": {
        "workspace:queues",
        "documents:incoming",
        "documents:outgoing",
        "assignments:overdue",
        "reports:dashboard",
        "reports:scorecard",
    },
    "giamdoc": {
        "workspace:feedback_queue",
        "reports:dashboard",
        "reports:scorecard",
        "workspace:queues",
        "documents:incoming",
        "documents:outgoing",
        "assignments:overdue",
        "workspace:access_log",
    },
    "vanthu": {"documents:incoming", "documents:outgoing", "assignments:overdue"},
    "thanhtra": {"workspace:queues", "workspace:feedback_queue", "reports:dashboard", "reports:scorecard"},
    "quantri": {"admin:index", "workspace:queues"},
    "kiemtra": {"workspace:access_log"},
    "thiduakhenthuong": set(),  # no page of its own yet: the emulation records are not built
    "congdan": set(),
}


HEADER, MENU, MAIN = "//header//nav", "//nav[contains(@class, 'main-nav')]", "//main"


def _links(html: str, *areas: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    hrefs = [a.get("href") for area in areas for a in tree.xpath(f"{area}//a[@href]")]
    return [href for href in hrefs if urlsplit(href).netloc == ""]  # the site's own pages


def test_every_demo_role_is_led_to_its_work_and_never_refused(client):
    users = demo.build_demo().users
    assert set(EXPECTED_WORK) | {demo.SUPERUSER} == set(users)  # every demo account is checked
    followed = {}
    for username, user in users.items():
        client.force_login(user)
        home = client.get(reverse("home"))
        assert home.status_code == 200
        html = home.content.decode()
        links = _links(html, HEADER, MAIN)
        for href in dict.fromkeys(links):
            response = client.get(href, follow=True)
            followed[(username, href)] = response.status_code
        if username in EXPECTED_WORK:
            expected = {reverse(name) for name in EXPECTED_WORK[username]}
            assert {page.url for page in WORK_PAGES} & set(links) == expected, username
            # The header offers the role's main pages; the home page all of them, with what each is for.
            menu = {reverse(page.url_name) for page in WORK_PAGES if page.menu} & expected
            assert menu <= set(_links(html, MENU)), username
        client.logout()
    refused = {key: status for key, status in followed.items() if status != 200}
    assert not refused, refused
    assert len(followed) > 10 * len(users) / 2


def test_the_clerk_is_led_to_the_documents_not_to_the_dossier_queues(client):
    client.force_login(demo.build_demo().users["vanthu"])
    html = client.get(reverse("home")).content.decode()
    assert reverse("workspace:queues") not in _links(html, HEADER, MAIN)
    menu = lxml.html.fromstring(html).xpath(f"{MENU}//a")
    assert menu[0].text_content() == "Văn bản" and menu[0].get("href") == reverse("documents:incoming")
