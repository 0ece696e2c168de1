"""The application's URLs plus two bench-only references (the application's own URLs carry neither):

- /bench/hello/: the smallest Django response, the framework's floor;
- /bench/lookup-io/?ma=CODE: the public look-up's input and output alone — the same rate-limit
  count and the same SQL on a raw cursor, answered as plain text without a template — so that the
  look-up page's cost splits into the framework (floor), its I/O (this) and its page (the rest).
"""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from egov.portal.selectors import _PUBLIC_SQL, normalise_code
from egov.portal.throttle import throttle_hit
from egov.urls import urlpatterns as application_urls


def hello(request):
    return HttpResponse("Xin chào", content_type="text/plain; charset=utf-8")


def lookup_io(request):
    throttle_hit(request, scope="lookup", rate=settings.EGOV_LOOKUP_RATE)
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_SQL, [normalise_code(request.GET.get("ma", ""))])
        row = cursor.fetchone()
    return HttpResponse(f"{row[0]} {row[1]}" if row else "", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello), path("bench/lookup-io/", lookup_io), *application_urls]
