"""Citizens' feedback to the user's agency: the queue (waiting, overdue, answered) and one feedback
with its answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from egov.core.forms import apply_errors
from egov.portal import selectors as portal_selectors
from egov.portal.services import feedback_answer

from .. import selectors
from ..forms import FeedbackAnswerForm

FEEDBACK_PAGE_SIZE = 25


def _require_feedback_access(request) -> None:
    selectors.load_access(request.user)
    if not (selectors.is_staff_user(request.user) and request.user.has_perm("portal.view_feedback")):
        raise PermissionDenied(gettext("Tài khoản không có quyền xem góp ý, phản ánh."))


@never_cache
@login_required
def feedback_queue(request):
    """Citizens' feedback to the user's agency: waiting (by deadline), overdue, answered."""
    _require_feedback_access(request)
    state = request.GET.get("loc", "cho-tra-loi")
    if state not in portal_selectors.FEEDBACK_FILTERS:
        raise Http404(gettext("Không có danh sách này."))
    today = timezone.localdate()
    rows = portal_selectors.feedback_for_staff(request.user, state=state, today=today)
    page = Paginator(rows, FEEDBACK_PAGE_SIZE).get_page(request.GET.get("trang"))
    counts = portal_selectors.feedback_counts(request.user, today)
    context = {
        "tabs": [(key, label, counts[key]) for key, label in portal_selectors.FEEDBACK_FILTERS.items()],
        "state": state,
        "page": page,
        "rows": [(feedback, portal_selectors.feedback_is_overdue(feedback, today)) for feedback in page],
        "query": f"loc={state}",
    }
    return render(request, "workspace/feedback_queue.html", context)


@never_cache
@login_required
def feedback_detail(request, pk: int):
    """One feedback and its answer; staff allowed to answer record it here, once."""
    _require_feedback_access(request)
    feedback = get_object_or_404(portal_selectors.feedback_visible_to(request.user), pk=pk)
    can_answer = feedback.answered_at is None and request.user.has_perm("portal.answer_feedback")
    form = FeedbackAnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(gettext("Không thể trả lời góp ý này."))
        if form.is_valid():
            try:
                feedback_answer(feedback=feedback, actor=request.user, answer=form.cleaned_data["answer"])
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, gettext("Đã gửi trả lời tới người gửi góp ý."))
                return redirect("workspace:feedback", pk=feedback.pk)
    context = {
        "feedback": feedback,
        "form": form,
        "overdue": portal_selectors.feedback_is_overdue(feedback),
    }
    return render(request, "workspace/feedback.html", context, status=400 if form is not None and form.errors else 200)
