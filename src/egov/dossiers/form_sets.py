"""The sets of one-stop forms, each form by kind with its number and title in that set.

- Thông tư 01/2018/TT-VPCP (guiding Nghị định 61/2018/NĐ-CP): 01 receipt, 02 supplement request,
  03 refusal, 04 apology and new appointment, 05 control slip, 06 register (domain.md §2.2).
- Thông tư 03/2025/TT-VPCP, Phụ lục I (guiding Nghị định 118/2025/NĐ-CP; law-2026.md §6.2 and
  §8.2, tagged [S]: read in a thesis table and consistent with ministry templates): 01 receipt,
  02 supplement request, 03 refusal, 04 apology and request to extend the time limit, 05 notice of
  stopping at the applicant's request (NĐ 118/2025 Art. 21, TT 03/2025 Art. 7), 06 control slip,
  07 register; the receipt carries the applicant's identification number and an authorised
  person, and electronic forms the receiver's digital signature.

Which set a dossier uses is `FormSetPeriod` data, by its day of receipt (of filing, before receipt).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from egov.core.formats import local_date

from .models import Dossier, FormSetPeriod

RECEIPT = "receipt"
SUPPLEMENT = "supplement"
REFUSAL = "refusal"
APOLOGY = "apology"
STOP_NOTICE = "stop_notice"
CONTROL_SLIP = "control_slip"
REGISTER = "register"


@dataclass(frozen=True)
class FormSpec:
    kind: str
    number: str
    title: str


@dataclass(frozen=True)
class FormSet:
    code: str
    legal_basis: str
    forms: tuple[FormSpec, ...]
    # TT 03/2025: the applicant's identification number and the authorised person on the receipt,
    # the receiver's digital signature on electronic forms.
    identifier_fields: bool
    receiver_esignature: bool
    # TT 03/2025 Form 04 asks the applicant to agree to an extension; TT 01/2018 announced a new date.
    apology_asks_extension: bool

    def by_number(self, number: str) -> FormSpec | None:
        return next((form for form in self.forms if form.number == number), None)

    def by_kind(self, kind: str) -> FormSpec:
        return next(form for form in self.forms if form.kind == kind)

    @property
    def dossier_forms(self) -> tuple[FormSpec, ...]:
        """The forms printed for one dossier (the register lists a whole year)."""
        return tuple(form for form in self.forms if form.kind != REGISTER)


TT01_2018 = FormSet(
    code=FormSetPeriod.FormSet.TT01_2018,
    legal_basis="Thông tư 01/2018/TT-VPCP",
    forms=(
        FormSpec(RECEIPT, "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        FormSpec(SUPPLEMENT, "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        FormSpec(REFUSAL, "03", "Phiếu từ chối tiếp nhận, giải quyết hồ sơ"),
        FormSpec(APOLOGY, "04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        FormSpec(CONTROL_SLIP, "05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        FormSpec(REGISTER, "06", "Sổ theo dõi hồ sơ"),
    ),
    identifier_fields=False,
    receiver_esignature=False,
    apology_asks_extension=False,
)
TT03_2025 = FormSet(
    code=FormSetPeriod.FormSet.TT03_2025,
    legal_basis="Thông tư 03/2025/TT-VPCP",
    forms=(
        FormSpec(RECEIPT, "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        FormSpec(SUPPLEMENT, "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        FormSpec(REFUSAL, "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        FormSpec(APOLOGY, "04", "Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        FormSpec(STOP_NOTICE, "05", "Thông báo dừng giải quyết hồ sơ"),
        FormSpec(CONTROL_SLIP, "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        FormSpec(REGISTER, "07", "Sổ theo dõi hồ sơ"),
    ),
    identifier_fields=True,
    receiver_esignature=True,
    apology_asks_extension=True,
)
FORM_SETS = {form_set.code: form_set for form_set in (TT01_2018, TT03_2025)}
ALL_NUMBERS = sorted({form.number for form_set in FORM_SETS.values() for form in form_set.forms})


def form_set_on(day: dt.date) -> FormSet:
    """The set in force on `day`; before the first period, the oldest set."""
    period = FormSetPeriod.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return FORM_SETS[period.form_set] if period else TT01_2018


def dossier_form_set(dossier: Dossier) -> FormSet:
    """A dossier's forms follow the set in force when it was received (filed, before receipt)."""
    moment = dossier.received_at or dossier.submitted_at
    return form_set_on(local_date(moment))


def register_form_set(year: int) -> FormSet:
    """A year's register follows the set in force at the year's end (today, for the current year)."""
    return form_set_on(min(dt.date(year, 12, 31), timezone.localdate()))
