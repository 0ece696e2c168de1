"""The demo outbox page: what the fake SMS gateway and the development e-mail backend "sent".

It exists only where settings.EGOV_DEMO_OUTBOX is on (development settings: `make demo`); it
answers 404 everywhere else, production included. No log-in: a visitor of the demo needs the
one-time code before signing in anywhere, and the page holds nothing but the demo's own messages.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .selectors import demo_messages


@never_cache
def demo_outbox(request):
    if not getattr(settings, "EGOV_DEMO_OUTBOX", False):
        raise Http404
    return render(request, "outbox/demo_outbox.html", {"messages_sent": demo_messages()})
