"""Import of the procedure catalogue (danh mục TTHC) from CSV.

The file format is the one of `shared/data/tthc_catalogue.csv`:
`code,name,field,time_limit_days,reduced_time_limit_days,fee_vnd,online_level,result,legal_basis,source_url`,
optionally with the published sections of the national portal's page: `steps` (trình tự thực hiện),
`filing_methods` (cách thức thực hiện, one channel a line: "Trực tuyến: mô tả"), `applicants`
(đối tượng thực hiện), `requirements` (yêu cầu, điều kiện), one item a line inside the cell. A
column the file does not have leaves what the admin entered alone.

Two phases. `catalogue_read` decodes and checks the whole file and parses every row without touching
the database; any problem with the file itself (not CSV, wrong encoding, missing column, a row
without a name, a duplicate code...) raises `CatalogueFileError` naming the problem. Then
`catalogue_import` writes everything in one transaction. Values that cannot be parsed without
guessing are not errors: their original text is kept in `ProcedureVersion.raw_values` (by column),
and they are reported with the CSV line where their record starts. See
docs/decisions/0004-catalogue-import.md for the rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from egov.core.columns import integer_error, max_length
from egov.core.csvfile import Columns, CsvFileError, CsvReader, RowError, RowsRejected
from egov.core.formats import vn_number
from egov.core.text import clean_lines, clean_text, fold
from egov.organisations.models import Agency
from egov.workdays.calendar import LimitUnit

from .models import FeeItem, Field, FilingChannel, FilingMethod, OnlineLevel, Procedure, ProcedureVersion

COLUMNS = (
    "code",
    "name",
    "field",
    "time_limit_days",
    "reduced_time_limit_days",
    "fee_vnd",
    "online_level",
    "result",
    "legal_basis",
    "source_url",
)
# Optional columns -> the version field each sets; their cells keep one item a line.
TEXT_COLUMNS = {"steps": "steps", "applicants": "applicants", "requirements": "requirements"}
FILING_METHODS_COLUMN = "filing_methods"
OPTIONAL_COLUMNS = (*TEXT_COLUMNS, FILING_METHODS_COLUMN)
# In any order; a column the importer does not know is left alone.
CATALOGUE_COLUMNS = Columns(required=COLUMNS, optional=OPTIONAL_COLUMNS)
_LIST_COLUMNS = {*OPTIONAL_COLUMNS, "legal_basis"}
NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
LOCAL_CODE_PREFIX = "LOCAL-"
DEFAULT_AGENCY_SHORT_NAME = "SCT"

# Version columns each parsed CSV column sets. When a value could not be parsed and its original
# text is the same as at the previous import, these are left as they are: they may have been
# completed by hand in the admin, and a re-import must not wipe that work.
STRUCTURED_FIELDS = {
    "time_limit_days": ("time_limit", "time_limit_unit"),
    "reduced_time_limit_days": ("reduced_time_limit",),
    "online_level": ("online_level", "legacy_online_level"),
    "fee_vnd": (),  # fee items
}
_CSV_VERSION_FIELDS = (
    "name",
    "time_limit",
    "time_limit_unit",
    "time_limit_text",
    "reduced_time_limit",
    "fee_text",
    "online_level",
    "legacy_online_level",
    "result_document",
    "legal_basis",
    "source_url",
    "raw_values",
    "value_sources",
)
# The text columns each CSV column is stored in: their lengths are checked before any write.
_COLUMN_OF = {
    "code": (Procedure, "code"),
    "name": (Procedure, "name"),
    "field": (Field, "name"),
    "result": (ProcedureVersion, "result_document"),
}
_LEGACY_TO_ONLINE = {2: OnlineLevel.NONE, 3: OnlineLevel.PARTIAL, 4: OnlineLevel.FULL}
_FREE = {"khong", "mien", "mien phi", "khong thu", "0"}
_FEE_LABELS = {"phi tham dinh": "Phí thẩm định", "le phi": "Lệ phí", "phi": "Phí"}


class CatalogueFileError(Exception):
    """The file is not a catalogue CSV this importer can read; nothing was changed."""


@dataclass(frozen=True)
class Unparsed:
    column: str
    text: str
    reason: str


@dataclass
class CatalogueRow:
    """One CSV record, parsed. `fee_items` is None when the fee is unknown or could not be parsed."""

    line: int
    code: str
    has_national_code: bool
    name: str
    field_name: str
    time_limit: int | None = None
    time_limit_unit: str = LimitUnit.WORKING_DAYS.value
    time_limit_text: str = ""
    reduced_time_limit: int | None = None
    fee_text: str = ""
    fee_items: list[tuple[str, int, str]] | None = None
    online_level: str = OnlineLevel.NONE.value
    legacy_online_level: int | None = None
    result_document: str = ""
    legal_basis: str = ""
    source_url: str = ""
    raw_values: dict[str, str] = field(default_factory=dict)
    value_sources: dict[str, str] = field(default_factory=dict)
    unparsed: list[Unparsed] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # optional text columns the file has, by field
    filing_methods: list[tuple[str, str]] | None = None  # (channel, description); None: keep

    def version_values(self) -> dict:
        return {name: getattr(self, name) for name in _CSV_VERSION_FIELDS} | self.texts


@dataclass(frozen=True)
class RowOutcome:
    line: int
    code: str
    name: str
    action: str  # created | updated | new_version | unchanged
    unparsed: tuple[Unparsed, ...]


@dataclass
class ImportReport:
    agency: Agency
    outcomes: list[RowOutcome] = field(default_factory=list)
    absent_codes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def _count(self, *actions: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action in actions)

    @property
    def rows_read(self) -> int:
        return len(self.outcomes)

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated", "new_version")

    @property
    def new_versions(self) -> int:
        return self._count("new_version")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def unparsed_rows(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.unparsed]


# --------------------------------------------------------------------------------------------
# Parsing single values
# --------------------------------------------------------------------------------------------

_TRAILING_NOTE = re.compile(r"^(?P<value>.*?)\s*\((?P<note>[^()]*)\)$")
_DAYS = re.compile(r"(\d+)(?:\s*ngày(?: làm việc)?)?", re.IGNORECASE)
_AMOUNT = r"\d{1,3}(?:\.\d{3})+|\d+"
_SINGLE_FEE = re.compile(
    rf"(?:(?P<label>phí thẩm định|lệ phí|phí)\s*:?\s*)?(?P<amount>{_AMOUNT})\s*(?:đ|đồng|vnđ|vnd)?(?P<per>/[^\d;,%]+)?",
    re.IGNORECASE,
)


def split_note(text: str) -> tuple[str, str]:
    """ "10 (Quảng Nam)" -> ("10", "Quảng Nam"); a value without a trailing note -> (value, "")."""
    match = _TRAILING_NOTE.match(text)
    if match and match["value"]:
        return match["value"].strip(), match["note"].strip()
    return text, ""


def local_code(name: str) -> str:
    """A stable code for a procedure without a national code, derived from its normalised name.

    Case, diacritics, punctuation and spacing do not change it: "Cấp sửa đổi/ bổ sung ..." and
    "cap sua doi, bo sung ..." get the same code.
    """
    key = re.sub(r"[^a-z0-9]+", " ", fold(clean_text(name))).strip()
    return LOCAL_CODE_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:10].upper()


def parse_time_limit(text: str) -> tuple[int | None, str | None]:
    """Whole number of working days, or (None, reason)."""
    match = _DAYS.fullmatch(text)
    if match:
        return int(match[1]), None
    if re.search(r"[;+]", text):
        return None, "thời hạn gồm nhiều giai đoạn"
    return None, "không phải số ngày làm việc"


def parse_reduced_time_limit(text: str, time_limit: int | None) -> tuple[int | None, str, str | None]:
    """(days, source note, reason when unparsed)."""
    value, note = split_note(text)
    match = _DAYS.fullmatch(value)
    if match:
        days = int(match[1])
        if time_limit is not None and days > time_limit:
            return None, note, f"thời hạn cắt giảm {days} lớn hơn thời hạn theo quy định {time_limit}"
        return days, note, None
    if "giờ" in value.lower():
        return None, note, "tính bằng giờ, khác đơn vị của thời hạn theo quy định (ngày làm việc)"
    return None, note, "không phải số ngày làm việc"


def parse_online_level(text: str) -> tuple[str | None, int | None, str, str | None]:
    """(online level, legacy level, source note, reason when unparsed)."""
    if ";" in text:
        return None, None, "", "nhiều giá trị (nhiều nguồn hoặc nhiều mức)"
    value, note = split_note(text)
    folded = fold(value)
    if folded == "toan trinh":
        return OnlineLevel.FULL.value, None, note, None
    if folded == "mot phan":
        return OnlineLevel.PARTIAL.value, None, note, None
    match = re.fullmatch(r"muc(?: do)? ([1-4])", folded)
    if match and int(match[1]) in _LEGACY_TO_ONLINE:
        legacy = int(match[1])
        return _LEGACY_TO_ONLINE[legacy].value, legacy, note, None
    return None, None, note, "không nhận ra mức độ trực tuyến"


_LEGAL_REFERENCE = re.compile(r"\d+/\d{4}/[\w\-]+")


# One rate of several, each with the case it applies to: "1.200.000 (TP, thị xã)".
_ALTERNATIVE = re.compile(rf"(?P<amount>{_AMOUNT})\s*(?:đ|đồng)?\s*\((?P<condition>[^()]+)\)", re.IGNORECASE)
_ALTERNATIVE_UNIT = re.compile(r"(?:đ|đồng)?\s*/[^\d;]*", re.IGNORECASE)
_NO_LE_PHI = re.compile(r"\s*;\s*lệ phí\s*:?\s*không\s*$", re.IGNORECASE)
_FEE_LABEL = re.compile(r"(?P<label>phí thẩm định|lệ phí|phí)\s*:\s*", re.IGNORECASE)


def parse_fee_alternatives(text: str) -> list[tuple[str, int, str]] | None:
    """Rates of which one applies, as the catalogue writes them — "1.200.000 (TP, thị xã) /
    600.000 (khu vực khác) đ/lần thẩm định", "phí thẩm định: 500.000 (cơ sở SX nhỏ lẻ); 1.000.000
    (cơ sở kinh doanh)" — as (label, amount, condition); None for any other shape (a rate that
    depends on two things, a case given only in words), which stays for the desk to read."""
    body = _NO_LE_PHI.sub("", text.strip())
    label_match = _FEE_LABEL.match(body)
    if label_match:
        body = body[label_match.end() :]
    parts = re.split(r"\s*[/;]\s*(?=\d)", body)
    if len(parts) < 2:
        return None
    if label_match:
        label = _FEE_LABELS[fold(label_match["label"])]
    else:
        label = "Phí thẩm định" if "tham dinh" in fold(text) else ("Phí" if _NO_LE_PHI.search(text) else "Phí, lệ phí")
    items = []
    for index, part in enumerate(parts):
        match = _ALTERNATIVE.match(part)
        if match is None:
            return None
        rest = part[match.end() :].strip()
        if rest and not (index == len(parts) - 1 and _ALTERNATIVE_UNIT.fullmatch(rest)):
            return None
        items.append((label, int(match["amount"].replace(".", "")), clean_text(match["condition"])))
    return items


def parse_fee(text: str) -> tuple[list[tuple[str, int, str]] | None, str, str | None]:
    """(fee items as (label, amount, condition), source note, reason when unparsed). [] means no
    fee; items with a condition are alternatives, one of which applies to a dossier."""
    if alternatives := parse_fee_alternatives(text):
        return alternatives, "", None
    value, note = split_note(text)
    folded = fold(value).rstrip(".")
    if folded in _FREE:
        return [], note, None
    match = _SINGLE_FEE.fullmatch(value)
    amounts = re.findall(_AMOUNT, _LEGAL_REFERENCE.sub(" ", text))
    if match and len(amounts) == 1:
        amount = int(match["amount"].replace(".", ""))
        if amount == 0:
            return [], note, None
        label = _FEE_LABELS[fold(match["label"])] if match["label"] else "Phí, lệ phí"
        return [(label, amount, "")], note, None
    if not amounts:
        if re.fullmatch(r"le phi\s*:?\s*khong", folded):
            return None, "", "chỉ nêu lệ phí không thu, chưa rõ phí"
        return None, "", "không có số tiền cụ thể (dẫn chiếu quy định)"
    if len(amounts) > 1 or "%" in value:
        return None, "", "nhiều mức phí theo đối tượng, địa bàn hoặc trường hợp"
    return None, "", "số tiền kèm điều kiện áp dụng, còn mức khác chưa rõ"


_CHANNELS = {
    "truc tiep": FilingChannel.DIRECT.value,
    "buu chinh": FilingChannel.POSTAL.value,
    "dich vu buu chinh": FilingChannel.POSTAL.value,
    "qua buu chinh": FilingChannel.POSTAL.value,
    "buu dien": FilingChannel.POSTAL.value,
    "truc tuyen": FilingChannel.ONLINE.value,
}


def parse_filing_methods(text: str) -> tuple[list[tuple[str, str]] | None, str | None]:
    """ "Trực tiếp: nộp tại Bộ phận Một cửa\nTrực tuyến: qua Cổng Dịch vụ công" -> [(channel,
    description)], or (None, reason) when a line names no known channel or a channel twice."""
    methods: list[tuple[str, str]] = []
    for line in text.splitlines():
        head, _, description = line.partition(":")
        channel = _CHANNELS.get(fold(head).strip(" -–.").removeprefix("nop "))
        if channel is None:
            return None, f"không nhận ra hình thức nộp “{clean_text(head)}” (trực tiếp, bưu chính, trực tuyến)"
        if any(channel == known for known, _ in methods):
            return None, f"hình thức nộp “{clean_text(head)}” ghi hai lần"
        methods.append((channel, description.strip()))
    return methods, None


# --------------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------------


def _parse_row(line: int, values: dict[str, str], problems: list[RowError]) -> CatalogueRow | None:
    for column, (model, name) in _COLUMN_OF.items():
        limit = max_length(model, name)
        if len(values[column]) > limit:
            problems.append(RowError(line, column, f"cột {column} dài quá {limit} ký tự"))
            return None
    name = values["name"]
    if not name:
        problems.append(RowError(line, "name", "thiếu tên thủ tục (cột name)"))
        return None
    if not values["field"]:
        problems.append(RowError(line, "field", "thiếu lĩnh vực (cột field)"))
        return None
    code = values["code"]
    if code and not NATIONAL_CODE.match(code):
        problems.append(RowError(line, "code", f"mã thủ tục “{code}” không đúng dạng mã quốc gia (ví dụ 2.000648)"))
        return None
    row = CatalogueRow(
        line=line,
        code=code or local_code(name),
        has_national_code=bool(code),
        name=name,
        field_name=values["field"],
        result_document=values["result"],
        legal_basis=values["legal_basis"],
        source_url=values["source_url"],
        fee_text=values["fee_vnd"],
    )

    def unparsed(column: str, reason: str) -> None:
        row.raw_values[column] = values[column]
        row.unparsed.append(Unparsed(column, values[column], reason))

    if text := values["time_limit_days"]:
        row.time_limit, reason = parse_time_limit(text)
        if reason:
            row.time_limit_text = text
            unparsed("time_limit_days", reason)
    if text := values["reduced_time_limit_days"]:
        row.reduced_time_limit, note, reason = parse_reduced_time_limit(text, row.time_limit)
        if reason:
            unparsed("reduced_time_limit_days", reason)
        elif note:
            row.value_sources["reduced_time_limit_days"] = note
    if text := values["fee_vnd"]:
        row.fee_items, note, reason = parse_fee(text)
        if reason:
            unparsed("fee_vnd", reason)
        elif note:
            row.value_sources["fee_vnd"] = note
    for column, field_name in TEXT_COLUMNS.items():
        if column in values:
            row.texts[field_name] = values[column]
    if FILING_METHODS_COLUMN in values:
        row.filing_methods = []
        if text := values[FILING_METHODS_COLUMN]:
            row.filing_methods, reason = parse_filing_methods(text)
            if reason:
                unparsed(FILING_METHODS_COLUMN, reason)
    if text := values["online_level"]:
        level, legacy, note, reason = parse_online_level(text)
        if reason:
            unparsed("online_level", reason)
        else:
            row.online_level, row.legacy_online_level = level, legacy
            if note:
                row.value_sources["online_level"] = note
    # Whole numbers the columns could not hold: refused here, before anything is written.
    numbers = [
        ("time_limit_days", row.time_limit, ProcedureVersion, "time_limit"),
        ("reduced_time_limit_days", row.reduced_time_limit, ProcedureVersion, "reduced_time_limit"),
        *(("fee_vnd", amount, FeeItem, "amount_vnd") for _, amount, _ in row.fee_items or []),
    ]
    for column, value, model, name in numbers:
        if value is not None and (reason := integer_error(value, model._meta.get_field(name))):
            problems.append(RowError(line, column, f"cột {column} {vn_number(value)} {reason}"))
            return None
    return row


def catalogue_read(data: bytes) -> list[CatalogueRow]:
    """Decode, check and parse a whole catalogue file; raises CatalogueFileError listing every problem."""
    try:
        reader = CsvReader(data, CATALOGUE_COLUMNS)
        rows: list[CatalogueRow] = []
        problems = reader.errors  # the records' shape, then their values, as they are read
        for record in reader:
            values = {
                name: (clean_lines if name in _LIST_COLUMNS else clean_text)(value)
                for name, value in record.cells.items()
            }
            row = _parse_row(record.line, values, problems)
            if row is not None:
                rows.append(row)
    except CsvFileError as exc:
        raise CatalogueFileError(str(exc)) from None
    seen: dict[str, CatalogueRow] = {}
    for row in rows:
        if row.code in seen:
            first = seen[row.code]
            what = f"mã {row.code}" if row.has_national_code else f"tên thủ tục “{row.name}”"
            problems.append(
                RowError(row.line, "code" if row.has_national_code else "name", f"trùng {what} với dòng {first.line}")
            )
        else:
            seen[row.code] = row
    if problems:
        listing = RowsRejected(problems, reader.rows).listing(limit=20)
        raise CatalogueFileError("Tệp có dòng không hợp lệ:\n  " + "\n  ".join(listing))
    return rows


def catalogue_read_path(path: str | Path) -> list[CatalogueRow]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogueFileError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from None
    return catalogue_read(data)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def catalogue_agency(identifier: str | None = None) -> Agency:
    """The agency given by identifier; by default the single agency with short name SCT."""
    if identifier:
        agency = Agency.objects.filter(identifier=identifier.strip()).first()
        if agency is None:
            raise CatalogueFileError(f"Không có cơ quan mã định danh {identifier}.")
        return agency
    candidates = list(Agency.objects.filter(short_name=DEFAULT_AGENCY_SHORT_NAME)[:2])
    if len(candidates) != 1:
        if not candidates:
            # A fresh database: say how to get an agency, not only that one is missing.
            raise CatalogueFileError(
                f"Chưa có cơ quan viết tắt {DEFAULT_AGENCY_SHORT_NAME}: tạo cơ quan trong trang quản trị "
                "(hoặc chạy `manage.py load_demo` để có dữ liệu mẫu), rồi chạy lại, "
                "hoặc chỉ rõ cơ quan bằng --agency MÃ_ĐỊNH_DANH."
            )
        raise CatalogueFileError(
            "Cần chỉ rõ cơ quan (--agency MÃ_ĐỊNH_DANH): "
            f"có nhiều hơn một cơ quan viết tắt {DEFAULT_AGENCY_SHORT_NAME}."
        )
    return candidates[0]


def _fee_items_of(version: ProcedureVersion) -> list[tuple[str, int, str]]:
    return [(item.name, item.amount_vnd, item.condition) for item in version.fee_items.all()]


def _fee_items_set(version: ProcedureVersion, items: list[tuple[str, int, str]]) -> None:
    existing = list(version.fee_items.all())
    for order, (name, amount, condition) in enumerate(items):
        if order < len(existing):
            item = existing[order]
            if (item.name, item.amount_vnd, item.condition, item.order) != (name, amount, condition, order):
                item.name, item.amount_vnd, item.condition, item.order = name, amount, condition, order
                item.save()
        else:
            FeeItem.objects.create(version=version, name=name, amount_vnd=amount, condition=condition, order=order)
    for item in existing[len(items) :]:
        item.delete()


def _filing_methods_of(version: ProcedureVersion) -> list[tuple[str, str]]:
    return [(method.channel, method.description) for method in version.filing_methods.all()]


def _filing_methods_set(version: ProcedureVersion, methods: list[tuple[str, str]]) -> None:
    """Channels and descriptions as the file gives them; a channel's time limit and fee, which the
    file does not carry, stay as the admin set them."""
    existing = {method.channel: method for method in version.filing_methods.all()}
    for order, (channel, description) in enumerate(methods):
        method = existing.pop(channel, None)
        if method is None:
            FilingMethod.objects.create(version=version, channel=channel, description=description, order=order)
        elif (method.description, method.order) != (description, order):
            method.description, method.order = description, order
            method.save()
    for method in existing.values():
        method.delete()


def _desired(row: CatalogueRow, current: ProcedureVersion | None) -> tuple[dict, list[tuple[str, int, str]] | None]:
    """Version values and fee items the row asks for; None fee items = keep the current ones."""
    values = row.version_values()
    fee_items = row.fee_items if row.fee_items is not None else []
    if current is None:
        return values, fee_items
    for column, fields in STRUCTURED_FIELDS.items():
        if column in row.raw_values and current.raw_values.get(column) == row.raw_values[column]:
            for name in fields:
                values[name] = getattr(current, name)
            if column in current.value_sources:  # the note of whoever completed the value by hand
                values["value_sources"] = values["value_sources"] | {column: current.value_sources[column]}
            if column == "fee_vnd":
                fee_items = None
    return values, fee_items


def _version_differs(
    current: ProcedureVersion, values: dict, fee_items: list | None, filing_methods: list | None
) -> bool:
    if any(getattr(current, name) != value for name, value in values.items()):
        return True
    if filing_methods is not None and _filing_methods_of(current) != filing_methods:
        return True
    return fee_items is not None and _fee_items_of(current) != fee_items


def _version_open(
    current: ProcedureVersion,
    values: dict,
    fee_items: list | None,
    filing_methods: list | None,
    effective_from: dt.date,
) -> ProcedureVersion:
    """Close `current` the day before `effective_from` and open a copy with the new values."""
    if current.effective_to is None or current.effective_to >= effective_from:
        current.effective_to = effective_from - dt.timedelta(days=1)
        current.save(update_fields=["effective_to", "updated_at"])
    documents = list(current.required_documents.all())
    steps = list(current.workflow_steps.all())
    methods = list(current.filing_methods.all())
    forms = list(current.blank_forms.all())
    old_fees = _fee_items_of(current)
    version = current
    version.pk = None
    version._state.adding = True
    version.effective_from, version.effective_to = effective_from, None
    version.decision = ""  # published by a new decision, not the old one's
    for name, value in values.items():
        setattr(version, name, value)
    version.save()
    _fee_items_set(version, old_fees if fee_items is None else fee_items)
    copied_documents = {}
    for document in documents:
        old_pk = document.pk
        document.pk, document.version = None, version
        document.save()
        copied_documents[old_pk] = document
    for step in steps:
        step.pk, step.version = None, version
        step.save()
    for method in methods:
        method.pk, method.version = None, version
        method.save()
    if filing_methods is not None:
        _filing_methods_set(version, filing_methods)
    for form in forms:
        # The copy points at the same stored file (named by its content) and at the copied document.
        form.pk, form.version = None, version
        form.required_document = copied_documents.get(form.required_document_id)
        form.save()
    return version


def _import_row(
    row: CatalogueRow,
    *,
    agency: Agency,
    fields: dict[str, Field],
    effective_from: dt.date | None,
    new_from: dt.date,
) -> str:
    field_obj = fields.get(row.field_name)
    if field_obj is None:
        field_obj, _ = Field.objects.get_or_create(name=row.field_name)
        fields[row.field_name] = field_obj
    procedure = Procedure.objects.filter(code=row.code).first()
    if procedure is None and row.has_national_code:
        # A procedure imported earlier without its national code keeps its identity once the code is known.
        procedure = Procedure.objects.filter(code=local_code(row.name), has_national_code=False, agency=agency).first()
    if procedure is None:
        procedure = Procedure.objects.create(
            code=row.code, has_national_code=row.has_national_code, name=row.name, field=field_obj, agency=agency
        )
        version = ProcedureVersion.objects.create(procedure=procedure, effective_from=effective_from or new_from)
        values, fee_items = _desired(row, None)
        for name, value in values.items():
            setattr(version, name, value)
        version.save()
        _fee_items_set(version, fee_items)
        _filing_methods_set(version, row.filing_methods or [])
        return "created"
    if procedure.agency_id != agency.pk:
        raise CatalogueFileError(
            f"dòng {row.line}: thủ tục {row.code} đã thuộc cơ quan {procedure.agency}, không thuộc {agency}."
        )

    changed = False
    wanted = {"code": row.code, "has_national_code": row.has_national_code, "name": row.name, "field": field_obj}
    if any(getattr(procedure, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(procedure, name, value)
        procedure.save()
        changed = True

    current = procedure.versions.order_by("-effective_from").first()
    if current is None:
        values, fee_items = _desired(row, None)
        version = ProcedureVersion(procedure=procedure, effective_from=effective_from or new_from, **values)
        version.save()
        _fee_items_set(version, fee_items)
        _filing_methods_set(version, row.filing_methods or [])
        return "updated"
    values, fee_items = _desired(row, current)
    if not _version_differs(current, values, fee_items, row.filing_methods):
        return "updated" if changed else "unchanged"
    if effective_from is not None and effective_from != current.effective_from:
        if effective_from < current.effective_from:
            raise CatalogueFileError(
                f"dòng {row.line}: thủ tục {row.code} đã có phiên bản hiệu lực từ {current.effective_from:%d/%m/%Y}, "
                f"không mở được phiên bản từ ngày sớm hơn ({effective_from:%d/%m/%Y})."
            )
        _version_open(current, values, fee_items, row.filing_methods, effective_from)
        return "new_version"
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    if fee_items is not None:
        _fee_items_set(current, fee_items)
    if row.filing_methods is not None:
        _filing_methods_set(current, row.filing_methods)
    return "updated"


class _DryRunRollback(Exception):
    pass


def catalogue_import(
    *,
    rows: list[CatalogueRow],
    agency: Agency,
    effective_from: dt.date | None = None,
    new_procedures_from: dt.date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Create or update the agency's procedures from parsed rows, all or nothing.

    `effective_from`: when given and different from a procedure's current version, a change of its
    rules opens a new version from that day (the current one closes the day before); otherwise the
    current version is updated in place. New procedures start on `effective_from`, else
    `new_procedures_from`, else today. `dry_run` rolls everything back and reports what would happen.
    """
    new_from = effective_from or new_procedures_from or timezone.localdate()
    report = ImportReport(agency=agency, dry_run=dry_run)
    fields: dict[str, Field] = {}
    try:
        with transaction.atomic():
            for row in rows:
                action = _import_row(
                    row, agency=agency, fields=fields, effective_from=effective_from, new_from=new_from
                )
                report.outcomes.append(RowOutcome(row.line, row.code, row.name, action, tuple(row.unparsed)))
            codes = {row.code for row in rows}
            report.absent_codes = sorted(
                set(Procedure.objects.filter(agency=agency, is_active=True).values_list("code", flat=True)) - codes
            )
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def catalogue_import_file(
    path: str | Path,
    *,
    agency_identifier: str | None = None,
    effective_from: dt.date | None = None,
    new_procedures_from: dt.date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    rows = catalogue_read_path(path)
    agency = catalogue_agency(agency_identifier)
    return catalogue_import(
        rows=rows,
        agency=agency,
        effective_from=effective_from,
        new_procedures_from=new_procedures_from,
        dry_run=dry_run,
    )
