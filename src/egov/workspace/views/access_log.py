"""The access log: who read or downloaded which record of the agency."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from .. import selectors
from ..forms import AccessLogFilterForm

ACCESS_LOG_PAGE_SIZE = 50


@never_cache
@login_required
def access_log(request):
    """Who read or downloaded which record of the agency: its head and auditors (core.view_accesslogentry)."""
    if not request.user.has_perm("core.view_accesslogentry"):
        raise PermissionDenied(gettext("Tài khoản không có quyền xem nhật ký truy cập."))
    form = AccessLogFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "text": data["q"].strip(),
            "reader": data["reader"].strip(),
            "kind": data["kind"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    entries = selectors.access_log_search(request.user, **filters) if not form.errors else []
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "workspace/access_log.html", context, status=400 if form.errors else 200)
