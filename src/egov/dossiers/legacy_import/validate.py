"""Pass 2, against the database: the catalogue, the agencies, the codes in use, the calendar and the
dossiers imported before; every good row becomes a prepared dossier."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from egov.core.csvfile import RowError
from egov.organisations.models import Agency
from egov.organisations.selectors import identifier_in, identifier_periods
from egov.procedures.service import Procedure, ProcedureVersion
from egov.workdays.calendar import CalendarRangeError

from ..codes import DOSSIER_CODES, code_shape, format_sequence, parse_code
from ..models import Dossier
from ..services import statutory_due_date
from .applicants import fast_fold
from .rows import BATCH_SIZE, LegacyRow, Prepared


def _version_for(versions: list[ProcedureVersion], day: dt.date) -> ProcedureVersion:
    """The version in force on `day`; for a day outside every version (the catalogue often starts
    after the legacy history), the nearest one: the first if before it, else the latest before."""
    in_force = [v for v in versions if v.effective_from <= day and (v.effective_to is None or v.effective_to >= day)]
    if in_force:
        return max(in_force, key=lambda v: v.effective_from)
    earlier = [v for v in versions if v.effective_from <= day]
    return max(earlier, key=lambda v: v.effective_from) if earlier else min(versions, key=lambda v: v.effective_from)


def _natural_key(agency_id: int, procedure_id: int, received_at: dt.datetime, applicant_name: str) -> tuple:
    """What makes a legacy row the same dossier as one imported before, when the old system gave
    it no code: the same agency, procedure, receipt moment and applicant (case, spacing and
    diacritics aside). None of these change as the dossier goes on, so a later export of the
    same history, with more dossiers finished, still matches."""
    return agency_id, procedure_id, received_at, fast_fold(applicant_name)


def duplicate_errors(prepared: list[Prepared]) -> list[RowError]:
    """Rows that are dossiers imported before (by their natural key)."""
    moments = sorted({item.row.received_at for item in prepared})
    imported: dict[tuple, str] = {}
    for start in range(0, len(moments), BATCH_SIZE):
        # The receipt moment picks the few candidates through its index; the rest is compared here.
        candidates = Dossier.objects.filter(is_legacy=True, received_at__in=moments[start : start + BATCH_SIZE])
        for agency_id, procedure_id, received_at, name, code in candidates.values_list(
            "agency_id", "procedure_id", "received_at", "applicant_name", "code"
        ):
            imported.setdefault(_natural_key(agency_id, procedure_id, received_at, name), code)
    errors = []
    for item in prepared:
        row = item.row
        code = imported.get(_natural_key(item.agency.pk, item.procedure.pk, row.received_at, row.applicant_name))
        if code is not None:
            errors.append(
                RowError(
                    row.line,
                    "",
                    f"hồ sơ này đã được nhập trước đây (mã {code}: cùng cơ quan, thủ tục, thời điểm tiếp nhận "
                    "và người nộp); nếu thật là hồ sơ khác, nhập lại với --force",
                )
            )
    return errors


def legacy_validate(
    rows: list[LegacyRow], rejected_references: Iterable[tuple[int, str, str]] = (), *, force: bool = False
) -> tuple[list[Prepared], list[RowError]]:
    """Check the parsed rows against the catalogue, the agencies, the codes in use, the calendar and,
    unless `force`, the dossiers imported before (and the procedure and agency codes of the rows
    already rejected)."""
    errors: list[RowError] = []
    rejected_references = list(rejected_references)
    procedure_codes = {r.procedure_code for r in rows} | {p for _, p, _ in rejected_references if p}
    agency_codes = {r.agency_code for r in rows if r.agency_code} | {a for _, _, a in rejected_references if a}
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(code__in=procedure_codes)
        .select_related("agency")
        .prefetch_related("versions")
    }
    agencies = {a.identifier: a for a in Agency.objects.filter(identifier__in=agency_codes)}
    for line, procedure_code, agency_code in rejected_references:
        if procedure_code and procedure_code not in procedures:
            errors.append(
                RowError(line, "procedure_code", f"procedure_code “{procedure_code}” không có trong danh mục thủ tục")
            )
        if agency_code and agency_code not in agencies:
            errors.append(
                RowError(line, "agency_code", f"agency_code “{agency_code}” không phải mã định danh của cơ quan nào")
            )
    given_codes = [r.code for r in rows if r.code]
    used = set()
    for start in range(0, len(given_codes), BATCH_SIZE):
        used.update(
            Dossier.objects.filter(code__in=given_codes[start : start + BATCH_SIZE]).values_list("code", flat=True)
        )
    versions = {code: list(p.versions.all()) for code, p in procedures.items()}
    periods = identifier_periods([a.pk for a in agencies.values()] + [p.agency_id for p in procedures.values()])
    prepared: list[Prepared] = []
    for row in rows:
        problems: list[str] = []
        procedure = procedures.get(row.procedure_code)
        if procedure is None:
            problems.append(f"procedure_code “{row.procedure_code}” không có trong danh mục thủ tục")
        elif not versions[row.procedure_code]:
            problems.append(f"thủ tục {row.procedure_code} chưa có phiên bản quy định nào trong danh mục")
        agency = agencies.get(row.agency_code) if row.agency_code else (procedure.agency if procedure else None)
        if row.agency_code and agency is None:
            problems.append(f"agency_code “{row.agency_code}” không phải mã định danh của cơ quan nào")
        number = None
        identifier = identifier_in(periods.get(agency.pk, []), agency.identifier, row.receipt_day) if agency else ""
        if row.code and agency is not None:
            parsed = parse_code(row.code)
            if parsed.centralised or (parsed.identifier, parsed.day) != (identifier, row.receipt_day):
                problems.append(
                    f"code “{row.code}” không khớp cơ quan và ngày tiếp nhận: cần dạng "
                    f"{code_shape(identifier, row.receipt_day)} (số thứ tự từ {format_sequence(1)})"
                )
            elif parsed.number > DOSSIER_CODES.max_number:
                problems.append(
                    f"code “{row.code}” có số thứ tự vượt quá số lớn nhất của sổ mã hồ sơ "
                    f"({format_sequence(DOSSIER_CODES.max_number)})"
                )
            elif row.code in used:
                problems.append(f"code “{row.code}” đã có trong hệ thống")
            else:
                number = parsed.number
        if problems or procedure is None or agency is None:
            errors.extend(RowError(row.line, "", problem) for problem in problems)
            continue
        version = _version_for(versions[row.procedure_code], row.receipt_day)
        due_date, computed = row.due_date, False
        if due_date is None:
            try:
                due_date, computed = statutory_due_date(version, row.received_at), True
            except CalendarRangeError as exc:
                errors.append(RowError(row.line, "due_date", f"không tính được due_date: {exc}"))
                continue
            if due_date is None:
                errors.append(
                    RowError(
                        row.line, "due_date", f"thủ tục {procedure.code} không có thời hạn giải quyết: cần ghi due_date"
                    )
                )
                continue
        prepared.append(Prepared(row, procedure, version, agency, due_date, computed, number, identifier))
    if not force:
        errors.extend(duplicate_errors(prepared))
    return prepared, errors
