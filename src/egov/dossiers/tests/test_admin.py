"""The admin shows what import_dossiers wrote, read-only."""

import hashlib

import pytest
from django.urls import reverse

from .test_legacy_import import csv_bytes, procedure, row, run  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_legacy_imports_are_listed_and_read_only(admin_client, procedure):  # noqa: F811
    data = csv_bytes(row(procedure))
    run(data)
    page = admin_client.get(reverse("admin:dossiers_legacyimport_changelist"))
    assert page.status_code == 200 and hashlib.sha256(data).hexdigest().encode() in page.content
    assert admin_client.get(reverse("admin:dossiers_legacyimport_add")).status_code == 403
