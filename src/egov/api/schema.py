"""The API's OpenAPI generation (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

Every operation documents the error answers it can give, in the one error shape
(egov.api.exceptions), derived from what the view declares — so a new view cannot forget one and
the contract (openapi.yaml) says exactly which status codes a client must handle:

- 400 when the operation reads input (a body or query parameters);
- 401 always: a wrong or expired token is refused even on a public operation;
- 403 when the view needs permissions, or the method writes (the browser's CSRF check);
- 404 when the path names an object (absent, or out of the user's scope: docs/decisions/0009);
- 415 when it reads a body (a content type it does not parse);
- 429 always (egov.api.throttling), with Retry-After.

A response an operation declares itself (`error_responses(...)` in `extend_schema`) keeps its own
description; the defaults only fill in the others.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from .serializers import ErrorSerializer

ERROR_DESCRIPTIONS = {
    400: "Dữ liệu không hợp lệ (fields: lỗi của từng trường).",
    401: "Chưa đăng nhập, hoặc thông tin xác thực không hợp lệ.",
    403: "Tài khoản không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy (hoặc ngoài phạm vi của tài khoản).",
    415: "Định dạng dữ liệu gửi lên không được hỗ trợ.",
    429: "Quá nhiều yêu cầu; thử lại sau số giây trong Retry-After.",
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ApiAutoSchema(AutoSchema):
    def _error_statuses(self) -> list[int]:
        reads_body = self.method in WRITE_METHODS
        statuses = [401, 429]
        if reads_body or self._get_parameters_of_kind("query"):
            statuses.append(400)
        needs_permission = any(not isinstance(p, AllowAny) for p in self.view.get_permissions())
        if needs_permission or reads_body:
            statuses.append(403)
        if self._get_parameters_of_kind("path"):
            statuses.append(404)
        if reads_body:
            statuses.append(415)
        return sorted(statuses)

    def _get_parameters_of_kind(self, kind: str) -> list[dict]:
        return [p for p in self._get_parameters() if p.get("in") == kind]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self._error_statuses():
            if str(status) not in responses:
                error = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
                responses[str(status)] = self._get_response_for_code(error, str(status), direction=direction)
        return dict(sorted(responses.items()))
