"""The statistics API: the tthc_stats JSON, permission, scope, and the one error shape."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from egov.dossiers.tests.factories import make_staff
from egov.organisations.roles import Role
from egov.organisations.services import roles_sync

from .conftest import local

URL = "/api/v1/reports/tthc-statistics/"


@pytest.fixture
def api(world):
    roles_sync(strict=False)
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), finished=local(dt.date(2021, 3, 5)))
    world.dossier(received=local(day), due=dt.date(2021, 3, 16), version=world.safety_card)
    from .test_selectors import make_world_other_agency

    make_world_other_agency().dossier(received=local(day), due=dt.date(2021, 3, 16))
    return APIClient()


def as_role(api, world, role):
    api.force_authenticate(make_staff(world.agency, role))
    return api


def test_statistics_in_scope(api, world):
    response = as_role(api, world, Role.AGENCY_LEADER).get(URL, {"from": "2021-01-01", "to": "2021-06-06"})
    assert response.status_code == 200
    data = response.json()
    assert data["from"] == "2021-01-01" and data["received"]["total"] == 2
    assert "rows" not in data
    data = api.get(URL, {"from": "2021-01-01", "to": "2021-06-06", "by": "field"}).json()
    assert len(data["rows"]) == 2


def test_errors_in_the_api_shape(api, world):
    client = as_role(api, world, Role.AGENCY_LEADER)
    response = client.get(URL, {"from": "2021-06-06", "to": "2021-01-01"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["to"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    response = client.get(URL, {"from": "2021-01-01", "to": "2021-06-06", "field": "Không có"})
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "unknown_filter", "message": "Không có lĩnh vực “Không có”."}
    response = client.get(URL, {"to": "2021-06-06"})
    assert response.status_code == 400 and "from" in response.json()["error"]["fields"]


def test_permission(api, world):
    assert APIClient().get(URL, {"from": "2021-01-01", "to": "2021-06-06"}).status_code == 401
    response = as_role(api, world, Role.CLERK).get(URL, {"from": "2021-01-01", "to": "2021-06-06"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_service_quality(api, world):
    response = as_role(api, world, Role.AGENCY_LEADER).get(
        "/api/v1/reports/service-quality/", {"from": "2021-01-01", "to": "2021-06-06"}
    )
    assert response.status_code == 200
    data = response.json()
    assert [index["code"] for index in data["indices"]] == ["2a", "2b", "3a", "3c", "3e", "4a", "4b", "5c"]
    two_a = data["indices"][0]
    assert (two_a["numerator"], two_a["denominator"], two_a["rate"], two_a["score"]) == (1, 1, 100.0, 10.0)


def test_service_quality_2026_by_the_boards_rules(api, world):
    """From 01/8/2022 the DVCQG board's rules (law-2026.md §5.2): external indicators carry no score."""
    world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 15), finished=local(dt.date(2026, 7, 5)))
    data = (
        as_role(api, world, Role.AGENCY_LEADER)
        .get("/api/v1/reports/service-quality/", {"from": "2026-07-01", "to": "2026-09-30"})
        .json()
    )
    assert data["rule_set"] == "Quyết định 766/QĐ-TTg theo cách chấm của Cổng Dịch vụ công quốc gia"
    by_code = {index["code"]: index for index in data["indices"]}
    assert by_code["1.1"]["status"] == "external" and by_code["1.1"]["score"] is None
    two_one = by_code["2.1"]
    assert (two_one["group"], two_one["board_group"], two_one["scoring"]) == (2, 2, "linear")
    # The July dossier on time, and the one received in 2021 still open: late. 20 × 1/2.
    assert (two_one["numerator"], two_one["denominator"], two_one["score"]) == (1, 2, 10.0)
    assert by_code["5.4"]["threshold_pct"] == 90.0 and by_code["5.4"]["formula"].startswith("100 %")
