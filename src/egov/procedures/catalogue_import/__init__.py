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

One module per phase: `read` (with `values`, the single values' parsers), `write` (with `versions`,
a procedure's version from a row); `rows` holds what reading hands to writing. Callers import from
this package.
"""

from .read import (
    CATALOGUE_COLUMNS,
    COLUMNS,
    FILING_METHODS_COLUMN,
    NATIONAL_CODE,
    OPTIONAL_COLUMNS,
    TEXT_COLUMNS,
    catalogue_read,
    catalogue_read_path,
)
from .rows import CatalogueFileError, CatalogueRow, Unparsed
from .values import (
    LOCAL_CODE_PREFIX,
    local_code,
    parse_fee,
    parse_fee_alternatives,
    parse_filing_methods,
    parse_online_level,
    parse_reduced_time_limit,
    parse_time_limit,
    split_note,
)
from .versions import STRUCTURED_FIELDS
from .write import (
    DEFAULT_AGENCY_SHORT_NAME,
    ImportReport,
    RowOutcome,
    catalogue_agency,
    catalogue_import,
    catalogue_import_file,
)

__all__ = [
    "CATALOGUE_COLUMNS",
    "COLUMNS",
    "DEFAULT_AGENCY_SHORT_NAME",
    "FILING_METHODS_COLUMN",
    "LOCAL_CODE_PREFIX",
    "NATIONAL_CODE",
    "OPTIONAL_COLUMNS",
    "STRUCTURED_FIELDS",
    "TEXT_COLUMNS",
    "CatalogueFileError",
    "CatalogueRow",
    "ImportReport",
    "RowOutcome",
    "Unparsed",
    "catalogue_agency",
    "catalogue_import",
    "catalogue_import_file",
    "catalogue_read",
    "catalogue_read_path",
    "local_code",
    "parse_fee",
    "parse_fee_alternatives",
    "parse_filing_methods",
    "parse_online_level",
    "parse_reduced_time_limit",
    "parse_time_limit",
    "split_note",
]
