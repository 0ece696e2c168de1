import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# QCVN 102:2016/BTTTT agency identifier, e.g. "000.00.53.H48" (level-1 to level-4 groups); also the
# first part of a dossier code (dossiers/codes.py builds its pattern from this one).
AGENCY_IDENTIFIER = re.compile(r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}")


def validate_agency_identifier(value: str) -> None:
    if not AGENCY_IDENTIFIER.fullmatch(value):
        raise ValidationError(
            _("Mã định danh cơ quan “%(value)s” không đúng dạng QCVN 102:2016 (ví dụ 000.00.53.H48)."),
            params={"value": value},
            code="invalid_identifier",
        )


# The password policy in a person's words (settings.AUTH_PASSWORD_VALIDATORS says it to the machine).
PASSWORD_POLICY_HELP = _(
    "Ít nhất 10 ký tự, có ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký hiệu; "
    "không giống tên đăng nhập hay thư điện tử, không phải mật khẩu phổ biến."
)


class CharacterKindsValidator:
    """A password draws on at least `min_kinds` of: lower-case letters, upper-case letters, digits,
    other signs (TCVN 11930:2017, level 3: a password of some complexity). Vietnamese letters count
    as letters, so "Mậtkhẩu" has two kinds."""

    def __init__(self, min_kinds: int = 3):
        self.min_kinds = min_kinds

    def validate(self, password: str, user=None) -> None:
        kinds = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(kinds) < self.min_kinds:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("Mật khẩu phải có ít nhất %(count)d trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, ký hiệu.") % {
            "count": self.min_kinds
        }
