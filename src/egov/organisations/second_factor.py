"""The second factor of a log-in: a TOTP authenticator (RFC 6238, through django-otp) and recovery codes.

Who must use it (docs/decisions/0026-authentication-policy.md): every account that may reach the
administration site, sign or approve a dossier's result, or manage accounts. Any other staff
member or citizen may turn it on. An account that must use it and has no authenticator yet is
sent to enrol before anything else (organisations.middleware).
"""

from __future__ import annotations

import base64
import functools
import io

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from egov.core.secrets import new_secret, secret_digest

from .models import RecoveryCode, RecoveryCodeDevice, User

# Holding any of these makes the second factor compulsory: signing a result (Lãnh đạo cơ quan),
# approving it (Lãnh đạo phòng: APPROVE needs assign_dossier) and managing accounts (Quản trị).
SECOND_FACTOR_PERMISSIONS = ("dossiers.sign_dossier", "dossiers.assign_dossier", "organisations.change_user")
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10  # 50 bits each
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


@functools.cache
def roles_needing_second_factor() -> frozenset[str]:
    """Worked out once per process from the role grants (code): asked on every request, it then
    costs no query beyond the user's roles, which the pages load anyway."""
    from .services import collect_role_grants

    grants = collect_role_grants()
    return frozenset(role for role, permissions in grants.items() if permissions & set(SECOND_FACTOR_PERMISSIONS))


def second_factor_required(user: User, *, role_names: set[str] | None = None) -> bool:
    """Staff with access to the administration site, and anyone holding a role that signs, approves
    or manages accounts (permissions are granted through roles: organisations/roles.py)."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool((user.role_names() if role_names is None else role_names) & roles_needing_second_factor())


def second_factor_enrolled(user: User) -> bool:
    """Has a confirmed authenticator (recovery codes alone do not count: they come with one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator secret for the user (replacing an unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the new authenticator with a code it shows; returns new recovery codes, or None.

    The first code proves the person copied the secret correctly. A confirmed authenticator
    replaces the previous one, and the recovery codes are issued anew.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(user=user)


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the plain codes are returned once, never stored."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.codes.all().delete()
    codes = [new_secret(RECOVERY_CODE_LENGTH) for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=secret_digest(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@transaction.atomic
def second_factor_remove(*, user: User) -> None:
    """Turn the second factor off (refused by the views for accounts that must keep it)."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()


@transaction.atomic  # the devices are locked while checked: two tries at once cannot both use one code
def verify_second_factor(*, user: User, token: str):
    """The device (authenticator or recovery codes) that accepts `token`, or None.

    Six digits go to the authenticator; anything else is tried as a recovery code. Each device
    counts its failures and makes the next try wait longer (django-otp's throttling).
    """
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        is_totp = isinstance(device, TOTPDevice)
        if is_totp != (token.isdigit() and len(token) == device_digits(device)):
            continue
        if device.verify_token(token):
            return device
    return None


def device_digits(device) -> int:
    return getattr(device, "digits", 6)


def verification_wait_seconds(user: User) -> int:
    """Seconds before the next code may be tried, after repeated wrong codes (0: no wait)."""
    waits = []
    for device in devices_for_user(user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("locked_until"):
            waits.append(int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
    return max(waits, default=0)


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed in by hand, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URL of the device as an inline SVG QR code (no image request, no inline style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]  # drop the XML declaration
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR" ', 1))
