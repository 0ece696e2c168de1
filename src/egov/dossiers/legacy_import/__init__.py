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

One module per pass: `parse`, `validate`, `write`; `rows` holds what they hand each other,
`applicants` the applicant's kind from the name, `importer` the whole file through the passes.
Callers import from this package.
"""

from .applicants import applicant_kind_of, fast_fold
from .importer import legacy_import, legacy_import_path
from .parse import CHANNELS, HEADER, LEGACY_COLUMNS, OPTIONAL_COLUMNS, ParseResult, legacy_parse
from .rows import AlreadyImported, ImportFileError, ImportRejected, LegacyRow
from .validate import legacy_validate
from .write import ImportReport, ImportSource, legacy_write

__all__ = [
    "CHANNELS",
    "HEADER",
    "LEGACY_COLUMNS",
    "OPTIONAL_COLUMNS",
    "AlreadyImported",
    "ImportFileError",
    "ImportRejected",
    "ImportReport",
    "ImportSource",
    "LegacyRow",
    "ParseResult",
    "applicant_kind_of",
    "fast_fold",
    "legacy_import",
    "legacy_import_path",
    "legacy_parse",
    "legacy_validate",
    "legacy_write",
]
