"""The queues: who may open the workspace (a staff account with at least one queue), and one queue's
dossiers, a page at a time, under the tabs of all the user's queues with their counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from .. import selectors
from ..tables import dossier_table, queue_url_maker

PAGE_SIZE = 25


def require_staff(request) -> list[selectors.Queue]:
    """The user's queues; refused without a staff account or without any queue."""
    selectors.load_access(request.user)
    queues = selectors.queues_for(request.user) if selectors.is_staff_user(request.user) else []
    if not queues:
        raise PermissionDenied(gettext("Tài khoản không có quyền xử lý hồ sơ."))
    return queues


@never_cache
@login_required
def queues(request, slug: str | None = None):
    user_queues = require_staff(request)
    today = timezone.localdate()
    counts = selectors.queue_counts(request.user, today, user_queues)
    available = [queue for queue, _ in counts]
    if slug is None:
        queue = next((q for q, count in counts if count), available[0])
    else:
        queue = selectors.QUEUES_BY_SLUG.get(slug)
        if queue is None or queue not in available:
            raise Http404(gettext("Không có hàng đợi này."))
    count = dict((q.slug, c) for q, c in counts)[queue.slug]
    ids = selectors.queue_dossiers(request.user, queue, today).values_list("pk", flat=True)
    paginator = Paginator(ids, PAGE_SIZE)
    paginator.count = count  # already counted for the tabs
    page = paginator.get_page(request.GET.get("trang"))
    table = dossier_table(selectors.table_dossiers(page), today)
    queue_url = queue_url_maker()
    tabs = [(q, count, queue_url(q.slug)) for q, count in counts]
    context = {"counts": counts, "tabs": tabs, "queue": queue, "page": page, "table": table}
    return render(request, "workspace/queues.html", context)
