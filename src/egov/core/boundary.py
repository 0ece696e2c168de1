"""A request whose path or query string carries a control character (core.text) goes no further:
no view, no database look-up (PostgreSQL refuses a NUL in text, which was a 500 before any
log-in). A path with one names nothing: 404. A query value with one: 400."""

from __future__ import annotations

import logging

from django.http import JsonResponse

from .text import control_character

logger = logging.getLogger(__name__)


def _refused(request, status: int, code: str, message: str):
    logger.info("refused %s: control character in the %s", request.path_info.encode("unicode_escape"), code)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    from . import views

    return (views.page_not_found if status == 404 else views.bad_request)(request)


class BoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if control_character(request.path_info):
            return _refused(request, 404, "not_found", "Không tìm thấy đối tượng yêu cầu.")
        for name, values in request.GET.lists():
            if any(control_character(text) for text in (name, *values)):
                message = f"Tham số “{name.encode('unicode_escape').decode()}” có ký tự điều khiển."
                return _refused(request, 400, "invalid", message)
        return self.get_response(request)
