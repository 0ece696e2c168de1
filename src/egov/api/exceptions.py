"""One error shape for the whole API.

Every refusal — invalid input, not authenticated, not allowed, not found, a lifecycle transition
the rules forbid, too many requests — answers

    {"error": {"code": "<machine code>", "message": "<Vietnamese sentence>", "fields": {...}}}

`fields` maps an input field to its messages and is present only for validation errors. Clients
(the national portal sync, the provincial one-stop software, our own front end) branch on
`code`, show `message`, and never parse DRF's default shapes, which differ per exception.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from egov.core.text import nfc

# Django's validation errors use NON_FIELD_ERRORS ("__all__"); DRF uses "non_field_errors".
_NON_FIELD_KEYS = {"__all__", "non_field_errors"}

# Top-level messages: DRF's own are generic English-first texts; these are what a clerk reads.
_MESSAGES = {
    exceptions.NotAuthenticated: ("not_authenticated", "Chưa đăng nhập hoặc thiếu thông tin xác thực."),
    exceptions.AuthenticationFailed: ("authentication_failed", "Thông tin xác thực không hợp lệ."),
    exceptions.PermissionDenied: ("permission_denied", "Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: ("not_found", "Không tìm thấy đối tượng yêu cầu."),
    exceptions.MethodNotAllowed: ("method_not_allowed", "Phương thức không được hỗ trợ."),
    exceptions.NotAcceptable: ("not_acceptable", "Không hỗ trợ định dạng phản hồi được yêu cầu."),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "Định dạng dữ liệu gửi lên không được hỗ trợ."),
    exceptions.ParseError: ("parse_error", "Dữ liệu gửi lên không đọc được."),
}


class APIError(exceptions.APIException):
    """An error raised by API code with an explicit code and message (e.g. a refused transition)."""

    def __init__(self, message: str, *, code: str, status_code: int = status.HTTP_400_BAD_REQUEST, fields=None):
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.fields = fields or {}


def _field_messages(detail: Any, path: str = "") -> dict[str, list[str]]:
    """Nested errors (an object's fields, a list's items) -> {"applicant.name": [...], "items.0": [...]}.

    One flat shape whatever the input's nesting, as openapi.yaml documents `fields`: a client
    shows each message next to the input the path names. Nested non-field errors go to the path
    of the object they are about.
    """
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, item in detail.items():
            key = str(key)
            sub = path if key in _NON_FIELD_KEYS else f"{path}.{key}" if path else key
            for name, messages in _field_messages(item, sub).items():
                flat.setdefault(name, []).extend(messages)
        return flat
    if isinstance(detail, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in detail):
            return {path: [nfc(str(item)) for item in detail]} if detail else {}
        flat = {}
        for index, item in enumerate(detail):
            for name, messages in _field_messages(item, f"{path}.{index}" if path else str(index)).items():
                flat.setdefault(name, []).extend(messages)
        return flat
    return {path: [nfc(str(detail))]}


def _first_code(detail: Any) -> str | None:
    if isinstance(detail, dict):
        for item in detail.values():
            code = _first_code(item)
            if code:
                return code
        return None
    if isinstance(detail, list):
        return _first_code(detail[0]) if detail else None
    return getattr(detail, "code", None)


# Services refuse with a ValidationError whose code says why (core.workflow.TransitionRefused);
# these codes are not about the input, and answer with the status that says so.
_STATUS_BY_SERVICE_CODE = {
    "not_authenticated": status.HTTP_401_UNAUTHORIZED,
    "forbidden": status.HTTP_403_FORBIDDEN,
    "invalid_state": status.HTTP_409_CONFLICT,
    "unchanged": status.HTTP_409_CONFLICT,  # the dossier already is what the action would make it
}


def _from_django_validation_error(exc: DjangoValidationError) -> exceptions.APIException:
    """Services raise django.core ValidationError (HackSoft): keep its messages and codes."""
    if not hasattr(exc, "error_dict") and len(exc.error_list) == 1:
        error = exc.error_list[0]
        if error.code in _STATUS_BY_SERVICE_CODE:
            return APIError(error.messages[0], code=error.code, status_code=_STATUS_BY_SERVICE_CODE[error.code])
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if key in _NON_FIELD_KEYS else key): [
                exceptions.ErrorDetail(message, code=error.code or "invalid")
                for error in errors
                for message in error.messages
            ]
            for key, errors in exc.error_dict.items()
        }
    else:
        detail = [
            exceptions.ErrorDetail(message, code=error.code or "invalid")
            for error in exc.error_list
            for message in error.messages
        ]
    return exceptions.ValidationError(detail)


def _validation_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    if isinstance(detail, dict):
        fields = _field_messages({key: value for key, value in detail.items() if key not in _NON_FIELD_KEYS})
        general = [str(item) for key in _NON_FIELD_KEYS for item in detail.get(key, [])]
    else:
        fields = {}
        general = [str(item) for item in (detail if isinstance(detail, list) else [detail])]
    # With field errors the code is "invalid" (one branch for clients); a rule about the input as
    # a whole keeps the service's own code.
    code = "invalid" if fields else (_first_code(detail) or "invalid")
    if general:
        # A rule about the input as a whole (e.g. "a receipt needs all mandatory documents"):
        # its own sentence is the most precise message there is.
        message = " ".join(general)
    else:
        message = "Dữ liệu không hợp lệ: " + ", ".join(fields) + "." if fields else "Dữ liệu không hợp lệ."
    return {"code": code, "message": nfc(message), "fields": fields}


def error_body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        return _validation_body(exc)
    if isinstance(exc, APIError):
        body = {"code": exc.error_code, "message": nfc(str(exc.detail))}
        if exc.fields:
            body["fields"] = _field_messages(exc.fields)
        return body
    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait
        message = "Quá nhiều yêu cầu. Vui lòng thử lại sau."
        if wait is not None:
            message = f"Quá nhiều yêu cầu. Vui lòng thử lại sau {max(1, round(wait))} giây."
        return {"code": "throttled", "message": message}
    for klass, (code, message) in _MESSAGES.items():
        if isinstance(exc, klass):
            return {"code": code, "message": message}
    return {"code": _first_code(exc.detail) or "error", "message": nfc(str(exc.detail))}


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        return _from_django_validation_error(exc)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def api_exception_handler(exc: Exception, context: dict):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: DRF's handler for headers and status, our body."""
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        # An unexpected error: let Django log it and answer 500; never mask a bug as a 4xx.
        return None
    response.data = {"error": error_body(exc)}
    return response
