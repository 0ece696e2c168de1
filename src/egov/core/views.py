from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language


def health(request):
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# The language switcher posts here from every page's header. Exempt from CSRF so that the header
# needs no token: an anonymous page then sets no csrftoken cookie (and no "Vary: Cookie"), and it is
# cheaper to render. Forging this request can only change the visitor's display language, and the
# redirect target is still checked by Django's view (same host only). docs/decisions/0023.
set_language = csrf_exempt(django_set_language)
