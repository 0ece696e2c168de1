"""The Content-Security-Policy header, and templates that need no inline script or style attribute."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from egov.core.csp import HEADER

pytestmark = pytest.mark.django_db
TEMPLATE_ROOT = Path(settings.SRC_DIR) / "egov"


def _directives(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response[HEADER].split(";"))


def test_every_page_forbids_inline_script_and_style_attributes():
    policy = _directives(Client().get("/"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"  # no nonce when the page has no <style> block
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in Client().get("/dang-nhap/")[HEADER]


def test_a_page_with_a_style_block_gets_a_fresh_nonce_that_matches_it(client):
    from egov.organisations.roles import Role
    from egov.portal.tests.world import advance_to, build_department, file_online

    department = build_department()
    dossier = advance_to(department, file_online(department), "received")
    client.force_login(department.user(Role.RECEIVING_OFFICER))
    first = client.get(f"/can-bo/ho-so/{dossier.pk}/mau/01/")
    nonce = re.search(r"'nonce-([^']+)'", _directives(first)["style-src"]).group(1)
    assert f'<style nonce="{nonce}">' in first.content.decode()
    second = client.get(f"/can-bo/ho-so/{dossier.pk}/mau/01/")
    assert nonce not in second[HEADER]


def _templates():
    return sorted(path for path in TEMPLATE_ROOT.rglob("templates/**/*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATE_ROOT)))
def test_no_template_has_inline_script_handlers_or_style_attributes(path):
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>: move it to a static file"
    assert not re.search(r"\son[a-z]+\s*=", text), "event-handler attribute: bind it from a static script"
    assert not re.search(r"\sstyle\s*=", text), "style attribute: use a class of the stylesheet"
    assert not re.search(r"javascript:", text)
    for block in re.findall(r"<style[^>]*>", text):
        assert "csp_nonce" in block, 'a <style> block needs nonce="{{ request.csp_nonce }}"'
