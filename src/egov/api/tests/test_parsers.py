"""The API's JSON body refuses a control character wherever it is (api.parsers)."""

import pytest
from rest_framework.test import APIClient

from egov.dossiers.models import Dossier

from .factories import citizen

pytestmark = pytest.mark.django_db


def _post(body):
    client = APIClient()
    client.force_authenticate(citizen())
    return client.post("/api/v1/dossiers/", body, format="json")


def test_a_nul_in_a_slug_is_a_field_error_not_a_server_error():
    # Before: the procedure code "\u0000" went to PostgreSQL, which refused it with a 500.
    response = _post({"procedure": "\x00", "applicant": {"kind": "person", "name": "Lan"}})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"procedure": ["Có ký tự điều khiển U+0000 ở vị trí 1."]}


def test_the_error_names_the_nested_field_and_nothing_is_written():
    response = _post({"procedure": "2.000648", "applicant": {"kind": "person", "name": "Trần\x1bLan"}})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"applicant.name": ["Có ký tự điều khiển U+001B ở vị trí 5."]}
    assert not Dossier.objects.exists()
