"""Applicant identifiers: citizen ID, tax code, phone number — with messages a citizen understands."""

import re

from django.core.exceptions import ValidationError

_CITIZEN_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_PHONE = re.compile(r"^0\d{9}$")


def validate_citizen_id(value: str) -> None:
    """Số định danh cá nhân (căn cước công dân): 12 digits, the first three a province code 001–096."""
    if not _CITIZEN_ID.match(value):
        raise ValidationError("Số định danh cá nhân phải gồm đúng 12 chữ số.", code="citizen_id_format")
    if not 1 <= int(value[:3]) <= 96:
        raise ValidationError(
            "Số định danh cá nhân không hợp lệ: ba chữ số đầu phải là mã tỉnh (001–096).", code="citizen_id_province"
        )


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.match(value):
        raise ValidationError(
            "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (mã chi nhánh).",
            code="tax_code_format",
        )


def normalise_phone(value: str) -> str:
    """'+84 905 123 456' / '0905.123.456' -> '0905123456'."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not _PHONE.match(normalise_phone(value)):
        raise ValidationError(
            "Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (hoặc +84).", code="phone_format"
        )
