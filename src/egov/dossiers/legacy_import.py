"""Import of dossiers from the department's previous system (`manage.py import_dossiers`).

UTF-8 CSV (read by core.csvfile) with the header

    code,procedure_code,agency_code,channel,received_at,due_date,finished_at,outcome,rating,applicant_name

optionally followed by a `rated_at` column (when the rating was given; the finish time otherwise).

All or nothing, in three passes, and nothing is written before all rows are known to be good:

1. `legacy_parse` reads the file and checks each row on its own (formats, required values,
   finished exactly when an outcome is given, finish after receipt, rating only with a result,
   codes unique in the file).
2. `legacy_validate` checks the rows against the database (procedure and agency exist, the code
   is well-formed for its agency and receipt day, within the register's numbers and not already
   used, a due date can be computed, the dossier was not imported already) and prepares every
   dossier.
3. `legacy_write` writes in one transaction with bulk inserts (COPY on PostgreSQL, bulk_create
   elsewhere; never a save per row): the dossiers, their history
   (`legacy_receive`, and `legacy_finish` when the dossier finished in the old system); the
   agencies' daily code sequences are reserved in bulk (`DOSSIER_CODES.reserve_bulk`), locked and
   moved past every imported number so that later live receipts on the same agency and day
   continue the sequence without collision.

Every bad row is reported with its line number and the reason (`ImportRejected`); the database is
then unchanged. A file imported before (the same bytes: `AlreadyImported`), or rows that are the
same dossiers as ones imported before (same agency, procedure, receipt moment and applicant), are
refused unless `force`. See docs/decisions/0011-legacy-dossier-import.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from egov.core.columns import max_length
from egov.core.csvfile import Columns, CsvFileError, CsvReader, RowError, RowsRejected
from egov.core.formats import local_date
from egov.core.registers import Claim, RegisterFull
from egov.core.text import clean_text, fold
from egov.organisations.models import Agency
from egov.organisations.selectors import identifier_in, identifier_periods
from egov.procedures.models import Procedure, ProcedureVersion
from egov.workdays.calendar import LOCAL_TZ, CalendarRangeError

from .codes import DOSSIER_CODES, SEQUENCE_MIN_DIGITS, code_shape, format_code, format_sequence, parse_code
from .models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierEvent,
    LegacyImport,
    Outcome,
    Rating,
    Status,
)
from .services import statutory_due_date
from .signals import dossiers_changed
from .transitions import LEGACY_FINISH, LEGACY_FINISH_STATES, LEGACY_RECEIVE

HEADER = (
    "code",
    "procedure_code",
    "agency_code",
    "channel",
    "received_at",
    "due_date",
    "finished_at",
    "outcome",
    "rating",
    "applicant_name",
)
# Columns a file may add after HEADER, in this order.
OPTIONAL_COLUMNS = ("rated_at",)
LEGACY_COLUMNS = Columns(required=HEADER, optional=OPTIONAL_COLUMNS, ordered=True)
CHANNELS = {
    "online": Channel.ONLINE,
    "direct": Channel.DIRECT,
    "postal": Channel.POSTAL,
    "trực tuyến": Channel.ONLINE,
    "trực tiếp": Channel.DIRECT,
    "bưu chính": Channel.POSTAL,
    "bưu chính công ích": Channel.POSTAL,
}
OUTCOMES = frozenset(Outcome.values)
RATINGS = frozenset(Rating.values)
RATED_OUTCOMES = frozenset({Outcome.RESOLVED, Outcome.REFUSED})
LOCAL_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
LOCAL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BATCH_SIZE = 5000
# Names that start with these words are organisations; anything else is a person. The previous
# system keeps only the name, and the statistics split applicants by kind. Prefixes are matched on
# the lower-cased name with its diacritics ("trường" is a school, "Trương" a family name), and a few
# unambiguous ones also without diacritics, for names typed without them.
ORGANISATION_PREFIXES = (
    "công ty",
    "tổng công ty",
    "doanh nghiệp",
    "hợp tác xã",
    "liên hiệp hợp tác xã",
    "chi nhánh",
    "văn phòng đại diện",
    "hộ kinh doanh",
    "cửa hàng",
    "nhà máy",
    "xí nghiệp",
    "trung tâm",
    "ban quản lý",
    "trường ",
    "bệnh viện",
)
FOLDED_ORGANISATION_PREFIXES = (
    "cong ty",
    "tong cong ty",
    "doanh nghiep",
    "hop tac xa",
    "chi nhanh",
    "dntn",
    "htx",
    "cty",
)
ORGANISATION_WORDS = (" tnhh", " co phan", " jsc", " ltd", " co.,")
LEGACY_NOTE = "Nhập từ hệ thống một cửa cũ"


class ImportFileError(Exception):
    """The file as a whole cannot be read (not found, not UTF-8 text, wrong header)."""


class AlreadyImported(Exception):
    """The same file (byte for byte) was imported before; nothing was written."""

    def __init__(self, previous: LegacyImport):
        self.previous = previous
        when = timezone.localtime(previous.imported_at)
        super().__init__(
            f"Tệp này đã được nhập lúc {when:%H:%M} ngày {when:%d/%m/%Y} ({previous.rows} hồ sơ"
            f"{', tệp ' + previous.file_name if previous.file_name else ''}): nhập lại sẽ tạo hồ sơ trùng."
        )


class ImportRejected(RowsRejected):
    """One or more rows are bad; nothing was written."""


@dataclass
class LegacyRow:
    line: int
    code: str
    procedure_code: str
    agency_code: str
    channel: str
    received_at: dt.datetime
    due_date: dt.date | None
    finished_at: dt.datetime | None
    outcome: str
    rating: str
    applicant_name: str
    rated_at: dt.datetime | None = None  # with a rating: the file's, else the finish time

    @property
    def receipt_day(self) -> dt.date:
        return local_date(self.received_at)


@dataclass
class _Prepared:
    row: LegacyRow
    procedure: Procedure
    version: ProcedureVersion
    agency: Agency
    due_date: dt.date
    due_date_computed: bool
    number: int | None  # the number of a given code; None: to be generated
    identifier: str  # the agency's electronic identifier on the day of receipt


@dataclass
class ImportReport:
    rows: int = 0
    dry_run: bool = False
    generated_codes: int = 0
    computed_due_dates: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    counters: int = 0  # the agencies' day sequences of the register it took numbers from or moved past
    events: int = 0
    import_id: int | None = None  # the LegacyImport written (rolled back with a dry run)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per pass

    @property
    def in_progress(self) -> int:
        return self.by_outcome.get("", 0)


# --- pass 1: the file ------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """`clean_text` (NFC, whitespace collapsed, trimmed), with a shortcut for the plain ASCII
    values that make up most of a file."""
    stripped = value.strip()
    if stripped.isascii() and "  " not in stripped and "\t" not in stripped and "\n" not in stripped:
        return stripped
    return clean_text(value)


def _moment(line: int, text: str, column: str, errors: list[RowError]) -> dt.datetime | None:
    if not LOCAL_MOMENT.fullmatch(text):
        errors.append(RowError(line, column, f"{column} “{text}” không đúng dạng YYYY-MM-DDTHH:MM[:SS] (giờ Việt Nam)"))
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)
    except ValueError:
        errors.append(RowError(line, column, f"{column} “{text}” không phải thời điểm có thật"))
        return None


def _day(line: int, text: str, column: str, errors: list[RowError]) -> dt.date | None:
    if not LOCAL_DATE.fullmatch(text):
        errors.append(RowError(line, column, f"{column} “{text}” không đúng dạng YYYY-MM-DD"))
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(RowError(line, column, f"{column} “{text}” không phải ngày có thật"))
        return None


def _parse_row(line: int, values: dict[str, str], now: dt.datetime) -> tuple[LegacyRow | None, list[RowError]]:
    errors: list[RowError] = []

    def refuse(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    code = values["code"]
    if code and parse_code(code) is None:
        refuse("code", f"code “{code}” không đúng dạng {code_shape()} (số thứ tự từ {SEQUENCE_MIN_DIGITS} chữ số)")
    procedure_code = values["procedure_code"]
    if not procedure_code:
        refuse("procedure_code", "thiếu procedure_code (mã thủ tục)")
    channel_text = values["channel"].lower()
    channel = CHANNELS.get(channel_text)
    if channel is None:
        refuse(
            "channel",
            f"channel “{values['channel']}” không hợp lệ "
            "(online, direct, postal hoặc trực tuyến, trực tiếp, bưu chính)",
        )
    received_at = finished_at = due_date = None
    if not values["received_at"]:
        refuse("received_at", "thiếu received_at (thời điểm tiếp nhận)")
    else:
        received_at = _moment(line, values["received_at"], "received_at", errors)
    if values["due_date"]:
        due_date = _day(line, values["due_date"], "due_date", errors)
    if values["finished_at"]:
        finished_at = _moment(line, values["finished_at"], "finished_at", errors)
    outcome = values["outcome"].lower()
    if outcome and outcome not in OUTCOMES:
        refuse(
            "outcome",
            f"outcome “{values['outcome']}” không hợp lệ (resolved, refused, withdrawn, stopped hoặc để trống)",
        )
    elif outcome and not values["finished_at"]:
        refuse("outcome", f"outcome “{outcome}” cần finished_at (thời điểm kết thúc)")
    elif values["finished_at"] and not outcome:
        refuse("finished_at", "có finished_at nhưng thiếu outcome: thời điểm kết thúc chỉ ghi khi hồ sơ đã kết thúc")
    rating = values["rating"].lower()
    if rating and rating not in RATINGS:
        refuse(
            "rating", f"rating “{values['rating']}” không hợp lệ (very_satisfied, satisfied, unsatisfied hoặc để trống)"
        )
    elif rating and outcome not in RATED_OUTCOMES:
        refuse("rating", "rating chỉ ghi cho hồ sơ có outcome resolved hoặc refused")
    rated_text = values.get("rated_at", "")
    rated_at = None
    if rated_text:
        if not rating:
            refuse("rated_at", "có rated_at nhưng thiếu rating: thời điểm đánh giá chỉ ghi khi có đánh giá")
        else:
            rated_at = _moment(line, rated_text, "rated_at", errors)
    if received_at is not None:
        if received_at > now:
            refuse("received_at", f"received_at “{values['received_at']}” ở tương lai")
        if due_date is not None and due_date < local_date(received_at):
            refuse("due_date", f"due_date {due_date:%Y-%m-%d} trước ngày tiếp nhận {received_at:%Y-%m-%d}")
        if finished_at is not None and finished_at < received_at:
            refuse("finished_at", f"finished_at {values['finished_at']} trước received_at {values['received_at']}")
    if finished_at is not None and finished_at > now:
        refuse("finished_at", f"finished_at “{values['finished_at']}” ở tương lai")
    if rated_at is not None:
        # The applicant rates the result they received: not before the dossier finished.
        if finished_at is not None and rated_at < finished_at:
            refuse("rated_at", f"rated_at {rated_text} trước finished_at {values['finished_at']}")
        if rated_at > now:
            refuse("rated_at", f"rated_at “{rated_text}” ở tương lai")
    name = values["applicant_name"]
    if not name:
        refuse("applicant_name", "thiếu applicant_name (tên tổ chức, cá nhân)")
    elif len(name) > (limit := max_length(Dossier, "applicant_name")):
        refuse("applicant_name", f"applicant_name dài {len(name)} ký tự (tối đa {limit})")
    if errors:
        return None, errors
    row = LegacyRow(
        line=line,
        code=code,
        procedure_code=procedure_code,
        agency_code=values["agency_code"],
        channel=channel,
        received_at=received_at,
        due_date=due_date,
        finished_at=finished_at,
        outcome=outcome,
        rating=rating,
        applicant_name=name,
        # The statistics count ratings by when they were given (reports.selectors); a file that
        # does not say took the rating with the result.
        rated_at=(rated_at or finished_at) if rating else None,
    )
    return row, []


@dataclass
class ParseResult:
    rows: list[LegacyRow]  # the rows that are good on their own
    errors: list[RowError]
    count: int  # data rows in the file
    # (line, procedure_code, agency_code) of the rows that are not: their references are still
    # checked against the database, so that every reason of a bad row is reported at once.
    rejected_references: list[tuple[int, str, str]] = field(default_factory=list)


def legacy_parse(data: bytes, *, now: dt.datetime | None = None) -> ParseResult:
    """Read the file and check every row on its own (no database)."""
    now = now or timezone.now()
    result = ParseResult(rows=[], errors=[], count=0)
    first_line: dict[str, int] = {}
    try:
        reader = CsvReader(data, LEGACY_COLUMNS)
        result.errors = reader.errors  # the records' shape, then their values, as they are read
        for record in reader:
            line = record.line
            values = {name: _clean(value) for name, value in record.cells.items()}
            row, problems = _parse_row(line, values, now)
            code = values["code"]
            if code and code in first_line:
                problems.append(RowError(line, "code", f"code “{code}” trùng với dòng {first_line[code]}"))
            elif code:
                first_line[code] = line
            if problems:
                result.errors.extend(problems)
                result.rejected_references.append((line, values["procedure_code"], values["agency_code"]))
            else:
                result.rows.append(row)
    except CsvFileError as exc:
        raise ImportFileError(str(exc)) from None
    result.count = reader.rows
    return result


# --- pass 2: against the database ------------------------------------------------------------------


def _version_for(versions: list[ProcedureVersion], day: dt.date) -> ProcedureVersion:
    """The version in force on `day`; for a day outside every version (the catalogue often starts
    after the legacy history), the nearest one: the first if before it, else the latest before."""
    in_force = [v for v in versions if v.effective_from <= day and (v.effective_to is None or v.effective_to >= day)]
    if in_force:
        return max(in_force, key=lambda v: v.effective_from)
    earlier = [v for v in versions if v.effective_from <= day]
    return max(earlier, key=lambda v: v.effective_from) if earlier else min(versions, key=lambda v: v.effective_from)


def _fold_table() -> dict[int, str]:
    """Precomposed Latin letters (Vietnamese and others) -> what `core.text.fold` makes of them."""
    table = {}
    for codepoint in range(0xC0, 0x1F00):
        folded = fold(chr(codepoint))
        if len(folded) == 1 and folded.isascii():
            table[codepoint] = folded
    return table


_FOLD_TABLE = _fold_table()
_SPACES = re.compile(r"\s+")


def fast_fold(value: str) -> str:
    """`core.text.fold` for NFC text, by one table look-up per character; ~10 times faster, which
    counts on 100,000 rows. Text that the table does not reduce to ASCII goes through `fold`."""
    folded = value.translate(_FOLD_TABLE).lower()
    if not folded.isascii():
        return fold(value)
    return _SPACES.sub(" ", folded).strip()


def applicant_kind_of(name: str, folded: str | None = None) -> str:
    lowered, folded = clean_text(name).lower(), folded if folded is not None else fast_fold(name)
    if (
        lowered.startswith(ORGANISATION_PREFIXES)
        or folded.startswith(FOLDED_ORGANISATION_PREFIXES)
        or any(word in f" {folded}" for word in ORGANISATION_WORDS)
    ):
        return ApplicantKind.ORGANISATION
    return ApplicantKind.PERSON


def _claims(prepared: list[_Prepared]) -> dict[tuple[int, dt.date], Claim]:
    """Per agency and day: as many new numbers as rows without a code, after every number given
    in the file (and after the live counter: the register's rule)."""
    count: dict[tuple[int, dt.date], int] = defaultdict(int)
    after: dict[tuple[int, dt.date], int] = defaultdict(int)
    for item in prepared:
        key = (item.agency.pk, item.row.receipt_day)
        if item.row.code:
            after[key] = max(after[key], item.number)
        else:
            count[key] += 1
    return {key: Claim(count[key], after[key]) for key in count.keys() | after.keys()}


def _number(prepared: list[_Prepared], reserved: dict[tuple[int, dt.date], range]) -> None:
    """Give each row without a code the next reserved number of its agency and day, in file order."""
    numbers = {key: iter(numbers) for key, numbers in reserved.items()}
    for item in prepared:
        if not item.row.code:
            item.number = next(numbers[(item.agency.pk, item.row.receipt_day)])


def _natural_key(agency_id: int, procedure_id: int, received_at: dt.datetime, applicant_name: str) -> tuple:
    """What makes a legacy row the same dossier as one imported before, when the old system gave
    it no code: the same agency, procedure, receipt moment and applicant (case, spacing and
    diacritics aside). None of these change as the dossier goes on, so a later export of the
    same history, with more dossiers finished, still matches."""
    return agency_id, procedure_id, received_at, fast_fold(applicant_name)


def _duplicate_errors(prepared: list[_Prepared]) -> list[RowError]:
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
) -> tuple[list[_Prepared], list[RowError]]:
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
    prepared: list[_Prepared] = []
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
        prepared.append(_Prepared(row, procedure, version, agency, due_date, computed, number, identifier))
    if not force:
        errors.extend(_duplicate_errors(prepared))
    return prepared, errors


# --- pass 3: writing ---------------------------------------------------------------------------------


class _DryRunRollback(Exception):
    pass


@dataclass(frozen=True)
class ImportSource:
    sha256: str
    file_name: str = ""
    force: bool = False
    seen: int = 0  # the last LegacyImport when the file was checked


def _refuse_imported_file(sha256: str) -> None:
    previous = LegacyImport.objects.filter(sha256=sha256).order_by("-imported_at").first()
    if previous is not None:
        raise AlreadyImported(previous)


def _last_import() -> int:
    return LegacyImport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _dossier_values(item: _Prepared, procedure_folds: dict[int, str]) -> dict:
    """The dossier's columns (by attribute name); the others take their model defaults."""
    row, procedure = item.row, item.procedure
    code = row.code or format_code(item.identifier, row.receipt_day, item.number)
    folded_name = fast_fold(row.applicant_name)
    if procedure.pk not in procedure_folds:
        procedure_folds[procedure.pk] = fold(f"{procedure.code} {procedure.name}")
    return {
        "code": code,
        "procedure_id": procedure.pk,
        "procedure_version_id": item.version.pk,
        "field_id": procedure.field_id,
        "agency_id": item.agency.pk,
        "applicant_kind": applicant_kind_of(row.applicant_name, folded_name),
        "applicant_name": row.applicant_name,
        # As services.intake._search_text: the folded code, applicant and procedure.
        "search_text": f"{code.lower()} {folded_name} {procedure_folds[procedure.pk]}",
        "channel": row.channel,
        "status": LEGACY_FINISH_STATES[row.outcome] if row.outcome else Status.RECEIVED,
        "submitted_at": row.received_at,
        "received_at": row.received_at,
        "due_date": item.due_date,
        "finished_at": row.finished_at,
        "outcome": row.outcome,
        "rating": row.rating,
        "rated_at": row.rated_at,
        "is_legacy": True,
    }


def _event_values(dossier_id: int, status: str, item: _Prepared, import_id: int) -> list[dict]:
    row = item.row
    received = {
        "dossier_id": dossier_id,
        "action": LEGACY_RECEIVE,
        "from_status": "",
        "to_status": Status.RECEIVED,
        "at": row.received_at,
        "note": LEGACY_NOTE,
        "data": {
            "import": import_id,  # the LegacyImport (file) it came from
            "line": row.line,
            "channel": row.channel,
            "due_date": item.due_date.isoformat(),
            "due_date_computed": item.due_date_computed,
        },
    }
    if not row.outcome:
        return [received]
    finished = {
        "dossier_id": dossier_id,
        "action": LEGACY_FINISH,
        "from_status": Status.RECEIVED,
        "to_status": status,
        "at": row.finished_at,
        "note": LEGACY_NOTE,
        "data": {
            "line": row.line,
            "outcome": row.outcome,
            "rating": row.rating,
            "rated_at": row.rated_at.isoformat() if row.rated_at else None,
        },
    }
    return [received, finished]


def _insert(model, rows: list[dict], *, returning_ids: bool = False) -> list[int]:
    """Insert `rows` (attribute name -> value, the rest from the model's defaults) in bulk.

    PostgreSQL: one COPY, with the primary keys taken from the table's sequence beforehand — the
    ORM's per-value preparation costs more than the database itself on 100,000 rows (see
    benchmarks/bench_import_dossiers.py). Other databases: bulk_create in batches. The values are
    already what the fields store (NFC text, aware datetimes), so both paths write the same rows.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return [obj.pk for obj in objects]
    from psycopg import sql as pg_sql

    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    names = [f.attname for f in fields]
    columns = ([meta.pk.column] if returning_ids else []) + [f.column for f in fields]
    with connection.cursor() as cursor:
        ids: list[int] = []
        if returning_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped",
            [meta.db_table],
        )
        types = dict(cursor.fetchall())
        statement = pg_sql.SQL("COPY {} ({}) FROM STDIN").format(
            pg_sql.Identifier(meta.db_table), pg_sql.SQL(", ").join(map(pg_sql.Identifier, columns))
        )
        with cursor.cursor.copy(statement) as copy:
            # Declared column types: one dumper per column instead of a look-up per value (JSON
            # columns then take the Python value itself).
            copy.set_types([types[column] for column in columns])
            if returning_ids:
                for pk, row in zip(ids, rows, strict=True):
                    copy.write_row([pk, *[row.get(name, defaults[name]) for name in names]])
            else:
                for row in rows:
                    copy.write_row([row.get(name, defaults[name]) for name in names])
    return ids


def legacy_write(prepared: list[_Prepared], *, source: ImportSource, dry_run: bool = False) -> ImportReport:
    """Write every prepared dossier and the file's LegacyImport, or nothing (ImportRejected,
    AlreadyImported, or `dry_run`)."""
    report = ImportReport(rows=len(prepared), dry_run=dry_run)
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        clock.append(time.perf_counter())
        report.phases[name] = clock[-1] - clock[-2]

    try:
        with transaction.atomic():
            # Locked until commit: live receipts of these agencies and days wait, then continue after us.
            try:
                reserved = DOSSIER_CODES.reserve_bulk(_claims(prepared))
            except RegisterFull:
                raise ImportRejected(
                    [RowError(0, "", "Sổ mã hồ sơ của một ngày không còn đủ số cho các hồ sơ cần cấp mã.")],
                    len(prepared),
                ) from None
            if not source.force and LegacyImport.objects.filter(pk__gt=source.seen).exists():
                # Another import committed since this file was checked. One with the same file or
                # the same dossiers holds the same agencies' and days' counters, so it has
                # finished by now: check again, under the locks.
                _refuse_imported_file(source.sha256)
                if duplicates := _duplicate_errors(prepared):
                    raise ImportRejected(duplicates, len(prepared))
            _number(prepared, reserved)
            legacy_file = LegacyImport.objects.create(
                sha256=source.sha256,
                file_name=source.file_name[:255],
                rows=len(prepared),
                forced=source.force,
                imported_at=timezone.now(),
            )
            report.import_id = legacy_file.pk
            lap("write: counters")
            procedure_folds: dict[int, str] = {}
            dossiers = [_dossier_values(item, procedure_folds) for item in prepared]
            lap("write: dossier rows")
            try:
                with transaction.atomic():
                    ids = _insert(Dossier, dossiers, returning_ids=True)
            except IntegrityError as exc:
                raise ImportRejected(
                    [RowError(0, "", f"Mã hồ sơ vừa được cấp trùng trong lúc nhập (chạy lại lệnh): {exc}")],
                    len(prepared),
                ) from None
            # The bulk insert sends no post_save: invalidate what is cached about these agencies' dossiers.
            dossiers_changed({item.agency.pk for item in prepared})
            lap("write: dossiers")
            events = [
                event
                for pk, values, item in zip(ids, dossiers, prepared, strict=True)
                for event in _event_values(pk, values["status"], item, legacy_file.pk)
            ]
            _insert(DossierEvent, events)
            lap("write: events")
            report.events, report.counters = len(events), len(reserved)
            report.generated_codes = sum(1 for item in prepared if not item.row.code)
            report.computed_due_dates = sum(1 for item in prepared if item.due_date_computed)
            by_outcome: dict[str, int] = defaultdict(int)
            for item in prepared:
                by_outcome[item.row.outcome] += 1
            report.by_outcome = dict(by_outcome)
            if dry_run:
                raise _DryRunRollback
            clock.append(time.perf_counter())
        lap("write: commit")  # deferred foreign-key checks run here
    except _DryRunRollback:
        report.import_id = None
    return report


def legacy_import(
    data: bytes,
    *,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    force: bool = False,
    file_name: str = "",
) -> ImportReport:
    """Parse, validate and write a whole file; ImportFileError / AlreadyImported / ImportRejected
    leave the data untouched. `force` imports a file or rows that were imported before."""
    started = time.perf_counter()
    source = ImportSource(hashlib.sha256(data).hexdigest(), file_name, force, _last_import())
    if not force:
        _refuse_imported_file(source.sha256)
    parsed = legacy_parse(data, now=now)
    read = time.perf_counter()
    errors, count = parsed.errors, parsed.count
    prepared, db_errors = legacy_validate(parsed.rows, parsed.rejected_references, force=force)
    errors.extend(db_errors)
    if errors:
        raise ImportRejected(errors, count)
    validated = time.perf_counter()
    report = legacy_write(prepared, source=source, dry_run=dry_run)
    finished = time.perf_counter()
    report.seconds = finished - started
    report.phases = {"read": read - started, "validate": validated - read, **report.phases}
    return report


def legacy_import_path(path: str | Path, *, dry_run: bool = False, force: bool = False) -> ImportReport:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from None
    return legacy_import(data, dry_run=dry_run, force=force, file_name=Path(path).name)
