"""A dossier as the National Public Service Portal (DVCQG) receives it, for a future sync adapter.

The payload follows the de-facto sync DTO of provincial systems (law-2026.md §6.4, [V-code]: the
open-source "DichVuCong" back-office); the legal data-exchange spec, TT 04/2025/TT-VPCP (from
25/01/2026), has annexes not read yet, so field names and formats are to be checked against it
before the adapter is built. The status is mapped through `NationalStatusCode` (data, by date).

What the system does not know is reported as not done, never guessed: the VNeID-verified account
(login happens on DVCQG, law-2026.md §6.4) and the items reused or taken from the personal data
store are what the intake recorded on the dossier and its files; the population-database look-up
(`DSKetNoiCSDL`) is left empty, its database code being unverified.
Dates are `yyyyMMddHHmmss` in local time, as DVCQG integrators send them [K].
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from egov.core.formats import local_date
from egov.workdays.calendar import LOCAL_TZ

from .fees import fee_lines
from .models import ApplicantKind, Attachment, Channel, Dossier, NationalStatusCode, Payment, ReturnMethod
from .transitions import TRANSITIONS, Action

CHANNEL_CODES = {Channel.DIRECT: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}
# LoaiDoiTuong: 1 citizen, 2 organisation [K].
APPLICANT_KIND_CODES = {ApplicantKind.PERSON: 1, ApplicantKind.ORGANISATION: 2}
# HinhThuc (how the result is returned): 0 at the desk, 1 by post, 2 online [K].
RETURN_METHOD_CODES = {ReturnMethod.DESK: 0, ReturnMethod.POST: 1, ReturnMethod.ELECTRONIC: 2}
# DuocThanhToanTrucTuyen: 1 through DVCQG's payment platform, 2 through a local gateway, 0 none.
LOCAL_GATEWAY = 2


class StatusNotMapped(LookupError):
    """No `NationalStatusCode` row covers this status on that day: an administrator must add one."""


def status_codes_on(day: dt.date) -> dict[str, int]:
    """Internal status -> DVCQG code, as in force on `day`."""
    rows = NationalStatusCode.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    codes: dict[str, int] = {}
    for status, code in rows.order_by("valid_from").values_list("status", "code"):
        codes[status] = code  # a later period overrides an earlier one
    return codes


def national_status(status: str, day: dt.date, codes: dict[str, int] | None = None) -> int:
    codes = status_codes_on(day) if codes is None else codes
    try:
        return codes[status]
    except KeyError:
        raise StatusNotMapped(
            f"Trạng thái “{status}” chưa có mã trạng thái DVCQG áp dụng ngày {day:%d/%m/%Y}."
        ) from None


def _moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(LOCAL_TZ).strftime("%Y%m%d%H%M%S") if value else None


def _day(value: dt.date | None) -> str | None:
    return value.strftime("%Y%m%d") + "170000" if value else None  # the end of the office day


def _actor(event) -> str:
    return (event.actor.full_name or event.actor.username) if event.actor_id else ""


def _event_label(action: str) -> str:
    try:
        return str(TRANSITIONS[Action(action)].label)
    except ValueError:
        return {"submit": "Nộp hồ sơ"}.get(action, action)


def dvcqg_payload(dossier: Dossier, *, at: dt.datetime | None = None) -> dict:
    """The dossier's sync record, its status mapped with the codes in force on the day of `at`."""
    at = at or timezone.now()
    codes = status_codes_on(local_date(at))
    procedure, version = dossier.procedure, dossier.procedure_version
    events = list(dossier.events.select_related("actor").order_by("at", "pk"))
    refusal = next((e for e in reversed(events) if e.action in (Action.REFUSE_INTAKE, Action.REFUSE)), None)
    attachments = list(dossier.attachments.select_related("required_document").order_by("uploaded_at", "pk"))
    submitted = [a for a in attachments if a.kind in (Attachment.Kind.APPLICATION, Attachment.Kind.SUPPLEMENT)]
    results = [a for a in attachments if a.kind == Attachment.Kind.RESULT]
    paid_online = dossier.payments.filter(method=Payment.Method.ONLINE).exists()
    identifier = dossier.applicant_id_number or dossier.applicant_tax_code
    supplements = [e for e in events if e.action in (Action.REQUEST_INTAKE_SUPPLEMENT, Action.REQUEST_SUPPLEMENT)]
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code if procedure.has_national_code else None,
        "TenTTHC": version.name or procedure.name,
        "MaLinhVuc": dossier.field.code or None,
        "TenLinhVuc": dossier.field.name,
        "KenhThucHien": CHANNEL_CODES[dossier.channel],
        "ChuHoSo": dossier.applicant_name,
        "SoGiayToChuHoSo": identifier or None,
        "LoaiDoiTuong": APPLICANT_KIND_CODES[dossier.applicant_kind],
        "MaDoiTuong": identifier or None,
        "Email": dossier.applicant_email or None,
        "SoDienThoai": dossier.applicant_phone or None,
        "TrichYeuHoSo": version.name or procedure.name,
        "NgayNopHoSo": _moment(dossier.submitted_at),
        "NgayTiepNhan": _moment(dossier.received_at),
        "NgayHenTra": _day(dossier.apology_due_date or dossier.due_date),
        "NgayTuChoi": _moment(refusal.at) if refusal else None,
        "NgayKetThucXuLy": _moment(dossier.finished_at),
        "NgayTra": _moment(dossier.returned_at),
        "TrangThaiHoSo": national_status(dossier.status, local_date(at), codes),
        # As returned, else as the applicant asked at filing (known from the start).
        "HinhThuc": RETURN_METHOD_CODES.get(dossier.return_method or dossier.result_delivery),
        "DonViXuLy": dossier.unit.name if dossier.unit_id else dossier.agency.name,
        "NoiNopHoSo": dossier.agency.name,
        "HoSoCoThanhPhanSoHoa": int(any(a.is_digitised for a in submitted)),
        "TaiKhoanDuocXacThucVoiVNeID": int(dossier.identity_verified),
        "DuocThanhToanTrucTuyen": LOCAL_GATEWAY if paid_online else 0,
        "DinhDanhCHS": (
            [{"LoaiDinhDanh": APPLICANT_KIND_CODES[dossier.applicant_kind], "SoDinhDanh": identifier}]
            if identifier
            else []
        ),
        "DSKetNoiCSDL": [],
        "TaiLieuNop": [
            {
                "MaThanhPhanHoSo": str(a.required_document_id) if a.required_document_id else None,
                "TenTepDinhKem": a.original_name,
                "DuongDanTaiTepTin": None,  # the adapter uploads the file and fills its own link
                "DuocSoHoa": int(a.is_digitised),
                "DuocTaiSuDung": int(a.is_reused),
                "DuocLayTuKhoDMQG": int(a.from_personal_store),
                "MaKetQuaThayThe": None,
            }
            for a in submitted
        ],
        "DanhSachLePhi": [
            {
                "MaPhiLePhi": None,
                "TenPhiLePhi": name + (f" ({condition})" if condition else ""),
                "HinhThucThu": None,
                "Gia": amount,
                "LoaiPhiLePhi": 2 if name.lower().startswith("lệ phí") else 1,
            }
            for name, amount, condition in fee_lines(dossier)
        ],
        "DanhSachHoSoBoSung": [
            {
                "NguoiYeuCauBoSung": _actor(e),
                "NoiDungBoSung": "; ".join(e.data.get("items", [])) or e.note,
                "NgayBoSung": _moment(e.at),
            }
            for e in supplements
        ],
        "DanhSachGiayToKetQua": [
            {
                "TenGiayTo": version.result_document or a.original_name,
                "MaGiayToKetQua": dossier.result_number or None,
                "DuongDanTepTinKetQua": None,
            }
            for a in results
        ],
        "tienTrinhDongBo": [
            {
                "NguoiXuLy": _actor(e),
                "ChucDanh": (e.actor.position if e.actor_id else "") or "",
                "ThoiDiemXuLy": _moment(e.at),
                "PhongBanXuLy": "",
                "NoiDungXuLy": _event_label(e.action),
                "TrangThai": codes.get(e.to_status),
                "NgayBatDau": _moment(e.at),
                "NgayKetThucTheoQuyDinh": _day(dossier.due_date),
            }
            for e in events
        ],
    }
