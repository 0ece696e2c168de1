"""Writing: every parsed row into the agency's procedures in one transaction, all or nothing, and the
report of what was created, updated, opened as a new version or left unchanged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from egov.organisations.models import Agency

from ..models import Field, Procedure, ProcedureVersion
from .read import catalogue_read_path
from .rows import CatalogueFileError, CatalogueRow, Unparsed
from .values import local_code
from .versions import desired, fee_items_set, filing_methods_set, version_differs, version_open

DEFAULT_AGENCY_SHORT_NAME = "SCT"


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
        values, fee_items = desired(row, None)
        for name, value in values.items():
            setattr(version, name, value)
        version.save()
        fee_items_set(version, fee_items)
        filing_methods_set(version, row.filing_methods or [])
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
        values, fee_items = desired(row, None)
        version = ProcedureVersion(procedure=procedure, effective_from=effective_from or new_from, **values)
        version.save()
        fee_items_set(version, fee_items)
        filing_methods_set(version, row.filing_methods or [])
        return "updated"
    values, fee_items = desired(row, current)
    if not version_differs(current, values, fee_items, row.filing_methods):
        return "updated" if changed else "unchanged"
    if effective_from is not None and effective_from != current.effective_from:
        if effective_from < current.effective_from:
            raise CatalogueFileError(
                f"dòng {row.line}: thủ tục {row.code} đã có phiên bản hiệu lực từ {current.effective_from:%d/%m/%Y}, "
                f"không mở được phiên bản từ ngày sớm hơn ({effective_from:%d/%m/%Y})."
            )
        version_open(current, values, fee_items, row.filing_methods, effective_from)
        return "new_version"
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    if fee_items is not None:
        fee_items_set(current, fee_items)
    if row.filing_methods is not None:
        filing_methods_set(current, row.filing_methods)
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
