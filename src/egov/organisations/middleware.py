"""The account rules every signed-in request passes, in order (docs/decisions/0026-authentication-policy.md):

1. a session left idle longer than its limit is ended (staff and citizens have separate limits);
2. an account with an authenticator, or one that must have one, proves the second factor first
   (or enrols, the first time);
3. a password someone else chose, or one past its age, is changed before anything else.

Installed after django_otp's OTPMiddleware, which tells whether the session passed the second factor.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .second_factor import second_factor_enrolled, second_factor_required

LAST_SEEN_KEY = "egov_last_seen"
# Whether the account has an authenticator, as of the last refresh: looked up at log-in, then with
# the time of the last request, at most once a minute. A write per request would cost a database
# write per page (and a look-up a query per page), and the limits are counted in minutes anyway.
ENROLLED_KEY = "egov_second_factor_enrolled"
REQUIRED_KEY = "egov_second_factor_required"  # likewise: a role granted applies within a minute
REFRESH_SECONDS = 60

# Pages an account must still reach while a rule holds it back (URL names).
_ALWAYS_OPEN = {"logout", "set_language", "admin:logout", "health"}
_SECOND_FACTOR_PAGES = {"portal:login_verify", "portal:second_factor_enrol"}
_PASSWORD_PAGES = {"portal:password_change", "portal:password_change_done"}


def idle_limit_seconds(user) -> int:
    minutes = (
        settings.EGOV_STAFF_IDLE_MINUTES if user.agency_id or user.is_staff else settings.EGOV_CITIZEN_IDLE_MINUTES
    )
    return minutes * 60


def password_change_due(user) -> bool:
    if user.must_change_password:
        return True
    max_age = settings.EGOV_STAFF_PASSWORD_MAX_AGE_DAYS
    if not max_age or not (user.agency_id or user.is_staff) or user.password_changed_at is None:
        return False
    return (timezone.now() - user.password_changed_at).days >= max_age


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        name = _url_name(request)
        if name in _ALWAYS_OPEN:
            return None
        if self._idle_expired(request):
            logout(request)
            messages.info(request, _("Phiên làm việc đã kết thúc vì lâu không thao tác. Vui lòng đăng nhập lại."))
            return None  # the view now sees an anonymous visitor: log-in pages send them to log in
        if not user.is_verified() and (request.session[ENROLLED_KEY] or request.session[REQUIRED_KEY]):
            if name in _SECOND_FACTOR_PAGES:
                return None
            target = "portal:login_verify" if request.session[ENROLLED_KEY] else "portal:second_factor_enrol"
            return _hold(request, target, _("Tài khoản cần xác thực hai lớp trước khi tiếp tục."))
        if password_change_due(user) and name not in _PASSWORD_PAGES | _SECOND_FACTOR_PAGES:
            return _hold(request, "portal:password_change", _("Tài khoản cần đổi mật khẩu trước khi tiếp tục."))
        return None

    @staticmethod
    def _idle_expired(request) -> bool:
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > idle_limit_seconds(request.user):
            return True
        if last_seen is None or now - last_seen >= REFRESH_SECONDS or REQUIRED_KEY not in request.session:
            session_refresh(request.session, request.user)
        return False


def session_refresh(session, user) -> None:
    # The roles are read apart from the user's per-request caches, which pages fill in one query
    # of their own (workspace.selectors.load_access).
    roles = {
        name.removeprefix("role:")
        for name in user.groups.filter(name__startswith="role:").values_list("name", flat=True)
    }
    session[LAST_SEEN_KEY] = int(time.time())
    session[ENROLLED_KEY] = second_factor_enrolled(user)
    session[REQUIRED_KEY] = second_factor_required(user, role_names=roles)


def on_logged_in(sender, request, user, **kwargs) -> None:
    """A log-in starts the idle clock and notes whether the account has an authenticator."""
    if request is not None and hasattr(request, "session"):
        session_refresh(request.session, user)


def _url_name(request) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _hold(request, target: str, message: str):
    """Send the account to the page that clears the rule; the API answers 403 in its error shape."""
    if request.path.startswith("/api/"):
        body = {"error": {"code": "account_action_required", "message": message}}
        return JsonResponse(body, status=403)
    url = reverse(target)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)
