"""The whole file through the three passes, timed: the entry points of `manage.py import_dossiers`."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

from ..models import LegacyImport
from .parse import legacy_parse
from .rows import ImportFileError, ImportRejected
from .validate import legacy_validate
from .write import ImportReport, ImportSource, legacy_write, refuse_imported_file


def _last_import() -> int:
    return LegacyImport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


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
        refuse_imported_file(source.sha256)
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
