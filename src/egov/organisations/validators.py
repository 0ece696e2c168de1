import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# QCVN 102:2016/BTTTT agency identifier, e.g. "000.00.53.H48" (level-1 to level-4 groups).
AGENCY_IDENTIFIER = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")


def validate_agency_identifier(value: str) -> None:
    if not AGENCY_IDENTIFIER.match(value):
        raise ValidationError(
            _("Mã định danh cơ quan “%(value)s” không đúng dạng QCVN 102:2016 (ví dụ 000.00.53.H48)."),
            params={"value": value},
            code="invalid_identifier",
        )
