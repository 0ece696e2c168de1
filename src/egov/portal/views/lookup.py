"""The public look-up by dossier code: no personal data, rate-limited per address, shared between
visitors while it is exact (lookup_cache)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .. import selectors
from ..forms import LookupForm
from ..lookup_cache import SharedLookup
from ..throttle import throttle_hit_and_get_many


@never_cache
def lookup(request):
    form = LookupForm(request.GET or None)
    result = None
    searched = False
    shared = None
    if request.GET.get("ma") is not None:
        code = selectors.normalise_code(form.cleaned_data["ma"]) if form.is_valid() else ""
        shared = SharedLookup.for_request(request, code)
        retry_after, cached = throttle_hit_and_get_many(
            request, scope="lookup", rate=settings.EGOV_LOOKUP_RATE, keys=shared.keys if shared else []
        )
        if retry_after is not None:
            response = render(
                request, "portal/lookup.html", {"form": form, "throttled": True, "retry_after": retry_after}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        if code:
            searched = True
            if shared is not None:
                shared.read(cached)
                if shared.html is not None:
                    return shared.response()
            result = selectors.dossier_public_status(code)
    context = {"form": form, "result": result, "searched": searched}
    response = render(request, "portal/lookup.html", context, status=404 if searched and result is None else 200)
    if shared is not None:
        shared.store(response)
    return response
