"""Pass 3, writing: one transaction, the register's numbers reserved in bulk, the dossiers and their
history inserted in bulk (COPY on PostgreSQL), or nothing."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from egov.core.csvfile import RowError
from egov.core.registers import Claim, RegisterFull
from egov.core.text import fold

from ..codes import DOSSIER_CODES, format_code
from ..models import Dossier, DossierEvent, LegacyImport, Status
from ..signals import dossiers_changed
from ..transitions import LEGACY_FINISH, LEGACY_FINISH_STATES, LEGACY_RECEIVE
from .applicants import applicant_kind_of, fast_fold
from .rows import BATCH_SIZE, AlreadyImported, ImportRejected, Prepared
from .validate import duplicate_errors

LEGACY_NOTE = "Nhập từ hệ thống một cửa cũ"


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


class _DryRunRollback(Exception):
    pass


@dataclass(frozen=True)
class ImportSource:
    sha256: str
    file_name: str = ""
    force: bool = False
    seen: int = 0  # the last LegacyImport when the file was checked


def refuse_imported_file(sha256: str) -> None:
    previous = LegacyImport.objects.filter(sha256=sha256).order_by("-imported_at").first()
    if previous is not None:
        raise AlreadyImported(previous)


def _claims(prepared: list[Prepared]) -> dict[tuple[int, dt.date], Claim]:
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


def _number(prepared: list[Prepared], reserved: dict[tuple[int, dt.date], range]) -> None:
    """Give each row without a code the next reserved number of its agency and day, in file order."""
    numbers = {key: iter(numbers) for key, numbers in reserved.items()}
    for item in prepared:
        if not item.row.code:
            item.number = next(numbers[(item.agency.pk, item.row.receipt_day)])


def _dossier_values(item: Prepared, procedure_folds: dict[int, str]) -> dict:
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


def _event_values(dossier_id: int, status: str, item: Prepared, import_id: int) -> list[dict]:
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


def legacy_write(prepared: list[Prepared], *, source: ImportSource, dry_run: bool = False) -> ImportReport:
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
                refuse_imported_file(source.sha256)
                if duplicates := duplicate_errors(prepared):
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
