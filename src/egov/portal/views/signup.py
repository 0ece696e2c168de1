"""A citizen's account: sign-up, capped per address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from ..forms import SignupForm
from ..throttle import LimitUnavailable, throttle_hit


@never_cache
def signup(request):
    if request.user.is_authenticated:
        return redirect("portal:my_dossiers")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        # Every attempt counts, valid or not: a cap per address on mass account creation, and no
        # account created while it cannot be counted.
        try:
            retry_after = throttle_hit(request, scope="signup", rate=settings.EGOV_SIGNUP_RATE, fail_closed=True)
        except LimitUnavailable:
            unavailable = gettext("Tạm thời chưa đăng ký được tài khoản; vui lòng thử lại sau ít phút.")
            response = render(request, "portal/signup.html", {"form": form, "throttled": unavailable}, status=503)
            response["Retry-After"] = "60"
            return response
        if retry_after is not None:
            throttled = gettext("Đã có quá nhiều lần đăng ký từ địa chỉ này; vui lòng thử lại sau %(minutes)s phút.")
            context = {"form": form, "throttled": throttled % {"minutes": retry_after // 60 + 1}}
            response = render(request, "portal/signup.html", context, status=429)
            response["Retry-After"] = str(retry_after)
            return response
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, gettext("Đã tạo tài khoản. Bạn có thể nộp hồ sơ trực tuyến."))
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("portal:my_dossiers")
    return render(request, "portal/signup.html", {"form": form}, status=400 if form.errors else 200)
