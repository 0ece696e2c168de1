import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

from egov.core.cache import cache_reachable

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 1


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return "error"
    return "ok"


def _cache() -> str:
    return "ok" if cache_reachable(cache) else "error"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:  # tasks run in the web process: no broker
        return "not used"
    from egov.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL, connect_timeout=HEALTH_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:  # kombu's errors differ per transport
        logger.error("Health check: the broker does not answer (%s: %s)", type(exc).__name__, exc)
        return "error"
    return "ok"


@never_cache
def health(request):
    """For load balancers and monitoring: the database, the cache and the broker, each on its own.

    503 only when the database does not answer: without it nothing works. Without the cache the
    site works, slower and with looser limits (core.cache), and without the broker messages wait
    in the database for the sweep to queue them: 200, "degraded", so that a load balancer keeps the
    server while monitoring sees what is missing.
    """
    checks = {"database": _database(), "cache": _cache(), "broker": _broker()}
    if checks["database"] != "ok":
        status = "down"
    elif "error" in checks.values():
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, **checks}, status=503 if status == "down" else 200)


# The language switcher posts here from every page's header. Exempt from CSRF so that the header
# needs no token: an anonymous page then sets no csrftoken cookie (and no "Vary: Cookie"), and it is
# cheaper to render. Forging this request can only change the visitor's display language, and the
# redirect target is still checked by Django's view (same host only). docs/decisions/0023.
set_language = csrf_exempt(django_set_language)


# The product's error pages (urls.py: handler400, handler403, handler404, handler500; and
# CSRF_FAILURE_VIEW). Each says what happened and where to go next, in the reader's language. An
# error page must not fail in turn: when the site's page cannot be drawn (a context processor, the
# database, the static files' manifest), the plain page says the same without any of them.


def _stylesheet() -> str:
    try:
        return static("egov/css/site.css")
    except Exception:  # a missing manifest: the page without its style, not an error
        return ""


def _plain_page(status: int, heading: str, paragraphs: list[str]) -> HttpResponse:
    """Drawn with no request context: no context processor, no database, no cache."""
    context = {"heading": heading, "paragraphs": paragraphs, "stylesheet": _stylesheet()}
    return HttpResponse(loader.render_to_string("egov/error_plain.html", context), status=status)


def _error_page(request, template: str, status: int, heading: str, context: dict | None = None) -> HttpResponse:
    try:
        return render(request, template, context, status=status)
    except Exception:
        logger.exception("The %s page could not be drawn; the plain one is served", status)
        return _plain_page(status, heading, [(context or {}).get("reason", "")])


def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400, gettext("Yêu cầu không hợp lệ"))


def permission_denied(request, exception=None):
    # The view's own reason ("Tài khoản không có quyền xử lý hồ sơ."), when it gave one.
    reason = str(exception) if exception is not None else ""
    return _error_page(request, "403.html", 403, gettext("Không có quyền truy cập"), {"reason": reason})


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404, gettext("Không tìm thấy trang"))


def csrf_failure(request, reason=""):
    # Most often a form left open past its session, or cookies refused: say so, not Django's "CSRF".
    reason = gettext("Biểu mẫu đã cũ hoặc phiên làm việc đã hết hạn. Hãy tải lại trang rồi gửi lại.")
    return _error_page(request, "403.html", 403, gettext("Không có quyền truy cập"), {"reason": reason})


def server_error(request):
    """Always the plain page, so that it shows whatever failed (the database down, a context
    processor raising). An API client gets the API's error shape (api/exceptions.py) instead."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": "server_error", "message": "Lỗi hệ thống. Vui lòng thử lại sau."}}
        return JsonResponse(body, status=500)
    paragraphs = [
        gettext(
            "Hệ thống gặp lỗi nên chưa thực hiện được yêu cầu của bạn. Lỗi không phải do bạn và đã được ghi lại "
            "để khắc phục."
        ),
        gettext("Hãy thử lại sau ít phút. Nếu việc cần gấp, hãy liên hệ Bộ phận Một cửa của cơ quan."),
    ]
    return _plain_page(500, gettext("Lỗi hệ thống"), paragraphs)
