"""The applicant's data and their choice of how to receive the result, as the services store them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from egov.core.text import clean_text
from egov.organisations.models import User

from ..models import ApplicantKind, Channel, ReturnMethod
from ..validators import normalise_phone, validate_citizen_id, validate_phone, validate_tax_code


@dataclass(frozen=True)
class ApplicantData:
    kind: str
    name: str
    id_number: str = ""
    tax_code: str = ""
    representative: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    # Reported by the intake on DVCQG (VNeID login, population-database look-up), never guessed.
    identity_verified: bool = False
    population_data_used: bool = False

    def cleaned(self, *, channel: str) -> ApplicantData:
        """Normalised copy; raises ValidationError with every problem at once, by field."""
        errors: dict[str, list[str]] = {}
        name = clean_text(self.name)
        phone = normalise_phone(self.phone) if self.phone.strip() else ""
        email = self.email.strip()
        if self.kind not in ApplicantKind.values:
            errors.setdefault("kind", []).append("Loại người nộp không hợp lệ (cá nhân hoặc tổ chức).")
        if not name:
            errors.setdefault("name", []).append("Cần nhập tên tổ chức, cá nhân nộp hồ sơ.")
        checks = [("phone", validate_phone, phone), ("email", validate_email, email)]
        if self.kind == ApplicantKind.PERSON:
            checks.append(("id_number", validate_citizen_id, self.id_number.strip()))
            if not self.id_number.strip():
                errors.setdefault("id_number", []).append("Cần nhập số định danh cá nhân.")
        elif self.kind == ApplicantKind.ORGANISATION:
            checks.append(("tax_code", validate_tax_code, self.tax_code.strip()))
            if not self.tax_code.strip():
                errors.setdefault("tax_code", []).append("Cần nhập mã số thuế của tổ chức.")
        for key, check, value in checks:
            if value:
                try:
                    check(value)
                except ValidationError as exc:
                    message = "Địa chỉ thư điện tử không hợp lệ." if key == "email" else exc.messages[0]
                    errors.setdefault(key, []).append(message)
        if channel == Channel.ONLINE and not (phone or email):
            errors.setdefault("phone", []).append(
                "Hồ sơ trực tuyến cần số điện thoại hoặc thư điện tử để nhận thông báo."
            )
        if errors:
            raise ValidationError(errors)
        return ApplicantData(
            kind=self.kind,
            name=name,
            id_number=self.id_number.strip(),
            tax_code=self.tax_code.strip(),
            representative=clean_text(self.representative),
            address=clean_text(self.address),
            phone=phone,
            email=email,
            identity_verified=bool(self.identity_verified),
            population_data_used=bool(self.population_data_used),
        )


def result_delivery_cleaned(
    method: str, address: str = "", *, owner: User | None, applicant_address: str = ""
) -> tuple[str, str]:
    """(method, address) as stored; ValidationError by field. An electronic result is made available
    in the applicant's account, so it needs one; by post it needs an address (the applicant's when
    none is given)."""
    address = clean_text(address) or clean_text(applicant_address)
    if method not in ReturnMethod.values:
        raise ValidationError({"result_delivery": ["Cần chọn hình thức nhận kết quả."]})
    if method == ReturnMethod.ELECTRONIC and owner is None:
        raise ValidationError(
            {"result_delivery": ["Nhận kết quả trực tuyến cần tài khoản trên Cổng dịch vụ công của người nộp."]}
        )
    if method == ReturnMethod.POST and not address:
        raise ValidationError({"result_address": ["Cần nhập địa chỉ nhận kết quả qua bưu chính."]})
    return method, address if method == ReturnMethod.POST else ""
