"""API tokens: issued to their owner once, kept as a digest, ended by expiry or revocation.

The secret is `egov_` and 40 characters of base 32 (200 bits); the database keeps its SHA-256
digest (core/secrets.py) and its first characters, for the owner to recognise it in the list.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.secrets import new_secret, secret_digest

from .models import ApiToken, User

PREFIX = "egov_"
SECRET_LENGTH = 40
SHOWN_PREFIX_LENGTH = len(PREFIX) + 6
# The time of last use is written at most this often: a write per API call would double its cost.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days (1 to EGOV_API_TOKEN_MAX_DAYS); returns it and its secret."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Nhập tên gợi nhớ của khóa (ví dụ: Cổng dịch vụ công tỉnh).")
    if not 1 <= days <= settings.EGOV_API_TOKEN_MAX_DAYS:
        errors["days"] = _("Thời hạn của khóa từ 1 đến %(max)d ngày.") % {"max": settings.EGOV_API_TOKEN_MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + new_secret(SECRET_LENGTH)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        digest=secret_digest(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token.full_clean(exclude=["digest"])
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """End a token now. Its owner may, and so may whoever manages accounts (organisations.change_user)."""
    if token.user_id != by.pk and not by.has_perm("organisations.change_user"):
        raise PermissionDenied(_("Chỉ chủ sở hữu hoặc quản trị hệ thống được thu hồi khóa này."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret (and its user, active), or None; records its use."""
    if not 0 < len(secret) <= 100:  # ours are 45 characters; DRF's migrated keys 40
        return None
    token = ApiToken.objects.select_related("user").filter(digest=secret_digest(secret)).first()
    now = timezone.now()
    if token is None or not token.is_active_at(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user).select_related("revoked_by")
