"""Every refusal has the same body: {"error": {"code", "message", "fields"?}}."""

import unicodedata

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions

from egov.api.exceptions import APIError, api_exception_handler


def _handle(exc):
    response = api_exception_handler(exc, {})
    assert set(response.data) == {"error"}
    return response.status_code, response.data["error"], response


def test_service_validation_error_with_fields_keeps_each_field_message():
    exc = DjangoValidationError(
        {"applicant_name": ["Chưa nhập tên người nộp."], "__all__": ["Thiếu thành phần hồ sơ bắt buộc."]}
    )
    status, error, _ = _handle(exc)
    assert status == 400
    assert error["code"] == "invalid"
    assert error["fields"] == {"applicant_name": ["Chưa nhập tên người nộp."]}
    # The rule about the whole input is the most precise sentence available.
    assert error["message"] == "Thiếu thành phần hồ sơ bắt buộc."


def test_service_validation_error_without_fields_keeps_its_code():
    exc = DjangoValidationError("Hồ sơ đã được tiếp nhận.", code="already_received")
    status, error, _ = _handle(exc)
    assert status == 400
    assert error == {"code": "already_received", "message": "Hồ sơ đã được tiếp nhận.", "fields": {}}


def test_drf_field_errors_are_listed_in_the_message():
    status, error, _ = _handle(exceptions.ValidationError({"field": ["Cần một số nguyên hợp lệ."]}))
    assert status == 400
    assert error["code"] == "invalid"
    assert error["message"] == "Dữ liệu không hợp lệ: field."
    assert error["fields"] == {"field": ["Cần một số nguyên hợp lệ."]}


def test_messages_are_nfc():
    decomposed = unicodedata.normalize("NFD", "Hồ sơ không hợp lệ.")
    _, error, _ = _handle(DjangoValidationError(decomposed, code="x"))
    assert error["message"] == unicodedata.normalize("NFC", decomposed)


def test_not_found_and_django_404_have_one_shape():
    for exc in (Http404(), exceptions.NotFound()):
        status, error, _ = _handle(exc)
        assert status == 404
        assert error == {"code": "not_found", "message": "Không tìm thấy đối tượng yêu cầu."}


def test_permission_denied_from_django_and_drf():
    for exc in (DjangoPermissionDenied(), exceptions.PermissionDenied()):
        status, error, _ = _handle(exc)
        assert status == 403
        assert error["code"] == "permission_denied"


def test_not_authenticated():
    status, error, _ = _handle(exceptions.NotAuthenticated())
    assert status == 401
    assert error["code"] == "not_authenticated"


def test_throttled_says_when_to_retry_and_keeps_the_header():
    status, error, response = _handle(exceptions.Throttled(wait=42))
    assert status == 429
    assert error == {"code": "throttled", "message": "Quá nhiều yêu cầu. Vui lòng thử lại sau 42 giây."}
    assert response["Retry-After"] == "42"


def test_api_error_carries_its_code_status_and_fields():
    exc = APIError("Không thể chuyển hồ sơ.", code="transition_not_allowed", status_code=409, fields={"note": ["x"]})
    status, error, _ = _handle(exc)
    assert status == 409
    assert error == {"code": "transition_not_allowed", "message": "Không thể chuyển hồ sơ.", "fields": {"note": ["x"]}}


def test_unexpected_errors_are_not_masked():
    assert api_exception_handler(RuntimeError("bug"), {}) is None


def test_nested_field_errors_are_named_by_their_path():
    # As openapi.yaml declares `fields`: a flat map from the input's path to its messages.
    detail = {
        "applicant": {"name": ["Chưa nhập tên."], "non_field_errors": ["Thiếu giấy tờ tùy thân."]},
        "items": {0: ["Tối đa 500 ký tự."]},
        "documents": [{}, {"name": ["Chưa nhập tên giấy tờ."]}],
    }
    status, error, _ = _handle(exceptions.ValidationError(detail))
    assert status == 400
    assert error["fields"] == {
        "applicant.name": ["Chưa nhập tên."],
        "applicant": ["Thiếu giấy tờ tùy thân."],
        "items.0": ["Tối đa 500 ký tự."],
        "documents.1.name": ["Chưa nhập tên giấy tờ."],
    }
    assert error["message"] == "Dữ liệu không hợp lệ: applicant.name, applicant, items.0, documents.1.name."
