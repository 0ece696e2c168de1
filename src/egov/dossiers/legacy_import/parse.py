"""Pass 1, the file: read it and check every row on its own (no database)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from egov.core.columns import max_length
from egov.core.csvfile import Columns, CsvFileError, CsvReader, RowError
from egov.core.formats import local_date
from egov.core.text import clean_text
from egov.workdays.calendar import LOCAL_TZ

from ..codes import SEQUENCE_MIN_DIGITS, code_shape, parse_code
from ..models import Channel, Dossier, Outcome, Rating
from .rows import ImportFileError, LegacyRow

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
