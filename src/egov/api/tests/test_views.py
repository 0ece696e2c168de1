"""A path under /api/v1/ that no operation matches answers the API's 404, not Django's page."""

import pytest

pytestmark = pytest.mark.django_db

NOT_FOUND = {"error": {"code": "not_found", "message": "Không tìm thấy đối tượng yêu cầu."}}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/", "/api/v1/khong-co/", "/api/v1/dossiers/-1/", "/api/v1/dossiers/abc/status/", "/api/v1/a%0Ab/"],
)
def test_an_unknown_path_is_a_404_in_the_error_shape(client, path):
    for method in (client.get, client.post, client.delete):
        response = method(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == NOT_FOUND


def test_a_path_without_its_slash_is_still_redirected(client):
    response = client.get("/api/v1/procedures")
    assert response.status_code == 301 and response["Location"] == "/api/v1/procedures/"


def test_a_wrong_token_on_an_unknown_path_is_still_a_401(client):
    response = client.get("/api/v1/khong-co/", HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert response.status_code == 401
