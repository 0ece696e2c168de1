import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
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
# CSRF_FAILURE_VIEW). Each says what happened and where to go next, in the reader's language.


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    # The view's own reason ("Tài khoản không có quyền xử lý hồ sơ."), when it gave one.
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    # Most often a form left open past its session, or cookies refused: say so, not Django's "CSRF".
    reason = gettext("Biểu mẫu đã cũ hoặc phiên làm việc đã hết hạn. Hãy tải lại trang rồi gửi lại.")
    return render(request, "403.html", {"reason": reason}, status=403)


def server_error(request):
    """Rendered without a request context: no context processor, no database, no cache, so that
    the page shows whatever failed (the database down, a context processor raising). An API
    client gets the API's error shape (api/exceptions.py) rather than a page."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": "server_error", "message": "Lỗi hệ thống. Vui lòng thử lại sau."}}
        return JsonResponse(body, status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
