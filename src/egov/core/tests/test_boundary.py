"""A path or query string with a control character reaches no view (core.boundary)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_api_path_is_a_404_in_the_api_error_shape_without_logging_in(client):
    # Before: /api/v1/procedures/%00/ looked the code up in PostgreSQL, which answered a 500.
    response = client.get("/api/v1/procedures/%00/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy đối tượng yêu cầu."}}


def test_a_control_character_in_a_page_path_is_the_404_page(client):
    response = client.get("/thu-tuc/%1B/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_a_control_character_in_a_query_value_is_a_400(client):
    response = client.get("/api/v1/procedures/", {"q": "rượu\x00"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert client.get("/thu-tuc/", {"q": "rượu\x1b"}).status_code == 400
    assert client.get("/api/v1/procedures/", {"q": "rượu\tvang"}).status_code == 200  # a tab is text
