"""The staff search over the dossiers in the user's scope, a page at a time without counting them all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .. import selectors
from ..forms import SearchForm
from ..tables import dossier_table
from .queues import require_staff

SEARCH_PAGE_SIZE = 25


@never_cache
@login_required
def search(request):
    require_staff(request)
    form = SearchForm(request.GET or None)
    rows, has_next, page_number = [], False, 1
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["status"]):
        try:
            page_number = max(1, int(request.GET.get("trang", 1)))
        except ValueError:
            page_number = 1
        start = (page_number - 1) * SEARCH_PAGE_SIZE
        dossiers = selectors.staff_search(request.user, form.cleaned_data["q"], status=form.cleaned_data["status"])
        # No COUNT(*) over a million rows: one row more than the page tells whether there is a next one.
        ids = list(dossiers.values_list("pk", flat=True)[start : start + SEARCH_PAGE_SIZE + 1])
        has_next = len(ids) > SEARCH_PAGE_SIZE
        rows = selectors.table_dossiers(ids[:SEARCH_PAGE_SIZE])
    query = request.GET.copy()
    query.pop("trang", None)
    context = {
        "form": form,
        "table": dossier_table(rows, timezone.localdate()),
        "has_next": has_next,
        "page_number": page_number,
        "query": query.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "workspace/search.html", context)
