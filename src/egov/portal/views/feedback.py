"""The citizen's feedback to an agency, about a dossier or not, with the day it is answered by."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from egov.core.forms import apply_errors

from .. import selectors, services
from ..forms import FeedbackForm


@never_cache
@login_required
def feedback(request):
    dossiers = selectors.own_dossiers(request.user).order_by("-submitted_at")
    form = FeedbackForm(request.POST or None, dossiers=dossiers, initial={"dossier": request.GET.get("ho-so")})
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.feedback_create(
                author=request.user,
                message=form.cleaned_data["message"],
                dossier=form.cleaned_data["dossier"],
                agency=form.cleaned_data["agency"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            done = gettext("Đã gửi góp ý. Cảm ơn bạn.")
            if feedback.due_date:
                done += " " + gettext("Cơ quan trả lời chậm nhất ngày %(day)s.") % {
                    "day": feedback.due_date.strftime("%d/%m/%Y")
                }
            messages.success(request, done)
            return redirect("portal:feedback")
    context = {"form": form, "sent": selectors.own_feedback(request.user)}
    return render(request, "portal/feedback.html", context, status=400 if form.errors else 200)
