"""What the passes hand each other: the row read from the file, the dossier prepared from it, and the
refusals that leave the database unchanged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from egov.core.csvfile import RowsRejected
from egov.core.formats import local_date
from egov.organisations.models import Agency
from egov.procedures.service import Procedure, ProcedureVersion

from ..models import LegacyImport

BATCH_SIZE = 5000


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
class Prepared:
    row: LegacyRow
    procedure: Procedure
    version: ProcedureVersion
    agency: Agency
    due_date: dt.date
    due_date_computed: bool
    number: int | None  # the number of a given code; None: to be generated
    identifier: str  # the agency's electronic identifier on the day of receipt
