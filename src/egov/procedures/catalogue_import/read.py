"""Reading the file: decode, check and parse every row without touching the database."""

from __future__ import annotations

import re
from pathlib import Path

from egov.core.columns import integer_error, max_length
from egov.core.csvfile import Columns, CsvFileError, CsvReader, RowError, RowsRejected
from egov.core.formats import vn_number
from egov.core.text import clean_lines, clean_text

from ..models import FeeItem, Field, Procedure, ProcedureVersion
from .rows import CatalogueFileError, CatalogueRow, Unparsed
from .values import (
    local_code,
    parse_fee,
    parse_filing_methods,
    parse_online_level,
    parse_reduced_time_limit,
    parse_time_limit,
)

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


# The text columns each CSV column is stored in: their lengths are checked before any write.
_COLUMN_OF = {
    "code": (Procedure, "code"),
    "name": (Procedure, "name"),
    "field": (Field, "name"),
    "result": (ProcedureVersion, "result_document"),
}


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
