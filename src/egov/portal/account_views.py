"""Account pages of every user: password change and reset, the second factor, API tokens.

The rules are in organisations (second_factor.py, tokens.py, middleware.py); these pages only
ask and show. docs/decisions/0026-authentication-policy.md.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.core.forms import apply_errors
from egov.organisations import second_factor, tokens
from egov.organisations.middleware import session_refresh
from egov.organisations.models import ApiToken

from .account_forms import (
    ApiTokenForm,
    EnrolmentForm,
    OwnPasswordChangeForm,
    OwnSetPasswordForm,
    ResetRequestForm,
    SecondFactorForm,
)
from .throttle import throttle_hit

ENROLMENT_SESSION_KEY = "egov_totp_enrolment"


def _next_url(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# --- passwords ------------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    template_name = "registration/password_change.html"

    def get_success_url(self):
        messages.success(self.request, gettext("Đã đổi mật khẩu."))
        return _next_url(self.request, reverse("portal:password_change_done"))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request, "")}


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the account's e-mail; the mail goes through Django's mail API (settings EMAIL_*)."""

    form_class = ResetRequestForm
    template_name = "registration/password_reset.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")

    @property
    def extra_email_context(self):
        # The link is built on the configured public address, never on the request's Host header.
        return {"base_url": settings.EGOV_PUBLIC_BASE_URL.rstrip("/")}

    def post(self, request, *args, **kwargs):
        # Each request may send a mail: a cap per address, like sign-up.
        retry_after = throttle_hit(request, scope="password-reset", rate=settings.EGOV_PASSWORD_RESET_RATE)
        if retry_after is not None:
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                gettext("Đã có quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau %(minutes)s phút.")
                % {"minutes": retry_after // 60 + 1},
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = OwnSetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")


password_change = PasswordChangeView.as_view()
password_change_done = login_required(
    auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html")
)
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html")
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)


# --- second factor --------------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("code")
@login_required
def login_verify(request):
    """The second step of a log-in: a code from the authenticator, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not second_factor.second_factor_enrolled(user):
        return redirect(f"{reverse('portal:second_factor_enrol')}?next={_next_url(request)}")
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify_second_factor(user=user, token=form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            if not isinstance(device, TOTPDevice):
                left = second_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    gettext("Đã dùng một mã dự phòng; còn %(count)d mã. Hãy tạo bộ mã mới khi còn ít.")
                    % {"count": left},
                )
            return redirect(_next_url(request))
        wait = second_factor.verification_wait_seconds(user)
        if wait:
            form.add_error(
                "code", gettext("Mã không đúng. Vui lòng chờ %(seconds)d giây rồi thử lại.") % {"seconds": wait}
            )
        else:
            form.add_error("code", gettext("Mã không đúng hoặc đã được dùng."))
    if form.errors:
        status = 400
    return render(
        request, "registration/login_verify.html", {"form": form, "next": _next_url(request, "")}, status=status
    )


@never_cache
@login_required
def second_factor_settings(request):
    user = request.user
    context = {
        "enrolled": second_factor.second_factor_enrolled(user),
        "required": second_factor.second_factor_required(user),
        "recovery_codes_left": second_factor.recovery_codes_left(user),
    }
    return render(request, "registration/second_factor.html", context)


@never_cache
@sensitive_post_parameters("code")
@login_required
def second_factor_enrol(request):
    """Scan the QR code (or type the secret), then prove it with a first code; recovery codes follow."""
    user = request.user
    if second_factor.second_factor_enrolled(user) and not user.is_verified():
        # Replacing an authenticator needs the current one: a password alone must not do it.
        return redirect(f"{reverse('portal:login_verify')}?next={_next_url(request)}")
    device = None
    device_id = request.session.get(ENROLMENT_SESSION_KEY)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = second_factor.totp_enrolment_start(user=user)
        request.session[ENROLMENT_SESSION_KEY] = device.pk
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.totp_enrolment_confirm(user=user, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            del request.session[ENROLMENT_SESSION_KEY]
            request.session.cycle_key()
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            session_refresh(request.session, user)
            messages.success(request, gettext("Đã bật xác thực hai lớp."))
            return _show_recovery_codes(request, codes)
        form.add_error("code", gettext("Mã không khớp. Kiểm tra giờ trên điện thoại và nhập mã đang hiển thị."))
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_base32(device),
        "next": _next_url(request, ""),
    }
    return render(request, "registration/second_factor_enrol.html", context, status=400 if form.errors else 200)


def _show_recovery_codes(request, codes: list[str]):
    # Rendered, not redirected: the plain codes exist only in this one response.
    context = {"codes": codes, "next": _next_url(request, reverse("portal:second_factor"))}
    return render(request, "registration/recovery_codes.html", context)


@never_cache
@require_POST
@login_required
def second_factor_recovery_codes(request):
    if not second_factor.second_factor_enrolled(request.user):
        return redirect("portal:second_factor")
    return _show_recovery_codes(request, second_factor.recovery_codes_issue(user=request.user))


@require_POST
@login_required
def second_factor_disable(request):
    if second_factor.second_factor_required(request.user):
        raise PermissionDenied(gettext("Tài khoản có quyền ký, duyệt hoặc quản trị phải dùng xác thực hai lớp."))
    second_factor.second_factor_remove(user=request.user)
    session_refresh(request.session, request.user)
    messages.success(request, gettext("Đã tắt xác thực hai lớp."))
    return redirect("portal:second_factor")


# --- API tokens -----------------------------------------------------------------------------------


@never_cache
@login_required
def api_tokens(request):
    """The user's API tokens; a new one's secret is shown once, in the answer that creates it."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            form = ApiTokenForm()
    if form.errors:
        status = 400
    context = {"form": form, "secret": secret, "tokens": tokens.api_tokens_of(request.user), "now": timezone.now()}
    return render(request, "registration/api_tokens.html", context, status=status)


@require_POST
@login_required
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another's token: 404
    tokens.api_token_revoke(token=token, by=request.user)
    messages.success(request, gettext("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("portal:api_tokens")
