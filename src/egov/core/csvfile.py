"""One CSV reader for every import: the bytes, the header, each record's shape, the report.

What is refused, and how:

- **The file as a whole** (`CsvFileError`; nothing further is read): an empty file; an .xlsx (a
  zip: "export as CSV UTF-8"); a binary file (a NUL byte, with its line); text that is not UTF-8,
  with or without the BOM Excel writes (the byte and its line). No other encoding is guessed:
  Windows-1258 or TCVN3 bytes decoded as something else would be stored as wrong letters without
  a word, so the file is refused with how to save it. A header that is not the importer's
  `Columns`: the message names the missing, unknown and repeated columns, and the semicolon of an
  Excel set to a European locale. A record the csv module cannot read (an unclosed quote), with
  its line. A file with a header and no data row.
- **Each record on its own** (`RowError(line, column, message)`, and reading goes on, so that
  every bad row is reported at once): a record with another number of cells than the header; a
  cell with a control character (the boundary rule of core.text, applied to the cell as written).
  Blank lines are skipped and not counted. `line` is the physical line where the record starts:
  a quoted cell may span lines, and that is the line a spreadsheet program shows.

The importer checks the values of the records it is given, adds its own `RowError`s, and raises
`RowsRejected(errors, rows)` before writing anything if there is one: all or nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from egov.core.text import clean_text, control_character

__all__ = ["Columns", "CsvFileError", "CsvReader", "Record", "RowError", "RowsRejected", "decode"]

ZIP_SIGNATURE = b"PK\x03\x04"  # .xlsx, .docx, .zip


class CsvFileError(Exception):
    """The file as a whole cannot be read as the importer's CSV; nothing was read from it."""


@dataclass(frozen=True)
class RowError:
    """Why one row is refused: its first line in the file, the column at fault ("" when it is the
    row as a whole) and the sentence shown to the person importing, which names the column."""

    line: int  # 0: about no single row (a clash found while writing)
    column: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.message}" if self.line else self.message


class RowsRejected(Exception):
    """One or more rows are bad; nothing was written. `errors` are in line order (each line's in
    the order they were found), `rows` counts the file's data rows."""

    def __init__(self, errors: Iterable[RowError], rows: int):
        self.errors = sorted(errors, key=lambda error: error.line)
        self.rows = rows
        super().__init__(f"{len(self.errors)} dòng lỗi trong {rows} dòng dữ liệu")

    @property
    def bad_lines(self) -> int:
        return len({error.line for error in self.errors})

    def listing(self, limit: int) -> list[str]:
        """The first `limit` errors as text, then how many more there are."""
        shown = [str(error) for error in self.errors[:limit]]
        if len(self.errors) > limit:
            shown.append(f"... và {len(self.errors) - limit} lỗi khác")
        return shown


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8, the BOM Excel writes dropped; CsvFileError otherwise."""
    if not data.strip():
        raise CsvFileError("Tệp rỗng: không có dòng tiêu đề.")
    if data.startswith(ZIP_SIGNATURE):
        raise CsvFileError("Tệp là tệp nén/Excel (.xlsx), không phải CSV: hãy xuất ra định dạng CSV UTF-8.")
    if (nul := data.find(b"\x00")) >= 0:
        line = data[:nul].count(b"\n") + 1
        raise CsvFileError(f"Tệp nhị phân (có byte 0x00 ở dòng {line}), không phải CSV văn bản UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            f"Tệp không phải mã hóa UTF-8 (byte 0x{data[exc.start]:02x} ở dòng {line}); "
            "hãy lưu lại dưới dạng CSV UTF-8."
        ) from None


@dataclass(frozen=True)
class Columns:
    """The header an importer reads. Names are compared lower-cased, NFC, spaces trimmed.

    `ordered`: the file starts with exactly `required` in that order, then any of `optional` in
    theirs, and nothing else. Otherwise the columns come in any order, each of `required` must be
    there, and a column the importer does not know is read and left alone."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    ordered: bool = False

    def check(self, header: list[str]) -> tuple[str, ...]:
        """The file's column names, in the file's order; CsvFileError saying what is wrong."""
        names = tuple(clean_text(name).lower() for name in header)
        if self.ordered:
            extra_names = names[len(self.required) :]
            if names[: len(self.required)] == self.required and extra_names == tuple(
                c for c in self.optional if c in extra_names
            ):
                return names
        duplicates = sorted({name for name in names if names.count(name) > 1 and name})
        missing = [name for name in self.required if name not in names]
        unknown = [name for name in names if name not in self.required + self.optional] if self.ordered else []
        if not self.ordered and not duplicates and not missing:
            return names
        rule = f"Dòng tiêu đề phải {'đúng là' if self.ordered else 'có các cột'}: {','.join(self.required)}"
        if self.optional:
            rule += f" (có thể thêm cột {', '.join(self.optional)}{' ở cuối' if self.ordered else ''})"
        problems = [
            f"Cột trùng tên: {', '.join(duplicates)}." if duplicates else "",
            f"Thiếu cột: {', '.join(missing)}." if missing else "",
            f"Cột không biết: {', '.join(unknown)}." if unknown else "",
            "Các cột đúng tên nhưng sai thứ tự." if not (duplicates or missing or unknown) else "",
        ]
        if len(names) == 1 and ";" in names[0]:
            problems.append("Tệp dùng dấu chấm phẩy (;) để phân cách; cần dấu phẩy (,).")
        raise CsvFileError(" ".join([f"{rule}.", *filter(None, problems)]))


@dataclass(frozen=True, slots=True)
class Record:
    """A data row of the right shape: its first line, and its cells by column name, as written."""

    line: int
    cells: dict[str, str]


class CsvReader:
    """The records of a CSV file under a checked header; iterate once.

    Opening it decodes the file and checks the header (CsvFileError). Iterating yields the
    records of the right shape; the others go to `errors`, and `rows` counts every data row.
    Iterating raises CsvFileError for a record the csv module cannot read, and at the end when
    the file had no data row."""

    def __init__(self, data: bytes, columns: Columns):
        self.errors: list[RowError] = []
        self.rows = 0
        self._reader = csv.reader(io.StringIO(decode(data), newline=""), strict=True)
        header = self._next_or_refuse()
        if header is None:
            raise CsvFileError("Tệp rỗng: không có dòng tiêu đề.")
        self.names = columns.check(header)

    def _next_or_refuse(self) -> list[str] | None:
        try:
            return next(self._reader, None)
        except csv.Error as exc:
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: csv.Error) -> CsvFileError:
        return CsvFileError(f"Không đọc được CSV ở dòng {self._reader.line_num}: {exc}.")

    def __iter__(self) -> Iterator[Record]:
        names, width = self.names, len(self.names)
        previous_end = self._reader.line_num
        try:
            for cells in self._reader:
                line, previous_end = previous_end + 1, self._reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue  # a blank line
                self.rows += 1
                if len(cells) != width:
                    self.errors.append(RowError(line, "", f"có {len(cells)} cột, cần {width} cột như dòng tiêu đề"))
                    continue
                # "\r" is a line end inside a quoted cell (a spreadsheet's line break), not a control character.
                refused = [
                    RowError(line, name, f"cột {name} có ký tự điều khiển {found[1]} ở vị trí {found[0]}")
                    for name, cell in zip(names, cells, strict=True)
                    if (found := control_character(cell.replace("\r", "\n")))
                ]
                if refused:
                    self.errors.extend(refused)
                    continue
                yield Record(line, dict(zip(names, cells, strict=True)))
        except csv.Error as exc:
            raise self._unreadable(exc) from None
        if self.rows == 0:
            raise CsvFileError("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề).")
